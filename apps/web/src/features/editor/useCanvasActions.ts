'use client';

import { useNodesInitialized, useReactFlow } from '@xyflow/react';
import { type RefObject, useCallback, useEffect, useRef } from 'react';
import type { WeftNode } from '../graph/types';
import type { FlowState } from './useFlowState';

const FIT = { padding: 0.2, maxZoom: 1.2 };
// Nodes are ~196×60: positions are their top-left corners.
const HALF_W = 98;
const HALF_H = 30;

/**
 * What the palette, the problems list and the toolbar do to the canvas: add a node (where it
 * was dropped, or at the centre), centre on a node, auto-layout — and fitting the view.
 */
export function useCanvasActions(
  flow: FlowState,
  canvasBox: RefObject<HTMLDivElement | null>,
  showToast: (m: string) => void,
) {
  const { setCenter, screenToFlowPosition, getZoom } = useReactFlow<WeftNode>();
  useFitOnLoad(flow.nodes.length);
  // Callbacks handed to memoized panels read the nodes through a ref, so dragging (a new
  // nodes array per frame) doesn't re-render the palette and the problems list.
  const nodesRef = useRef(flow.nodes);
  nodesRef.current = flow.nodes;
  const { addNode, selectOnly } = flow;

  const addAt = useCallback(
    (type: string, position: { x: number; y: number }) => {
      const err = addNode(type, position);
      if (err) showToast(err);
    },
    [addNode, showToast],
  );
  const addAtCentre = useCallback(
    (type: string) => {
      const box = canvasBox.current?.getBoundingClientRect();
      if (!box) return;
      const c = screenToFlowPosition({ x: box.left + box.width / 2, y: box.top + box.height / 2 });
      // Nudge repeated clicks so new nodes don't stack exactly on top of each other.
      const n = nodesRef.current.filter(
        (x) => Math.abs(x.position.x - (c.x - HALF_W)) < 30 && Math.abs(x.position.y - (c.y - HALF_H)) < 30,
      ).length;
      addAt(type, { x: Math.round(c.x - HALF_W + n * 30), y: Math.round(c.y - HALF_H + n * 30) });
    },
    [canvasBox, screenToFlowPosition, addAt],
  );
  const pickNode = useCallback(
    (id: string) => {
      const node = nodesRef.current.find((n) => n.id === id);
      if (!node) return;
      selectOnly(id);
      void setCenter(node.position.x + HALF_W, node.position.y + HALF_H, {
        zoom: Math.max(getZoom(), 1),
        duration: 300,
      });
    },
    [selectOnly, setCenter, getZoom],
  );
  const autoLayout = useLayoutThenFit(flow);
  return { addAt, addAtCentre, pickNode, autoLayout };
}

/** The `fitView` prop fits once the loaded nodes are measured; this is the fallback for when they never all are. */
function useFitOnLoad(nodeCount: number): void {
  const { fitView } = useReactFlow<WeftNode>();
  const nodesInitialized = useNodesInitialized();
  const fitted = useRef(false);
  useEffect(() => {
    if (fitted.current || nodeCount === 0) return;
    // Measured (or loaded with known sizes): the `fitView` prop has just fitted them.
    if (nodesInitialized) {
      fitted.current = true;
      return;
    }
    // Big graphs render only visible nodes, so they never all get measured: fit anyway.
    const t = setTimeout(() => {
      if (fitted.current) return;
      fitted.current = true;
      void fitView(FIT);
    }, 300);
    return () => clearTimeout(t);
  }, [nodesInitialized, nodeCount, fitView]);
}

/** Auto-layout, then fit once the laid-out positions have reached React Flow, not before. */
function useLayoutThenFit(flow: FlowState): () => void {
  const { fitView } = useReactFlow<WeftNode>();
  const fitPending = useRef(false);
  useEffect(() => {
    if (!fitPending.current) return;
    fitPending.current = false;
    const t = setTimeout(() => void fitView(FIT), 30);
    return () => clearTimeout(t);
  }, [flow.nodes, fitView]);
  const { autoLayout: layOut } = flow;
  return useCallback(() => {
    fitPending.current = true;
    layOut();
  }, [layOut]);
}
