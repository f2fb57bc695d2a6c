'use client';

import Link from 'next/link';
import { useParams } from 'next/navigation';
import { ShareButton } from '@/features/access/ShareButton';
import { armRefused } from '@/features/webhooks/arming';

interface ToolbarProps {
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

export function Toolbar(p: ToolbarProps) {
  const { id } = useParams<{ id: string }>();
  return (
    <div className="editor-toolbar" role="toolbar" aria-label="Workflow">
      <Link href="/" className="button button-ghost button-small" aria-label="Back to workflows">
        ←
      </Link>
      <label className="visually-hidden" htmlFor="workflow-name">
        Workflow name
      </label>
      <input
        id="workflow-name"
        className="input toolbar-name"
        value={p.name}
        onChange={(e) => p.onName(e.target.value)}
        disabled={p.readOnly}
      />
      <span className={`unsaved${p.dirty ? ' is-dirty' : ''}`} data-testid="save-state" aria-live="polite">
        {p.dirty ? 'Unsaved changes' : (p.savedNote ?? `v${p.latestVersion}`)}
      </span>
      <span className="spacer" />
      <button
        type="button"
        className="button button-small"
        onClick={p.onUndo}
        disabled={!p.canUndo || p.readOnly}
        title="Undo (Ctrl+Z)"
      >
        Undo
      </button>
      <button
        type="button"
        className="button button-small"
        onClick={p.onRedo}
        disabled={!p.canRedo || p.readOnly}
        title="Redo (Shift+Ctrl+Z)"
      >
        Redo
      </button>
      <button type="button" className="button button-small" onClick={p.onLayout} disabled={p.readOnly}>
        Auto-layout
      </button>
      <button type="button" className="button button-small" aria-pressed={p.versionsOpen} onClick={p.onToggleVersions}>
        Versions
      </button>
      {p.activeVersion !== null ? (
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
      ) : (
        <button
          type="button"
          className="button button-small"
          onClick={p.onActivate}
          disabled={p.activating || !p.canActivate}
          title={p.canActivate ? `Activate v${p.latestVersion} for webhooks and schedules` : armRefused('Activating')}
        >
          Activate
        </button>
      )}
      <Link
        href={`/workflows/${encodeURIComponent(id)}/webhooks`}
        className="button button-small"
        title="Webhook URLs, secrets and deliveries"
      >
        Webhooks
      </Link>
      <Link
        href={`/workflows/${encodeURIComponent(id)}/schedules`}
        className="button button-small"
        title="Cron schedules and their fires"
      >
        Schedules
      </Link>
      <ShareButton workflowId={id} />
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
