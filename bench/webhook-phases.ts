// Phases a (async webhooks at fixed concurrency) and b (sync webhooks, open-loop at fixed
// offered rates, one unloaded connection, closed-loop throughput, and Node-RED for scale),
// all on SPEC §1's example workflow with the body {"a":1,"b":2}.
import { signature, type Hook } from './api';
import { BODY, SUM_AND_BRANCH, SUM_AND_BRANCH_STEPS, type Context } from './context';
import { settle, verify } from './executions';
import {
  closedLoop,
  errorCell,
  jsonPoster,
  latencyCell,
  openLoop,
  pool,
  type Answer,
  type LoadResult,
  type Send,
} from './load';
import { fmt } from './report';

const HOOK = { rateLimitMax: 100_000, rateLimitWindowSec: 1, requireSignature: true };

const accepted = (status: number, body: unknown): Answer => {
  const id = (body as { executionId?: unknown } | null)?.executionId;
  return status === 202 && typeof id === 'string' ? { ok: true, value: id } : { ok: false, error: `status ${status}` };
};

const answered = (status: number, body: unknown): Answer => {
  if (status === 202) return { ok: false, error: 'sync timeout (202)', late: true };
  if (status !== 200) return { ok: false, error: `status ${status}` };
  const b = body as { big?: unknown; sum?: unknown } | null;
  return b?.big === false && b.sum === 3 ? { ok: true } : { ok: false, error: 'wrong body' };
};

function hookSender(p: ReturnType<typeof pool>, hook: Hook, check: (status: number, body: unknown) => Answer): Send {
  // Signed per request: the signature carries the send time (±300 s is accepted).
  return jsonPoster(p, hook.path, BODY, () => ({ 'x-weft-signature': signature(hook, BODY) }), check);
}

/** A few sync round trips, so route compilation and the worker's first jobs aren't measured. */
export async function warmUp(ctx: Context): Promise<void> {
  const wf = await ctx.api.deploy({ ...SUM_AND_BRANCH, name: 'bench: warm-up' });
  const hook = await ctx.api.webhook(wf, { ...HOOK, responseMode: 'sync' });
  const p = pool(ctx.app.baseUrl, 4);
  try {
    const r = await closedLoop({
      connections: 2,
      seconds: ctx.opts.quick ? 2 : 5,
      timeoutMs: 60_000,
      send: hookSender(p, hook, answered),
    });
    if (r.ok === 0 || r.sent !== r.ok) throw new Error(`warm-up webhooks failed: ${errorCell(r)}`);
  } finally {
    await p.close();
  }
}

export async function asyncPhase(ctx: Context): Promise<void> {
  const { opts, report, db } = ctx;
  const wf = await ctx.api.deploy({ ...SUM_AND_BRANCH, name: 'bench a: async webhook' });
  const hook = await ctx.api.webhook(wf, { ...HOOK, responseMode: 'async' });
  const p = pool(ctx.app.baseUrl, opts.connections);
  let r: LoadResult;
  try {
    r = await closedLoop({
      connections: opts.connections,
      seconds: opts.seconds,
      timeoutMs: opts.timeoutMs,
      send: hookSender(p, hook, accepted),
    });
  } finally {
    await p.close();
  }
  const drain = await settle(db, opts.drainSeconds, wf);
  const v = await verify(db, wf, r.values, SUM_AND_BRANCH_STEPS);
  const completedPerSecond = v.succeeded / v.spanSeconds;
  ctx.figures.asyncCompletedPerSecond = completedPerSecond;
  report.data.a = {
    load: { ...r, latenciesMs: undefined, values: undefined },
    drain,
    verification: v,
    completedPerSecond,
  };

  const ph = `a. webhook async (${opts.connections} conn, ${opts.seconds} s)`;
  report.add(ph, 'executions/s completed, all steps persisted', completedPerSecond, '');
  report.add(ph, 'accepted (202) / s during load', r.okPerSecond);
  report.add(ph, 'accept latency p50 / p99 (ms)', latencyCell(r, [0.5, 0.99]));
  report.add(
    ph,
    'accepted / finished after load',
    `${fmt(r.ok)} / ${fmt(v.succeeded)} (drained in ${fmt(drain.seconds)} s)`,
  );
  report.add(
    ph,
    'errors · failed · steps missing · lost',
    `${errorCell(r)} · ${v.failed} · ${v.incomplete} · ${v.lost + v.unfinished}`,
    '0 · 0 · 0 · 0',
  );
  if (Object.keys(r.errors).length) report.problem('a', `requests not accepted: ${errorCell(r)}`);
  if (v.failed) report.problem('a', `${v.failed} executions failed`);
  if (v.incomplete)
    report.problem(
      'a',
      `${v.incomplete} succeeded executions lack some of their ${SUM_AND_BRANCH_STEPS.succeeded + SUM_AND_BRANCH_STEPS.skipped} step rows`,
    );
  if (v.lost) report.problem('a', `${v.lost} accepted executions have no row`);
  if (v.unfinished)
    report.problem('a', `${v.unfinished} executions not finished ${opts.drainSeconds} s after the load stopped`);
  if (v.extra) report.problem('a', `${v.extra} executions that no accepted request accounts for`);
}

export async function syncPhase(ctx: Context): Promise<void> {
  const { opts } = ctx;
  const wf = await ctx.api.deploy({ ...SUM_AND_BRANCH, name: 'bench b: sync webhook' });
  // The server gives up (202) a little before the client does, so the two kinds of late are
  // told apart: "sync timeout (202)" ran too slowly, "timeout" was not even answered.
  const hook = await ctx.api.webhook(wf, {
    ...HOOK,
    responseMode: 'sync',
    syncTimeoutMs: Math.max(100, opts.timeoutMs - 1_000),
  });
  const data: Record<string, unknown> = {};
  ctx.report.data.b = data;
  await syncOpenLoop(ctx, hook, data);
  await syncUnloaded(ctx, hook, data);
  await syncClosedLoop(ctx, hook, data);
  await nodeRed(ctx);
}

const syncPh = (what: string) => `b. webhook sync, ${what}`;
const stripLatencies = (r: LoadResult) => ({ ...r, latenciesMs: undefined, values: undefined });
function flagWrongAnswers(ctx: Context, what: string, r: LoadResult): void {
  const bad = (r.errors['status 500'] ?? 0) + (r.errors['wrong body'] ?? 0);
  if (bad) ctx.report.problem('b', `${what}: ${bad} executions failed or answered wrongly`);
}

/** Each offered rate in turn (open loop), the executions drained after each. */
async function syncOpenLoop(ctx: Context, hook: Hook, data: Record<string, unknown>): Promise<void> {
  const { opts, report, db } = ctx;
  const open = pool(ctx.app.baseUrl, opts.maxSockets);
  try {
    for (const rate of opts.rates) {
      const r = await openLoop({
        rate,
        seconds: opts.seconds,
        timeoutMs: opts.timeoutMs,
        send: hookSender(open, hook, answered),
      });
      const drain = await settle(db, opts.drainSeconds);
      data[`open${rate}`] = { ...stripLatencies(r), drain };
      const ph = syncPh(`${rate} req/s offered (open loop)`);
      report.add(ph, 'p50 / p95 / p99 (ms)', latencyCell(r, [0.5, 0.95, 0.99]));
      report.add(ph, 'answered 200 of sent · errors', `${fmt(r.ok)} of ${fmt(r.sent)} · ${errorCell(r)}`, '0 errors');
      flagWrongAnswers(ctx, `${rate} req/s`, r);
      if (!drain.drained)
        report.problem('b', `${drain.left} executions still unfinished ${opts.drainSeconds} s after ${rate} req/s`);
    }
  } finally {
    await open.close();
  }
}

async function syncUnloaded(ctx: Context, hook: Hook, data: Record<string, unknown>): Promise<void> {
  const { opts, report } = ctx;
  const one = pool(ctx.app.baseUrl, 1);
  try {
    const r = await closedLoop({
      connections: 1,
      seconds: opts.seconds,
      timeoutMs: opts.timeoutMs,
      send: hookSender(one, hook, answered),
    });
    data.unloaded = stripLatencies(r);
    report.add(syncPh('1 connection, unloaded'), 'p50 / p99 (ms)', latencyCell(r, [0.5, 0.99]));
    report.add(syncPh('1 connection, unloaded'), 'req/s · errors', `${fmt(r.okPerSecond)} · ${errorCell(r)}`);
    flagWrongAnswers(ctx, 'unloaded', r);
  } finally {
    await one.close();
  }
}

async function syncClosedLoop(ctx: Context, hook: Hook, data: Record<string, unknown>): Promise<void> {
  const { opts, report, db } = ctx;
  const closed = pool(ctx.app.baseUrl, opts.connections);
  try {
    const r = await closedLoop({
      connections: opts.connections,
      seconds: opts.seconds,
      timeoutMs: opts.timeoutMs,
      send: hookSender(closed, hook, answered),
    });
    await settle(db, opts.drainSeconds);
    ctx.figures.syncClosedPerSecond = r.okPerSecond;
    data.closed = stripLatencies(r);
    const ph = syncPh(`${opts.connections} conn (closed loop)`);
    report.add(ph, 'req/s sustained', r.okPerSecond);
    report.add(ph, 'p50 / p99 (ms) · errors', `${latencyCell(r, [0.5, 0.99])} · ${errorCell(r)}`);
    flagWrongAnswers(ctx, 'closed loop', r);
  } finally {
    await closed.close();
  }
}

/** The Node-RED reference (../shared/peers/nodered), only when it already answers. */
async function nodeRed(ctx: Context): Promise<void> {
  const { opts, report } = ctx;
  const url = new URL(opts.nodeRedUrl);
  const ph = `b. Node-RED reference (${opts.connections} conn)`;
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: BODY,
      signal: AbortSignal.timeout(2_000),
    });
    await res.text();
    if (res.status !== 200) throw new Error(`status ${res.status}`);
  } catch (err) {
    report.add(ph, 'req/s', `n/a (nothing answers POST ${url.href}: ${(err as Error).message})`);
    return;
  }
  const p = pool(url.origin, opts.connections);
  try {
    const ok = (status: number): Answer => (status === 200 ? { ok: true } : { ok: false, error: `status ${status}` });
    const r = await closedLoop({
      connections: opts.connections,
      seconds: opts.seconds,
      timeoutMs: opts.timeoutMs,
      send: jsonPoster(p, url.pathname, BODY, () => ({}), ok),
    });
    report.data.nodeRed = { ...r, latenciesMs: undefined, values: undefined };
    report.add(ph, 'req/s sustained · p50 / p99 (ms)', `${fmt(r.okPerSecond)} · ${latencyCell(r, [0.5, 0.99])}`);
    const ratio = (x: number | undefined) => (x === undefined ? 'n/a' : `${fmt(x / r.okPerSecond)}×`);
    report.add(ph, 'Weft sync closed-loop req/s ÷ Node-RED', ratio(ctx.figures.syncClosedPerSecond), 'ratio');
    report.add(ph, 'Weft async completed/s ÷ Node-RED', ratio(ctx.figures.asyncCompletedPerSecond), 'ratio');
  } finally {
    await p.close();
  }
}
