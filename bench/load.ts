// Load generators over an undici Pool (keep-alive, one request per connection at a time).
//  - closedLoop: N connections, each sends its next request when the previous one answers
//    (autocannon's model): measures sustained throughput, but a slow server slows the
//    client down with it, so its latencies flatter the server.
//  - openLoop: requests leave on a fixed timetable whatever the answers (wrk2's model), and
//    latency is measured from the *scheduled* send time, so time spent waiting for a free
//    connection counts (no coordinated omission). A request still waiting when its timeout
//    passes is aborted, in the queue or on the wire, and counted as a timeout.
// Both are bounded: by the phase's duration plus one request timeout.
import { Pool } from 'undici';
import { percentile } from './report';

/** What one request came back with; `value` is whatever the caller extracted (an execution id). */
export interface Answer {
  ok: boolean;
  /** Why it was not ok: `status 500`, `wrong body`, … */
  error?: string;
  /** Not answered in time (also a server-side timeout): counts as Infinity in the latencies. */
  late?: boolean;
  value?: string;
}

export type Send = (signal: AbortSignal) => Promise<Answer>;

export interface LoadResult {
  sent: number;
  ok: number;
  errors: Record<string, number>;
  /** Seconds from the first send to the last answer. */
  seconds: number;
  okPerSecond: number;
  /** Every answered or timed-out request (Infinity = timed out), ascending. */
  latenciesMs: number[];
  values: string[];
  firstOkAt: number | null;
}

class Recorder {
  private readonly latencies: number[] = [];
  private readonly errors: Record<string, number> = {};
  private ok = 0;
  private sent = 0;
  private firstOk: number | null = null;
  readonly values: string[] = [];
  private readonly startedAt = performance.now();
  private lastAt = this.startedAt;

  async run(send: Send, startedAt: number, timeoutMs: number): Promise<Answer> {
    this.sent++;
    const remaining = Math.max(1, Math.ceil(timeoutMs - (performance.now() - startedAt)));
    let answer: Answer;
    try {
      answer = await send(AbortSignal.timeout(remaining));
    } catch (err) {
      const error = classify(err);
      answer = { ok: false, error, late: error === 'timeout' };
    }
    const now = performance.now();
    this.lastAt = Math.max(this.lastAt, now);
    this.latencies.push(answer.late ? Infinity : now - startedAt);
    if (answer.ok) {
      this.ok++;
      this.firstOk ??= Date.now();
      if (answer.value !== undefined) this.values.push(answer.value);
    } else {
      const key = answer.error ?? 'error';
      this.errors[key] = (this.errors[key] ?? 0) + 1;
    }
    return answer;
  }

  result(): LoadResult {
    const seconds = (this.lastAt - this.startedAt) / 1000;
    return {
      sent: this.sent,
      ok: this.ok,
      errors: this.errors,
      seconds,
      okPerSecond: seconds > 0 ? this.ok / seconds : 0,
      latenciesMs: this.latencies.sort((a, b) => a - b),
      values: this.values,
      firstOkAt: this.firstOk,
    };
  }
}

function classify(err: unknown): string {
  const e = err as { name?: string; code?: string };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError' || e?.code === 'UND_ERR_ABORTED') return 'timeout';
  return `connection ${e?.code ?? e?.name ?? 'error'}`;
}

export async function closedLoop(o: {
  connections: number;
  seconds: number;
  timeoutMs: number;
  send: Send;
}): Promise<LoadResult> {
  const rec = new Recorder();
  const end = performance.now() + o.seconds * 1000;
  await Promise.all(
    Array.from({ length: o.connections }, async () => {
      while (performance.now() < end) {
        const answer = await rec.run(o.send, performance.now(), o.timeoutMs);
        // A refused connection fails at once: don't spin (and fill memory) until the end.
        if (answer.error?.startsWith('connection')) await new Promise((r) => setTimeout(r, 10));
      }
    }),
  );
  return rec.result();
}

export async function openLoop(o: {
  rate: number;
  seconds: number;
  timeoutMs: number;
  send: Send;
}): Promise<LoadResult> {
  const rec = new Recorder();
  const total = Math.round(o.rate * o.seconds);
  const t0 = performance.now();
  const due = (i: number) => t0 + (i * 1000) / o.rate;
  const pending: Promise<Answer>[] = [];
  let i = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      // Catch up on every send that fell due while the event loop was busy.
      while (i < total && due(i) <= performance.now()) pending.push(rec.run(o.send, due(i++), o.timeoutMs));
      if (i >= total) return resolve();
      setTimeout(tick, Math.max(0, due(i) - performance.now()));
    };
    tick();
  });
  await Promise.all(pending);
  return rec.result();
}

/** A keep-alive pool to one origin; `connections` caps the sockets (requests beyond wait in it). */
export function pool(origin: string, connections: number): Pool {
  return new Pool(origin, { connections, pipelining: 1, keepAliveTimeout: 60_000, headersTimeout: 0, bodyTimeout: 0 });
}

/** A JSON POST on `p` that is ok when `check` accepts the status and parsed body. */
export function jsonPoster(
  p: Pool,
  path: string,
  body: string,
  headers: () => Record<string, string>,
  check: (status: number, body: unknown) => Answer,
): Send {
  return async (signal) => {
    const res = await p.request({
      path,
      method: 'POST',
      body,
      signal,
      headers: { 'content-type': 'application/json', ...headers() },
    });
    const text = await res.body.text();
    let parsed: unknown = null;
    try {
      parsed = JSON.parse(text);
    } catch {
      // checked below
    }
    return check(res.statusCode, parsed);
  };
}

/** `p50 / p99` style cell; a percentile that lands on a late request shows as `timed out`. */
export function latencyCell(r: LoadResult, qs: number[]): string {
  if (r.latenciesMs.length === 0) return 'n/a';
  return qs
    .map((q) => {
      const v = percentile(r.latenciesMs, q);
      return Number.isFinite(v) ? v.toFixed(1) : 'timed out';
    })
    .join(' / ');
}

export function errorCell(r: LoadResult): string {
  const entries = Object.entries(r.errors);
  if (entries.length === 0) return '0';
  const total = entries.reduce((s, [, n]) => s + n, 0);
  return `${total} (${entries.map(([k, n]) => `${k}: ${n}`).join(', ')})`;
}
