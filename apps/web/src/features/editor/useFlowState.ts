'use client';

import type { NodeTypeInfo, WorkflowDefinition } from '@weft/engine';
import {
  applyEdgeChanges,
  applyNodeChanges,
  type Connection,
  type EdgeChange,
  type NodeChange,
  type XYPosition,
} from '@xyflow/react';
import { type Dispatch, type RefObject, type SetStateAction, useCallback, useMemo, useRef, useState } from 'react';
import { definitionToFlow, handlesOf, nodeDataFor, toFlowEdge } from '../graph/codec';
import { dropEstimatedHandles, withEstimatedSize, withoutHandles } from '../graph/node-size';
import type { WeftEdge, WeftNode, WeftNodeData } from '../graph/types';
import { layoutNodes } from './auto-layout';
import { copySelection, pasteClip, type Clip } from './clipboard';
import { emptyHistory, recordChange, redoChange, sealHistory, undoChange, type History } from './history';
import { uniqueEdgeId, uniqueNodeId } from './node-ids';
import { defaultParameters, type JsonSchema } from './schema-form';

export interface Snapshot {
  nodes: WeftNode[];
  edges: WeftEdge[];
}

/** The graph as the hooks below share it: the latest snapshot (a ref, so callbacks stay stable) and its setters. */
interface Graph {
  current: RefObject<Snapshot>;
  setNodes: Dispatch<SetStateAction<WeftNode[]>>;
  setEdges: Dispatch<SetStateAction<WeftEdge[]>>;
  replace(next: Snapshot): void;
}

/**
 * The editable graph: nodes, edges, selection and their undo history. Every update replaces
 * only the objects it changes (React Flow's applyNodeChanges does the same), so memoized
 * nodes that did not change don't re-render.
 */
export function useFlowState(types: NodeTypeInfo[]) {
  const [nodes, setNodes] = useState<WeftNode[]>([]);
  const [edges, setEdges] = useState<WeftEdge[]>([]);
  // Callbacks read the latest graph through refs so they stay stable across renders.
  const current = useRef<Snapshot>({ nodes, edges });
  current.current = { nodes, edges };
  const replace = useCallback((next: Snapshot) => {
    current.current = next;
    setNodes(next.nodes);
    setEdges(next.edges);
  }, []);
  const graph: Graph = useMemo(() => ({ current, setNodes, setEdges, replace }), [replace]);
  const history = useUndoHistory(graph);
  const { record, reset } = history;

  const load = useCallback(
    (def: WorkflowDefinition, asChange: boolean) => {
      if (asChange) record();
      else reset();
      const flow = definitionToFlow(def, types);
      // Known sizes: React Flow can place edges and fit at once instead of measuring every node.
      replace({ nodes: flow.nodes.map(withEstimatedSize), edges: flow.edges });
    },
    [types, record, reset, replace],
  );

  return {
    nodes,
    edges,
    load,
    ...history,
    ...useCanvasChanges(graph, record),
    ...useNodeEdits(graph, types, record),
    ...useClipboard(graph, record),
  };
}

export type FlowState = ReturnType<typeof useFlowState>;

/** Undo and redo of whole snapshots; a drag is recorded once (its start), typing in one field once per key. */
function useUndoHistory({ current, replace }: Graph) {
  const [history, setHistory] = useState<History<Snapshot>>(emptyHistory);
  const historyRef = useRef(history);
  historyRef.current = history;
  const dragStart = useRef<Snapshot | null>(null);

  const record = useCallback(
    (key: string | null = null) => setHistory((h) => recordChange(h, current.current, key)),
    [current],
  );
  const reset = useCallback(() => setHistory(emptyHistory()), []);
  const sealTyping = useCallback(() => setHistory((h) => sealHistory(h)), []);
  const step = useCallback(
    (move: typeof undoChange) => {
      const r = move(historyRef.current, current.current);
      if (!r) return;
      setHistory(r.history);
      replace(r.state);
    },
    [current, replace],
  );
  const undo = useCallback(() => step(undoChange), [step]);
  const redo = useCallback(() => step(redoChange), [step]);
  const onNodeDragStart = useCallback(() => {
    dragStart.current = current.current;
  }, [current]);
  const onNodeDragStop = useCallback(() => {
    const before = dragStart.current;
    dragStart.current = null;
    if (before && before.nodes !== current.current.nodes) setHistory((h) => recordChange(h, before));
  }, [current]);

  return {
    canUndo: history.past.length > 0,
    canRedo: history.future.length > 0,
    record,
    reset,
    sealTyping,
    undo,
    redo,
    onNodeDragStart,
    onNodeDragStop,
  };
}

/** What React Flow reports (moves, measurements, selection, deletes, new connections) applied to the graph. */
function useCanvasChanges({ current, setNodes, setEdges }: Graph, record: (key?: string | null) => void) {
  const onNodesChange = useCallback(
    (changes: NodeChange<WeftNode>[]) => {
      const resized = new Set<string>();
      for (const c of changes) if (c.type === 'dimensions' && c.dimensions) resized.add(c.id);
      setNodes((ns) => dropEstimatedHandles(applyNodeChanges(changes, ns), resized));
    },
    [setNodes],
  );
  const onEdgesChange = useCallback(
    (changes: EdgeChange<WeftEdge>[]) => setEdges((es) => applyEdgeChanges(changes, es)),
    [setEdges],
  );
  const onBeforeDelete = useCallback(async () => {
    record();
    return true;
  }, [record]);
  const connect = useCallback(
    (c: Connection) => {
      record();
      const id = uniqueEdgeId(new Set(current.current.edges.map((e) => e.id)));
      setEdges((es) => [...es, toFlowEdge(id, c.source, c.sourceHandle ?? 'out', c.target)]);
    },
    [current, record, setEdges],
  );
  const selectOnly = useCallback(
    (id: string) => {
      setNodes((ns) =>
        ns.map((n) =>
          n.id === id ? (n.selected ? n : { ...n, selected: true }) : n.selected ? { ...n, selected: false } : n,
        ),
      );
    },
    [setNodes],
  );
  return { onNodesChange, onEdgesChange, onBeforeDelete, connect, selectOnly };
}

/** Adding a node, patching one, and auto-layout: each one undo step. */
function useNodeEdits({ current, setNodes }: Graph, types: NodeTypeInfo[], record: (key?: string | null) => void) {
  const byType = useMemo(() => new Map(types.map((t) => [t.type, t])), [types]);

  /** Adds a node of `type` at `position`; returns an error message instead when not allowed. */
  const addNode = useCallback(
    (type: string, position: XYPosition): string | null => {
      const info = byType.get(type);
      if (!info) return `Unknown node type "${type}".`;
      const { nodes: ns } = current.current;
      if (info.starts && ns.some((n) => n.data.starts)) return 'A workflow has exactly one trigger.';
      record();
      const id = uniqueNodeId(type, new Set(ns.map((n) => n.id)));
      const params = defaultParameters(info.parameters as JsonSchema);
      const data = nodeDataFor({ type, name: info.label, parameters: params }, info);
      const node: WeftNode = { id, type: 'weft', position, data, selected: true };
      setNodes((prev) => [...prev.map((n) => (n.selected ? { ...n, selected: false } : n)), node]);
      return null;
    },
    [byType, current, record, setNodes],
  );

  /** Patches one node's data; `key` coalesces typing in one field into one undo entry. */
  const updateNode = useCallback(
    (id: string, patch: Partial<WeftNodeData>, key: string | null = null) => {
      record(key);
      setNodes((ns) =>
        ns.map((n) => {
          if (n.id !== id) return n;
          const data = { ...n.data, ...patch };
          if (patch.parameters) Object.assign(data, handlesOf(data.type, data.parameters, byType.get(data.type)));
          // Its outputs may change: let React Flow's measurement replace the estimated handles.
          return { ...withoutHandles(n), data };
        }),
      );
    },
    [byType, record, setNodes],
  );

  const autoLayout = useCallback(() => {
    record();
    setNodes((ns) => layoutNodes(ns, current.current.edges));
  }, [current, record, setNodes]);
  return { addNode, updateNode, autoLayout };
}

/** Copy, paste and duplicate of the selection with its inner edges (ids renamed, offset +40,+40). */
function useClipboard({ current, replace }: Graph, record: (key?: string | null) => void) {
  const clip = useRef<Clip | null>(null);
  const copy = useCallback(() => {
    const c = copySelection(current.current.nodes, current.current.edges);
    if (c.nodes.length) clip.current = c;
    return c.nodes.length;
  }, [current]);

  const pasteFrom = useCallback(
    (c: Clip | null) => {
      if (!c || c.nodes.length === 0) return 0;
      const { nodes: ns, edges: es } = current.current;
      const pasted = pasteClip(c, ns, es);
      if (pasted.nodes.length === 0) return 0;
      record();
      replace({
        nodes: [...ns.map((n) => (n.selected ? { ...n, selected: false } : n)), ...pasted.nodes],
        edges: [...es.map((e) => (e.selected ? { ...e, selected: false } : e)), ...pasted.edges],
      });
      // A second paste lands another +40,+40 further, like most editors.
      clip.current = { nodes: pasted.nodes, edges: pasted.edges };
      return pasted.nodes.length;
    },
    [current, record, replace],
  );
  const paste = useCallback(() => pasteFrom(clip.current), [pasteFrom]);
  const duplicate = useCallback(
    () => pasteFrom(copySelection(current.current.nodes, current.current.edges)),
    [current, pasteFrom],
  );
  return { copy, paste, duplicate };
}
