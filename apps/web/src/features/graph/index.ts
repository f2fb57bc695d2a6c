// Shared graph rendering for the editor and the execution viewer. Keep this API stable.
export type { StepStatus, WeftNodeData, WeftNode, WeftEdge } from './types';
export { definitionToFlow, flowToDefinition, handlesOf, nodeDataFor, toFlowEdge, type FlowMeta } from './codec';
export { editingProps, weftNodeTypes } from './node-types';
export { NodeIcon } from './NodeIcon';
