import dagre from '@dagrejs/dagre';
import type { WeftEdge, WeftNode } from '../graph/types';

const DEFAULT_SIZE = { width: 196, height: 60 };

/** Left→right layered positions (dagre). Returns new node objects only for nodes that moved. */
export function layoutNodes(nodes: WeftNode[], edges: WeftEdge[]): WeftNode[] {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: 'LR', nodesep: 40, ranksep: 80, marginx: 20, marginy: 20 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of nodes) {
    g.setNode(n.id, {
      width: n.measured?.width ?? DEFAULT_SIZE.width,
      height: n.measured?.height ?? DEFAULT_SIZE.height,
    });
  }
  for (const e of edges) if (g.hasNode(e.source) && g.hasNode(e.target)) g.setEdge(e.source, e.target);
  dagre.layout(g);
  return nodes.map((n) => {
    const p = g.node(n.id);
    if (!p) return n;
    // dagre gives centres; React Flow positions are top-left corners.
    const x = Math.round(p.x - p.width / 2);
    const y = Math.round(p.y - p.height / 2);
    return x === n.position.x && y === n.position.y ? n : { ...n, position: { x, y } };
  });
}
