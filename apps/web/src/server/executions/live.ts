import 'server-only';
import { randomUUID } from 'node:crypto';
import { SEQ_MAX, type ExecutionChangeEvent, type ExecutionEndEvent } from '@weft/contracts';
import { readExecutionHead, readStepsChanged, type ExecutionHeadRow, type StepSeqPosition } from '@weft/db';
import { isTerminal } from '@weft/engine';
import type { AuthUser } from '../auth/auth-user';
import type { Services } from '../composition';
import { ApiError } from '../http/errors';
import { withRedis } from '../operations/redis';
import { canViewExecution, getExecution } from './executions';
import { toExecutionSummaryView, toRunningView, toStepView } from './views';

/** Re-check even without a notification: pub/sub is fire-and-forget and may drop one. One small read. */
const RECHECK_MS = 2_000;
/** A comment line keeps proxies from closing an idle stream; access is re-checked with it. */
const KEEPALIVE_MS = 15_000;
/** Steps in a snapshot: the detail's first page, small; the rest is paged from the detail route. */
export const SNAPSHOT_STEPS = 100;
/** Changed steps read (and sent) at a time, so a resume far behind is streamed, not built in memory. */
const STEPS_PER_READ = 100;
/** Browsers reconnect this long after a dropped stream, with Last-Event-ID. */
const RECONNECT_MS = 3_000;

/**
 * Server-Sent Events for one execution (docs/api.md "Live events"). Each change of the
 * execution has a sequence number (`seq`, docs/architecture.md "Watch"). A connection without
 * a resume point gets a `snapshot` (the detail with its first page of steps) with `id:` its
 * seq; then, for every change, the steps that change recorded (`step`, each with its seq) and
 * one `execution` event (the summary and the nodes running now) whose `id:` is the change's
 * seq; `end` once the execution is final. A resume point (`Last-Event-ID` / `?lastEventId=`)
 * sends only the changes after it. The `id:` comes last in a change, so a client that
 * reconnects mid-change gets that change again, never loses it.
 *
 * On each notice (and every RECHECK_MS) the stream reads the execution's head — summary
 * columns, no payloads — and only when its seq moved, the steps recorded since: never every
 * step again. The body is pulled: nothing is read for a client that is not reading.
 */
export async function executionEventStream(
  services: Services,
  user: AuthUser,
  executionId: string,
  resumeAfter: number | undefined,
  signal: AbortSignal,
): Promise<Response> {
  const head = await readExecutionHead(services.pool, executionId);
  if (!head) throw new ApiError('NOT_FOUND', 'Execution not found');
  // Resuming a final execution with nothing left to send: 204 tells EventSource to stop
  // reconnecting (a client that kept its stream open after `end` would otherwise loop).
  if (resumeAfter !== undefined && resumeAfter >= head.seq && isTerminal(head.status))
    return new Response(null, { status: 204, headers: { 'cache-control': 'no-store' } });

  const max = services.config.maxEventStreamsPerUser;
  const streamId = randomUUID();
  const slot = await withRedis(() => services.streamSlots.acquire(user.id, streamId, max));
  if (!slot.ok) {
    throw new ApiError(
      'RATE_LIMITED',
      `You have ${max} live views open already (MAX_EVENT_STREAMS_PER_USER); close one, or try again later`,
      undefined,
      {
        'retry-after': String(Math.max(1, Math.ceil(slot.retryAfterMs / 1000))),
      },
    );
  }
  const release = () =>
    void services.streamSlots
      .release(user.id, streamId)
      .catch((err: unknown) =>
        services.logger.warn({ err, executionId }, 'could not release a live stream slot (it lapses on its own)'),
      );

  // A resume point the execution never reached (another database, a restore): start afresh.
  const watch = new Watch(
    services,
    user,
    executionId,
    resumeAfter !== undefined && resumeAfter <= head.seq ? resumeAfter : undefined,
  );
  try {
    const unsubscribe = await withRedis(() => services.executionEvents().subscribe(executionId, () => watch.notify()));
    watch.onClose(unsubscribe);
  } catch (err) {
    release();
    throw err;
  }
  watch.onClose(release);
  watch.every(RECHECK_MS, () => watch.notify());
  // The slot's lease lapses unless refreshed: a web process that dies stops counting its streams.
  watch.every(Math.floor(services.streamSlots.lease / 3), () => {
    services.streamSlots.refresh(user.id, streamId).catch(() => undefined); // retried at the next tick; the lease has slack
  });
  watch.every(KEEPALIVE_MS, () => {
    watch.keepalive();
    // Access taken away while watching (a grant revoked) ends the stream.
    canViewExecution(services.store, user, executionId).then(
      (ok) => ok || watch.close(),
      () => undefined,
    );
  });
  signal.addEventListener('abort', () => watch.close());
  if (signal.aborted) watch.close();

  const encoder = new TextEncoder();
  const events = watch.events();
  const stream = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        let chunk: string | undefined;
        let done = false;
        try {
          const next = await events.next();
          if (next.done) done = true;
          else chunk = next.value;
        } catch (err) {
          services.logger.warn({ err, executionId }, 'live execution stream failed');
          done = true;
        }
        // The client may have gone (cancel) while this was read: then the controller refuses.
        const safely = (act: () => void) => {
          try {
            act();
          } catch {
            // already cancelled
          }
        };
        if (chunk !== undefined) safely(() => controller.enqueue(encoder.encode(chunk)));
        // After `end`, close at once: a client that stops reading must not hold its slot.
        if (done || watch.ended) {
          watch.close();
          safely(() => controller.close());
        }
      },
      cancel() {
        watch.close();
        void events.return(undefined).catch(() => undefined);
      },
    },
    // Pull only when the client reads: a slow client holds no backlog of changes here.
    { highWaterMark: 0 },
  );

  return new Response(stream, {
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store, no-transform',
      connection: 'keep-alive',
      // Proxies (nginx) must not buffer the stream.
      'x-accel-buffering': 'no',
    },
  });
}

/**
 * Where a stream resumes: the `Last-Event-ID` header (sent by browsers when they reconnect)
 * wins over `?lastEventId=` (for a first connection, which EventSource can't give a header).
 */
export function resumePoint(req: Request, query: { lastEventId?: number }): number | undefined {
  const header = req.headers.get('last-event-id');
  if (header === null || header.trim() === '') return query.lastEventId;
  const value = header.trim();
  if (!/^\d{1,10}$/.test(value) || Number(value) > SEQ_MAX) {
    throw new ApiError('VALIDATION_ERROR', 'Last-Event-ID must be the id of an event this stream sent', [
      { path: 'headers.last-event-id', message: `must be a whole number from 0 to ${SEQ_MAX}` },
    ]);
  }
  return Number(value);
}

/** One open stream: what it has sent, and what wakes it. */
class Watch {
  /** Every change up to this one was sent. */
  private sent: number;
  /** No resume point: a snapshot comes first. */
  private readonly snapshotFirst: boolean;
  /** `end` was produced: nothing follows. */
  ended = false;
  private dirty = true;
  private keepaliveDue = false;
  private closed = false;
  private wake: (() => void) | undefined;
  private readonly cleanups: Array<() => void> = [];

  constructor(
    private readonly services: Services,
    private readonly user: AuthUser,
    private readonly executionId: string,
    resumeAfter: number | undefined,
  ) {
    this.sent = resumeAfter ?? -1;
    this.snapshotFirst = resumeAfter === undefined;
  }

  notify(): void {
    this.dirty = true;
    this.wake?.();
  }

  keepalive(): void {
    this.keepaliveDue = true;
    this.wake?.();
  }

  every(ms: number, tick: () => void): void {
    const timer = setInterval(tick, ms);
    this.onClose(() => clearInterval(timer));
  }

  onClose(cleanup: () => void): void {
    if (this.closed) cleanup();
    else this.cleanups.push(cleanup);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const c of this.cleanups.splice(0)) c();
    this.wake?.();
  }

  async *events(): AsyncGenerator<string> {
    yield `retry: ${RECONNECT_MS}\n\n`;
    if (this.snapshotFirst) {
      const detail = await getExecution(
        this.services.store,
        this.user,
        this.executionId,
        { limit: SNAPSHOT_STEPS },
        { throughSeq: true },
      );
      this.sent = detail.seq;
      yield frame('snapshot', detail, detail.seq);
      if (isTerminal(detail.status)) return yield this.end(detail.status, detail.seq);
    }
    while (!this.closed) {
      if (this.dirty) {
        this.dirty = false;
        let head: ExecutionHeadRow | null | undefined;
        try {
          head = await readExecutionHead(this.services.pool, this.executionId);
        } catch (err) {
          // Postgres unreachable for a moment: the next notice or re-check tries again.
          this.services.logger.warn({ err, executionId: this.executionId }, 'live execution check failed');
        }
        if (head === null) return; // pruned or deleted meanwhile: nothing more will change
        if (head) {
          if (head.seq > this.sent) yield* this.changes(head, this.sent);
          if (isTerminal(head.status)) return yield this.end(head.status, head.seq);
        }
      }
      await this.nextWake();
      if (this.keepaliveDue) {
        this.keepaliveDue = false;
        yield ': keepalive\n\n';
      }
    }
  }

  /** The steps recorded by changes (sent, head.seq], a page at a time, then the change itself. */
  private async *changes(head: ExecutionHeadRow, sent: number): AsyncGenerator<string> {
    let after: number | StepSeqPosition = sent;
    for (;;) {
      const rows = await readStepsChanged(this.services.pool, this.executionId, after, head.seq, STEPS_PER_READ);
      if (rows.length > 0) yield rows.map((r) => frame('step', toStepView(r))).join('');
      if (rows.length < STEPS_PER_READ || this.closed) break;
      const last = rows[rows.length - 1]!;
      after = { seq: last.seq, id: last.id };
    }
    this.sent = head.seq;
    const change: ExecutionChangeEvent = {
      ...toExecutionSummaryView(head),
      workflowName: head.workflowName,
      seq: head.seq,
      running: toRunningView(head.running),
    };
    yield frame('execution', change, head.seq);
  }

  private end(status: ExecutionEndEvent['status'], seq: number): string {
    this.ended = true;
    return frame('end', { status, seq } satisfies ExecutionEndEvent);
  }

  private nextWake(): Promise<void> {
    if (this.dirty || this.keepaliveDue || this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      this.wake = () => {
        this.wake = undefined;
        resolve();
      };
    });
  }
}

function frame(event: string, data: unknown, id?: number): string {
  // JSON.stringify escapes newlines, so the data is one `data:` line.
  return `${id !== undefined ? `id: ${id}\n` : ''}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}
