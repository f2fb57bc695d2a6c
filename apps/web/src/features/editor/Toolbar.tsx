'use client';

import { ArrowLeft, Network, Redo2, Undo2, type LucideIcon } from 'lucide-react';
import Link from 'next/link';
import { useParams } from 'next/navigation';
import { ShareButton } from '@/features/access/ShareButton';
import { armRefused } from '@/features/triggers/arming';
import { Menu } from '@/ui/Menu';

export interface ToolbarProps {
  name: string;
  onName(name: string): void;
  dirty: boolean;
  readOnly: boolean;
  saveBlockedReason: string | null;
  savedNote: string | null;
  latestVersion: number;
  activeVersion: number | null;
  canUndo: boolean;
  canRedo: boolean;
  versionsOpen: boolean;
  activating: boolean;
  /** The caller may deactivate (edit) / activate (edit and execute: it arms webhooks and schedules). */
  canDeactivate: boolean;
  canActivate: boolean;
  onSave(): void;
  onRun(): void;
  onUndo(): void;
  onRedo(): void;
  onLayout(): void;
  onToggleVersions(): void;
  onActivate(): void;
  onDeactivate(): void;
}

/**
 * One row that fits 1280 px in every state: history and layout are icon buttons, the pages
 * next to the editor sit in "More", the name shrinks first, and Save is always last.
 */
export function Toolbar(p: ToolbarProps) {
  const { id } = useParams<{ id: string }>();
  const base = `/workflows/${encodeURIComponent(id)}`;
  return (
    <div className="editor-toolbar" role="toolbar" aria-label="Workflow">
      <Link href="/" className="button button-ghost button-small button-icon" aria-label="Back to workflows">
        <ArrowLeft size={16} aria-hidden="true" />
      </Link>
      <label className="visually-hidden" htmlFor="workflow-name">
        Workflow name
      </label>
      <input
        id="workflow-name"
        className="input ui-control toolbar-name"
        value={p.name}
        onChange={(e) => p.onName(e.target.value)}
        disabled={p.readOnly}
      />
      <span className={`unsaved${p.dirty ? ' is-dirty' : ''}`} data-testid="save-state" aria-live="polite">
        {p.dirty ? 'Unsaved changes' : (p.savedNote ?? `v${p.latestVersion}`)}
      </span>
      <span className="spacer" />
      <EditButtons {...p} />
      <button type="button" className="button button-small" aria-pressed={p.versionsOpen} onClick={p.onToggleVersions}>
        Versions
      </button>
      <Activation {...p} />
      <ShareButton workflowId={id} />
      <Menu
        label="More"
        actions={[
          { href: `${base}/webhooks`, label: 'Webhooks' },
          { href: `${base}/schedules`, label: 'Schedules' },
        ]}
      />
      <button type="button" className="button button-small" onClick={p.onRun} disabled={p.readOnly}>
        Run
      </button>
      <button
        type="button"
        className="button button-small button-primary"
        onClick={p.onSave}
        disabled={p.readOnly || p.saveBlockedReason !== null}
        title={p.saveBlockedReason ?? 'Save a new version'}
      >
        Save
      </button>
    </div>
  );
}

type EditProps = Pick<ToolbarProps, 'canUndo' | 'canRedo' | 'readOnly' | 'onUndo' | 'onRedo' | 'onLayout'>;

/** An edit button: what it runs, and the flag that must also hold (besides not read-only). */
interface EditButton {
  label: string;
  title: string;
  icon: LucideIcon;
  run: 'onUndo' | 'onRedo' | 'onLayout';
  needs?: 'canUndo' | 'canRedo';
}

const EDITS: EditButton[] = [
  { label: 'Undo', title: 'Undo (Ctrl+Z)', icon: Undo2, run: 'onUndo', needs: 'canUndo' },
  { label: 'Redo', title: 'Redo (Shift+Ctrl+Z)', icon: Redo2, run: 'onRedo', needs: 'canRedo' },
  { label: 'Auto-layout', title: 'Auto-layout: arrange the nodes left to right', icon: Network, run: 'onLayout' },
];

/** Undo, redo and auto-layout as icon buttons (their names stay their accessible labels). */
function EditButtons(p: EditProps) {
  return (
    <>
      {EDITS.map(({ label, title, icon: Icon, run, needs }) => (
        <button
          key={label}
          type="button"
          className="button button-small button-icon"
          onClick={p[run]}
          disabled={p.readOnly || (needs !== undefined && !p[needs])}
          aria-label={label}
          title={title}
        >
          <Icon size={16} aria-hidden="true" />
        </button>
      ))}
    </>
  );
}

/** "active vN" with Deactivate, or Activate (which arms the workflow's webhooks and schedules). */
function Activation(
  p: Pick<
    ToolbarProps,
    'activeVersion' | 'latestVersion' | 'activating' | 'canActivate' | 'canDeactivate' | 'onActivate' | 'onDeactivate'
  >,
) {
  if (p.activeVersion === null) {
    return (
      <button
        type="button"
        className="button button-small"
        onClick={p.onActivate}
        disabled={p.activating || !p.canActivate}
        title={p.canActivate ? `Activate v${p.latestVersion} for webhooks and schedules` : armRefused('Activating')}
      >
        Activate
      </button>
    );
  }
  return (
    <>
      <span className="tag tag-active" data-testid="active-version">
        active v{p.activeVersion}
      </span>
      <button
        type="button"
        className="button button-small"
        onClick={p.onDeactivate}
        disabled={p.activating || !p.canDeactivate}
        title={p.canDeactivate ? undefined : 'You may not edit this workflow'}
      >
        Deactivate
      </button>
    </>
  );
}
