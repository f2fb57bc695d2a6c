import { z } from 'zod';
import { AnyJson, PageQuery, Timestamp, Uuid } from './common';
import { ExecutionStatus, ExecutionTrigger, StepStatus } from './enums';

/** Executions and their steps (SPEC §1, §2, §7). */

/** Steps per page when `?limit=` is absent: every run without loops fits in one. */
export const STEP_PAGE_DEFAULT_LIMIT = 1000;
/** Largest `?limit=` for steps; above it the route answers 400 (as list endpoints do above 500). */
export const STEP_PAGE_MAX_LIMIT = 5000;

export const ExecutionListQuery = PageQuery.extend({
  workflowId: Uuid.optional(),
  webhookId: Uuid.optional().meta({ description: "A webhook's deliveries." }),
  scheduleId: Uuid.optional().meta({ description: "A schedule's runs." }),
  // `?status=failed&status=timed_out` or `?status=failed,timed_out`
  status: z
    .union([z.string(), z.array(z.string())])
    .transform((v) => (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(',')).filter(Boolean))
    .pipe(z.array(ExecutionStatus))
    .optional()
    .meta({ description: 'One or more statuses, repeated (`status=failed&status=timed_out`) or comma-separated.' }),
});

// `loop1[3]` or `loop1[3]/loop2[0]` (engine planner/state.ts iterationScope); a segment's
// node id follows NODE_ID_PATTERN. A malformed scope could only ever match nothing, so it
// is refused rather than answered with an empty page that looks like "no steps".
const SCOPE_PATTERN =
  /^[A-Za-z_][A-Za-z0-9_]{0,63}\[(?:0|[1-9][0-9]{0,9})\](?:\/[A-Za-z_][A-Za-z0-9_]{0,63}\[(?:0|[1-9][0-9]{0,9})\])*$/;
const SCOPE_MAX_CHARS = 2048;

const once = (what: string) => ({
  error: (issue: { input?: unknown }) => (Array.isArray(issue.input) ? 'must be given once' : `must be ${what}`),
});

/**
 * `GET /api/executions/:id?scope=&cursor=&limit=`: which steps one detail read returns. The
 * cursor is opaque here; the server decodes it (server/executions/step-page.ts).
 */
export const StepPageQuery = z.object({
  scope: z
    .string(once('a string'))
    .max(SCOPE_MAX_CHARS, { message: `must be at most ${SCOPE_MAX_CHARS} characters`, abort: true })
    .refine((s) => s === '' || SCOPE_PATTERN.test(s), {
      message: 'must be empty (the top level) or a loop iteration such as loop1[3] or loop1[3]/loop2[0]',
    })
    .optional()
    .meta({ description: 'Exactly this scope; empty is the top level; absent: every scope.' }),
  cursor: z.string(once('a string')).optional().meta({ description: 'The `stepsNextCursor` of the previous page.' }),
  limit: z.coerce
    .number({ message: 'must be a number' })
    .int({ message: 'must be a whole number' })
    .min(1, { message: 'must be >= 1' })
    .max(STEP_PAGE_MAX_LIMIT, { message: `must be <= ${STEP_PAGE_MAX_LIMIT}` })
    .default(STEP_PAGE_DEFAULT_LIMIT)
    .meta({ description: `Steps per page (default ${STEP_PAGE_DEFAULT_LIMIT}, at most ${STEP_PAGE_MAX_LIMIT}).` }),
});

/** A serialized engine error; HTTP failures carry `details: { status, headers, body }`. */
export const ExecutionError = z
  .looseObject({
    code: z.string(),
    message: z.string(),
    nodeId: z.string().nullable().optional(),
    details: z.record(z.string(), AnyJson).optional(),
  })
  .meta({ id: 'ExecutionError' });
export type ExecutionError = z.infer<typeof ExecutionError>;

/** SPEC §7 execution (without steps): the detail's header, with the trigger data and output. */
export const Execution = z
  .object({
    id: Uuid,
    workflowId: Uuid,
    version: z.number().int(),
    status: ExecutionStatus,
    trigger: ExecutionTrigger,
    triggerData: AnyJson,
    createdAt: Timestamp,
    startedAt: Timestamp.nullable(),
    finishedAt: Timestamp.nullable(),
    durationMs: z.number().int().nullable(),
    nodesExecuted: z.number().int(),
    output: AnyJson,
    error: ExecutionError.nullable(),
    errorNodeId: z.string().nullable(),
    parentExecutionId: Uuid.nullable(),
    webhookId: Uuid.nullable().meta({ description: 'The webhook that delivered it (trigger `webhook`).' }),
    scheduleId: Uuid.nullable().meta({ description: 'The schedule that fired it (trigger `schedule`).' }),
    workflowName: z.string().meta({ description: "The workflow's current name." }),
  })
  .meta({ id: 'Execution' });
export type Execution = z.infer<typeof Execution>;

/** The largest sequence number (a Postgres integer): a change every 250 ms for 17 years. */
export const SEQ_MAX = 2_147_483_647;

/** An execution's change sequence number (docs/api.md "Live events"). */
const Seq = z.number().int().min(0);

/**
 * A list entry (`GET /api/executions`): the execution without its payloads — no trigger
 * data, output or steps (the detail has them); the error is `{ code, message, nodeId }`
 * with the message at most 2,000 characters.
 */
export const ExecutionSummary = Execution.omit({ triggerData: true, output: true }).meta({ id: 'ExecutionSummary' });
export type ExecutionSummary = z.infer<typeof ExecutionSummary>;

/** A node running now (or a retry waiting out its backoff), as of the execution's last change. */
export const RunningNode = z
  .object({
    nodeId: z.string(),
    scope: z.string().meta({ description: "'' at the top level; the loop iteration inside loops." }),
    attempt: z.number().int(),
    retryAt: Timestamp.optional().meta({ description: 'A retry waiting out its backoff runs at this time.' }),
  })
  .meta({ id: 'RunningNode' });
export type RunningNode = z.infer<typeof RunningNode>;

/** SPEC §7 step: one run of one node (one per loop iteration, one per retry attempt). */
export const Step = z
  .object({
    id: Uuid,
    nodeId: z.string(),
    scope: z
      .string()
      .meta({ description: "'' at the top level; the loop iteration (`each[2]`, `outer[0]/inner[1]`) inside loops." }),
    attempt: z.number().int(),
    status: StepStatus,
    input: AnyJson,
    output: AnyJson,
    error: ExecutionError.nullable(),
    startedAt: Timestamp,
    finishedAt: Timestamp.nullable(),
    durationMs: z.number().int().nullable(),
    seq: Seq.meta({
      description: "The execution's change that recorded this step (0: recorded before changes were numbered).",
    }),
  })
  .meta({ id: 'Step' });
export type Step = z.infer<typeof Step>;

/** `GET /api/executions/:id`: the execution with one page of its steps, in the order they started. */
export const ExecutionDetail = Execution.extend({
  seq: Seq.meta({
    description: "The execution's latest change as this was read: resume its event stream after it (`?lastEventId=`).",
  }),
  running: z.array(RunningNode).meta({ description: 'Nodes running now; empty once it is finished.' }),
  steps: z.array(Step),
  stepsNextCursor: z
    .string()
    .nullable()
    .meta({ description: 'Pass as `?cursor=` for the next page of steps; null on the last.' }),
}).meta({ id: 'ExecutionDetail' });
export type ExecutionDetail = z.infer<typeof ExecutionDetail>;

/**
 * `GET /api/executions/:id/events`: where to resume. The `Last-Event-ID` header (browsers send
 * it when they reconnect) wins over `?lastEventId=` (for the first connection, which
 * EventSource can't give a header).
 */
export const EventStreamQuery = z.object({
  lastEventId: z.coerce
    .number({ message: 'must be a number' })
    .int({ message: 'must be a whole number' })
    .min(0, { message: 'must be >= 0' })
    .max(SEQ_MAX, { message: `must be <= ${SEQ_MAX}` })
    .optional()
    .meta({
      description:
        "Resume after this change (an event id, or a detail's `seq`): only later changes are sent, no snapshot.",
    }),
});
export type EventStreamQuery = z.infer<typeof EventStreamQuery>;

/** `snapshot` event (a connection without a resume point): the detail, with the first page of steps. */
export const ExecutionSnapshotEvent = ExecutionDetail;

/** `execution` event: the summary as of change `seq` (also the event's `id`), and the nodes running now. */
export const ExecutionChangeEvent = ExecutionSummary.extend({
  seq: Seq,
  running: z.array(RunningNode),
}).meta({ id: 'ExecutionChangeEvent' });
export type ExecutionChangeEvent = z.infer<typeof ExecutionChangeEvent>;

/** `end` event: the execution is final; the stream closes. */
export const ExecutionEndEvent = z.object({ status: ExecutionStatus, seq: Seq }).meta({ id: 'ExecutionEndEvent' });
export type ExecutionEndEvent = z.infer<typeof ExecutionEndEvent>;
