import type { WorkflowDefinition } from '@weft/engine';

export interface NodeChange {
  id: string;
  parameters: string[];
  other: string[];
}

export interface DefinitionDiff {
  added: string[];
  removed: string[];
  changed: NodeChange[];
  edgesAdded: number;
  edgesRemoved: number;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** What changed from `base` to `next`, by node id (positions ignored: moving is not a change). */
export function diffDefinitions(base: WorkflowDefinition, next: WorkflowDefinition): DefinitionDiff {
  const before = new Map(base.nodes.map((n) => [n.id, n]));
  const after = new Map(next.nodes.map((n) => [n.id, n]));
  const added = next.nodes.filter((n) => !before.has(n.id)).map((n) => n.id);
  const removed = base.nodes.filter((n) => !after.has(n.id)).map((n) => n.id);
  const changed: NodeChange[] = [];
  for (const n of next.nodes) {
    const old = before.get(n.id);
    if (!old) continue;
    const keys = new Set([...Object.keys(old.parameters ?? {}), ...Object.keys(n.parameters ?? {})]);
    const parameters = [...keys].filter((k) => !same(old.parameters?.[k], n.parameters?.[k]));
    const other = (['type', 'name', 'settings', 'disabled'] as const).filter((k) => !same(old[k], n[k]));
    if (parameters.length || other.length) changed.push({ id: n.id, parameters, other });
  }
  const edgeKey = (e: WorkflowDefinition['edges'][number]) => `${e.source}|${e.sourceHandle ?? 'out'}|${e.target}`;
  const beforeEdges = new Set(base.edges.map(edgeKey));
  const afterEdges = new Set(next.edges.map(edgeKey));
  return {
    added,
    removed,
    changed,
    edgesAdded: [...afterEdges].filter((k) => !beforeEdges.has(k)).length,
    edgesRemoved: [...beforeEdges].filter((k) => !afterEdges.has(k)).length,
  };
}
