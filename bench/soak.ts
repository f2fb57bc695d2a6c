// `npm run soak`: durability under crashes (issue 8, item 8), loopback only and bounded.
// Signed async webhooks arrive from a few connections for 60 s while worker processes are
// SIGKILLed every 10 s and started again, the soak's own Redis (AOF on) is killed and
// restarted once and its own Postgres cluster restarted once. The workflow is
// webhook → transform → http (to a target in this process that counts calls per execution)
// → transform. Afterwards, in Postgres: every delivery answered 202 has exactly one
// execution, every execution is terminal within --drain-seconds, and no http step that had
// finished was called again, no delivery answered with a refusal (a 503 the sender retries)
// has an execution, and no process exited on its own. Prints the counts; exits 1 on any loss,
// duplicate, stuck execution, repeated finished effect, run of a refused delivery or crash.
//
//   npm run soak                          60 s, 8 connections, 2 workers
//   npm run soak -- --seconds 20          shorter (Redis at 42 %, Postgres at 75 % of it)
//   options: --connections N --workers N --kill-every S --worker-down-ms N --redis-at S
//            --pg-at S --down-ms N --pg-mode fast|immediate --redis-signal KILL|TERM
//            --drain-seconds N --target-delay-ms N --lock-ms N --timeout-ms N --port N
//            --build auto|always|never
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connect, signature, type Hook } from './api';
import { startApp, type App } from './app';
import { database, settle, waitFinished } from './executions';
import { startHitTarget, type HitTarget } from './hit-target';
import { closedLoop, pool, type Send } from './load';
import { fmt, header, renderTable, Report } from './report';
import { freePort, startServices, type Services } from './soak-services';
import { describeExecutions, verifySoak, type Outcome } from './soak-verify';
import { runMain } from './entry';

const root = fileURLToPath(new URL('..', import.meta.url));
const HTTP_NODE = 'call';

function parseOptions(argv: string[]) {
  const value = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const num = (name: string, dflt: number) => {
    const v = value(name);
    const n = v === undefined ? dflt : Number(v);
    if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a number ≥ 0, got ${v}`);
    return n;
  };
  const oneOf = <T extends string>(name: string, allowed: readonly T[], dflt: T): T => {
    const v = value(name) ?? dflt;
    if (!allowed.includes(v as T)) throw new Error(`--${name} must be one of ${allowed.join(', ')}`);
    return v as T;
  };
  const seconds = num('seconds', 60);
  return {
    seconds,
    connections: Math.max(1, num('connections', 8)),
    workers: Math.max(1, num('workers', 2)),
    killEverySeconds: num('kill-every', 10),
    workerDownMs: num('worker-down-ms', 1_000),
    redisAtSeconds: num('redis-at', Math.round(seconds * 0.42 * 10) / 10),
    pgAtSeconds: num('pg-at', Math.round(seconds * 0.75 * 10) / 10),
    downMs: num('down-ms', 2_000),
    pgMode: oneOf('pg-mode', ['fast', 'immediate'] as const, 'fast'),
    redisSignal: `SIG${oneOf('redis-signal', ['KILL', 'TERM'] as const, 'KILL')}` as NodeJS.Signals,
    drainSeconds: num('drain-seconds', 120),
    targetDelayMs: num('target-delay-ms', 20),
    lockMs: Math.max(1_000, num('lock-ms', 5_000)),
    timeoutMs: num('timeout-ms', 10_000),
    port: num('port', 0),
    build: oneOf('build', ['auto', 'always', 'never'] as const, 'auto'),
  };
}
type Options = ReturnType<typeof parseOptions>;

function soakWorkflow(targetUrl: string) {
  const at = (x: number) => ({ x, y: 0 });
  return {
    name: 'soak: webhook → transform → http → transform',
    nodes: [
      { id: 'start', type: 'trigger', name: 'Webhook', position: at(0), parameters: {} },
      {
        id: 'shape',
        type: 'transform',
        name: 'Shape',
        position: at(240),
        parameters: { fields: { delivery: '{{ $input.body.delivery }}' } },
      },
      {
        id: HTTP_NODE,
        type: 'http',
        name: 'Call target',
        position: at(480),
        parameters: {
          method: 'POST',
          url: targetUrl,
          headers: { 'idempotency-key': '{{ $execution.id }}' },
          body: { executionId: '{{ $execution.id }}', delivery: '{{ $input.delivery }}' },
          responseType: 'json',
        },
      },
      {
        id: 'done',
        type: 'transform',
        name: 'Done',
        position: at(720),
        parameters: { fields: { delivery: '{{ $nodes.shape.delivery }}', hits: '{{ $input.body.hits }}' } },
      },
    ],
    edges: [
      { id: 'e1', source: 'start', target: 'shape' },
      { id: 'e2', source: 'shape', target: HTTP_NODE },
      { id: 'e3', source: HTTP_NODE, target: 'done' },
    ],
    settings: { timeoutSeconds: 300, maxParallelNodes: 10 },
    variables: {},
  };
}

type Answered = { executionId?: unknown; duplicate?: unknown; error?: { code?: unknown; message?: unknown } } | null;

/**
 * Signed POSTs, each with a fresh delivery id in its body; every other one also sends it as
 * Idempotency-Key, since a keyed delivery takes another path (a Prisma transaction, not the
 * single pg INSERT). What each got back goes into `outcomes`.
 */
function deliverySender(p: ReturnType<typeof pool>, hook: Hook, outcomes: Map<string, Outcome>): Send {
  const run = randomUUID().slice(0, 8);
  let seq = 0;
  return async (signal) => {
    const delivery = `${run}-${++seq}`;
    const body = JSON.stringify({ delivery });
    const keyed = seq % 2 === 1;
    const headers = {
      'content-type': 'application/json',
      'x-weft-signature': signature(hook, body),
      ...(keyed ? { 'idempotency-key': delivery } : {}),
    };
    let status: number;
    let parsed: Answered = null;
    try {
      const res = await p.request({ path: hook.path, method: 'POST', body, signal, headers });
      status = res.statusCode;
      const text = await res.body.text();
      try {
        parsed = JSON.parse(text) as Answered;
      } catch {
        // not JSON: refused below
      }
    } catch (err) {
      const e = err as { name?: string; code?: string };
      const why =
        e.name === 'TimeoutError' || e.name === 'AbortError' || e.code === 'UND_ERR_ABORTED'
          ? 'timeout'
          : `connection ${e.code ?? e.name ?? 'error'}`;
      outcomes.set(delivery, { kind: 'unanswered', why });
      throw err;
    }
    if (status === 202 && typeof parsed?.executionId === 'string' && parsed.duplicate !== true) {
      outcomes.set(delivery, { kind: 'accepted', executionId: parsed.executionId });
      return { ok: true };
    }
    // Which service a 503 blamed, so the report tells a Redis restart's refusals from Postgres's.
    const message = typeof parsed?.error?.message === 'string' ? parsed.error.message : '';
    const blamed =
      status === 503
        ? /database|postgres/i.test(message)
          ? ' (Postgres)'
          : /redis|queue/i.test(message)
            ? ' (Redis)'
            : ''
        : '';
    const code = typeof parsed?.error?.code === 'string' ? ` ${parsed.error.code}${blamed}` : '';
    const answer =
      status === 202
        ? `202 ${parsed?.duplicate === true ? 'duplicate' : 'without executionId'}`
        : `status ${status}${code}`;
    const why = `${answer}${keyed ? ' (keyed)' : ''}`;
    outcomes.set(delivery, { kind: 'refused', why });
    // A sender backs off a little on 5xx rather than spinning through an outage.
    if (status >= 500) await new Promise((r) => setTimeout(r, 50));
    return { ok: false, error: why };
  };
}

interface Chaos {
  timeline: string[];
  workerKills: number;
  redisRestarts: number;
  pgRestarts: number;
  crashRestarts: number;
}

/** Kills, restarts and a supervisor that starts crashed workers again, until `seconds` after t0. */
async function runChaos(o: Options, app: App, services: Services, t0: number, halt: AbortSignal): Promise<Chaos> {
  const chaos: Chaos = { timeline: [], workerKills: 0, redisRestarts: 0, pgRestarts: 0, crashRestarts: 0 };
  const t = () => ((performance.now() - t0) / 1000).toFixed(1);
  const log = (what: string) => {
    const line = `${t()} s ${what}`;
    chaos.timeline.push(line);
    console.error(`[soak] ${line}`);
  };
  // Resolves at t0 + seconds, or at once when the soak is interrupted (then nothing more happens).
  const at = (seconds: number) =>
    new Promise<void>((r) => {
      const timer = setTimeout(r, Math.max(0, t0 + seconds * 1000 - performance.now()));
      halt.addEventListener('abort', () => (clearTimeout(timer), r()), { once: true });
    });
  const killing = new Set<number>();
  const tasks: Promise<void>[] = [];

  if (o.killEverySeconds > 0) {
    for (let k = 1; k * o.killEverySeconds < o.seconds; k++) {
      const slot = (k - 1) % app.workers.length;
      tasks.push(
        at(k * o.killEverySeconds).then(async () => {
          if (halt.aborted) return;
          const w = app.workers[slot]!;
          killing.add(slot);
          const pid = w.pid;
          await w.kill();
          chaos.workerKills++;
          log(`SIGKILL worker ${slot + 1} (pid ${pid})`);
          await new Promise((r) => setTimeout(r, o.workerDownMs));
          if (halt.aborted) return;
          w.start();
          killing.delete(slot);
          log(`started worker ${slot + 1} (pid ${w.pid})`);
        }),
      );
    }
  }
  if (o.redisAtSeconds < o.seconds) {
    tasks.push(
      at(o.redisAtSeconds).then(async () => {
        if (halt.aborted) return;
        log(`Redis ${o.redisSignal}`);
        const { keysAfter } = await services.restartRedis({ signal: o.redisSignal, downMs: o.downMs });
        chaos.redisRestarts++;
        log(`Redis up again, ${keysAfter} keys reloaded from the AOF`);
      }),
    );
  }
  if (o.pgAtSeconds < o.seconds) {
    tasks.push(
      at(o.pgAtSeconds).then(async () => {
        if (halt.aborted) return;
        log(`Postgres stop -m ${o.pgMode}`);
        await services.restartPostgres({ mode: o.pgMode, downMs: o.downMs });
        chaos.pgRestarts++;
        log('Postgres up again');
      }),
    );
  }
  // As a process supervisor would: a worker that died on its own is started again.
  let supervising = true;
  const supervisor = (async () => {
    while (supervising && !halt.aborted) {
      await new Promise((r) => setTimeout(r, 500));
      app.workers.forEach((w, i) => {
        if (supervising && !halt.aborted && !killing.has(i) && !w.alive()) {
          w.start();
          chaos.crashRestarts++;
          log(`worker ${i + 1} had exited on its own: started again (pid ${w.pid})`);
        }
      });
    }
  })();
  try {
    await Promise.all(tasks);
    await at(o.seconds);
  } finally {
    supervising = false;
    await supervisor;
  }
  return chaos;
}

function countBy(outcomes: Map<string, Outcome>, kind: Outcome['kind']): { n: number; cell: string } {
  const by: Record<string, number> = {};
  let n = 0;
  for (const o of outcomes.values()) {
    if (o.kind !== kind) continue;
    n++;
    const why = o.kind === 'accepted' ? '202' : o.why;
    by[why] = (by[why] ?? 0) + 1;
  }
  const entries = Object.entries(by);
  return { n, cell: entries.length ? `${fmt(n)} (${entries.map(([k, c]) => `${k}: ${fmt(c)}`).join(', ')})` : '0' };
}

const list = (ids: readonly string[], max = 5) =>
  ids.length ? `: ${ids.slice(0, max).join(', ')}${ids.length > max ? ', …' : ''}` : '';

async function main(): Promise<number> {
  const o = parseOptions(process.argv.slice(2));
  const h = header(root);
  // Not test-results/: a Playwright run elsewhere in the tree empties that directory.
  const logDir = join(
    os.tmpdir(),
    'weft-soak',
    `${h.date.slice(0, 16).replace(/[ :]/g, '-')}-${h.commit.replace('+', '-')}`,
  );
  const report = new Report();
  let services: Services | null = null;
  let target: HitTarget | null = null;
  let app: App | null = null;
  const cleanup = async () => {
    await app?.stop();
    await target?.close();
    services?.stop();
  };
  const halt = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    console.error(`[soak] ${signal}: stopping`);
    halt.abort();
    void cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    console.error(`[soak] own Redis + Postgres (logs in ${logDir})…`);
    // freshDatabase() drops only databases whose name says they are the bench's.
    services = await startServices(logDir, 'weft_soak_bench');
    target = await startHitTarget(o.targetDelayMs);
    app = await startApp({
      root,
      port: o.port || (await freePort()),
      databaseUrl: services.databaseUrl,
      redisUrl: services.redisUrl,
      queuePrefix: 'weft_soak',
      // Not .next-bench: an `npm run bench` started meanwhile may rebuild that under us.
      distDir: '.next-soak',
      build: o.build,
      env: {
        HTTP_ALLOW_PRIVATE: 'true', // the target is on loopback
        WORKER_LOCK_DURATION_MS: String(o.lockMs), // how soon a killed worker's executions are taken over
        RECONCILE_INTERVAL_MS: '2000',
        RECONCILE_GRACE_MS: '5000',
        LOG_LEVEL: 'info',
      },
      logDir,
      workers: o.workers,
    });
    const api = await connect(app.baseUrl);
    const workflowId = await api.deploy(soakWorkflow(target.url));
    const hook = await api.webhook(workflowId, {
      responseMode: 'async',
      requireSignature: true,
      rateLimitMax: 100_000,
      rateLimitWindowSec: 1,
    });
    const outcomes = new Map<string, Outcome>();
    const p = pool(app.baseUrl, o.connections);
    const send = deliverySender(p, hook, outcomes);
    const db = database(services.databaseUrl);
    // Postgres restarts under the pool's idle clients: an 'error' event must not end the soak.
    db.on('error', () => undefined);
    try {
      // One delivery end to end first, so a broken setup fails here and not as thousands of "failed".
      const first = await send(AbortSignal.timeout(30_000));
      const firstOutcome = [...outcomes.values()][0];
      if (!first.ok || firstOutcome?.kind !== 'accepted')
        throw new Error(`the first delivery was not accepted: ${first.error}`);
      const done = await waitFinished(db, firstOutcome.executionId, 60_000);
      if (done?.status !== 'succeeded')
        throw new Error(
          `the first execution ${firstOutcome.executionId} ended ${done?.status ?? 'not at all within 60 s'}; see ${logDir}`,
        );

      console.error(`[soak] ${o.seconds} s of load, ${o.connections} connections, ${o.workers} workers…`);
      const t0 = performance.now();
      const [load, chaos] = await Promise.all([
        closedLoop({ connections: o.connections, seconds: o.seconds, timeoutMs: o.timeoutMs, send }),
        runChaos(o, app, services, t0, halt.signal),
      ]);
      for (const w of app.workers) if (!w.alive()) w.start();

      console.error(`[soak] waiting up to ${o.drainSeconds} s for every execution to finish…`);
      const drain = await settle(db, o.drainSeconds, workflowId);
      const v = await verifySoak(db, workflowId, HTTP_NODE, outcomes, target.hits);

      const accepted = countBy(outcomes, 'accepted');
      const L = `load (${o.seconds} s, ${o.connections} conn, ${o.workers} workers)`;
      report.add(
        L,
        'deliveries sent · accepted (202)',
        `${fmt(outcomes.size)} · ${fmt(accepted.n)} (${fmt(load.okPerSecond)}/s)`,
      );
      report.add(L, 'refused (answered, not 202)', countBy(outcomes, 'refused').cell);
      report.add(L, 'unanswered (connection error, timeout)', countBy(outcomes, 'unanswered').cell);
      const C = 'chaos';
      report.add(
        C,
        'worker SIGKILLs · Redis restarts · Postgres restarts',
        `${chaos.workerKills} · ${chaos.redisRestarts} (${o.redisSignal}, AOF) · ${chaos.pgRestarts} (-m ${o.pgMode})`,
      );
      report.add(C, 'timeline', chaos.timeline.join(' · '));
      report.add(C, 'processes that exited on their own', app.crashes.length ? app.crashes.join('; ') : '0', '0');
      const A = 'afterwards';
      report.add(
        A,
        'all terminal after',
        drain.drained ? `${fmt(drain.seconds)} s` : `not within ${o.drainSeconds} s (${drain.left} left)`,
        `≤ ${o.drainSeconds} s`,
      );
      report.add(
        A,
        'executions by status',
        Object.entries(v.byStatus)
          .map(([s, n]) => `${s} ${fmt(n)}`)
          .join(', ') || '0',
      );
      report.add(
        A,
        'not succeeded, by code',
        Object.entries(v.failures)
          .map(([k, f]) => `${k}: ${f.count} ("${f.example}")`)
          .join('; ') || '0',
      );
      report.add(A, 'executions resumed by another drive (fence > 1)', v.resumed);
      report.add(A, 'http calls made again after a worker died mid-call (allowed)', v.remadeInFlight);
      report.add(
        A,
        'executions of refused/unanswered deliveries',
        Object.entries(v.fromUnaccepted)
          .map(([k, n]) => `${k}: ${n}`)
          .join(', ') || '0',
      );
      report.add(
        A,
        'succeeded http step without a call · executions nobody sent · calls without execution',
        `${v.phantom.length} · ${v.unaccounted.length} · ${v.hitsWithoutExecution + target.malformed}`,
        '0 · 0 · 0',
      );
      const V = 'verdict';
      report.add(V, 'lost: accepted, no execution', v.lost.length, '0');
      report.add(V, 'duplicated: delivery with > 1 execution', v.duplicated.length, '0');
      report.add(V, `stuck: not terminal ${o.drainSeconds} s after the load`, v.stuck.length, '0');
      report.add(V, 'finished http step called again', v.doubleEffect.length, '0');
      report.add(V, 'executions of refused deliveries (a retrying sender runs them twice)', v.fromRefused.length, '0');
      report.add(V, 'processes that exited on their own', app.crashes.length, '0');

      const lostIds = v.lost.map((d) => {
        const oc = outcomes.get(d);
        return `${d} → ${oc?.kind === 'accepted' ? oc.executionId : '?'}`;
      });
      if (v.lost.length)
        report.problem(
          V,
          `${v.lost.length} accepted deliveries without their execution (delivery → returned id)${list(lostIds)}`,
        );
      if (v.duplicated.length)
        report.problem(V, `${v.duplicated.length} deliveries with more than one execution${list(v.duplicated)}`);
      if (v.stuck.length) report.problem(V, `${v.stuck.length} executions not terminal${list(v.stuck)}`);
      if (v.fromRefused.length)
        report.problem(
          V,
          `${v.fromRefused.length} executions of deliveries that were answered a refusal${list(v.fromRefused)}`,
        );
      if (app.crashes.length)
        report.problem(V, `${app.crashes.length} processes exited on their own: ${app.crashes.join('; ')}`);
      if (v.doubleEffect.length)
        report.problem(
          V,
          `${v.doubleEffect.length} executions called the target again after their http step had finished${list(v.doubleEffect)}`,
        );
      const byDelivery = async (deliveries: string[]) =>
        (
          await db.query<{ id: string }>(
            `SELECT id FROM executions WHERE "workflowId" = $1 AND "triggerData"->'body'->>'delivery' = ANY($2::text[])`,
            [workflowId, deliveries.slice(0, 20)],
          )
        ).rows.map((r) => r.id);
      report.data.details = {
        lost: lostIds.slice(0, 20),
        duplicated: await describeExecutions(db, await byDelivery(v.duplicated), target.hits),
        stuck: await describeExecutions(db, v.stuck.slice(0, 20), target.hits),
        doubleEffect: await describeExecutions(db, v.doubleEffect.slice(0, 20), target.hits),
        fromRefused: await describeExecutions(db, v.fromRefused.slice(0, 20), target.hits),
        phantom: await describeExecutions(db, v.phantom.slice(0, 20), target.hits),
        unaccounted: await describeExecutions(db, v.unaccounted.slice(0, 20), target.hits),
      };
      report.data.counts = {
        ...v,
        fromRefused: v.fromRefused.length,
        lost: v.lost.length,
        duplicated: v.duplicated.length,
        stuck: v.stuck.length,
        doubleEffect: v.doubleEffect.length,
      };
      report.data.chaos = { ...chaos, crashes: app.crashes };
      report.data.load = { ...load, latenciesMs: undefined, values: undefined };
    } finally {
      await p.close();
      await db.end();
    }
  } finally {
    await cleanup();
  }

  console.log(renderTable(h, report, 'Weft soak'));
  mkdirSync(logDir, { recursive: true });
  const json = join(logDir, 'soak.json');
  writeFileSync(
    json,
    JSON.stringify({ ...h, options: o, rows: report.rows, problems: report.problems, data: report.data }, null, 2) +
      '\n',
  );
  console.log(`\nJSON (with the executions behind any problem): ${json}\nLogs: ${logDir}`);
  return report.problems.length ? 1 : 0;
}

runMain(main);
