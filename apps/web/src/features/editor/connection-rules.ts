import type { WeftEdge, WeftNode } from '../graph/types';

export interface ConnectionAttempt {
  source: string | null;
  sourceHandle?: string | null;
  target: string | null;
}

/**
 * Why a connection may not be made, or null when it may. Mirrors the engine's
 * validation so the canvas refuses what Save would reject.
 */
export function connectionProblem(c: ConnectionAttempt, nodes: WeftNode[], edges: WeftEdge[]): string | null {
  if (!c.source || !c.target) return 'Connect an output to an input.';
  if (c.source === c.target) return 'A node cannot connect to itself.';
  const source = nodes.find((n) => n.id === c.source);
  const target = nodes.find((n) => n.id === c.target);
  if (!source || !target) return 'That node no longer exists.';
  const handle = c.sourceHandle ?? 'out';
  const known = source.data.handles.includes(handle) || (handle === 'error' && source.data.errorHandle);
  if (!known) return `"${source.data.name || source.id}" has no output "${handle}".`;
  if (target.data.starts) return 'Nothing can connect into the trigger: it starts the workflow.';
  if (!target.data.acceptsInput) return `"${target.data.name || target.id}" takes no input.`;
  if (edges.some((e) => e.source === c.source && (e.sourceHandle ?? 'out') === handle && e.target === c.target)) {
    return 'These nodes are already connected that way.';
  }
  if (reaches(c.target, c.source, edges)) return 'That would make a cycle (use a loop node to repeat work).';
  return null;
}

/** Whether `to` is reachable from `from` along edges (iterative DFS; fine for thousands of edges). */
export function reaches(from: string, to: string, edges: WeftEdge[]): boolean {
  const out = new Map<string, string[]>();
  for (const e of edges) {
    const list = out.get(e.source);
    if (list) list.push(e.target);
    else out.set(e.source, [e.target]);
  }
  const seen = new Set<string>([from]);
  const stack = [from];
  while (stack.length) {
    const id = stack.pop()!;
    if (id === to) return true;
    for (const next of out.get(id) ?? []) {
      if (!seen.has(next)) {
        seen.add(next);
        stack.push(next);
      }
    }
  }
  return false;
}
