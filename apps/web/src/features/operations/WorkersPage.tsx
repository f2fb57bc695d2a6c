'use client';

import { PageHeader } from '@/ui/PageHeader';
import { EmptyPanel, LoadErrorPanel, LoadingPanel } from '@/ui/QueryState';
import { RefreshError } from './RefreshError';
import { formatDateTime, formatRelative } from '@/ui/format';
import { REFRESH_MS, useWorkers } from './api';
import type { FleetWorker, WorkerState } from '@weft/contracts';
import './operations.css';

const STATE_LABEL: Record<WorkerState, string> = { live: 'live', gone: 'gone', stopped: 'stopped' };
/** The execution status whose colours a worker state borrows (the word is always written out). */
const STATE_TONE: Record<WorkerState, 'succeeded' | 'failed' | 'canceled'> = {
  live: 'succeeded',
  gone: 'failed',
  stopped: 'canceled',
};
const STATE_HINT: Record<WorkerState, string> = {
  live: 'Beating: it takes executions.',
  gone:
    'No heartbeat for longer than its stale timeout: killed, crashed or cut off from Redis. Its drives are ' +
    'taken over once their leases expire.',
  stopped: 'Left cleanly (SIGTERM) after finishing its drives.',
};

/** `/workers` (owners and admins): every worker process, from its heartbeats in Redis; refreshes every few seconds. */
export function WorkersPage() {
  const workers = useWorkers();
  return (
    <section aria-labelledby="workers-title" className="ops-page">
      <PageHeader
        titleId="workers-title"
        title="Workers"
        lead={
          <>
            Worker processes that drive executions. Each one checks in every{' '}
            {seconds(workers.data?.heartbeatMs ?? 5_000)}; one silent for longer than its stale timeout counts as gone.
            Updated every {seconds(REFRESH_MS)}.
          </>
        }
      />
      <WorkerList workers={workers} />
    </section>
  );
}

/** The table of workers, or why there is none. A failed refresh keeps the last list. */
function WorkerList({ workers }: { workers: ReturnType<typeof useWorkers> }) {
  const items = workers.data?.items ?? [];
  if (workers.isPending) return <LoadingPanel>Loading workers…</LoadingPanel>;
  if (workers.isError && items.length === 0)
    return (
      <LoadErrorPanel
        title="Could not load the workers"
        message={workers.error.message}
        onRetry={() => void workers.refetch()}
      />
    );
  if (items.length === 0)
    return (
      <EmptyPanel title="No workers have checked in">
        Executions stay queued until a worker runs. Start one with <code>npm start</code> (web and worker) or{' '}
        <code>npm run start -w @weft/worker</code>.
      </EmptyPanel>
    );
  const counts = { live: 0, gone: 0, stopped: 0 };
  for (const w of items) counts[w.state]++;
  return (
    <>
      <p className="ops-summary" aria-live="polite" data-testid="workers-summary">
        <strong>{counts.live}</strong> live · <strong>{counts.gone}</strong> gone · <strong>{counts.stopped}</strong>{' '}
        stopped
      </p>
      <WorkersTable items={items} />
      {workers.isError ? <RefreshError message={workers.error.message} /> : null}
    </>
  );
}

const COLUMNS: Array<[label: string, numeric?: boolean]> = [
  ['State'],
  ['Host'],
  ['PID', true],
  ['Version'],
  ['Running', true],
  ['Concurrency', true],
  ['Last heartbeat'],
  ['Started'],
  ['Metrics port', true],
];

function WorkersTable({ items }: { items: FleetWorker[] }) {
  return (
    <div className="panel ops-table-wrap">
      <table className="table ops-table" aria-label="Workers">
        <thead>
          <tr>
            {COLUMNS.map(([label, numeric]) => (
              <th key={label} scope="col" className={numeric ? 'ops-num' : undefined}>
                {label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {items.map((w) => (
            <WorkerRow key={w.id} worker={w} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function WorkerRow({ worker: w }: { worker: FleetWorker }) {
  return (
    <tr data-testid="worker-row" data-pid={w.pid} data-state={w.state}>
      <td>
        <span className={`badge badge-${STATE_TONE[w.state]}`} title={STATE_HINT[w.state]} data-testid="worker-state">
          <span className="badge-dot" aria-hidden="true" />
          {STATE_LABEL[w.state]}
        </span>
      </td>
      <td className="mono" title={w.id}>
        {w.host}
      </td>
      <td className="ops-num mono">{w.pid}</td>
      <td className="mono small">{w.version}</td>
      <td className="ops-num">{w.state === 'live' ? w.running : '—'}</td>
      <td className="ops-num">{w.concurrency}</td>
      <td className="nowrap">
        <time dateTime={w.lastHeartbeatAt} title={formatDateTime(w.lastHeartbeatAt)}>
          {formatRelative(w.lastHeartbeatAt)}
        </time>
      </td>
      <td className="nowrap small muted">
        <time dateTime={w.startedAt} title={formatDateTime(w.startedAt)}>
          {formatRelative(w.startedAt)}
        </time>
      </td>
      <td className="ops-num mono">{w.metricsPort ?? <span className="muted">—</span>}</td>
    </tr>
  );
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}
