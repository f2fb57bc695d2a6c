import type { WorkflowDefinition } from '@weft/engine';
import { applyNodeChanges, type NodeChange } from '@xyflow/react';
import type { WeftNode } from '../graph/types';
import type { ListedProblem } from './ProblemsPanel';

/** An old version opened read-only from the Versions drawer. */
export interface ViewedVersion {
  version: number;
  definition: WorkflowDefinition;
}

/**
 * Everything the editor holds besides the graph itself (useFlowState): the name, what was
 * last saved (for dirty tracking), the open dialog, drawer and version, the watched run.
 */
export interface EditorSession {
  name: string;
  /** The saved definition as JSON; null until the workflow has loaded. */
  savedJson: string | null;
  savedNote: string | null;
  serverProblems: ListedProblem[];
  toast: string | null;
  dialog: 'save' | 'run' | null;
  versionsOpen: boolean;
  viewing: ViewedVersion | null;
  /** The viewed version's nodes (they can be selected and moved, never saved). */
  viewNodes: WeftNode[];
  /** The run being watched live; the graph is read-only meanwhile. */
  executionId: string | null;
}

export type SessionAction =
  | { type: 'loaded'; savedJson: string }
  | { type: 'renamed'; name: string }
  | { type: 'saved'; savedJson: string; version: number }
  | { type: 'serverProblems'; problems: ListedProblem[] }
  | { type: 'toast'; message: string | null }
  | { type: 'dialog'; dialog: EditorSession['dialog'] }
  | { type: 'versionsToggled' }
  | { type: 'versionsClosed' }
  | { type: 'versionOpened'; viewing: ViewedVersion; nodes: WeftNode[] }
  | { type: 'viewNodesChanged'; changes: NodeChange<WeftNode>[] }
  | { type: 'versionLeft' }
  | { type: 'versionRestored' }
  | { type: 'runStarted'; executionId: string }
  | { type: 'runLeft' };

export function initialSession(name: string): EditorSession {
  return {
    name,
    savedJson: null,
    savedNote: null,
    serverProblems: [],
    toast: null,
    dialog: null,
    versionsOpen: false,
    viewing: null,
    viewNodes: [],
    executionId: null,
  };
}

export function editorSession(s: EditorSession, a: SessionAction): EditorSession {
  switch (a.type) {
    case 'loaded':
      return { ...s, savedJson: a.savedJson };
    case 'renamed':
      return { ...s, name: a.name };
    case 'saved':
      return { ...s, savedJson: a.savedJson, savedNote: `Saved v${a.version}`, dialog: null };
    case 'serverProblems':
      return { ...s, serverProblems: a.problems };
    case 'toast':
      return { ...s, toast: a.message };
    case 'dialog':
      return { ...s, dialog: a.dialog };
    case 'versionsToggled':
      return { ...s, versionsOpen: !s.versionsOpen };
    case 'versionsClosed':
      return { ...s, versionsOpen: false };
    default:
      return versionAndRun(s, a);
  }
}

function versionAndRun(s: EditorSession, a: SessionAction): EditorSession {
  switch (a.type) {
    case 'versionOpened':
      return { ...s, viewing: a.viewing, viewNodes: a.nodes };
    case 'viewNodesChanged':
      return { ...s, viewNodes: applyNodeChanges(a.changes, s.viewNodes) };
    case 'versionLeft':
      return { ...s, viewing: null };
    case 'versionRestored':
      if (!s.viewing) return s;
      return {
        ...s,
        name: s.viewing.definition.name,
        viewing: null,
        toast: `Restored v${s.viewing.version} as unsaved changes. Save to keep it.`,
      };
    case 'runStarted':
      return { ...s, dialog: null, executionId: a.executionId };
    case 'runLeft':
      return { ...s, executionId: null };
    default:
      return s;
  }
}

/** An old version on view, or a live run, can't be edited. */
export function isReadOnly(s: EditorSession): boolean {
  return s.viewing !== null || s.executionId !== null;
}

/** Why Save is disabled, or null when it isn't. */
export function saveBlockedReason(errorCount: number, dirty: boolean): string | null {
  if (errorCount) return `Fix ${errorCount} error${errorCount === 1 ? '' : 's'} before saving (see Problems).`;
  return dirty ? null : 'No unsaved changes.';
}
