import 'server-only';
import { z } from 'zod';

/** `?limit=&cursor=` for every list endpoint (SPEC §7: default 50, max 500). */
export const PageQuery = z.object({
  limit: z.coerce
    .number({ message: 'must be a number' })
    .int({ message: 'must be a whole number' })
    .min(1, { message: 'must be >= 1' })
    .max(500, { message: 'must be <= 500' })
    .default(50),
  cursor: z.uuid({ message: 'must be a cursor returned by a previous page' }).optional(),
});
export type PageQuery = z.infer<typeof PageQuery>;

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * Keyset pagination over time-ordered ids (UUIDv7): fetch `limit + 1` rows after the
 * cursor; the extra row only says whether another page exists. A cursor is the last id
 * of the page, so a deleted row never breaks paging (unlike Prisma's `cursor`).
 */
export function idAfter(cursor: string | undefined, direction: 'asc' | 'desc'): { id?: { lt: string } | { gt: string } } {
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
