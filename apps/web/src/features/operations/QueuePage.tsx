'use client';

import { useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { Dialog } from '@/ui/Dialog';
import { FormField } from '@/ui/form/FormField';
import { PageHeader } from '@/ui/PageHeader';
import { LoadErrorPanel, LoadingPanel } from '@/ui/QueryState';
import { RefreshError } from './RefreshError';
import { formatDuration } from '@/ui/format';
import { REFRESH_MS, usePurgeWaiting, useQueues } from './api';
import { QUEUE_STATES, type PurgeResult, type QueueState, type QueueView } from '@weft/contracts';
import './operations.css';

const STATE_LABEL: Record<QueueState, string> = {
  waiting: 'Waiting',
  active: 'Active',
  delayed: 'Delayed',
  prioritized: 'Prioritized',
  'waiting-children': 'Children',
  completed: 'Completed',
  failed: 'Failed',
};

const QUEUE_HINT: Record<string, string> = {
  executions:
    'One wake-up job per execution to drive. Delayed: retries waiting out their backoff. Failed: wake-ups that ' +
    'failed for infrastructure reasons.',
  maintenance: 'The workers’ housekeeping beat (the reconciler and the schedules’ sweep).',
  retention: 'Pruning passes of finished executions (one per RETENTION_INTERVAL_MS for the whole fleet).',
};

/** `/queue` (owners and admins): BullMQ job counts per state, and a purge of the waiting wake-ups. */
export function QueuePage() {
  const [done, setDone] = useState<PurgeResult | null>(null);
  return (
    <section aria-labelledby="queue-title" className="ops-page">
      <PageHeader
        titleId="queue-title"
        title="Queue"
        lead={`Jobs in Redis per state, updated every ${REFRESH_MS / 1000} s.`}
      />
      {done ? (
        <p className="ops-notice" role="status" data-testid="purge-result">
          Purged {plural(done.purged, 'waiting wake-up')}; {plural(done.canceled, 'execution')} canceled.
        </p>
      ) : null}
      <QueueList onPurged={setDone} />
    </section>
  );
}

/** Every queue's counts; the executions queue offers its purge. A failed refresh keeps the last counts. */
function QueueList({ onPurged }: { onPurged(result: PurgeResult): void }) {
  const queues = useQueues();
  const [purging, setPurging] = useState(false);
  const items = queues.data?.items ?? [];
  const executions = items.find((q) => q.name === 'executions');
  if (queues.isPending) return <LoadingPanel>Loading the queue…</LoadingPanel>;
  if (queues.isError && items.length === 0)
    return (
      <LoadErrorPanel
        title="Could not load the queue"
        message={queues.error.message}
        onRetry={() => void queues.refetch()}
      />
    );
  return (
    <>
      {items.map((q) => (
        <QueueCard
          key={q.name}
          queue={q}
          action={
            q.name === 'executions' ? (
              <button type="button" className="button" onClick={() => setPurging(true)}>
                Purge waiting…
              </button>
            ) : null
          }
        />
      ))}
      {queues.isError ? <RefreshError message={queues.error.message} /> : null}
      {purging && executions ? (
        <PurgeDialog
          queue={executions}
          onClose={() => setPurging(false)}
          onPurged={(result) => {
            onPurged(result);
            setPurging(false);
          }}
        />
      ) : null}
    </>
  );
}

function QueueCard({ queue: q, action }: { queue: QueueView; action: ReactNode }) {
  const titleId = useId();
  return (
    <article className="panel ops-queue" aria-labelledby={titleId} data-testid={`queue-${q.name}`}>
      <header className="ops-queue-header">
        <div>
          <h2 id={titleId} className="ops-queue-title">
            <code>{q.name}</code>
          </h2>
          <p className="muted small">{QUEUE_HINT[q.name] ?? ''}</p>
        </div>
        {action}
      </header>
      <dl className="ops-counts">
        {QUEUE_STATES.map((s) => (
          <div
            key={s}
            className={`ops-count${q.counts[s] > 0 && (s === 'failed' || s === 'waiting') ? ` ops-count-${s}` : ''}`}
            data-testid={`count-${s}`}
          >
            <dt
              title={s === 'waiting-children' ? 'Waiting for child jobs (BullMQ flows; Weft queues none)' : undefined}
            >
              {STATE_LABEL[s]}
            </dt>
            <dd>{q.counts[s].toLocaleString()}</dd>
          </div>
        ))}
        <div className="ops-count" data-testid="oldest-waiting">
          <dt title="How long the job that has waited longest has waited">Oldest wait</dt>
          <dd>{q.oldestWaitingMs === null ? '—' : formatDuration(q.oldestWaitingMs)}</dd>
        </div>
      </dl>
    </article>
  );
}

interface PurgeDialogProps {
  queue: QueueView;
  onClose: () => void;
  onPurged: (r: PurgeResult) => void;
}

/** Purges only once the queue's name is typed. */
function PurgeDialog({ queue, onClose, onPurged }: PurgeDialogProps) {
  const uid = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [typed, setTyped] = useState('');
  const purge = usePurgeWaiting();
  const matches = typed === queue.name;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!matches) return;
    purge.mutate(typed, { onSuccess: onPurged });
  };

  return (
    <Dialog title="Purge waiting jobs?" onClose={onClose} busy={purge.isPending} initialFocus={inputRef}>
      <form onSubmit={submit} className="ui-form">
        <PurgeWarning queue={queue} />
        <FormField
          id={`${uid}-confirm`}
          name="purge-confirm"
          label={
            <>
              Type <code>{queue.name}</code> to confirm
            </>
          }
        >
          {(control) => (
            <input
              {...control}
              ref={inputRef}
              className="ui-input mono"
              value={typed}
              autoComplete="off"
              spellCheck={false}
              onChange={(e) => setTyped(e.target.value)}
            />
          )}
        </FormField>
        {purge.isError ? (
          <p className="form-error" role="alert">
            {purge.error.message}
          </p>
        ) : null}
        <div className="ui-dialog-actions ui-actions">
          <button type="button" className="button" onClick={onClose} disabled={purge.isPending}>
            Cancel
          </button>
          <button type="submit" className="button button-danger" disabled={!matches || purge.isPending}>
            {purge.isPending ? 'Purging…' : 'Purge waiting jobs'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/** What a purge removes and what it leaves alone. */
function PurgeWarning({ queue }: { queue: QueueView }) {
  return (
    <p>
      This removes the wake-ups waiting in the <code>{queue.name}</code> queue ({queue.counts.waiting.toLocaleString()}{' '}
      a moment ago) and cancels their executions (marked <em>canceled</em>, naming the purge). Executions a worker is
      already running, and retries waiting out a backoff, are not touched. This can’t be undone.
    </p>
  );
}

function plural(n: number, noun: string): string {
  return `${n.toLocaleString()} ${noun}${n === 1 ? '' : 's'}`;
}
