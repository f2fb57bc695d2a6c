import { Position, type NodeHandle } from '@xyflow/react';
import type { WeftNode } from './types';

/*
 * The size of a canvas node and where its handles sit, as graph.css lays them out (fixed
 * width, fixed line heights, so no font dependence). Nodes loaded with these need no DOM
 * measurement before React Flow can place edges, fit the view and skip rendering what is
 * off screen; without them it renders and measures every node on open (1,000 on a big
 * graph). The DOM stays the truth: a node whose measured size differs drops its estimate
 * (`dropEstimatedHandles`) and keeps React Flow's own measurement.
 */
const WIDTH = 196;
const HANDLE = 10;
/** Head plus one output row (the `.weft-node-outs` block with a single row). */
const HEIGHT_ONE_ROW = 74.906;
const ROW = 18.094;
const FIRST_ROW_HANDLE_Y = 54.266;
const HEAD_HANDLE_Y = 20.109;

/** `node` with `measured` and `handles` filled in, or unchanged when its layout is not one we can predict. */
export function withEstimatedSize(node: WeftNode): WeftNode {
  const { data } = node;
  if (node.measured?.width || node.handles) return node;
  const single = data.handles.length === 1 && data.handles[0] === 'out';
  const rowIds = [...(single ? [] : data.handles), ...(data.errorHandle ? ['error'] : [])];
  // A node without output rows has a different block structure: leave it to measurement.
  if (rowIds.length === 0) return node;
  const height = HEIGHT_ONE_ROW + (rowIds.length - 1) * ROW;
  const handles: NodeHandle[] = rowIds.map((id, i) => ({
    id,
    type: 'source',
    position: Position.Right,
    x: WIDTH - HANDLE / 2 - 1,
    y: FIRST_ROW_HANDLE_Y + i * ROW,
    width: HANDLE,
    height: HANDLE,
  }));
  if (single)
    handles.unshift({
      id: 'out',
      type: 'source',
      position: Position.Right,
      x: WIDTH - HANDLE / 2 - 1,
      y: HEAD_HANDLE_Y,
      width: HANDLE,
      height: HANDLE,
    });
  if (data.acceptsInput)
    handles.unshift({
      id: null,
      type: 'target',
      position: Position.Left,
      x: -HANDLE / 2 + 1,
      y: height / 2 - HANDLE / 2,
      width: HANDLE,
      height: HANDLE,
    });
  // offsetWidth/offsetHeight, which React Flow measures with, are whole pixels.
  return { ...node, measured: { width: WIDTH, height: Math.round(height) }, handles };
}

/**
 * After React Flow reports new dimensions for some nodes, forget their estimated handles so
 * its measured handle bounds win (the estimate was wrong, or the node's outputs changed).
 */
export function dropEstimatedHandles(nodes: WeftNode[], ids: ReadonlySet<string>): WeftNode[] {
  if (ids.size === 0) return nodes;
  return nodes.map((n) => (ids.has(n.id) && n.handles ? withoutHandles(n) : n));
}

export function withoutHandles(n: WeftNode): WeftNode {
  if (!n.handles) return n;
  const { handles: _estimated, ...rest } = n;
  return rest;
}
