import type { NodeTypes } from '@xyflow/react';
import { WeftNodeComponent } from './WeftNodeComponent';

// Module scope: a nodeTypes object created during render makes React Flow re-mount nodes.
export const weftNodeTypes: NodeTypes = { weft: WeftNodeComponent };

/**
 * Whether a person may drag nodes, draw connections and focus edges on a graph: all of it in
 * the editor with edit rights, none of it read-only (the execution viewer, an old version).
 */
export function editingProps(editable: boolean) {
  return { nodesDraggable: editable, nodesConnectable: editable, edgesFocusable: editable };
}
