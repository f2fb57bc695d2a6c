import type { StepStatus } from './types';

/** A step's status as a pill: the word is always written, colour only reinforces it. */
export function StepStatusBadge({ status }: { status: StepStatus | 'not run' }) {
  const cls = status === 'not run' ? 'badge-notrun' : `badge-${status}`;
  return (
    <span className={`badge ${cls}`} data-status={status}>
      <span className="badge-dot" aria-hidden="true" />
      {status}
    </span>
  );
}
