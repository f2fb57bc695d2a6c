'use client';

import { EXECUTION_STATUSES, type ExecutionStatus } from './types';

const LABELS: Record<ExecutionStatus, string> = {
  queued: 'Queued',
  running: 'Running',
  succeeded: 'Succeeded',
  failed: 'Failed',
  canceled: 'Canceled',
  timed_out: 'Timed out',
};

/** Toggle chips (aria-pressed); none selected means every status. */
export function StatusFilter({
  selected,
  onToggle,
  onClear,
}: {
  selected: readonly ExecutionStatus[];
  onToggle: (s: ExecutionStatus) => void;
  onClear: () => void;
}) {
  return (
    <div className="exec-filter" role="group" aria-labelledby="exec-filter-label">
      <span id="exec-filter-label" className="exec-filter-label">
        Status
      </span>
      {EXECUTION_STATUSES.map((status) => {
        const on = selected.includes(status);
        return (
          <button
            key={status}
            type="button"
            className={`chip ui-control chip-${status}`}
            aria-pressed={on}
            data-testid={`status-filter-${status}`}
            onClick={() => onToggle(status)}
          >
            <span className="badge-dot" aria-hidden="true" />
            {LABELS[status]}
          </button>
        );
      })}
      {selected.length > 0 ? (
        <button type="button" className="link-button small" onClick={onClear}>
          Clear
        </button>
      ) : null}
    </div>
  );
}
