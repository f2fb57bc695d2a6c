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
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connect } from './api';
import { startApp, type App } from './app';
import { runMain } from './entry';
import { database, settle, waitFinished } from './executions';
import { startHitTarget, type HitTarget } from './hit-target';
import { closedLoop, pool, type Send } from './load';
import { header, renderTable, Report } from './report';
import { runChaos } from './soak-chaos';
import { deliverySender, HTTP_NODE, soakWorkflow } from './soak-deliveries';
import { parseOptions, type Options } from './soak-options';
import { addSoakData, addSoakProblems, addSoakRows } from './soak-report';
import { freePort, startServices, type Services } from './soak-services';
import { verifySoak, type Outcome } from './soak-verify';

const root = fileURLToPath(new URL('..', import.meta.url));

/** What the soak started; stopped again at the end, or on SIGINT/SIGTERM. */
interface Running {
  services: Services | null;
  target: HitTarget | null;
  app: App | null;
}

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
  const running: Running = { services: null, target: null, app: null };
  const cleanup = async () => {
    await running.app?.stop();
    await running.target?.close();
    running.services?.stop();
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
    await startSoak(o, logDir, running);
    await soak(o, running as { [K in keyof Running]: NonNullable<Running[K]> }, report, halt.signal, logDir);
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

/** The soak's own Redis and Postgres, the hit target and the app with o.workers workers, into `running`. */
async function startSoak(o: Options, logDir: string, running: Running): Promise<void> {
  console.error(`[soak] own Redis + Postgres (logs in ${logDir})…`);
  // freshDatabase() drops only databases whose name says they are the bench's.
  const services = (running.services = await startServices(logDir, 'weft_soak_bench'));
  running.target = await startHitTarget(o.targetDelayMs);
  running.app = await startApp({
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
}

/** Load and chaos together, then the drain, the verdict and the report. */
async function soak(
  o: Options,
  { services, target, app }: { services: Services; target: HitTarget; app: App },
  report: Report,
  halt: AbortSignal,
  logDir: string,
): Promise<void> {
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
    await firstDelivery(send, outcomes, db, logDir);
    console.error(`[soak] ${o.seconds} s of load, ${o.connections} connections, ${o.workers} workers…`);
    const t0 = performance.now();
    const [load, chaos] = await Promise.all([
      closedLoop({ connections: o.connections, seconds: o.seconds, timeoutMs: o.timeoutMs, send }),
      runChaos(o, app, services, t0, halt),
    ]);
    for (const w of app.workers) if (!w.alive()) w.start();

    console.error(`[soak] waiting up to ${o.drainSeconds} s for every execution to finish…`);
    const drain = await settle(db, o.drainSeconds, workflowId);
    const v = await verifySoak(db, workflowId, HTTP_NODE, outcomes, target.hits);
    const result = { o, app, target, outcomes, load, chaos, drain, v };
    addSoakRows(report, result);
    const lostIds = addSoakProblems(report, result);
    await addSoakData(report, result, { db, workflowId, lostIds });
  } finally {
    await p.close();
    await db.end();
  }
}

/** One delivery end to end first, so a broken setup fails here and not as thousands of "failed". */
async function firstDelivery(
  send: Send,
  outcomes: Map<string, Outcome>,
  db: ReturnType<typeof database>,
  logDir: string,
): Promise<void> {
  const first = await send(AbortSignal.timeout(30_000));
  const firstOutcome = [...outcomes.values()][0];
  if (!first.ok || firstOutcome?.kind !== 'accepted')
    throw new Error(`the first delivery was not accepted: ${first.error}`);
  const done = await waitFinished(db, firstOutcome.executionId, 60_000);
  if (done?.status !== 'succeeded')
    throw new Error(
      `the first execution ${firstOutcome.executionId} ended ${done?.status ?? 'not at all within 60 s'}; see ${logDir}`,
    );
}

runMain(main);
