import 'server-only';
import { z } from 'zod';
import { StepPageQuery as StepPageQueryShape } from '@weft/contracts';
import type { StepPosition } from '@weft/db';

/**
 * `GET /api/executions/:id?scope=&cursor=&limit=`: which steps one detail read returns.
 * Steps are ordered by (startedAt, id) — the order they started, ids (UUIDv7) breaking
 * ties within a millisecond — and paged by keyset on that pair.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const CURSOR_MESSAGE = 'must be a stepsNextCursor returned by a previous page';

/** Opaque to clients: base64url of `<startedAt ms>.<id>` of the page's last step. */
export function encodeStepCursor(p: StepPosition): string {
  return Buffer.from(`${p.startedAt.getTime()}.${p.id}`, 'utf8').toString('base64url');
}

export function decodeStepCursor(cursor: string): StepPosition | undefined {
  if (cursor.length > 128 || !/^[A-Za-z0-9_-]+$/.test(cursor)) return undefined;
  const m = /^(\d{1,15})\.(.+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m || !UUID.test(m[2]!)) return undefined;
  const startedAt = new Date(Number(m[1]));
  if (Number.isNaN(startedAt.getTime())) return undefined;
  return { startedAt, id: m[2]! };
}

/** The contract's query, with the cursor decoded to where the page starts. */
export const StepPageQuery = StepPageQueryShape.extend({
  cursor: StepPageQueryShape.shape.cursor
    .unwrap()
    .transform((s, ctx) => {
      const position = decodeStepCursor(s);
      if (!position) {
        ctx.addIssue({ code: 'custom', message: CURSOR_MESSAGE });
        return z.NEVER;
      }
      return position;
    })
    .optional(),
});
export type StepPageQuery = z.infer<typeof StepPageQuery>;
