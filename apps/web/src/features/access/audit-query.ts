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

/** "workflow 0193…" — the target as one short phrase (ids shortened; the full one is in the title). */
/**
 * The target as a person reads it: its name when one is known (`workflow “Nightly report”`),
 * else its type and a shortened id. The audit API returns only the target's id, so names come
 * from what the page already has (`targetNames`: users, and workflow names in entries' details).
 */
export function describeTarget(
  targetType: string | null,
  targetId: string | null,
  targetNames: ReadonlyMap<string, string> = new Map(),
): string {
  if (!targetType && !targetId) return '—';
  const name = targetId ? targetNames.get(targetId) : undefined;
  if (name) return [targetType, `“${name}”`].filter(Boolean).join(' ');
  const id = targetId ? (targetId.length > 12 ? `${targetId.slice(0, 8)}…` : targetId) : '';
  return [targetType, id].filter(Boolean).join(' ');
}

/** Names by id: the users', then any `details.name` an entry recorded for its target (a workflow's). */
export function targetNamesFrom(
  users: readonly { id: string; name: string }[],
  entries: readonly { targetId: string | null; details: unknown }[],
): Map<string, string> {
  const names = new Map(users.map((u) => [u.id, u.name] as const));
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
