import type { ExecutionStatus, StepStatus } from '@weft/contracts';

type Status = ExecutionStatus | StepStatus | 'not run';

const LABELS: Partial<Record<Status, string>> = { timed_out: 'timed out' };

/**
 * A status pill for an execution or a step. Colour is never the only signal: the status
 * is written out (and the raw value is in `data-status` for tests and styling). An execution's
 * badge carries `data-testid="execution-status"`; a step's (`kind="step"`) none.
 */
export function StatusBadge({
  status,
  title,
  kind = 'execution',
}: {
  status: Status;
  title?: string;
  kind?: 'execution' | 'step';
}) {
  const testId = kind === 'execution' ? 'execution-status' : undefined;
  const className = status === 'not run' ? 'notrun' : status;
  return (
    <span className={`badge badge-${className}`} data-testid={testId} data-status={status} title={title}>
      <span className="badge-dot" aria-hidden="true" />
      {LABELS[status] ?? status}
    </span>
  );
}
