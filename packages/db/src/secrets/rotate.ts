import type { PgPool } from '../pg-pool';
import { SecretUnreadableError, type SecretBox } from './secret-box';

/** A column holding `SecretBox`-sealed values, and the key that names its rows. */
export interface SealedColumn {
  table: string;
  idColumn: string;
  column: string;
}

/** Every sealed value Weft stores: `npm run secrets:rotate` re-encrypts these (credentials join here). */
export const SEALED_COLUMNS: readonly SealedColumn[] = [
  { table: 'webhooks', idColumn: 'id', column: 'secretEncrypted' },
  // A rotated webhook secret still verifies for a day: it is sealed too.
  { table: 'webhooks', idColumn: 'id', column: 'previousSecretEncrypted' },
];

type Queryable = Pick<PgPool, 'query'>;

export interface UnreadableSecret extends SealedColumn {
  id: string;
  reason: string;
}

export interface RotationResult {
  /** Values opened and sealed again under the current key. */
  reencrypted: number;
  /** Values already under the current key. */
  alreadyCurrent: number;
  /** Values that changed between the read and the write (the app rewrote them): left to that write. */
  changedMeanwhile: number;
  /** Values no key opens: left as they are. */
  unreadable: UnreadableSecret[];
}

/**
 * Re-encrypts, under the box's current key, every sealed value not already under it. Rows are read
 * in id order, `batchSize` at a time; each is written with a compare-and-set on its old value, so
 * a rotation is safe beside the running app and after a crash a second run just finishes the rest.
 */
export async function rotateSealedColumns(
  pool: Queryable,
  box: SecretBox,
  { columns = SEALED_COLUMNS, batchSize = 500 }: { columns?: readonly SealedColumn[]; batchSize?: number } = {},
): Promise<RotationResult> {
  const result: RotationResult = { reencrypted: 0, alreadyCurrent: 0, changedMeanwhile: 0, unreadable: [] };
  for (const sealed of columns) {
    const q = { table: quoteIdent(sealed.table), id: quoteIdent(sealed.idColumn), column: quoteIdent(sealed.column) };
    let after: string | null = null;
    for (;;) {
      const { rows }: { rows: SealedRow[] } = await pool.query(
        `SELECT ${q.id}::text AS id, ${q.column} AS value FROM ${q.table}
          WHERE ${q.column} IS NOT NULL ${after === null ? '' : `AND ${q.id} > $2`} ORDER BY ${q.id} LIMIT $1`,
        after === null ? [batchSize] : [batchSize, after],
      );
      for (const row of rows) {
        const outcome = await rotateValue(pool, box, q, row);
        if (typeof outcome === 'string') result[outcome]++;
        else result.unreadable.push({ ...sealed, id: row.id, reason: outcome.unreadable });
      }
      if (rows.length < batchSize) break;
      after = rows[rows.length - 1]!.id;
    }
  }
  return result;
}

interface SealedRow {
  id: string;
  value: string;
}

/** What happened to one value: counted by name, or why no key opens it. */
type Outcome = 'reencrypted' | 'alreadyCurrent' | 'changedMeanwhile' | { unreadable: string };

async function rotateValue(
  pool: Queryable,
  box: SecretBox,
  q: { table: string; id: string; column: string },
  row: SealedRow,
): Promise<Outcome> {
  if (box.isCurrent(row.value)) return 'alreadyCurrent';
  let plain: string;
  try {
    plain = box.open(row.value);
  } catch (err) {
    if (err instanceof SecretUnreadableError) return { unreadable: err.message };
    throw err;
  }
  // Compare-and-set: a value the app rewrote since the read is its newer secret, not ours to replace.
  const { rowCount } = await pool.query(
    `UPDATE ${q.table} SET ${q.column} = $1 WHERE ${q.id} = $2 AND ${q.column} = $3`,
    [box.seal(plain), row.id, row.value],
  );
  return rowCount === 1 ? 'reencrypted' : 'changedMeanwhile';
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
