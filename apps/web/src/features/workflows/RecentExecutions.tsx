'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { api } from '@/lib/api-client';
import { formatDateTime, formatDuration } from '@/ui/format';

const RECENT_LIMIT = 10;

const STATUS_TEXT: Record<string, string> = { timed_out: 'timed out' };

/**
 * The last few runs of one workflow as a sparkline, oldest → newest left to right: one
 * bar per run (empty slots after them up to ten), coloured by status (the status is also its accessible name and tooltip),
 * each a link to the execution.
 */
export function RecentExecutions({ workflowId }: { workflowId: string }) {
  const executions = useQuery({
    queryKey: ['executions', { workflowId, limit: RECENT_LIMIT }],
    queryFn: ({ signal }) => api.call('getExecutions', { query: { workflowId, limit: RECENT_LIMIT }, signal }),
    // Live while something is still queued or running; gently otherwise.
    refetchInterval: (query) =>
      query.state.data?.items.some((e) => e.status === 'queued' || e.status === 'running') ? 1_000 : 15_000,
  });

  if (executions.isPending) return <span className="muted small">Loading runs…</span>;
  if (executions.isError) {
    return (
      <span className="muted small" role="status">
        Runs unavailable{' '}
        <button type="button" className="link-button" onClick={() => void executions.refetch()}>
          Retry
        </button>
      </span>
    );
  }
  const items = executions.data.items;
  if (items.length === 0) return <span className="muted small">No runs yet</span>;

  return (
    <ol className="wf-spark" aria-label={`Last ${items.length} executions, oldest first`}>
      {[...items].reverse().map((execution) => {
        const status = STATUS_TEXT[execution.status] ?? execution.status;
        const title = `${status} · ${execution.trigger} · ${formatDateTime(execution.createdAt)} · ${formatDuration(execution.durationMs)}`;
        return (
          <li key={execution.id}>
            <Link
              href={`/executions/${encodeURIComponent(execution.id)}`}
              className={`wf-spark-bar wf-spark-${execution.status}`}
              data-testid="recent-execution"
              data-status={execution.status}
              title={title}
              aria-label={title}
            />
          </li>
        );
      })}
      {Array.from({ length: RECENT_LIMIT - items.length }, (_, i) => (
        <li key={`empty-${i}`} aria-hidden="true">
          <span className="wf-spark-bar wf-spark-empty" />
        </li>
      ))}
    </ol>
  );
}
