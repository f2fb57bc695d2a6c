import 'server-only';
import type { Page, PageQuery } from '@weft/contracts';
import type { RowPage } from '@weft/db';

export type { Page, PageQuery };

/**
 * Keyset pagination over time-ordered ids (UUIDv7): fetch `limit + 1` rows after the
 * cursor; the extra row only says whether another page exists. A cursor is the last id
 * of the page, so a deleted row never breaks paging (unlike Prisma's `cursor`).
 */
export function idAfter(
  cursor: string | undefined,
  direction: 'asc' | 'desc',
): { id?: { lt: string } | { gt: string } } {
  if (!cursor) return {};
  return { id: direction === 'desc' ? { lt: cursor } : { gt: cursor } };
}

export function toPage<Row extends { id: string }, T>(rows: Row[], limit: number, view: (row: Row) => T): Page<T> {
  const hasMore = rows.length > limit;
  const pageRows = hasMore ? rows.slice(0, limit) : rows;
  return {
    items: pageRows.map(view),
    nextCursor: hasMore ? (pageRows[pageRows.length - 1]?.id ?? null) : null,
  };
}

/** A repository's page (`RowPage`, keyset-paged in packages/db) as the API's `Page` of views. */
export function mapPage<Row, T>(page: RowPage<Row>, view: (row: Row) => T): Page<T> {
  return { items: page.items.map(view), nextCursor: page.nextCursor };
}
