// Starts Weft as production runs it — a fresh database with the migrations applied, a
// production build, `scripts/web-server.mjs` and the worker as separate processes — and
// stops it again. We spawn the two processes ourselves rather than `scripts/start.mjs` so
// that we know their PIDs for the RSS samples.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freshDatabase } from '../scripts/fresh-database.mjs';

export interface AppOptions {
  root: string;
  port: number;
  databaseUrl: string;
  redisUrl: string;
  queuePrefix: string;
  /** apps/web/<distDir>: a build of our own, so the e2e build in .next is left alone. */
  distDir: string;
  build: 'auto' | 'always' | 'never';
  /** Extra environment for both processes (limits the phases need). */
  env: Record<string, string>;
  logDir: string;
  /** Worker processes to start (default 1); the soak kills and restarts them. */
  workers?: number;
}

/** One worker process slot: `npm run soak` SIGKILLs it and starts it again. */
export interface WorkerSlot {
  readonly pid: number | undefined;
  alive(): boolean;
  /** SIGKILL to its process group; resolves once it has exited. */
  kill(): Promise<void>;
  /** Starts a new worker process in this slot (its log is appended to). */
  start(): void;
}

export interface App {
  baseUrl: string;
  /** Resident set size in MB of each process and its descendants (Linux /proc). */
  rss(): { webMb: number; workerMb: number };
  workers: WorkerSlot[];
  /** Exits nobody asked for (a crash), e.g. `worker 2 (pid 123) exited (1)`. */
  crashes: string[];
  stop(): Promise<void>;
}

const SECRET_KEY = 'weft-bench-secret-key-0123456789abcdef-not-for-production';

// The build is stale when any source the server bundles is newer than BUILD_ID (the same
// rule as scripts/start.mjs, which can't be imported: it starts the app when loaded).
const SOURCES = ['apps/web/src', 'packages/engine/src', 'packages/db/src', 'packages/queue/src', 'packages/config/src'];
function newestMtime(dir: string): number {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.next') || entry.name === 'generated') continue;
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

function ensureBuild(o: AppOptions, env: NodeJS.ProcessEnv): void {
  const buildId = join(o.root, 'apps/web', o.distDir, 'BUILD_ID');
  const stale = !existsSync(buildId) || SOURCES.some((d) => newestMtime(join(o.root, d)) > statSync(buildId).mtimeMs);
  if (o.build === 'never' ? !existsSync(buildId) : o.build === 'always' || stale) {
    console.error(`[bench] building the web app into apps/web/${o.distDir}…`);
    const r = spawnSync(process.execPath, [join(o.root, 'node_modules/next/dist/bin/next'), 'build', 'apps/web'], {
      cwd: o.root,
      env,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    if (r.status !== 0) throw new Error(`next build failed (exit ${r.status ?? r.signal})`);
  }
}

/** PIDs of `pid` and all its descendants, from /proc/<pid>/task/<tid>/children. */
function tree(pid: number): number[] {
  const out = [pid];
  for (let i = 0; i < out.length; i++) {
    const dir = `/proc/${out[i]}/task`;
    if (!existsSync(dir)) continue;
    for (const tid of readdirSync(dir)) {
      try {
        for (const c of readFileSync(`${dir}/${tid}/children`, 'utf8').trim().split(/\s+/)) if (c) out.push(Number(c));
      } catch {
        // exited meanwhile
      }
    }
  }
  return out;
}

function rssMb(pid: number | undefined): number {
  if (!pid) return NaN;
  let kb = 0;
  for (const p of tree(pid)) {
    try {
      kb += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, 'utf8'))?.[1] ?? 0);
    } catch {
      // exited meanwhile
    }
  }
  return kb / 1024;
}

async function waitReady(baseUrl: string, children: ChildProcess[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const dead = children.find((c) => c.exitCode !== null || c.signalCode !== null);
    if (dead)
      throw new Error(
        `${dead.spawnargs.slice(1).join(' ')} exited (${dead.exitCode ?? dead.signalCode}) before the app was ready`,
      );
    try {
      if ((await fetch(`${baseUrl}/api/health/ready`, { signal: AbortSignal.timeout(2_000) })).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${baseUrl}/api/health/ready did not answer 200 within ${timeoutMs / 1000} s`);
}

/** Deletes the queue's (and rate limiter's) keys, so runs don't pile up in a shared Redis. */
async function dropRedisKeys(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = '0';
    // Bounded: a scan visits each key at most a few times.
    for (let rounds = 0; rounds < 100_000; rounds++) {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length) await redis.unlink(...keys);
      cursor = next;
      if (cursor === '0') break;
    }
  } finally {
    redis.disconnect();
  }
}

export async function startApp(o: AppOptions): Promise<App> {
  const env = appEnv(o);
  console.error('[bench] fresh database + migrations…');
  await freshDatabase(o.databaseUrl, { mustContain: 'bench' });
  await dropRedisKeys(o.redisUrl, o.queuePrefix);
  ensureBuild(o, env);

  mkdirSync(o.logDir, { recursive: true });
  const group = processGroup(o, env);
  // BENCH_PROFILE=1: CPU profiles of both processes into bench/profiles/ (read them before optimising).
  const prof = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${join(o.root, 'bench/profiles')}`] : [];
  const web = group.launch('web', 'web', [...prof, 'scripts/web-server.mjs', '-p', String(o.port)], 'w');
  const workers = Array.from({ length: o.workers ?? 1 }, (_, i) => workerSlot(group, i, prof));

  const baseUrl = `http://127.0.0.1:${o.port}`;
  try {
    await waitReady(baseUrl, group.launched, 120_000);
  } catch (err) {
    await group.stop();
    throw new Error(`${(err as Error).message}; see ${o.logDir}/bench-web.log and bench-worker.log`);
  }
  const rss = () => ({
    webMb: rssMb(web.pid),
    workerMb: workers.reduce((sum, w) => sum + (w.alive() ? rssMb(w.pid) : 0), 0),
  });
  return { baseUrl, rss, workers, crashes: group.crashes, stop: group.stop };
}

function appEnv(o: AppOptions): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    NEXT_DIST_DIR: o.distDir,
    PORT: String(o.port),
    DATABASE_URL: o.databaseUrl,
    REDIS_URL: o.redisUrl,
    QUEUE_PREFIX: o.queuePrefix,
    WEFT_SECRET_KEY: SECRET_KEY,
    LOG_LEVEL: 'warn',
    WORKER_METRICS_PORT: '0',
    ...o.env,
  };
}

const isAlive = (c: ChildProcess) => c.exitCode === null && c.signalCode === null;
const signalGroup = (c: ChildProcess, s: NodeJS.Signals) => {
  try {
    if (isAlive(c) && c.pid) process.kill(-c.pid, s);
  } catch {
    // already gone
  }
};

type ProcessGroup = ReturnType<typeof processGroup>;

/** The app's processes, each in its own process group; an exit nobody asked for is a crash. */
function processGroup(o: AppOptions, env: NodeJS.ProcessEnv) {
  const children = new Set<ChildProcess>(); // running now
  const launched: ChildProcess[] = [];
  const crashes: string[] = [];
  const expected = new WeakSet<ChildProcess>();
  let stopping = false;
  const launch = (name: string, file: string, args: string[], flags: 'w' | 'a') => {
    const log = openSync(join(o.logDir, `bench-${file}.log`), flags);
    // Own process group, so stop() also reaches anything the process starts.
    const child = spawn(process.execPath, args, { cwd: o.root, env, stdio: ['ignore', log, log], detached: true });
    closeSync(log);
    children.add(child);
    launched.push(child);
    child.once('exit', (code, sig) => {
      children.delete(child);
      if (!stopping && !expected.has(child))
        crashes.push(`${name} (pid ${child.pid}) exited (${code ?? sig}) at ${new Date().toISOString()}`);
    });
    return child;
  };
  let stopped: Promise<void> | null = null;
  const stop = () =>
    (stopped ??= (async () => {
      stopping = true;
      for (const c of children) signalGroup(c, 'SIGTERM');
      // The worker drains in-flight jobs on SIGTERM; don't wait for that forever.
      const deadline = Date.now() + 15_000;
      while ([...children].some(isAlive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      for (const c of children) signalGroup(c, 'SIGKILL');
      await dropRedisKeys(o.redisUrl, o.queuePrefix).catch(() => {});
    })());
  // Last resort (an uncaught error, process.exit): never leave the servers behind.
  process.once('exit', () => {
    for (const c of children)
      if (c.exitCode === null && c.pid)
        try {
          process.kill(-c.pid, 'SIGKILL');
        } catch {
          /* gone */
        }
  });
  /** The next exit of this child is asked for (a kill), not a crash. */
  const expectExit = (c: ChildProcess) => expected.add(c);
  return { launch, launched, crashes, stop, expectExit, stopping: () => stopping };
}

function workerSlot(group: ProcessGroup, i: number, prof: string[]): WorkerSlot {
  const name = i === 0 ? 'worker' : `worker-${i + 1}`;
  const startWorker = (flags: 'w' | 'a') =>
    group.launch(name, name, [...prof, '--import', 'tsx', 'apps/worker/src/main.ts'], flags);
  let child = startWorker('w');
  return {
    get pid() {
      return child.pid;
    },
    alive: () => isAlive(child),
    async kill() {
      group.expectExit(child);
      const exited = isAlive(child) ? new Promise((r) => child.once('exit', r)) : Promise.resolve();
      signalGroup(child, 'SIGKILL');
      await exited;
    },
    start() {
      if (group.stopping()) throw new Error('the app is stopping');
      if (isAlive(child)) throw new Error(`${name} (pid ${child.pid}) is still running`);
      child = startWorker('a');
    },
  };
}
