/**
 * The worker's ExpressionEvaluator: evaluates parameters in a small pool of worker threads
 * (piscina) and terminates a thread whose expression overruns. JSONata checks its timeout
 * only when it enters evaluate(), so a built-in busy on a large generated array
 * (`$distinct([1..200000])`: 34 s on one core) ignores it; on the worker's main thread it
 * would block every execution the worker drives. Terminating the thread stops it; piscina
 * starts a new one. Threads are not a security boundary: fine for JSONata, which can do no I/O.
 *
 * Deadlines: the thread reports each template (string holding `{{ }}`) just before it
 * evaluates it, and that template gets timeoutMs per `{{ }}` segment plus graceMs, the
 * same bound JSONata's own timeout sets per expression, from that moment. Time spent queued
 * behind other calls does not count, so a bomb only ever fails itself.
 */
import {
  EngineError,
  NonRetryableError,
  evaluateValue,
  hasExpression,
  splitTemplate,
  type ExpressionEvaluator,
  type ExpressionOptions,
  type ExpressionScope,
  type Logger,
} from '@weft/engine';
import { Piscina } from 'piscina';
import { scopeReadBy } from './scope-reads';
import {
  isProgressMessage,
  type EvaluationReply,
  type EvaluationTask,
  type ProgressMessage,
  type WireError,
} from './wire';

export interface ThreadedEvaluatorOptions {
  /** Threads evaluating at once (each runs one call at a time). */
  threads: number;
  /** Slack beyond timeoutMs before a thread is terminated (JSONata usually stops itself first). */
  graceMs?: number;
  /** Calls that may wait for a thread beyond those running; more are refused (retryable). */
  maxQueue?: number;
  /** Heap limit per thread: an expression that builds a huge array ends its thread, not the process. */
  maxHeapMb?: number;
  /** Told when a thread dies outside a call (a call's own failure is its rejection). */
  logger?: Logger;
}

export interface ThreadedEvaluator extends ExpressionEvaluator {
  /** Terminates the threads; calls still pending reject. Idempotent. */
  close(): Promise<void>;
  stats(): { threads: number; pending: number };
}

export const DEFAULT_THREADS = 2;
export const DEFAULT_GRACE_MS = 250;
export const DEFAULT_MAX_QUEUE = 1_000;
export const DEFAULT_MAX_HEAP_MB = 512;

const THREAD_ENTRY = new URL('./thread-entry.mjs', import.meta.url).href;
// setTimeout fires at once for anything longer (with a warning).
const MAX_TIMER_MS = 2 ** 31 - 1;

interface Pending {
  opts: ExpressionOptions;
  controller: AbortController;
  timer: NodeJS.Timeout | undefined;
  /** The template running now, as last reported by the thread. */
  current: ProgressMessage | undefined;
  /** Set when this side gave up on the call (deadline, close). */
  failure: EngineError | undefined;
}

export function createThreadedEvaluator(options: ThreadedEvaluatorOptions): ThreadedEvaluator {
  const threads = Math.max(1, Math.floor(options.threads));
  const graceMs = options.graceMs ?? DEFAULT_GRACE_MS;
  const maxQueue = options.maxQueue ?? DEFAULT_MAX_QUEUE;
  const maxHeapMb = options.maxHeapMb ?? DEFAULT_MAX_HEAP_MB;
  const pool = createPool(threads, maxHeapMb);
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let closed = false;
  let closing: Promise<void> | undefined;

  pool.on('message', restartDeadlineOnProgress(pending, graceMs));
  // A thread that dies during a call is replaced by piscina and that call rejects; piscina
  // emits 'error' only for a thread that died idle, which would otherwise go unnoticed.
  pool.on('error', (err: unknown) => options.logger?.warn({ err }, 'expression evaluator thread failed'));

  async function evaluate(value: unknown, scope: ExpressionScope, opts: ExpressionOptions): Promise<unknown> {
    const templates = templatesIn(value, []);
    // No template, no user logic: nothing to stop.
    if (templates.length === 0) return evaluateValue(value, scope, opts);
    refuseWhenUnavailable(closed, pending.size, threads + maxQueue);
    const id = nextId++;
    const call: Pending = {
      opts,
      controller: new AbortController(),
      timer: undefined,
      current: undefined,
      failure: undefined,
    };
    pending.set(id, call);
    let reply: EvaluationReply;
    try {
      const task = { id, value, scope: JSON.stringify(scopeReadBy(templates, scope)), opts };
      reply = await pool.run(task, { signal: call.controller.signal });
    } catch (err) {
      // Thread replies never throw: this is the pool (our abort, a thread that died).
      throw call.failure ?? threadError(err, call, maxHeapMb);
    } finally {
      clearTimeout(call.timer);
      pending.delete(id);
    }
    if (!reply.ok) throw fromWireError(reply.error);
    return reply.value;
  }

  function close(): Promise<void> {
    closed = true;
    closing ??= (async () => {
      const closedDuring = () =>
        new EngineError('CANCELED', 'expression evaluator closed during the evaluation', { retryable: true });
      for (const call of pending.values()) stop(call, closedDuring());
      await pool.destroy();
    })();
    return closing;
  }

  return { evaluate, close, stats: () => ({ threads: pool.threads.length, pending: pending.size }) };
}

/** A closed evaluator, or one with `capacity` calls running and queued, takes no more (retryable). */
function refuseWhenUnavailable(closed: boolean, pending: number, capacity: number): void {
  if (closed) throw new EngineError('CANCELED', 'expression evaluator is closed', { retryable: true });
  if (pending >= capacity) {
    throw new EngineError('LIMIT_EXCEEDED', `expression evaluator is overloaded (${pending} evaluations pending)`, {
      retryable: true,
    });
  }
}

function createPool(threads: number, maxHeapMb: number): Piscina<EvaluationTask, EvaluationReply> {
  return new Piscina<EvaluationTask, EvaluationReply>({
    filename: THREAD_ENTRY,
    minThreads: threads,
    maxThreads: threads,
    concurrentTasksPerWorker: 1,
    // The thread evaluates pure expressions and needs none of the process's flags; Node 20
    // ignores an inherited `--import tsx` there anyway (thread-entry.mjs registers tsx).
    execArgv: [],
    resourceLimits: { maxOldGenerationSizeMb: maxHeapMb },
  });
}

/** Each template a thread reports starting gets its own deadline: timeoutMs per `{{ }}` segment plus graceMs. */
function restartDeadlineOnProgress(pending: Map<number, Pending>, graceMs: number): (msg: unknown) => void {
  return (msg) => {
    if (!isProgressMessage(msg)) return;
    const call = pending.get(msg.id);
    if (!call || call.failure) return; // finished already: progress and reply use different ports
    call.current = msg;
    clearTimeout(call.timer);
    const budget = Math.min(msg.expressions * call.opts.timeoutMs + graceMs, MAX_TIMER_MS);
    call.timer = setTimeout(() => stop(call, overrunError(msg, call.opts.timeoutMs)), budget);
  };
}

function stop(call: Pending, failure: EngineError): void {
  call.failure ??= failure;
  call.controller.abort(); // piscina terminates the thread running it, or drops it from the queue
}

function templatesIn(value: unknown, out: string[]): string[] {
  if (hasExpression(value)) out.push(value);
  else if (Array.isArray(value)) for (const v of value) templatesIn(v, out);
  else if (value !== null && typeof value === 'object') for (const v of Object.values(value)) templatesIn(v, out);
  return out;
}

/** What ran, in evaluateValue's words: `path: expression "…"`. */
function describe(current: ProgressMessage | undefined): string {
  if (!current) return 'expression evaluation';
  const where = current.path ? `${current.path}: ` : '';
  const sources = expressionSources(current.template);
  return sources.length === 1 ? `${where}expression "${sources[0]}"` : `${where}an expression in "${current.template}"`;
}

function overrunError(current: ProgressMessage, timeoutMs: number): EngineError {
  return new NonRetryableError('LIMIT_EXCEEDED', `${describe(current)} ran longer than ${timeoutMs} ms (stopped)`);
}

function expressionSources(template: string): string[] {
  try {
    return splitTemplate(template).flatMap((s) => (s.kind === 'expr' ? [s.source] : []));
  } catch {
    return [];
  }
}

/** Rebuilds the thread's error as the class it was (structured clone keeps only fields). */
function fromWireError(e: WireError): Error {
  if (e.code === undefined) {
    const err = new Error(e.message);
    err.name = e.name;
    return err;
  }
  const opts = {
    ...(e.nodeId !== undefined ? { nodeId: e.nodeId } : {}),
    ...(e.details !== undefined ? { details: e.details } : {}),
  };
  if (e.name === 'NonRetryableError') return new NonRetryableError(e.code, e.message, opts);
  return new EngineError(e.code, e.message, {
    ...opts,
    retryable: e.retryable ?? false,
    ...(e.cause ? { cause: fromWireError(e.cause) } : {}),
  });
}

function threadError(err: unknown, call: Pending, maxHeapMb: number): EngineError {
  if ((err as { code?: unknown }).code === 'ERR_WORKER_OUT_OF_MEMORY') {
    return new NonRetryableError(
      'LIMIT_EXCEEDED',
      `${describe(call.current)} used more than ${maxHeapMb} MB of memory (stopped)`,
    );
  }
  return new EngineError(
    'INTERNAL',
    `expression evaluator thread failed: ${err instanceof Error ? err.message : String(err)}`,
  );
}
