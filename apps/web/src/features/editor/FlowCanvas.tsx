'use client';

import {
  Background,
  Controls,
  MiniMap,
  ReactFlow,
  SelectionMode,
  useReactFlow,
  useStore,
  type Connection,
  type EdgeChange,
  type FinalConnectionState,
  type IsValidConnection,
  type NodeChange,
  type NodeMouseHandler,
  type XYPosition,
} from '@xyflow/react';
import { useCallback, useRef, type DragEvent } from 'react';
import { editingProps, weftNodeTypes } from '../graph/node-types';
import type { WeftEdge, WeftNode } from '../graph/types';
import { connectionProblem } from './connection-rules';
import { DND_MIME } from './Palette';

// Big graphs: render only what is on screen.
const VIRTUALIZE_OVER = 200;
const FIT_VIEW_OPTIONS = { padding: 0.2, maxZoom: 1.2 };
// Module scope: a new object per render makes React Flow re-render every edge (each
// edge reads it from the store), i.e. 1,200 edges per frame while dragging.
const DEFAULT_EDGE_OPTIONS = { interactionWidth: 16 };
// Below this zoom node text is under ~3 px: editor.css stops painting it (see data-zoomed-out).
const FAR_ZOOM = 0.25;
const isZoomedOut = (s: { transform: [number, number, number] }) => s.transform[2] < FAR_ZOOM;
const minimapColor = (n: WeftNode) =>
  n.data.status === 'succeeded'
    ? '#17b26a'
    : n.data.status === 'failed'
      ? '#f04438'
      : n.data.status === 'running'
        ? '#2e90fa'
        : '#98a2b3';

interface FlowCanvasProps {
  nodes: WeftNode[];
  edges: WeftEdge[];
  readOnly: boolean;
  onNodesChange(changes: NodeChange<WeftNode>[]): void;
  onEdgesChange(changes: EdgeChange<WeftEdge>[]): void;
  onNodeDragStart?(): void;
  onNodeDragStop?(): void;
  onBeforeDelete?(): Promise<boolean>;
  onConnect(c: Connection): void;
  onDropType(type: string, position: XYPosition): void;
  onRefused(reason: string): void;
  onNodeClick?: NodeMouseHandler<WeftNode>;
}

export function FlowCanvas(props: FlowCanvasProps) {
  const { nodes, edges, readOnly, onConnect } = props;
  // A boolean, so zooming re-renders this only when it crosses the threshold.
  const zoomedOut = useStore(isZoomedOut);
  const { isValidConnection, onConnectEnd } = useConnectionChecks(nodes, edges, props.onRefused);
  const { onDragOver, onDrop } = useTypeDrop(readOnly, props.onDropType);

  return (
    <div
      className="editor-canvas"
      onDragOver={onDragOver}
      onDrop={onDrop}
      data-readonly={readOnly ? 'true' : undefined}
      data-zoomed-out={zoomedOut ? 'true' : undefined}
    >
      <ReactFlow<WeftNode, WeftEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={weftNodeTypes}
        onNodesChange={props.onNodesChange}
        onEdgesChange={props.onEdgesChange}
        onNodeDragStart={props.onNodeDragStart}
        onNodeDragStop={props.onNodeDragStop}
        onBeforeDelete={props.onBeforeDelete}
        onConnect={onConnect}
        onConnectEnd={onConnectEnd}
        onNodeClick={props.onNodeClick}
        isValidConnection={isValidConnection}
        {...editingProps(!readOnly)}
        deleteKeyCode={readOnly ? null : ['Delete', 'Backspace']}
        multiSelectionKeyCode={['Meta', 'Control']}
        selectionKeyCode="Shift"
        selectionMode={SelectionMode.Partial}
        onlyRenderVisibleElements={nodes.length > VIRTUALIZE_OVER}
        defaultEdgeOptions={DEFAULT_EDGE_OPTIONS}
        fitView
        fitViewOptions={FIT_VIEW_OPTIONS}
        colorMode="system"
        minZoom={0.05}
      >
        <Background gap={20} />
        <Controls showInteractive={false} />
        <MiniMap pannable zoomable nodeColor={minimapColor} />
      </ReactFlow>
    </div>
  );
}

/** Refuses a connection the rules forbid while it is dragged, and says why when it is dropped. */
function useConnectionChecks(nodes: WeftNode[], edges: WeftEdge[], onRefused: (reason: string) => void) {
  // isValidConnection runs on every pointer move while connecting: read the graph via a ref.
  const graph = useRef({ nodes, edges });
  graph.current = { nodes, edges };

  const isValidConnection: IsValidConnection<WeftEdge> = useCallback(
    (c) => connectionProblem(c, graph.current.nodes, graph.current.edges) === null,
    [],
  );

  const onConnectEnd = useCallback(
    (_e: MouseEvent | TouchEvent, state: FinalConnectionState) => {
      // Dropped on a handle that refused the connection: say why.
      if (state.isValid || !state.toHandle || !state.fromHandle) return;
      const from = state.fromHandle;
      const to = state.toHandle;
      const attempt =
        from.type === 'source'
          ? { source: from.nodeId, sourceHandle: from.id, target: to.nodeId }
          : { source: to.nodeId, sourceHandle: to.id, target: from.nodeId };
      const reason = connectionProblem(attempt, graph.current.nodes, graph.current.edges);
      if (reason) onRefused(reason);
    },
    [onRefused],
  );
  return { isValidConnection, onConnectEnd };
}

/** A node type dragged from the palette and dropped on the canvas, centred under the pointer. */
function useTypeDrop(readOnly: boolean, onDropType: (type: string, position: XYPosition) => void) {
  const { screenToFlowPosition } = useReactFlow<WeftNode, WeftEdge>();
  const onDragOver = useCallback((e: DragEvent) => {
    if (!e.dataTransfer.types.includes(DND_MIME)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'move';
  }, []);

  const onDrop = useCallback(
    (e: DragEvent) => {
      const type = e.dataTransfer.getData(DND_MIME);
      if (!type || readOnly) return;
      e.preventDefault();
      const p = screenToFlowPosition({ x: e.clientX, y: e.clientY });
      // Centre the new node under the pointer (nodes are ~196×60).
      onDropType(type, { x: Math.round(p.x - 98), y: Math.round(p.y - 30) });
    },
    [screenToFlowPosition, onDropType, readOnly],
  );
  return { onDragOver, onDrop };
}
