'use client';

import { useInfiniteQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect } from 'react';
import { EmptyPanel, QueryState } from '@/ui/QueryState';
import { LoadMore } from '@/ui/LoadMore';
import { StatusBadge } from '@/ui/StatusBadge';
import { Cell, Table, type TableColumn } from '@/ui/Table';
import { formatDateTime, formatDuration, formatRelative } from '@/ui/format';
import { isUnauthenticated } from '@weft/contracts/client';
import { api } from '@/lib/api-client';
import { useUrlFilters } from '@/lib/use-url-filters';
import { StatusFilter } from './StatusFilter';
import { executionsQuery, STATUS_FILTER, toggleStatus } from './status-filter';
import { isLive, type ExecutionStatus, type ExecutionSummary } from './types';
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
  const [{ statuses }, setFilter] = useUrlFilters(STATUS_FILTER);
  const list = useExecutionPages(workflowId, statuses);
  // A toggle flips the status in the URL as it is now: two quick clicks both count.
  const clear = () => setFilter({ statuses: [] });

  return (
    <div className="exec-list">
      <StatusFilter
        selected={statuses}
        onToggle={(s) => setFilter((current) => ({ statuses: toggleStatus(current.statuses, s) }))}
        onClear={clear}
      />
      <QueryState query={list} loading="Loading executions…" errorTitle="Couldn’t load executions">
        {(data) => (
          <Table
            label="Executions"
            columns={workflowId ? COLUMNS.filter((c) => c !== 'Workflow') : COLUMNS}
            items={data.pages.flatMap((p) => p.items)}
            empty={<NoExecutions filtered={statuses.length > 0} onClear={clear} />}
            footer={<LoadMore list={list} />}
          >
            {(e) => <ExecutionRow key={e.id} execution={e} showWorkflow={!workflowId} />}
          </Table>
        )}
      </QueryState>
    </div>
  );
}

const COLUMNS: readonly TableColumn[] = [
  'Status',
  'Workflow',
  'Trigger',
  'Started',
  'Duration',
  'Nodes',
  { label: 'Open', hidden: true },
];

/** The pages loaded so far; polled fast while a listed run is live. A lost session goes to /login. */
function useExecutionPages(workflowId: string | undefined, statuses: readonly ExecutionStatus[]) {
  const router = useRouter();
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
  useEffect(() => {
    if (isUnauthenticated(list.error)) router.replace('/login');
  }, [list.error, router]);
  return list;
}

function NoExecutions({ filtered, onClear }: { filtered: boolean; onClear: () => void }) {
  return (
    <EmptyPanel
      data-testid="executions-empty"
      title={filtered ? 'No executions match this filter' : 'No executions yet'}
      action={
        filtered ? (
          <button type="button" className="button" onClick={onClear}>
            Clear filter
          </button>
        ) : null
      }
    >
      {filtered ? 'Try other statuses, or clear the filter.' : 'Runs appear here as soon as a workflow is started.'}
    </EmptyPanel>
  );
}

/**
 * A whole row opens the viewer; the link in the last cell is the keyboard/AT target.
 * `showWorkflow` adds the workflow's name (the global list), which is then the row's title.
 */
function ExecutionRow({ execution: e, showWorkflow }: { execution: ExecutionSummary; showWorkflow: boolean }) {
  const router = useRouter();
  const href = `/executions/${e.id}`;
  const started = e.startedAt ?? e.createdAt;
  return (
    <tr className="exec-row" data-testid="execution-row" data-status={e.status} onClick={() => router.push(href)}>
      <Cell label="Status" primary={!showWorkflow}>
        <StatusBadge status={e.status} />
      </Cell>
      {showWorkflow ? (
        <Cell primary className="cell-title">
          {e.workflowName ?? (
            <span className="muted mono small" title="This workflow is no longer available">
              {e.workflowId.slice(0, 8)}
            </span>
          )}
        </Cell>
      ) : null}
      <Cell label="Trigger" className="exec-trigger">
        {e.trigger}
      </Cell>
      <Cell label="Started" className="nowrap">
        <time dateTime={started} title={formatDateTime(started)}>
          {formatRelative(started)}
        </time>
      </Cell>
      <Cell label="Duration" className="nowrap">
        {isLive(e.status) && e.durationMs === null ? (
          <span className="muted">running…</span>
        ) : (
          formatDuration(e.durationMs)
        )}
      </Cell>
      <Cell label="Nodes">{e.nodesExecuted}</Cell>
      <Cell actions className="exec-open">
        <Link
          href={href}
          aria-label={`Open execution ${e.id} (${e.status}, started ${formatDateTime(started)})`}
          onClick={(ev) => ev.stopPropagation()}
        >
          View →
        </Link>
      </Cell>
    </tr>
  );
}
