'use client';

import type { Problem } from '@weft/engine';
import { memo } from 'react';

export interface ListedProblem {
  severity: 'error' | 'warning';
  message: string;
  nodeId?: string;
  source: 'editor' | 'server';
}

export function toListed(
  p: Problem | { message?: string; nodeId?: string; severity?: string },
  source: ListedProblem['source'],
): ListedProblem {
  return {
    severity: p.severity === 'warning' ? 'warning' : 'error',
    message: p.message ?? 'Invalid',
    nodeId: p.nodeId,
    source,
  };
}

/** Errors and warnings; clicking one with a node selects and centres that node. */
export const ProblemsPanel = memo(function ProblemsPanel({
  problems,
  onPick,
}: {
  problems: ListedProblem[];
  onPick(nodeId: string): void;
}) {
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.length - errors;
  return (
    <section className="problems-panel" aria-label="Problems" data-testid="problems-panel">
      <h2 className="problems-title">
        Problems{' '}
        <span className="muted small">
          {errors} error{errors === 1 ? '' : 's'}, {warnings} warning{warnings === 1 ? '' : 's'}
        </span>
      </h2>
      <ul className="problems-list">
        {problems.map((p, i) => (
          <li key={i} className={`problem problem-${p.severity}`}>
            <button
              type="button"
              className="problem-button"
              disabled={!p.nodeId}
              onClick={() => p.nodeId && onPick(p.nodeId)}
            >
              <span className="problem-severity">{p.severity}</span>
              {p.nodeId ? <code className="problem-node">{p.nodeId}</code> : null}
              <span>{p.message}</span>
              {p.source === 'server' ? <span className="muted small"> (server)</span> : null}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
});
