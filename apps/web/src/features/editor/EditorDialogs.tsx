'use client';

import { RunDialog } from './RunDialog';
import { SaveDialog } from './SaveDialog';
import type { useEditorMutations } from './useEditorMutations';
import type { EditorStore } from './useEditorStore';

type Mutations = ReturnType<typeof useEditorMutations>;

/** The Save and Run dialogs, whichever the toolbar opened. */
export function EditorDialogs({ store, mutations }: { store: EditorStore; mutations: Mutations }) {
  const { session, dispatch, dirty, workflow, currentDefinition } = store;
  const close = () => dispatch({ type: 'dialog', dialog: null });
  if (session.dialog === 'save') {
    return (
      <SaveDialog
        pending={mutations.save.isPending}
        error={mutations.save.error?.message ?? null}
        onSave={(message) => mutations.save.mutate({ definition: currentDefinition(), message })}
        onClose={close}
      />
    );
  }
  if (session.dialog === 'run') {
    return (
      <RunDialog
        pending={mutations.run.isPending}
        error={mutations.run.error?.message ?? null}
        note={
          dirty ? `Runs the latest saved version (v${workflow.latestVersion}); unsaved changes are not included.` : null
        }
        onRun={(input) => mutations.run.mutate(input)}
        onClose={close}
      />
    );
  }
  return null;
}
