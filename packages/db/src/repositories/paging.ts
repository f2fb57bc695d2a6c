/**
 * Keyset pagination over time-ordered ids (UUIDv7), the one way every repository pages: rows after
 * the cursor (the last id of the previous page), `limit + 1` fetched so the extra row says whether
 * another page exists. A deleted row never breaks paging (unlike an offset or Prisma's `cursor`).
 */
export interface PageRequest {
  cursor?: string;
  limit: number;
}

export interface RowPage<Row> {
  items: Row[];
  /** The last id of this page when another page follows, else null. */
  nextCursor: string | null;
}

/** The Prisma `where` for rows after `cursor` in `direction`. */
export function idAfter(
  cursor: string | undefined,
  direction: 'asc' | 'desc',
): { id?: { lt: string } | { gt: string } } {
  if (!cursor) return {};
  return { id: direction === 'desc' ? { lt: cursor } : { gt: cursor } };
}

/** A page from `limit + 1` rows fetched in order. */
export function pageOf<Row extends { id: string }>(rows: Row[], limit: number): RowPage<Row> {
  const hasMore = rows.length > limit;
  const items = hasMore ? rows.slice(0, limit) : rows;
  return { items, nextCursor: hasMore ? (items[items.length - 1]?.id ?? null) : null };
}

/** The same page over rows held in memory (the fakes): sorted by id, after the cursor, `limit` of them. */
export function pageInMemory<Row extends { id: string }>(
  rows: Iterable<Row>,
  page: PageRequest,
  direction: 'asc' | 'desc',
): RowPage<Row> {
  const sorted = [...rows].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  if (direction === 'desc') sorted.reverse();
  const after = page.cursor
    ? sorted.filter((r) => (direction === 'desc' ? r.id < page.cursor! : r.id > page.cursor!))
    : sorted;
  return pageOf(after.slice(0, page.limit + 1), page.limit);
}
