'use client';

import Link from 'next/link';
import type { LiveRun } from './useLiveRun';

/** Above the canvas while a run started from the editor is watched: its status and the way back. */
export function LiveBar({
  executionId,
  execution,
  onBack,
}: {
  executionId: string;
  execution: LiveRun['execution'];
  onBack(): void;
}) {
  const status = execution?.status ?? 'queued';
  return (
    <div className="live-bar" role="status" data-testid="live-bar">
      <span>
        Live run{' '}
        <span className="badge" data-status={status}>
          {status}
        </span>
      </span>
      {execution?.error ? <span className="form-error small">{execution.error.message}</span> : null}
      <Link href={`/executions/${executionId}`}>Open execution</Link>
      <span className="spacer" />
      <button type="button" className="button button-small" onClick={onBack}>
        Back to editing
      </button>
    </div>
  );
}
