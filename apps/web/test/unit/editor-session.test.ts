import type { WorkflowDefinition } from '@weft/engine';
import { describe, expect, it } from 'vitest';
import {
  editorSession,
  initialSession,
  isReadOnly,
  saveBlockedReason,
  type SessionAction,
} from '../../src/features/editor/editor-session';
import type { WeftNode } from '../../src/features/graph/types';

const v1: WorkflowDefinition = { name: 'Old name', nodes: [], edges: [] } as unknown as WorkflowDefinition;
const run = (...actions: SessionAction[]) => actions.reduce(editorSession, initialSession('Current'));

describe('editor session', () => {
  it('a save records what was saved, notes the version and closes the dialog', () => {
    const s = run(
      { type: 'loaded', savedJson: '{}' },
      { type: 'dialog', dialog: 'save' },
      {
        type: 'saved',
        savedJson: '{"a":1}',
        version: 4,
      },
    );
    expect(s).toMatchObject({ savedJson: '{"a":1}', savedNote: 'Saved v4', dialog: null });
  });

  it('viewing an old version is read-only; restoring takes its name, leaves it and says so', () => {
    const node = { id: 'a', type: 'weft', position: { x: 0, y: 0 }, data: {} } as unknown as WeftNode;
    const viewing = run({ type: 'versionOpened', viewing: { version: 1, definition: v1 }, nodes: [node] });
    expect(isReadOnly(viewing)).toBe(true);
    expect(viewing.viewNodes).toEqual([node]);
    const moved = editorSession(viewing, {
      type: 'viewNodesChanged',
      changes: [{ type: 'select', id: 'a', selected: true }],
    });
    expect(moved.viewNodes[0]!.selected).toBe(true);
    const restored = editorSession(moved, { type: 'versionRestored' });
    expect(restored).toMatchObject({ name: 'Old name', viewing: null });
    expect(restored.toast).toBe('Restored v1 as unsaved changes. Save to keep it.');
    expect(isReadOnly(restored)).toBe(false);
  });

  it('restoring with no version on view changes nothing', () => {
    const s = initialSession('x');
    expect(editorSession(s, { type: 'versionRestored' })).toBe(s);
  });

  it('a started run closes the dialog and makes the graph read-only until left', () => {
    const s = run({ type: 'dialog', dialog: 'run' }, { type: 'runStarted', executionId: 'e1' });
    expect(s).toMatchObject({ dialog: null, executionId: 'e1' });
    expect(isReadOnly(s)).toBe(true);
    expect(isReadOnly(editorSession(s, { type: 'runLeft' }))).toBe(false);
  });

  it('the versions drawer toggles and closes', () => {
    expect(run({ type: 'versionsToggled' }).versionsOpen).toBe(true);
    expect(run({ type: 'versionsToggled' }, { type: 'versionsToggled' }).versionsOpen).toBe(false);
    expect(run({ type: 'versionsToggled' }, { type: 'versionsClosed' }).versionsOpen).toBe(false);
  });

  it('Save says why it is blocked: errors first, then nothing to save', () => {
    expect(saveBlockedReason(2, true)).toBe('Fix 2 errors before saving (see Problems).');
    expect(saveBlockedReason(1, false)).toBe('Fix 1 error before saving (see Problems).');
    expect(saveBlockedReason(0, false)).toBe('No unsaved changes.');
    expect(saveBlockedReason(0, true)).toBeNull();
  });
});
