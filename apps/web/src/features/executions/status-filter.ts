/** The list's status filter lives in the URL (`?status=failed,running`) so it survives reload. */
import type { UrlFilterCodec } from '@/lib/url-filters';
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

/** The list's filter in the URL, for useUrlFilters: `?status=` replaced, other parameters kept. */
export const STATUS_FILTER: UrlFilterCodec<{ statuses: ExecutionStatus[] }> = {
  keys: ['status'],
  read: (params) => ({ statuses: parseStatusFilter(params.getAll('status')) }),
  write: ({ statuses }) => new URLSearchParams(statuses.length > 0 ? { status: statuses.join(',') } : {}),
};

/** The API URL for one page of the list. */
export function executionsQuery(opts: {
  workflowId?: string;
  statuses: readonly ExecutionStatus[];
  cursor?: string | null;
  limit: number;
}) {
  return {
    workflowId: opts.workflowId || undefined,
    status: opts.statuses.length > 0 ? opts.statuses.join(',') : undefined,
    cursor: opts.cursor || undefined,
    limit: opts.limit,
  };
}
