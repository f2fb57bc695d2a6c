'use client';

import { useQuery } from '@tanstack/react-query';
import { apiFetch } from '@/lib/api-client';
import { ExecutionStatusBadge } from './ExecutionStatusBadge';
import { formatDateTime, formatDuration, timeAgo } from './format';
import type { ExecutionSummary, ListResponse } from './types';

const RECENT_LIMIT = 10;

/** The last few runs of one workflow, newest first, as status badges. */
export function RecentExecutions({ workflowId }: { workflowId: string }) {
  const executions = useQuery({
    queryKey: ['executions', { workflowId, limit: RECENT_LIMIT }],
    queryFn: ({ signal }) =>
      apiFetch<ListResponse<ExecutionSummary>>(
        `/api/executions?workflowId=${encodeURIComponent(workflowId)}&limit=${RECENT_LIMIT}`,
        { signal },
      ),
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

  const latest = items[0];
  return (
    <div className="recent-runs">
      <ul className="badge-list" aria-label="Recent executions, newest first">
        {items.map((execution) => (
          <li key={execution.id}>
            <ExecutionStatusBadge
              status={execution.status}
              title={`${execution.trigger} run · ${formatDateTime(execution.createdAt)} · ${formatDuration(execution.durationMs)}`}
            />
          </li>
        ))}
      </ul>
      {latest ? <span className="muted small">last {timeAgo(latest.createdAt)}</span> : null}
    </div>
  );
}
