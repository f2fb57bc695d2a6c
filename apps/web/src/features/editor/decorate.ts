import type { StepStatus, WeftNode } from '../graph/types';

export type DecorationCache = WeakMap<WeftNode, { sig: string; node: WeftNode }>;

/**
 * Adds validation problems and run status to the nodes the canvas renders, without
 * storing them in the editor state (they are not part of the document, nor of undo).
 * A node keeps its identity while its decoration is unchanged, so memoized nodes don't
 * re-render: only the affected ones get new objects.
 */
export function decorateNodes(
  nodes: WeftNode[],
  problems: ReadonlyMap<string, string[]>,
  status: ReadonlyMap<string, StepStatus>,
  cache: DecorationCache,
): WeftNode[] {
  if (problems.size === 0 && status.size === 0) return nodes;
  return nodes.map((n) => {
    const p = problems.get(n.id);
    const s = status.get(n.id);
    if (!p && !s) return n;
    const sig = `${s ?? ''}|${p?.join('\n') ?? ''}`;
    const hit = cache.get(n);
    if (hit && hit.sig === sig) return hit.node;
    const node: WeftNode = { ...n, data: { ...n.data, problems: p, status: s } };
    cache.set(n, { sig, node });
    return node;
  });
}
