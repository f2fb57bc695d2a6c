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
import { useCallback, useMemo, useRef, useState } from 'react';
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

/**
 * The editable graph: nodes, edges and their undo history. Every update replaces only the
 * objects it changes (React Flow's applyNodeChanges does the same), so memoized nodes
 * that did not change don't re-render.
 */
export function useFlowState(types: NodeTypeInfo[]) {
  const [nodes, setNodes] = useState<WeftNode[]>([]);
  const [edges, setEdges] = useState<WeftEdge[]>([]);
  const [history, setHistory] = useState<History<Snapshot>>(emptyHistory);
  // Callbacks read the latest graph through refs so they stay stable across renders.
  const current = useRef<Snapshot>({ nodes, edges });
  current.current = { nodes, edges };
  const historyRef = useRef(history);
  historyRef.current = history;
  const clip = useRef<Clip | null>(null);
  const dragStart = useRef<Snapshot | null>(null);
  const byType = useMemo(() => new Map(types.map((t) => [t.type, t])), [types]);

  const record = useCallback((key: string | null = null) => {
    setHistory((h) => recordChange(h, current.current, key));
  }, []);

  const replace = useCallback((next: Snapshot) => {
    current.current = next;
    setNodes(next.nodes);
    setEdges(next.edges);
  }, []);

  const load = useCallback(
    (def: WorkflowDefinition, asChange: boolean) => {
      if (asChange) record();
      else setHistory(emptyHistory());
      const flow = definitionToFlow(def, types);
      // Known sizes: React Flow can place edges and fit at once instead of measuring every node.
      replace({ nodes: flow.nodes.map(withEstimatedSize), edges: flow.edges });
    },
    [types, record, replace],
  );

  const onNodesChange = useCallback((changes: NodeChange<WeftNode>[]) => {
    const resized = new Set<string>();
    for (const c of changes) if (c.type === 'dimensions' && c.dimensions) resized.add(c.id);
    setNodes((ns) => dropEstimatedHandles(applyNodeChanges(changes, ns), resized));
  }, []);
  const onEdgesChange = useCallback(
    (changes: EdgeChange<WeftEdge>[]) => setEdges((es) => applyEdgeChanges(changes, es)),
    [],
  );

  // Moves are recorded once per drag (the state at drag start), not once per frame.
  const onNodeDragStart = useCallback(() => {
    dragStart.current = current.current;
  }, []);
  const onNodeDragStop = useCallback(() => {
    const before = dragStart.current;
    dragStart.current = null;
    if (before && before.nodes !== current.current.nodes) setHistory((h) => recordChange(h, before));
  }, []);

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
    [record],
  );

  /** Adds a node of `type` at `position`; returns an error message instead when not allowed. */
  const addNode = useCallback(
    (type: string, position: XYPosition): string | null => {
      const info = byType.get(type);
      if (!info) return `Unknown node type "${type}".`;
      const { nodes: ns } = current.current;
      if (info.starts && ns.some((n) => n.data.starts)) return 'A workflow has exactly one trigger.';
      record();
      const id = uniqueNodeId(type, new Set(ns.map((n) => n.id)));
      const data = nodeDataFor(
        { type, name: info.label, parameters: defaultParameters(info.parameters as JsonSchema) },
        info,
      );
      const node: WeftNode = { id, type: 'weft', position, data, selected: true };
      setNodes((prev) => [...prev.map((n) => (n.selected ? { ...n, selected: false } : n)), node]);
      return null;
    },
    [byType, record],
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
    [byType, record],
  );

  const sealTyping = useCallback(() => setHistory((h) => sealHistory(h)), []);

  const undo = useCallback(() => {
    const r = undoChange(historyRef.current, current.current);
    if (!r) return;
    setHistory(r.history);
    replace(r.state);
  }, [replace]);

  const redo = useCallback(() => {
    const r = redoChange(historyRef.current, current.current);
    if (!r) return;
    setHistory(r.history);
    replace(r.state);
  }, [replace]);

  const copy = useCallback(() => {
    const c = copySelection(current.current.nodes, current.current.edges);
    if (c.nodes.length) clip.current = c;
    return c.nodes.length;
  }, []);

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
    [record, replace],
  );
  const paste = useCallback(() => pasteFrom(clip.current), [pasteFrom]);
  const duplicate = useCallback(
    () => pasteFrom(copySelection(current.current.nodes, current.current.edges)),
    [pasteFrom],
  );

  const autoLayout = useCallback(() => {
    record();
    setNodes((ns) => layoutNodes(ns, current.current.edges));
  }, [record]);

  const selectOnly = useCallback((id: string) => {
    setNodes((ns) =>
      ns.map((n) =>
        n.id === id ? (n.selected ? n : { ...n, selected: true }) : n.selected ? { ...n, selected: false } : n,
      ),
    );
  }, []);

  return {
    nodes,
    edges,
    canUndo: history.past.length > 0,
    canRedo: history.future.length > 0,
    load,
    onNodesChange,
    onEdgesChange,
    onNodeDragStart,
    onNodeDragStop,
    onBeforeDelete,
    connect,
    addNode,
    updateNode,
    sealTyping,
    undo,
    redo,
    copy,
    paste,
    duplicate,
    autoLayout,
    selectOnly,
  };
}

export type FlowState = ReturnType<typeof useFlowState>;
