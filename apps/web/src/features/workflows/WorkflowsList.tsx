'use client';

import { LoadMore } from '@/ui/LoadMore';
import { LoadErrorPanel, LoadingPanel } from '@/ui/QueryState';
import { EmptyStatesFor } from './WorkflowsListStates';
import { filterByLastRun, hasActiveFilters, type WorkflowFilters } from './list-filters';
import type { WorkflowListItem } from './types';
import type { useWorkflowList } from './useWorkflowList';
import { WorkflowTable } from './WorkflowTable';

interface WorkflowsListProps {
  list: ReturnType<typeof useWorkflowList>;
  filters: WorkflowFilters;
  onClearFilters: () => void;
  onNew: () => void;
  onImport: () => void;
  onExport: (workflow: WorkflowListItem) => void;
  onDelete: (workflow: WorkflowListItem) => void;
}

/** The list body: loading, error, empty, no results, or the table with "Load more". */
export function WorkflowsList({
  list,
  filters,
  onClearFilters,
  onNew,
  onImport,
  onExport,
  onDelete,
}: WorkflowsListProps) {
  if (list.isPending || (list.isError && !list.data)) {
    return list.isError ? (
      <LoadErrorPanel
        title="Couldn’t load workflows"
        message={list.error.message}
        onRetry={() => void list.refetch()}
      />
    ) : (
      <LoadingPanel>Loading workflows…</LoadingPanel>
    );
  }
  const data = list.data;
  if (!data) return null;

  const loaded = data.pages.flatMap((p) => p.items);
  // Last-execution filter: client-side over the pages loaded so far (the API has no such parameter).
  const shown = filterByLastRun(loaded, filters.last);
  const loadMore = list.hasNextPage ? () => void list.fetchNextPage() : undefined;

  if (shown.length === 0) {
    return (
      <EmptyStatesFor
        loadedCount={loaded.length}
        filters={filters}
        hasMore={list.hasNextPage}
        onClearFilters={onClearFilters}
        onNew={onNew}
        onImport={onImport}
        onLoadMore={loadMore}
      />
    );
  }

  return (
    <>
      <WorkflowTable items={shown} onExport={onExport} onDelete={onDelete} />
      <ListFooter shown={shown.length} filtered={hasActiveFilters(filters)} list={list} />
      {list.isFetchNextPageError || (list.isError && !list.isFetching) ? (
        <p className="form-error wf-list-error" role="alert">
          Couldn’t refresh the list: {list.error?.message ?? 'try again'}
        </p>
      ) : null}
    </>
  );
}

interface ListFooterProps {
  shown: number;
  filtered: boolean;
  list: ReturnType<typeof useWorkflowList>;
}

/** How many are shown (announced as it changes), and "Load more" while the server has more. */
function ListFooter({ shown, filtered, list }: ListFooterProps) {
  return (
    <div className="wf-list-footer">
      <span className="muted small" aria-live="polite">
        {filtered ? `${shown} matching` : `${shown} workflow${shown === 1 ? '' : 's'}`}
        {list.hasNextPage ? ' shown · more available' : ''}
      </span>
      <LoadMore list={list} className="" />
    </div>
  );
}
