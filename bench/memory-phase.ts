// Phase e: RSS of the web and worker processes while they handle many async webhook
// executions at a steady rate. The rate is held below what the worker completes (80% of
// phase a's figure unless given), and sending pauses while more than a few seconds' worth
// of executions are unfinished: a growing backlog would grow Redis and Postgres, not tell us
// whether our processes leak. "No growth trend" = the least-squares slope of RSS over
// executions completed, fitted on the second half (after warm-up and heap growth), ≈ 0.
import { signature } from './api';
import { BODY, SUM_AND_BRANCH, SUM_AND_BRANCH_STEPS, type Context } from './context';
import { backlog, settle, verify } from './executions';
import { jsonPoster, pool, type Answer } from './load';
import { fmt, slope } from './report';

interface Sample {
  seconds: number;
  completed: number;
  webMb: number;
  workerMb: number;
}

const SENDERS = 16;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function memoryPhase(ctx: Context): Promise<void> {
  const { opts, db, app } = ctx;
  const target = opts.memExecutions;
  const measured = ctx.figures.asyncCompletedPerSecond;
  const rate = opts.memRate || (measured && Number.isFinite(measured) ? Math.max(5, 0.8 * measured) : 50);
  const maxBacklog = Math.max(100, Math.ceil(rate * 3));
  const wf = await ctx.api.deploy({ ...SUM_AND_BRANCH, name: 'bench e: memory' });
  const hook = await ctx.api.webhook(wf, {
    rateLimitMax: 100_000,
    rateLimitWindowSec: 1,
    requireSignature: true,
    responseMode: 'async',
  });
  const p = pool(app.baseUrl, SENDERS);
  const check = (status: number, body: unknown): Answer => {
    const id = (body as { executionId?: unknown } | null)?.executionId;
    return status === 202 && typeof id === 'string'
      ? { ok: true, value: id }
      : { ok: false, error: `status ${status}` };
  };
  const send = jsonPoster(p, hook.path, BODY, () => ({ 'x-weft-signature': signature(hook, BODY) }), check);

  const sending: Sending = { ids: [], errors: {}, sent: 0 };
  const t0 = performance.now();
  const deadline = t0 + opts.memMaxSeconds * 1000;
  const sampler = sampleRss(ctx, wf, sending.ids, t0);
  await sendOnTimetable(sending, { send, rate, target, t0, deadline, maxBacklog, timeoutMs: opts.timeoutMs }, sampler);
  const sendSeconds = (performance.now() - t0) / 1000;
  await p.close();
  const drain = await settle(db, opts.drainSeconds, wf);
  const samples = await sampler.stop();
  samples.push({ seconds: (performance.now() - t0) / 1000, completed: sending.ids.length - drain.left, ...app.rss() });
  const v = await verify(db, wf, sending.ids, SUM_AND_BRANCH_STEPS);
  reportMemory(ctx, { rate, maxBacklog, target, sending, sendSeconds, drain, v, samples });
}

interface Sending {
  ids: string[];
  errors: Record<string, number>;
  sent: number;
}

/** Every second until stopped: both processes' RSS, and how many executions are unfinished (the backlog). */
function sampleRss(ctx: Context, wf: string, ids: string[], t0: number) {
  const samples: Sample[] = [];
  let unfinished = 0;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      unfinished = await backlog(ctx.db, wf);
      samples.push({ seconds: (performance.now() - t0) / 1000, completed: ids.length - unfinished, ...ctx.app.rss() });
      await sleep(1000);
    }
  })();
  return {
    unfinished: () => unfinished,
    async stop(): Promise<Sample[]> {
      sampling = false;
      await sampler;
      return samples;
    },
  };
}

/**
 * SENDERS senders, each taking the next slot of a fixed timetable; after a pause (backlog too
 * big) the timetable restarts from now instead of bursting to catch up.
 */
async function sendOnTimetable(
  into: Sending,
  o: {
    send: ReturnType<typeof jsonPoster>;
    rate: number;
    target: number;
    t0: number;
    deadline: number;
    maxBacklog: number;
    timeoutMs: number;
  },
  sampler: { unfinished(): number },
): Promise<void> {
  const { ids, errors } = into;
  let nextAt = o.t0;
  const slot = async () => {
    while (sampler.unfinished() > o.maxBacklog && performance.now() < o.deadline) await sleep(100);
    const now = performance.now();
    nextAt = Math.max(nextAt, now - 100);
    const wait = nextAt - now;
    nextAt += 1000 / o.rate;
    if (wait > 0) await sleep(wait);
  };
  await Promise.all(
    Array.from({ length: SENDERS }, async () => {
      while (into.sent < o.target && performance.now() < o.deadline) {
        await slot();
        if (into.sent >= o.target || performance.now() >= o.deadline) break;
        into.sent++;
        try {
          const a = await o.send(AbortSignal.timeout(o.timeoutMs));
          if (a.ok) ids.push(a.value!);
          else errors[a.error!] = (errors[a.error!] ?? 0) + 1;
        } catch (err) {
          const key = `connection ${(err as { code?: string }).code ?? (err as Error).name}`;
          errors[key] = (errors[key] ?? 0) + 1;
        }
      }
    }),
  );
}

function reportMemory(
  { opts, report }: Context,
  r: {
    rate: number;
    maxBacklog: number;
    target: number;
    sending: Sending;
    sendSeconds: number;
    drain: Awaited<ReturnType<typeof settle>>;
    v: Awaited<ReturnType<typeof verify>>;
    samples: Sample[];
  },
): void {
  const { rate, target, sendSeconds, v, samples } = r;
  const { sent, errors } = r.sending;
  const half = samples.filter((s) => s.completed >= v.succeeded / 2);
  const per10k = (key: 'webMb' | 'workerMb') => slope(half.map((s) => ({ x: s.completed, y: s[key] }))) * 10_000;
  const stats = (key: 'webMb' | 'workerMb') => {
    const ys = samples.map((s) => s[key]).filter(Number.isFinite);
    return `${fmt(ys[0] ?? NaN)} / ${fmt(Math.max(...ys))} / ${fmt(ys.at(-1) ?? NaN)}`;
  };
  const errorCount = Object.values(errors).reduce((s, n) => s + n, 0);
  report.data.e = {
    rate,
    maxBacklog: r.maxBacklog,
    sent,
    accepted: r.sending.ids.length,
    errors,
    sendSeconds,
    drain: r.drain,
    verification: v,
    samples: thin(samples, 1000),
  };

  const ph = `e. memory (${fmt(target)} async executions, ≤ ${fmt(rate)}/s)`;
  const capped = sent < target ? ` (stopped by the ${opts.memMaxSeconds} s cap)` : '';
  report.add(ph, 'executions completed · send time (s)', `${fmt(v.succeeded)}${capped} · ${fmt(sendSeconds)}`);
  report.add(ph, 'web RSS start / peak / end (MB)', stats('webMb'));
  report.add(ph, 'worker RSS start / peak / end (MB)', stats('workerMb'));
  report.add(ph, 'web RSS slope, 2nd half (MB per 10k executions)', per10k('webMb'), '≈ 0');
  report.add(ph, 'worker RSS slope, 2nd half (MB per 10k executions)', per10k('workerMb'), '≈ 0');
  report.add(
    ph,
    'errors · failed · steps missing · lost',
    `${errorCount} · ${v.failed} · ${v.incomplete} · ${v.lost + v.unfinished}`,
    '0 · 0 · 0 · 0',
  );
  if (errorCount) report.problem('e', `requests not accepted: ${JSON.stringify(errors)}`);
  if (v.failed || v.incomplete || v.lost || v.unfinished || v.extra)
    report.problem(
      'e',
      `failed ${v.failed}, steps missing ${v.incomplete}, lost ${v.lost}, unfinished ${v.unfinished}, extra ${v.extra}`,
    );
}

/** At most `n` evenly spaced samples, for the JSON file. */
function thin<T>(xs: T[], n: number): T[] {
  if (xs.length <= n) return xs;
  return Array.from({ length: n }, (_, i) => xs[Math.floor((i * (xs.length - 1)) / (n - 1))]!);
}
