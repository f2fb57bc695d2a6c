'use client';

import type { RefObject } from 'react';
import type { WeftNode } from '../graph/types';
import { FlowCanvas } from './FlowCanvas';
import { ProblemsPanel } from './ProblemsPanel';
import type { useCanvasActions } from './useCanvasActions';
import type { EditorStore } from './useEditorStore';
import { useProblemList } from './useEditorView';
import type { VersionViewActions } from './useVersionView';

interface CanvasPanelProps {
  store: EditorStore;
  nodes: WeftNode[];
  actions: ReturnType<typeof useCanvasActions>;
  versions: VersionViewActions;
  canvasBox: RefObject<HTMLDivElement | null>;
}

/** The canvas (the graph, or the version on view), its toast, and the Problems list under it. */
export function CanvasPanel({ store, nodes, actions, versions, canvasBox }: CanvasPanelProps) {
  const { flow, session, readOnly, showToast } = store;
  const problems = useProblemList(store);
  const viewing = session.viewing !== null;
  return (
    <div className="editor-centre">
      <div className="editor-canvas-box" ref={canvasBox}>
        <FlowCanvas
          nodes={viewing ? session.viewNodes : nodes}
          edges={viewing ? versions.edges : flow.edges}
          readOnly={readOnly}
          onNodesChange={viewing ? versions.onNodesChange : flow.onNodesChange}
          onEdgesChange={flow.onEdgesChange}
          onNodeDragStart={flow.onNodeDragStart}
          onNodeDragStop={flow.onNodeDragStop}
          onBeforeDelete={flow.onBeforeDelete}
          onConnect={flow.connect}
          onDropType={actions.addAt}
          onRefused={showToast}
        />
        {session.toast ? (
          <div className="editor-toast" role="alert">
            {session.toast}
          </div>
        ) : null}
      </div>
      {problems.length > 0 && !viewing ? <ProblemsPanel problems={problems} onPick={actions.pickNode} /> : null}
    </div>
  );
}
