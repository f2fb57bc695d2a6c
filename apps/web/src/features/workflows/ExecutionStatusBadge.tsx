import type { ExecutionStatus } from './types';

const LABELS: Record<ExecutionStatus, string> = {
  queued: 'queued',
  running: 'running',
  succeeded: 'succeeded',
  failed: 'failed',
  canceled: 'canceled',
  timed_out: 'timed out',
};

/**
 * A status pill. Colour is never the only signal: the status is written out (and the
 * raw value is in `data-status` for tests and styling).
 */
export function ExecutionStatusBadge({ status, title }: { status: ExecutionStatus; title?: string }) {
  const known = status in LABELS;
  return (
    <span
      className={`badge badge-${known ? status : 'unknown'}`}
      data-testid="execution-status"
      data-status={status}
      title={title}
    >
      <span className="badge-dot" aria-hidden="true" />
      {known ? LABELS[status] : status}
    </span>
  );
}
