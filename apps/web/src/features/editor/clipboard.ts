import type { WeftEdge, WeftNode } from '../graph/types';
import { uniqueEdgeId, uniqueNodeId } from './node-ids';

/** What Ctrl/Cmd+C keeps: the selected nodes and only the edges between them. */
export interface Clip {
  nodes: WeftNode[];
  edges: WeftEdge[];
}

export const PASTE_OFFSET = 40;

export function copySelection(nodes: WeftNode[], edges: WeftEdge[]): Clip {
  const picked = nodes.filter((n) => n.selected);
  const ids = new Set(picked.map((n) => n.id));
  return {
    nodes: picked.map((n) => ({ ...n, data: { ...n.data, status: undefined, problems: undefined } })),
    edges: edges.filter((e) => ids.has(e.source) && ids.has(e.target)),
  };
}

/**
 * Copies of the clip with fresh ids, offset and selected, ready to append. A trigger is
 * left out when the workflow already has one (exactly one trigger is allowed).
 */
export function pasteClip(
  clip: Clip,
  existingNodes: WeftNode[],
  existingEdges: WeftEdge[],
  offset = PASTE_OFFSET,
): { nodes: WeftNode[]; edges: WeftEdge[] } {
  const takenNodes = new Set(existingNodes.map((n) => n.id));
  const takenEdges = new Set(existingEdges.map((e) => e.id));
  const hasTrigger = existingNodes.some((n) => n.data.starts);
  const rename = new Map<string, string>();
  const nodes: WeftNode[] = [];
  for (const n of clip.nodes) {
    if (n.data.starts && hasTrigger) continue;
    const id = uniqueNodeId(n.id, takenNodes);
    takenNodes.add(id);
    rename.set(n.id, id);
    const { status: _s, problems: _p, ...data } = n.data;
    nodes.push({
      id,
      type: n.type,
      position: { x: n.position.x + offset, y: n.position.y + offset },
      data: structuredClone(data),
      selected: true,
    });
  }
  const edges: WeftEdge[] = [];
  for (const e of clip.edges) {
    const source = rename.get(e.source);
    const target = rename.get(e.target);
    if (!source || !target) continue;
    const id = uniqueEdgeId(takenEdges);
    takenEdges.add(id);
    edges.push({ ...e, id, source, target, selected: false });
  }
  return { nodes, edges };
}
