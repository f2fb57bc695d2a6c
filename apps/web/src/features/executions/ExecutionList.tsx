'use client';

import { useInfiniteQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect } from 'react';
import { LoadErrorPanel, LoadingPanel } from '@/ui/QueryState';
import { StatusBadge } from '@/ui/StatusBadge';
import { formatDateTime, formatDuration, formatRelative } from '@/ui/format';
import { isUnauthenticated } from '@weft/contracts/client';
import { api } from '@/lib/api-client';
import { useUrlFilters } from '@/lib/use-url-filters';
import { StatusFilter } from './StatusFilter';
import { executionsQuery, STATUS_FILTER, toggleStatus } from './status-filter';
import { isLive, type ExecutionSummary } from './types';
import './executions.css';

const PAGE_SIZE = 25;
const LIVE_REFETCH_MS = 1_500;
const IDLE_REFETCH_MS = 15_000;

/**
 * Executions, newest first: every visible workflow's (global list) or one workflow's.
 * The status filter is in the URL; the list refreshes itself quickly while something
 * listed is still queued or running.
 */
export function ExecutionList({ workflowId }: { workflowId?: string }) {
  const router = useRouter();
  const [{ statuses }, setFilter] = useUrlFilters(STATUS_FILTER);

  const list = useInfiniteQuery({
    queryKey: ['executions', 'list', { workflowId, statuses }],
    queryFn: ({ pageParam, signal }) =>
      api.call('getExecutions', {
        query: executionsQuery({ workflowId, statuses, cursor: pageParam, limit: PAGE_SIZE }),
        signal,
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    refetchInterval: (query) =>
      query.state.data?.pages.some((p) => p.items.some((e) => isLive(e.status))) ? LIVE_REFETCH_MS : IDLE_REFETCH_MS,
  });

  const items = list.data?.pages.flatMap((p) => p.items) ?? [];

  useEffect(() => {
    if (isUnauthenticated(list.error)) router.replace('/login');
  }, [list.error, router]);

  // A toggle flips the status in the URL as it is now: two quick clicks both count.
  const clear = () => setFilter({ statuses: [] });

  return (
    <div className="exec-list">
      <StatusFilter
        selected={statuses}
        onToggle={(s) => setFilter((current) => ({ statuses: toggleStatus(current.statuses, s) }))}
        onClear={clear}
      />
      {list.isPending ? (
        <LoadingPanel>Loading executions…</LoadingPanel>
      ) : list.isError ? (
        <LoadErrorPanel
          title="Couldn’t load executions"
          message={list.error.message}
          onRetry={() => void list.refetch()}
        />
      ) : items.length === 0 ? (
        <div className="panel panel-empty" data-testid="executions-empty">
          <p className="panel-title">{statuses.length > 0 ? 'No executions match this filter' : 'No executions yet'}</p>
          <p className="muted">
            {statuses.length > 0
              ? 'Try other statuses, or clear the filter.'
              : 'Runs appear here as soon as a workflow is started.'}
          </p>
          {statuses.length > 0 ? (
            <button type="button" className="button" onClick={clear}>
              Clear filter
            </button>
          ) : null}
        </div>
      ) : (
        <div className="panel">
          <table className="table exec-table">
            <thead>
              <tr>
                <th scope="col">Status</th>
                {workflowId ? null : <th scope="col">Workflow</th>}
                <th scope="col">Trigger</th>
                <th scope="col">Started</th>
                <th scope="col">Duration</th>
                <th scope="col">Nodes</th>
                <th scope="col">
                  <span className="visually-hidden">Open</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((e) => (
                <ExecutionRow
                  key={e.id}
                  execution={e}
                  workflowName={workflowId ? undefined : (e.workflowName ?? null)}
                />
              ))}
            </tbody>
          </table>
          {list.hasNextPage ? (
            <div className="exec-more">
              <button
                type="button"
                className="button"
                onClick={() => void list.fetchNextPage()}
                disabled={list.isFetchingNextPage}
              >
                {list.isFetchingNextPage ? 'Loading…' : 'Load more'}
              </button>
            </div>
          ) : null}
        </div>
      )}
    </div>
  );
}

/** A whole row opens the viewer; the link in the last cell is the keyboard/AT target. */
/** `workflowName`: undefined hides the column (per-workflow list); null = unreadable. */
function ExecutionRow({
  execution: e,
  workflowName,
}: {
  execution: ExecutionSummary;
  workflowName: string | null | undefined;
}) {
  const router = useRouter();
  const href = `/executions/${e.id}`;
  const started = e.startedAt ?? e.createdAt;
  return (
    <tr className="exec-row" data-testid="execution-row" data-status={e.status} onClick={() => router.push(href)}>
      <td>
        <StatusBadge status={e.status} />
      </td>
      {workflowName === undefined ? null : (
        <td className="cell-title">
          {workflowName ?? (
            <span className="muted mono small" title="This workflow is no longer available">
              {e.workflowId.slice(0, 8)}
            </span>
          )}
        </td>
      )}
      <td className="exec-trigger">{e.trigger}</td>
      <td className="nowrap">
        <time dateTime={started} title={formatDateTime(started)}>
          {formatRelative(started)}
        </time>
      </td>
      <td className="nowrap">
        {isLive(e.status) && e.durationMs === null ? (
          <span className="muted">running…</span>
        ) : (
          formatDuration(e.durationMs)
        )}
      </td>
      <td>{e.nodesExecuted}</td>
      <td className="exec-open">
        <Link
          href={href}
          aria-label={`Open execution ${e.id} (${e.status}, started ${formatDateTime(started)})`}
          onClick={(ev) => ev.stopPropagation()}
        >
          View →
        </Link>
      </td>
    </tr>
  );
}
