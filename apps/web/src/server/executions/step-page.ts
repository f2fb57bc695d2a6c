import 'server-only';
import { z } from 'zod';
import { STEP_PAGE_DEFAULT_LIMIT, STEP_PAGE_MAX_LIMIT } from '../../lib/step-page';

/**
 * `GET /api/executions/:id?scope=&cursor=&limit=`: which steps one detail read returns.
 * Steps are ordered by (startedAt, id) — the order they started, ids (UUIDv7) breaking
 * ties within a millisecond — and paged by keyset on that pair.
 */

/** Where a step sits: after this one in start order. */
export interface StepPosition {
  startedAt: Date;
  id: string;
}

// `loop1[3]` or `loop1[3]/loop2[0]` (engine planner/state.ts iterationScope); a segment's
// node id follows NODE_ID_PATTERN. A malformed scope could only ever match nothing, so it
// is refused rather than answered with an empty page that looks like "no steps".
const SCOPE_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,63}\[(?:0|[1-9][0-9]{0,9})\](?:\/[A-Za-z_][A-Za-z0-9_]{0,63}\[(?:0|[1-9][0-9]{0,9})\])*$/;
const SCOPE_MAX_CHARS = 2048;

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

const once = (what: string) => ({
  error: (issue: { input?: unknown }) => (Array.isArray(issue.input) ? 'must be given once' : `must be ${what}`),
});

export const StepPageQuery = z.object({
  /** Exactly this scope; `?scope=` (empty) is the top level; absent: every scope. */
  scope: z
    .string(once('a string'))
    .max(SCOPE_MAX_CHARS, { message: `must be at most ${SCOPE_MAX_CHARS} characters`, abort: true })
    .refine((s) => s === '' || SCOPE_PATTERN.test(s), {
      message: 'must be empty (the top level) or a loop iteration such as loop1[3] or loop1[3]/loop2[0]',
    })
    .optional(),
  cursor: z
    .string(once('a string'))
    .transform((s, ctx) => {
      const position = decodeStepCursor(s);
      if (!position) {
        ctx.addIssue({ code: 'custom', message: CURSOR_MESSAGE });
        return z.NEVER;
      }
      return position;
    })
    .optional(),
  limit: z.coerce
    .number({ message: 'must be a number' })
    .int({ message: 'must be a whole number' })
    .min(1, { message: 'must be >= 1' })
    .max(STEP_PAGE_MAX_LIMIT, { message: `must be <= ${STEP_PAGE_MAX_LIMIT}` })
    .default(STEP_PAGE_DEFAULT_LIMIT),
});
export type StepPageQuery = z.infer<typeof StepPageQuery>;
