import type { UrlFilterCodec } from '@/lib/url-filters';

/** The audit page's filters → `GET /api/audit` query (empty filters are left out). */
export interface AuditFilters {
  action: string;
  result: '' | 'success' | 'failure';
}

export const NO_AUDIT_FILTERS: AuditFilters = { action: '', result: '' };

/** The page's filters in the URL (`?action=&result=`), for useUrlFilters: they survive a reload and can be shared. */
export const AUDIT_FILTERS: UrlFilterCodec<AuditFilters> = {
  keys: ['action', 'result'],
  read: (params) => {
    const result = params.get('result');
    // The API refuses an action over 100 characters; a hand-edited URL just gets it cut.
    return {
      action: (params.get('action') ?? '').slice(0, 100),
      result: result === 'success' || result === 'failure' ? result : '',
    };
  },
  write: ({ action, result }) => {
    const params = new URLSearchParams();
    if (action.trim()) params.set('action', action.trim());
    if (result) params.set('result', result);
    return params;
  },
};

export const AUDIT_PAGE_SIZE = 50;

/** The `GET /api/audit` query for the filters (empty ones left out). */
export function auditQuery(filters: AuditFilters, cursor: string | null, limit = AUDIT_PAGE_SIZE) {
  return {
    action: filters.action.trim() || undefined,
    result: filters.result || undefined,
    cursor: cursor ?? undefined,
    limit,
  };
}

/**
 * The target as a person reads it: its name when one is known (`workflow “Nightly report”`),
 * else its type and a shortened id (the full one is in the title). The API names targets that
 * still exist (`targetName`); a deleted workflow is named from what its entries recorded
 * (`namesFromDetails`).
 */
export function describeTarget(
  entry: { targetType: string | null; targetId: string | null; targetName?: string | null },
  namesFromDetails: ReadonlyMap<string, string> = new Map(),
): string {
  const { targetType, targetId } = entry;
  if (!targetType && !targetId) return '—';
  const name = entry.targetName ?? (targetId ? namesFromDetails.get(targetId) : undefined);
  if (name) return [targetType, `“${name}”`].filter(Boolean).join(' ');
  const id = targetId ? (targetId.length > 12 ? `${targetId.slice(0, 8)}…` : targetId) : '';
  return [targetType, id].filter(Boolean).join(' ');
}

/** Names by target id from the `details.name` entries recorded (a workflow's create and delete): for targets since deleted. */
export function targetNamesFrom(
  entries: readonly { targetId: string | null; details: unknown }[],
): Map<string, string> {
  const names = new Map<string, string>();
  for (const e of entries) {
    const name = (e.details as { name?: unknown } | null)?.name;
    if (e.targetId && typeof name === 'string' && !names.has(e.targetId)) names.set(e.targetId, name);
  }
  return names;
}

/** Details as pretty JSON, or null when there is nothing to show. */
export function formatDetails(details: unknown): string | null {
  if (details === null || details === undefined) return null;
  if (typeof details === 'object' && Object.keys(details).length === 0) return null;
  return JSON.stringify(details, null, 2);
}
