'use client';

import type { NodeTypeInfo } from '@weft/engine';
import { useRef } from 'react';
import type { WorkflowDetail } from './api';
import { CanvasPanel } from './CanvasPanel';
import { EditorDialogs } from './EditorDialogs';
import { EditorToolbar } from './EditorToolbar';
import { Inspector } from './Inspector';
import { LiveBar } from './LiveBar';
import { Palette } from './Palette';
import { useCanvasActions } from './useCanvasActions';
import { useEditorMutations } from './useEditorMutations';
import { type EditorStore, useEditorStore } from './useEditorStore';
import { useCanvasNodes, useSelection } from './useEditorView';
import { useShortcuts } from './useShortcuts';
import { useVersionView } from './useVersionView';
import { VersionBanner } from './VersionBanner';
import { VersionDrawer } from './VersionDrawer';

/** The editor: its state in one store (useEditorStore), laid out as toolbar, palette, canvas, inspector and drawers. */
export function EditorWorkspace({ workflow, types }: { workflow: WorkflowDetail; types: NodeTypeInfo[] }) {
  const store = useEditorStore(workflow, types);
  const { flow, session, dispatch, readOnly } = store;
  const mutations = useEditorMutations(workflow.id, {
    onSaved: (def, version) => dispatch({ type: 'saved', savedJson: JSON.stringify(def), version }),
    onServerProblems: (problems) => dispatch({ type: 'serverProblems', problems }),
    onRunStarted: (executionId) => dispatch({ type: 'runStarted', executionId }),
  });
  const canvasBox = useRef<HTMLDivElement>(null);
  const actions = useCanvasActions(flow, canvasBox, store.showToast);
  const versions = useVersionView(store);
  const nodes = useCanvasNodes(store);
  const selection = useSelection(store);
  useShortcuts(
    { undo: flow.undo, redo: flow.redo, copy: flow.copy, paste: flow.paste, duplicate: flow.duplicate },
    !readOnly,
  );

  return (
    <div className="editor">
      <EditorToolbar store={store} mutations={mutations} onLayout={actions.autoLayout} />
      <StatusBars store={store} onRestore={versions.restore} />
      <div className="editor-body">
        <Palette
          types={types}
          hasTrigger={flow.nodes.some((n) => n.data.starts)}
          disabled={readOnly}
          onAdd={actions.addAtCentre}
        />
        <CanvasPanel store={store} nodes={nodes} actions={actions} versions={versions} canvasBox={canvasBox} />
        <Inspector
          node={selection.inspected}
          selectionCount={selection.count}
          info={selection.info}
          readOnly={readOnly}
          live={session.executionId !== null}
          runData={store.live.runData}
          onUpdate={flow.updateNode}
          onSeal={flow.sealTyping}
        />
        {session.versionsOpen ? (
          <VersionDrawer
            workflowId={workflow.id}
            viewing={session.viewing?.version ?? null}
            activeVersion={workflow.activeVersion}
            onView={versions.open}
            onClose={() => dispatch({ type: 'versionsClosed' })}
          />
        ) : null}
      </div>
      <EditorDialogs store={store} mutations={mutations} />
    </div>
  );
}

/** Under the toolbar: the old version on view, or the run being watched. */
function StatusBars({ store, onRestore }: { store: EditorStore; onRestore(): void }) {
  const { session, dispatch } = store;
  return (
    <>
      {session.viewing ? (
        <VersionBanner
          version={session.viewing.version}
          definition={session.viewing.definition}
          current={store.currentDefinition()}
          onRestore={onRestore}
          onBack={() => dispatch({ type: 'versionLeft' })}
        />
      ) : null}
      {session.executionId ? (
        <LiveBar
          executionId={session.executionId}
          execution={store.live.execution}
          onBack={() => dispatch({ type: 'runLeft' })}
        />
      ) : null}
    </>
  );
}
