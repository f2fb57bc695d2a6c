'use client';

import { useQuery } from '@tanstack/react-query';
import { editorKeys, fetchVersions, type VersionView } from './api';

interface VersionDrawerProps {
  workflowId: string;
  viewing: number | null;
  activeVersion: number | null;
  onView(v: VersionView): void;
  onClose(): void;
}

/** Saved versions, newest first; opening one shows it read-only on the canvas. */
export function VersionDrawer({ workflowId, viewing, activeVersion, onView, onClose }: VersionDrawerProps) {
  const versions = useQuery({
    queryKey: editorKeys.versions(workflowId),
    queryFn: ({ signal }) => fetchVersions(workflowId, signal),
  });
  return (
    <aside className="version-drawer" aria-label="Versions">
      <div className="drawer-head">
        <h2>Versions</h2>
        <button type="button" className="icon-button" aria-label="Close versions" onClick={onClose}>
          ×
        </button>
      </div>
      {versions.isPending ? <p className="muted small">Loading…</p> : null}
      {versions.isError ? <p className="form-error">{versions.error.message}</p> : null}
      <ul className="version-list">
        {versions.data?.map((v) => (
          <li key={v.version}>
            <button
              type="button"
              className="version-item"
              aria-current={viewing === v.version ? 'true' : undefined}
              onClick={() => onView(v)}
            >
              <span className="version-num">v{v.version}</span>
              {activeVersion === v.version ? <span className="tag tag-active">active</span> : null}
              <span className="muted small version-date">{new Date(v.createdAt).toLocaleString()}</span>
              {v.message ? <span className="small version-msg">{v.message}</span> : null}
            </button>
          </li>
        ))}
      </ul>
    </aside>
  );
}
