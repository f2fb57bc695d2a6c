/**
 * The workflows list's filters: read from and written to the URL (`?q=&active=&last=`),
 * turned into the API query, and — for the last-execution filter, which the API does not
 * offer — applied on the client.
 */
import type { UrlFilterCodec } from '@/lib/url-filters';
import type { ExecutionStatus, WorkflowListItem } from './types';

export type ActiveFilter = 'all' | 'active' | 'inactive';
export type LastRunFilter = 'any' | 'succeeded' | 'failed' | 'running' | 'never';

export interface WorkflowFilters {
  q: string;
  active: ActiveFilter;
  last: LastRunFilter;
}

export const DEFAULT_FILTERS: WorkflowFilters = { q: '', active: 'all', last: 'any' };

export const ACTIVE_OPTIONS: Array<{ value: ActiveFilter; label: string }> = [
  { value: 'all', label: 'All' },
  { value: 'active', label: 'Active' },
  { value: 'inactive', label: 'Inactive' },
];

export const LAST_RUN_OPTIONS: Array<{ value: LastRunFilter; label: string }> = [
  { value: 'any', label: 'Any' },
  { value: 'succeeded', label: 'Succeeded' },
  { value: 'failed', label: 'Failed or timed out' },
  { value: 'running', label: 'Queued or running' },
  { value: 'never', label: 'Never run' },
];

/** Which last-execution statuses each filter keeps (`never` and `any` are handled apart). */
const LAST_RUN_STATUSES: Record<Exclude<LastRunFilter, 'any' | 'never'>, readonly ExecutionStatus[]> = {
  succeeded: ['succeeded'],
  failed: ['failed', 'timed_out'],
  running: ['queued', 'running'],
};

function oneOf<T extends string>(value: string | null, allowed: readonly { value: T }[], fallback: T): T {
  return allowed.find((o) => o.value === value)?.value ?? fallback;
}

/** URL → filters; unknown values fall back to the defaults rather than erroring. */
export function filtersFromParams(params: { get(name: string): string | null }): WorkflowFilters {
  return {
    q: (params.get('q') ?? '').slice(0, 200),
    active: oneOf(params.get('active'), ACTIVE_OPTIONS, 'all'),
    last: oneOf(params.get('last'), LAST_RUN_OPTIONS, 'any'),
  };
}

/** Filters → URL query (defaults omitted, so a clean list has a clean URL). */
export function filtersToParams(filters: WorkflowFilters): URLSearchParams {
  const params = new URLSearchParams();
  const q = filters.q.trim();
  if (q) params.set('q', q);
  if (filters.active !== 'all') params.set('active', filters.active);
  if (filters.last !== 'any') params.set('last', filters.last);
  return params;
}

/** The list's filters in the URL, for useUrlFilters. */
export const WORKFLOW_FILTERS: UrlFilterCodec<WorkflowFilters> = {
  keys: ['q', 'active', 'last'],
  read: filtersFromParams,
  write: filtersToParams,
};

/** The `GET /api/workflows` query for one page (search and active are server-side). */
export function workflowsApiQuery(
  filters: Pick<WorkflowFilters, 'q' | 'active'>,
  limit: number,
  cursor?: string | null,
) {
  return {
    search: filters.q.trim() || undefined,
    active: filters.active === 'all' ? undefined : filters.active === 'active' ? ('true' as const) : ('false' as const),
    limit,
    cursor: cursor || undefined,
  };
}

/**
 * The last-execution filter, client-side over the pages loaded so far: the list API has
 * no such parameter. A match further down the list appears once "Load more" fetches it.
 */
export function matchesLastRun(workflow: Pick<WorkflowListItem, 'lastExecution'>, filter: LastRunFilter): boolean {
  if (filter === 'any') return true;
  if (filter === 'never') return workflow.lastExecution === null;
  return workflow.lastExecution !== null && LAST_RUN_STATUSES[filter].includes(workflow.lastExecution.status);
}

export function filterByLastRun<T extends Pick<WorkflowListItem, 'lastExecution'>>(
  items: readonly T[],
  filter: LastRunFilter,
): T[] {
  return items.filter((w) => matchesLastRun(w, filter));
}

export function hasActiveFilters(filters: WorkflowFilters): boolean {
  return filters.q.trim() !== '' || filters.active !== 'all' || filters.last !== 'any';
}
