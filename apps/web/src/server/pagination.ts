import 'server-only';
import type { Page, PageQuery } from '@weft/contracts';
import type { RowPage } from '@weft/db';

export type { Page, PageQuery };

/**
 * Paging is keyset by UUIDv7 id in the repositories (packages/db/src/repositories/paging.ts); a
 * cursor is the last id of a page, so a deleted row never breaks paging. This turns a repository's page (`RowPage`)
 * into the API's `Page` of views.
 */
export function mapPage<Row, T>(page: RowPage<Row>, view: (row: Row) => T): Page<T> {
  return { items: page.items.map(view), nextCursor: page.nextCursor };
}
