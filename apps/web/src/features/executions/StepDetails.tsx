import { formatDateTime, formatDuration } from '@/ui/format';
import { ErrorView } from './ErrorView';
import { JsonTree } from './JsonTree';
import { StatusBadge } from '@/ui/StatusBadge';
import type { Step } from './types';

const timeOfDay = new Intl.DateTimeFormat(undefined, {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  fractionalSecondDigits: 3,
});

function Time({ iso }: { iso: string | null }) {
  if (!iso) return <span className="muted">—</span>;
  return (
    <time dateTime={iso} title={formatDateTime(iso)}>
      {timeOfDay.format(new Date(iso))}
    </time>
  );
}

/** One attempt/iteration of a node: timing, error, input and output. */
export function StepDetails({ step }: { step: Step }) {
  return (
    <div className="step-details" data-testid="step-details">
      <dl className="step-meta">
        <div>
          <dt>Status</dt>
          <dd>
            <StatusBadge kind="step" status={step.status} />
          </dd>
        </div>
        <div>
          <dt>Started</dt>
          <dd>
            <Time iso={step.startedAt} />
          </dd>
        </div>
        <div>
          <dt>Finished</dt>
          <dd>
            <Time iso={step.finishedAt} />
          </dd>
        </div>
        <div>
          <dt>Duration</dt>
          <dd>{step.status === 'running' ? 'running…' : formatDuration(step.durationMs)}</dd>
        </div>
      </dl>
      {step.error ? (
        <section className="step-section">
          <h3>Error</h3>
          <ErrorView error={step.error} />
        </section>
      ) : null}
      <section className="step-section" data-testid="step-input">
        <h3>Input</h3>
        <JsonTree value={step.input} label="Input" />
      </section>
      <section className="step-section" data-testid="step-output">
        <h3>Output</h3>
        {step.status === 'skipped' ? (
          <p className="muted small">Skipped: no branch leading here carried data.</p>
        ) : step.status === 'failed' && (step.output === null || step.output === undefined) ? (
          <p className="muted small">No output: this attempt failed.</p>
        ) : step.status === 'running' ? (
          <p className="muted small">Running…</p>
        ) : (
          <JsonTree value={step.output} label="Output" />
        )}
      </section>
    </div>
  );
}
