'use client';

import { Background, Controls, ReactFlow, type NodeMouseHandler, type OnNodesChange } from '@xyflow/react';
import type { NodeTypeInfo, WorkflowDefinition } from '@weft/engine';
import { useMemo } from 'react';
import { definitionToFlow, editingProps, weftNodeTypes, type WeftNode } from '@/features/graph';
import type { StepStatus } from './types';
import '@xyflow/react/dist/style.css';

/**
 * The executed version's graph, read-only, each node coloured by its status (a node inside a
 * loop is failed if any iteration failed) with a "×N" iteration count.
 * Status and selection are laid over the codec's nodes, so a live update re-renders
 * only the nodes whose data changed (the node component is memoized).
 */
export function ExecutionGraph({
  definition,
  nodeTypes,
  statuses,
  iterationCounts,
  selectedNodeId,
  onSelectNode,
}: {
  definition: WorkflowDefinition;
  nodeTypes: NodeTypeInfo[];
  statuses: Map<string, StepStatus>;
  /** Nodes inside a loop → how many iterations ran them (drawn as a "×N" badge). */
  iterationCounts: Map<string, number>;
  selectedNodeId: string | null;
  onSelectNode: (nodeId: string) => void;
}) {
  const { nodes, edges } = useStatusOverlay(definition, nodeTypes, statuses, iterationCounts, selectedNodeId);
  const onNodeClick: NodeMouseHandler<WeftNode> = (_, node) => onSelectNode(node.id);
  // Selection is ours (the `selected` flag above); React Flow's own select changes are only
  // read to let Enter/Space on a focused node open it, like a click.
  const onNodesChange: OnNodesChange<WeftNode> = (changes) => {
    for (const change of changes) if (change.type === 'select' && change.selected) onSelectNode(change.id);
  };

  return (
    <div className="exec-graph" data-testid="execution-graph">
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={weftNodeTypes}
        {...editingProps(false)}
        onNodeClick={onNodeClick}
        onNodesChange={onNodesChange}
        fitView
        fitViewOptions={{ padding: 0.2, maxZoom: 1.1 }}
        minZoom={0.2}
        proOptions={{ hideAttribution: true }}
        aria-label="Workflow graph of the executed version"
      >
        <Background gap={20} size={1} />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}

/** The codec's nodes and edges with each node's status, iteration count and selection laid over. */
function useStatusOverlay(
  definition: WorkflowDefinition,
  nodeTypes: NodeTypeInfo[],
  statuses: Map<string, StepStatus>,
  iterationCounts: Map<string, number>,
  selectedNodeId: string | null,
) {
  const base = useMemo(() => definitionToFlow(definition, nodeTypes), [definition, nodeTypes]);
  const nodes = useMemo(
    () =>
      base.nodes.map((n): WeftNode => {
        const status = statuses.get(n.id);
        const iterations = iterationCounts.get(n.id);
        const selected = n.id === selectedNodeId;
        if (status === n.data.status && iterations === n.data.iterations && !selected) return n;
        const data = { ...n.data };
        if (status) data.status = status;
        if (iterations !== undefined) data.iterations = iterations;
        return { ...n, selected, data };
      }),
    [base.nodes, statuses, iterationCounts, selectedNodeId],
  );
  // Edges into skipped nodes are the paths not taken: drawn faint so the taken path reads.
  const edges = useMemo(
    () =>
      base.edges.map((edge) =>
        statuses.get(edge.target) === 'skipped'
          ? { ...edge, className: `${edge.className ?? ''} exec-edge-skipped`.trim() }
          : edge,
      ),
    [base.edges, statuses],
  );
  return { nodes, edges };
}
