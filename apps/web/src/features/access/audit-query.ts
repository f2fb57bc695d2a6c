/** The audit page's filters → `GET /api/audit` query (empty filters are left out). */
export interface AuditFilters {
  action: string;
  result: '' | 'success' | 'failure';
}

export const AUDIT_PAGE_SIZE = 50;

export function auditPath(filters: AuditFilters, cursor: string | null, limit = AUDIT_PAGE_SIZE): string {
  const q = new URLSearchParams();
  const action = filters.action.trim();
  if (action) q.set('action', action);
  if (filters.result) q.set('result', filters.result);
  if (cursor) q.set('cursor', cursor);
  q.set('limit', String(limit));
  return `/api/audit?${q.toString()}`;
}

/** "workflow 0193…" — the target as one short phrase (ids shortened; the full one is in the title). */
export function describeTarget(targetType: string | null, targetId: string | null): string {
  if (!targetType && !targetId) return '—';
  const id = targetId ? (targetId.length > 12 ? `${targetId.slice(0, 8)}…` : targetId) : '';
  return [targetType, id].filter(Boolean).join(' ');
}

/** Details as pretty JSON, or null when there is nothing to show. */
export function formatDetails(details: unknown): string | null {
  if (details === null || details === undefined) return null;
  if (typeof details === 'object' && Object.keys(details).length === 0) return null;
  return JSON.stringify(details, null, 2);
}
