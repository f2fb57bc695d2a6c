/** The list's status filter lives in the URL (`?status=failed,running`) so it survives reload. */
import { EXECUTION_STATUSES, type ExecutionStatus } from './types';

/** Accepts repeated or comma-separated values; drops unknown ones; keeps canonical order. */
export function parseStatusFilter(values: readonly string[]): ExecutionStatus[] {
  const wanted = new Set(values.flatMap((v) => v.split(',')).map((s) => s.trim()));
  return EXECUTION_STATUSES.filter((s) => wanted.has(s));
}

export function toggleStatus(selected: readonly ExecutionStatus[], status: ExecutionStatus): ExecutionStatus[] {
  const next = new Set(selected);
  if (next.has(status)) next.delete(status);
  else next.add(status);
  return EXECUTION_STATUSES.filter((s) => next.has(s));
}

/** The query string for the list page: other parameters are kept, `status` replaced. */
export function withStatusFilter(search: string, statuses: readonly ExecutionStatus[]): string {
  const params = new URLSearchParams(search);
  params.delete('status');
  if (statuses.length > 0) params.set('status', statuses.join(','));
  const qs = params.toString();
  return qs ? `?${qs}` : '';
}

/** The API URL for one page of the list. */
export function executionsUrl(opts: { workflowId?: string; statuses: readonly ExecutionStatus[]; cursor?: string | null; limit: number }): string {
  const params = new URLSearchParams();
  if (opts.workflowId) params.set('workflowId', opts.workflowId);
  if (opts.statuses.length > 0) params.set('status', opts.statuses.join(','));
  if (opts.cursor) params.set('cursor', opts.cursor);
  params.set('limit', String(opts.limit));
  return `/api/executions?${params.toString()}`;
}
