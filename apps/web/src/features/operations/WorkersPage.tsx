'use client';

import { LoadErrorPanel, LoadingPanel } from '@/ui/QueryState';
import { formatDateTime, formatRelative } from '@/ui/format';
import { REFRESH_MS, useWorkers } from './api';
import type { FleetWorker, WorkerState } from '@weft/contracts';
import './operations.css';

const STATE_LABEL: Record<WorkerState, string> = { live: 'live', gone: 'gone', stopped: 'stopped' };
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
  const items = workers.data?.items ?? [];
  const counts = { live: 0, gone: 0, stopped: 0 };
  for (const w of items) counts[w.state]++;

  return (
    <section aria-labelledby="workers-title" className="ops-page">
      <div className="page-header">
        <div>
          <h1 id="workers-title">Workers</h1>
          <p className="muted">
            Worker processes that drive executions. Each one checks in every{' '}
            {seconds(workers.data?.heartbeatMs ?? 5_000)}; one silent for longer than its stale timeout counts as gone.
            Updated every {seconds(REFRESH_MS)}.
          </p>
        </div>
      </div>

      {workers.isPending ? (
        <LoadingPanel>Loading workers…</LoadingPanel>
      ) : workers.isError && items.length === 0 ? (
        <LoadErrorPanel
          title="Could not load the workers"
          message={workers.error.message}
          onRetry={() => void workers.refetch()}
        />
      ) : items.length === 0 ? (
        <div className="panel panel-empty">
          <p className="panel-title">No workers have checked in</p>
          <p className="muted">
            Executions stay queued until a worker runs. Start one with <code>npm start</code> (web and worker) or{' '}
            <code>npm run start -w @weft/worker</code>.
          </p>
        </div>
      ) : (
        <>
          <p className="ops-summary" aria-live="polite" data-testid="workers-summary">
            <strong>{counts.live}</strong> live · <strong>{counts.gone}</strong> gone ·{' '}
            <strong>{counts.stopped}</strong> stopped
          </p>
          <div className="panel ops-table-wrap">
            <table className="table ops-table" aria-label="Workers">
              <thead>
                <tr>
                  <th scope="col">State</th>
                  <th scope="col">Host</th>
                  <th scope="col" className="ops-num">
                    PID
                  </th>
                  <th scope="col">Version</th>
                  <th scope="col" className="ops-num">
                    Running
                  </th>
                  <th scope="col" className="ops-num">
                    Concurrency
                  </th>
                  <th scope="col">Last heartbeat</th>
                  <th scope="col">Started</th>
                  <th scope="col" className="ops-num">
                    Metrics port
                  </th>
                </tr>
              </thead>
              <tbody>
                {items.map((w) => (
                  <WorkerRow key={w.id} worker={w} />
                ))}
              </tbody>
            </table>
          </div>
          {workers.isError ? (
            <p className="field-error" role="alert">
              Could not refresh: {workers.error.message}
            </p>
          ) : null}
        </>
      )}
    </section>
  );
}

function WorkerRow({ worker: w }: { worker: FleetWorker }) {
  return (
    <tr data-testid="worker-row" data-pid={w.pid} data-state={w.state}>
      <td>
        <span className={`badge ops-badge-${w.state}`} title={STATE_HINT[w.state]} data-testid="worker-state">
          <span className="badge-dot" aria-hidden="true" />
          {STATE_LABEL[w.state]}
        </span>
      </td>
      <td className="ops-mono" title={w.id}>
        {w.host}
      </td>
      <td className="ops-num ops-mono">{w.pid}</td>
      <td className="ops-mono small">{w.version}</td>
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
      <td className="ops-num ops-mono">{w.metricsPort ?? <span className="muted">—</span>}</td>
    </tr>
  );
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}
