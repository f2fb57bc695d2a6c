import type { ExpressionOptions, ExpressionScope } from './expressions/evaluate';
/**
 * Ports: every effect a node or the executor needs reaches it through these interfaces,
 * so the engine itself does no I/O. The worker passes real adapters; tests pass fakes.
 */

export interface HttpRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
  signal: AbortSignal;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface HttpPort {
  /**
   * Performs the request, following redirects. Throws EngineError NETWORK_ERROR / TIMEOUT
   * (retryable), LIMIT_EXCEEDED (body too big), SANDBOX_VIOLATION (a non-public address),
   * HTTP_ERROR (too many redirects, a bad Location) or VALIDATION_ERROR (not http/https).
   */
  request(req: HttpRequest): Promise<HttpResponse>;
}

export interface Clock {
  now(): Date;
}

export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  /** A logger that adds `bindings` to every line (pino's child); without it, lines go unbound. */
  child?(bindings: Record<string, unknown>): Logger;
}

/**
 * `logger` with `bindings` on every line when it can bind them (pino can), else `logger`
 * itself. The child is made on the first line: most node runs log nothing, and a drive
 * makes one of these per node run.
 */
export function bindLogger(logger: Logger, bindings: Record<string, unknown>): Logger {
  const child = logger.child?.bind(logger);
  if (!child) return logger;
  let bound: Logger | undefined;
  const get = () => (bound ??= child(bindings));
  return {
    debug: (obj, msg) => get().debug(obj, msg),
    info: (obj, msg) => get().info(obj, msg),
    warn: (obj, msg) => get().warn(obj, msg),
    error: (obj, msg) => get().error(obj, msg),
    child: (more) => bindLogger(get(), more),
  };
}

/**
 * What a drive reports after a checkpoint is written, for metrics (a lost checkpoint
 * reports nothing: its steps run again and are counted then). Synchronous and cheap.
 */
export interface DriveObserver {
  stepsRecorded(
    steps: ReadonlyArray<{ type: string; status: 'succeeded' | 'failed' | 'skipped'; durationMs: number }>,
  ): void;
  executionFinished(execution: {
    status: 'succeeded' | 'failed' | 'timed_out' | 'canceled';
    trigger: string;
    durationMs: number;
  }): void;
}

export const systemClock: Clock = { now: () => new Date() };

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/**
 * Evaluates a node's parameters (every `{{ }}` inside `value`) against `scope` — the step
 * where user logic runs. It must be stoppable from outside: an implementation that runs
 * JSONata in this thread cannot stop a built-in that is busy (`$sort` of a huge generated
 * array never yields), so the worker's runs it in a worker thread it terminates on overrun
 * (apps/worker/src/evaluator/). Rejects with EngineError: EXPRESSION_ERROR, or
 * LIMIT_EXCEEDED naming the expression and `opts.timeoutMs` when it overran.
 */
export interface ExpressionEvaluator {
  evaluate(value: unknown, scope: ExpressionScope, opts: ExpressionOptions): Promise<unknown>;
}
