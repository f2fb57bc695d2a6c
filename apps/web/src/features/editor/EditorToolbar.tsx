'use client';

import { saveBlockedReason } from './editor-session';
import { Toolbar } from './Toolbar';
import type { useEditorMutations } from './useEditorMutations';
import type { EditorStore } from './useEditorStore';

/** The toolbar, fed from the editor's store. */
export function EditorToolbar({
  store,
  mutations,
  onLayout,
}: {
  store: EditorStore;
  mutations: ReturnType<typeof useEditorMutations>;
  onLayout(): void;
}) {
  const { workflow, session, dispatch, flow } = store;
  return (
    <Toolbar
      name={session.name}
      onName={(name) => dispatch({ type: 'renamed', name })}
      dirty={store.dirty}
      readOnly={store.readOnly}
      saveBlockedReason={saveBlockedReason(store.errors.length, store.dirty)}
      savedNote={session.savedNote}
      latestVersion={workflow.latestVersion}
      activeVersion={workflow.activeVersion}
      canUndo={flow.canUndo}
      canRedo={flow.canRedo}
      versionsOpen={session.versionsOpen}
      activating={mutations.activation.isPending}
      canDeactivate={workflow.can.edit}
      canActivate={workflow.can.edit && workflow.can.execute}
      onSave={() => dispatch({ type: 'dialog', dialog: 'save' })}
      onRun={() => dispatch({ type: 'dialog', dialog: 'run' })}
      onUndo={flow.undo}
      onRedo={flow.redo}
      onLayout={onLayout}
      onToggleVersions={() => dispatch({ type: 'versionsToggled' })}
      onActivate={() => mutations.activation.mutate({ active: true, version: workflow.latestVersion })}
      onDeactivate={() => mutations.activation.mutate({ active: false })}
    />
  );
}
