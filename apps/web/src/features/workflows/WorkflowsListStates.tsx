'use client';

import { NoMatches, NoWorkflows } from './EmptyStates';
import { hasActiveFilters, LAST_RUN_OPTIONS, type WorkflowFilters } from './list-filters';

interface EmptyStatesForProps {
  loadedCount: number;
  filters: WorkflowFilters;
  hasMore: boolean;
  onClearFilters: () => void;
  onNew: () => void;
  onImport: () => void;
  onLoadMore: (() => void) | undefined;
}

/** Which "nothing to show" applies: no workflows at all, or none matching the filters. */
export function EmptyStatesFor({
  loadedCount,
  filters,
  hasMore,
  onClearFilters,
  onNew,
  onImport,
  onLoadMore,
}: EmptyStatesForProps) {
  if (!hasActiveFilters(filters)) return <NoWorkflows onNew={onNew} onImport={onImport} />;

  const q = filters.q.trim();
  if (loadedCount === 0) {
    const what = q ? `No workflow’s name contains “${q}”` : 'No workflows match these filters';
    return (
      <NoMatches
        message={`${what}${filters.active !== 'all' ? ` among ${filters.active} workflows` : ''}.`}
        onClear={onClearFilters}
      />
    );
  }
  const lastLabel = LAST_RUN_OPTIONS.find((o) => o.value === filters.last)?.label.toLowerCase() ?? filters.last;
  const message = hasMore
    ? `None of the ${loadedCount} workflows loaded so far has a last run that is “${lastLabel}”. Load more to look further.`
    : `None of the ${loadedCount} workflows has a last run that is “${lastLabel}”.`;
  return <NoMatches message={message} onClear={onClearFilters} onLoadMore={onLoadMore} />;
}
