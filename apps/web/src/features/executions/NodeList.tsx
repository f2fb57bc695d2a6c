'use client';

import { StatusBadge } from '@/ui/StatusBadge';
import type { NodeSteps } from './steps';
import type { StepStatus } from './types';

export interface ListedNode {
  id: string;
  name: string;
  type: string;
}

/** Every node of the executed version with its status: the keyboard way in. */
export function NodeList({
  nodes,
  groups,
  statuses,
  onSelectNode,
}: {
  nodes: ListedNode[];
  groups: Map<string, NodeSteps>;
  /** What each node shows (its steps, and whether it runs now). */
  statuses: Map<string, StepStatus>;
  onSelectNode: (nodeId: string) => void;
}) {
  return (
    <div className="node-list">
      <h2 className="node-list-title">Nodes</h2>
      <p className="muted small">Choose a node, or click it in the graph, to see its input, output and errors.</p>
      <ul>
        {nodes.map((n) => {
          const group = groups.get(n.id);
          return (
            <li key={n.id}>
              <button
                type="button"
                className="node-list-item"
                onClick={() => onSelectNode(n.id)}
                data-testid={`node-list-${n.id}`}
              >
                <span className="node-list-name">
                  {n.name || n.id} <span className="muted mono small">{n.id}</span>
                </span>
                <span className="node-list-status">
                  {group?.inLoop ? (
                    <span className="muted small">
                      {group.iterations.length} {group.iterations.length === 1 ? 'iteration' : 'iterations'}
                    </span>
                  ) : group && group.steps.length > 1 ? (
                    <span className="muted small">{group.steps.length} runs</span>
                  ) : null}
                  <StatusBadge kind="step" status={statuses.get(n.id) ?? 'not run'} />
                </span>
              </button>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
