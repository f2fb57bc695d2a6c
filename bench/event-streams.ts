// The web's memory and CPU while 20 people watch one big execution live (docs/benchmarks.md
// "Live event streams"). Starts the production web (no worker) on a fresh database, seeds an
// execution with 10,000 steps straight into Postgres, opens 20 Server-Sent Event streams on
// it as one user, then plays a worker: every second a "checkpoint" adds a few steps (and bumps
// the execution's change sequence, where the schema has one) and publishes the data-free
// notice a worker publishes. Prints the web's RSS and heap before the streams, at their peak
// and at the end, its CPU time, and what the streams received. Runs against any commit
// that has bench/app.ts (the schema is detected), so before/after figures come from one script.
//
//   node --import tsx bench/event-streams.ts [--streams 20] [--steps 10000] [--payload-bytes 1000]
//                                            [--seconds 30] [--per-checkpoint 5] [--port 3203] [--build auto]
//                                            [--dist-dir .next-bench] (another build dir keeps a before build beside an after one)
//                                            [--label text] (names the build in the header)
import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import pg from 'pg';
import { connect } from './api';
import { startApp, type App } from './app';
import { runMain } from './entry';
import { node, startNode } from '../test/fixtures/node';

const root = fileURLToPath(new URL('..', import.meta.url));

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const n = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a number ≥ 0`);
  return n;
}

const STREAMS = option('streams', 20);
const STEPS = option('steps', 10_000);
const PAYLOAD_BYTES = option('payload-bytes', 1_000);
const SECONDS = option('seconds', 30);
const PER_CHECKPOINT = option('per-checkpoint', 5);
const PORT = option('port', 3203);
const stringOption = (name: string, fallback: string) =>
  process.argv.includes(`--${name}`) ? process.argv[process.argv.indexOf(`--${name}`) + 1]! : fallback;
const buildArg = stringOption('build', 'auto');
const DIST_DIR = stringOption('dist-dir', '.next-bench');
/** What the build under test is, for the printed header (the checkout's commit may differ from the build's with --build never). */
const LABEL = stringOption('label', '');
const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/weft_bench_events';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const PREFIX = `bench-events-${process.pid}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const LOOP = {
  name: 'bench: live events',
  nodes: [
    startNode,
    node('each', 'loop', { items: '{{ [1,2,3] }}' }, { name: 'Each', x: 200 }),
    node('body', 'transform', { fields: { i: '{{ $index }}' } }, { name: 'Body', x: 400 }),
  ],
  edges: [
    { id: 'e1', source: 'start', target: 'each' },
    { id: 'e2', source: 'each', sourceHandle: 'body', target: 'body' },
  ],
};

/** CPU seconds (user + system) of one process, from /proc. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (100/s)
}

async function heapUsedMb(baseUrl: string): Promise<number> {
  try {
    const text = await (await fetch(`${baseUrl}/api/metrics`, { signal: AbortSignal.timeout(20_000) })).text();
    const m = /^nodejs_heap_size_used_bytes(?:\{[^}]*\})? ([\d.e+]+)$/m.exec(text);
    return m ? Number(m[1]) / 1024 / 1024 : NaN;
  } catch {
    return NaN;
  }
}

interface StreamStats {
  status: number;
  bytes: number;
  events: Record<string, number>;
}

/** Reads one SSE stream until `signal` aborts, counting bytes and events by type. */
async function watch(url: string, headers: Record<string, string>, signal: AbortSignal): Promise<StreamStats> {
  const stats: StreamStats = { status: 0, bytes: 0, events: {} };
  try {
    const res = await fetch(url, { headers, signal });
    stats.status = res.status;
    if (!res.ok || !res.body) return stats;
    const decoder = new TextDecoder();
    let tail = '';
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      stats.bytes += chunk.byteLength;
      const text = tail + decoder.decode(chunk, { stream: true });
      const lines = text.split('\n');
      tail = lines.pop() ?? '';
      for (const line of lines)
        if (line.startsWith('event: ')) stats.events[line.slice(7)] = (stats.events[line.slice(7)] ?? 0) + 1;
    }
  } catch (err) {
    if (!signal.aborted) throw err;
  }
  return stats;
}

async function main(): Promise<void> {
  const commit =
    execSync('git rev-parse --short HEAD', { cwd: root }).toString().trim() +
    (execSync('git status --porcelain', { cwd: root }).toString().trim() ? ' (with uncommitted changes)' : '');
  const app = await startApp({
    root,
    port: PORT,
    databaseUrl: DATABASE_URL,
    redisUrl: REDIS_URL,
    queuePrefix: PREFIX,
    distDir: DIST_DIR,
    build: buildArg as 'auto',
    env: {},
    logDir: `${root}/test-results`,
    workers: 0,
  });
  const db = new pg.Pool({ connectionString: DATABASE_URL, max: 2 });
  const redis = new Redis(REDIS_URL);
  try {
    const api = await connect(app.baseUrl);
    const workflowId = await api.deploy(LOOP);
    const key = (await api.post<{ key: string }>('/api/api-keys', { name: 'streams' })).key;
    const { executionId, hasSeq } = await seedExecution(db, workflowId);
    const checkpoint = checkpointer(db, redis, executionId, hasSeq);

    // Warm up the routes once (first-request compilation and caches are not what we measure).
    await api.get(`/api/executions/${executionId}?limit=10`);
    await sleep(2_000);
    const webPid = pidListeningOn(PORT);
    const before = await webUsage(app, webPid);

    const abort = new AbortController();
    const url = `${app.baseUrl}/api/executions/${executionId}/events`;
    const t0 = performance.now();
    const streams = Array.from({ length: STREAMS }, () => watch(url, { authorization: `Bearer ${key}` }, abort.signal));
    const peaks = samplePeaks(app, before);
    const checkpoints = Math.floor(SECONDS);
    const latencies: number[] = [];
    for (let i = 0; i < checkpoints; i++) {
      await sleep(1_000);
      const t = performance.now();
      await checkpoint();
      latencies.push(performance.now() - t);
    }
    await sleep(3_000); // the last notices and a periodic re-check
    const { peakRss, peakHeap } = await peaks.stop();
    const during = await webUsage(app, webPid);
    const elapsed = (performance.now() - t0) / 1000;
    abort.abort();
    const stats = await Promise.all(streams);
    printResults({ commit, hasSeq, checkpoints, before, during, peakRss, peakHeap, elapsed, stats, latencies });
  } finally {
    redis.disconnect();
    await db.end();
    await app.stop();
  }
}

/** The execution: running, leased far ahead (nobody else drives it), STEPS steps of a loop body. */
async function seedExecution(db: pg.Pool, workflowId: string): Promise<{ executionId: string; hasSeq: boolean }> {
  const hasSeq =
    (
      await db.query(
        `SELECT 1 FROM information_schema.columns WHERE table_name = 'execution_steps' AND column_name = 'seq'`,
      )
    ).rowCount === 1;
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO executions (id, "workflowId", "workflowVersionId", version, status, trigger, "triggerData", ` +
      `state, "startedAt", "leaseOwner", "leaseUntil", "nodesExecuted")
     SELECT gen_random_uuid(), w.id, v.id, v.version, 'running', 'manual', '{"bench":true}', ` +
      `'{"v":1,"nodes":{},"ops":0,"http":0}', now(), 'bench', now() + interval '1 hour', $2
     FROM workflows w JOIN workflow_versions v ON v."workflowId" = w.id WHERE w.id = $1 RETURNING id::text AS id`,
    [workflowId, STEPS],
  );
  const executionId = rows[0]!.id;
  await db.query(
    `INSERT INTO execution_steps (id, "executionId", "nodeId", scope, attempt, status, input, output, ` +
      `"startedAt", "finishedAt", "durationMs"${hasSeq ? ', seq' : ''})
     SELECT gen_random_uuid(), $1, 'body', 'each[' || g || ']', 1, 'succeeded', jsonb_build_object('index', ` +
      `g), jsonb_build_object('i', g, 'text', repeat('x', $3)),
            now() - interval '1 hour' + g * interval '1 millisecond', now() - interval '1 hour' + g * interval ` +
      `'1 millisecond', 0${hasSeq ? ', 1' : ''}
     FROM generate_series(0, $2 - 1) AS g`,
    [executionId, STEPS, PAYLOAD_BYTES],
  );
  if (hasSeq) await db.query(`UPDATE executions SET seq = 1 WHERE id = $1`, [executionId]);
  return { executionId, hasSeq };
}

/** What a worker's checkpoint does to the tables the streams read: PER_CHECKPOINT new steps, then the notice. */
function checkpointer(db: pg.Pool, redis: Redis, executionId: string, hasSeq: boolean): () => Promise<void> {
  let next = STEPS;
  return async () => {
    const values = [executionId, next, PER_CHECKPOINT, PAYLOAD_BYTES];
    await db.query(
      hasSeq
        ? `WITH upd AS (UPDATE executions SET seq = seq + 1, "nodesExecuted" = "nodesExecuted" + $3 WHERE id = $1 RETURNING id, seq)
           INSERT INTO execution_steps (id, "executionId", "nodeId", scope, attempt, status, input, output, ` +
            `"startedAt", "finishedAt", "durationMs", seq)
           SELECT gen_random_uuid(), upd.id, 'body', 'each[' || g || ']', 1, 'succeeded', ` +
            `jsonb_build_object('index', g), jsonb_build_object('i', g, 'text', repeat('x', $4)), now(), now(), 0, upd.seq
           FROM upd, generate_series($2::int, $2::int + $3::int - 1) AS g`
        : `WITH upd AS (UPDATE executions SET "nodesExecuted" = "nodesExecuted" + $3 WHERE id = $1 RETURNING id)
           INSERT INTO execution_steps (id, "executionId", "nodeId", scope, attempt, status, input, output, ` +
            `"startedAt", "finishedAt", "durationMs")
           SELECT gen_random_uuid(), upd.id, 'body', 'each[' || g || ']', 1, 'succeeded', ` +
            `jsonb_build_object('index', g), jsonb_build_object('i', g, 'text', repeat('x', $4)), now(), now(), 0
           FROM upd, generate_series($2::int, $2::int + $3::int - 1) AS g`,
      values,
    );
    next += PER_CHECKPOINT;
    await redis.publish(`${PREFIX}:exec-events:${executionId}`, '1');
  };
}

/** The web server's pid (for its CPU seconds), from the port it listens on. */
function pidListeningOn(port: number): number | undefined {
  return execSync(`fuser ${port}/tcp 2>/dev/null || true`)
    .toString()
    .trim()
    .split(/\s+/)
    .map(Number)
    .find((n) => n > 0);
}

interface WebUsage {
  rssMb: number;
  heapMb: number;
  cpu: number;
}

async function webUsage(app: App, webPid: number | undefined): Promise<WebUsage> {
  return {
    rssMb: app.rss().webMb,
    heapMb: await heapUsedMb(app.baseUrl),
    cpu: webPid ? cpuSeconds(webPid) : NaN,
  };
}

/** The web's peak RSS (every 200 ms) and heap (every second, through /api/metrics) until stopped. */
function samplePeaks(app: App, before: WebUsage) {
  let peakRss = before.rssMb;
  let peakHeap = before.heapMb;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      peakRss = Math.max(peakRss, app.rss().webMb);
      await sleep(200);
    }
  })();
  // The heap through /api/metrics (a request of its own: slow while the web is busy).
  const heapSampler = (async () => {
    while (sampling) {
      const mb = await heapUsedMb(app.baseUrl);
      if (Number.isFinite(mb)) peakHeap = Number.isFinite(peakHeap) ? Math.max(peakHeap, mb) : mb;
      await sleep(1_000);
    }
  })();
  return {
    async stop() {
      sampling = false;
      await sampler;
      await heapSampler;
      return { peakRss, peakHeap };
    },
  };
}

function printResults(r: {
  commit: string;
  hasSeq: boolean;
  checkpoints: number;
  before: WebUsage;
  during: WebUsage;
  peakRss: number;
  peakHeap: number;
  elapsed: number;
  stats: StreamStats[];
  latencies: number[];
}): void {
  const { commit, hasSeq, checkpoints, before, during, peakRss, peakHeap, elapsed, stats, latencies } = r;
  const okStreams = stats.filter((s) => s.status === 200).length;
  const stepEvents = stats.map((s) => s.events.step ?? 0);
  const mb = (n: number) => n.toFixed(0);
  console.log(
    `\n## Live event streams — ${new Date().toISOString().slice(0, 10)}, checkout ${commit}, web build ` +
      `apps/web/${DIST_DIR}${LABEL ? ` (${LABEL})` : ''}`,
  );
  console.log(
    `${STREAMS} streams on one execution of ${STEPS} steps (${PAYLOAD_BYTES} B output each), ${checkpoints} ` +
      `checkpoints of ${PER_CHECKPOINT} steps, 1/s; schema has seq: ${hasSeq}\n`,
  );
  console.log('| | value |\n|---|---|');
  console.log(`| streams answered 200 | ${okStreams} / ${STREAMS} |`);
  console.log(
    `| web RSS before streams / peak / at the end (MB) | ${mb(before.rssMb)} / ${mb(peakRss)} / ${mb(during.rssMb)} |`,
  );
  console.log(
    `| web heap used before / peak sampled / at the end (MB) | ${mb(before.heapMb)} / ${mb(peakHeap)} / ${mb(during.heapMb)} |`,
  );
  console.log(`| web CPU seconds over ${elapsed.toFixed(0)} s | ${(during.cpu - before.cpu).toFixed(1)} |`);
  console.log(
    `| bytes received per stream (median) | ${(median(stats.map((s) => s.bytes)) / 1024 / 1024).toFixed(2)} MB |`,
  );
  console.log(
    `| step events per stream (min / max; new steps: ${checkpoints * PER_CHECKPOINT}) | ` +
      `${Math.min(...stepEvents)} / ${Math.max(...stepEvents)} |`,
  );
  console.log(`| events by type (stream 1) | ${JSON.stringify(stats[0]?.events ?? {})} |`);
  console.log(
    `| the bench's "checkpoint" statement, median / max (ms) — Postgres load from the streams | ` +
      `${median(latencies).toFixed(0)} / ${Math.max(...latencies).toFixed(0)} |`,
  );
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)]! : NaN;
}

runMain(main);
