// The soak's own Redis and Postgres: it restarts both mid-run, and the machine's shared ones
// (127.0.0.1:6379, the system cluster on :5432) serve other people's tests meanwhile. Both
// live in one temporary directory — Redis with AOF on, so a restart reloads what it had
// acknowledged; a Postgres cluster made by initdb with trust auth — on free loopback ports,
// and are removed by stop() (also from an exit handler, synchronously).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  closeSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  rmSync,
  appendFileSync,
} from 'node:fs';
import { createConnection, createServer } from 'node:net';
import os from 'node:os';
import { join } from 'node:path';

const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

export interface Services {
  redisUrl: string;
  databaseUrl: string;
  /** Kills Redis (SIGKILL unless told), waits `downMs`, starts it on the same AOF; resolves when it answers PING. */
  restartRedis(o: { signal: NodeJS.Signals; downMs: number }): Promise<{ keysAfter: number }>;
  /** `pg_ctl stop -m <mode>`, waits `downMs`, `pg_ctl start`. */
  restartPostgres(o: { mode: 'fast' | 'immediate'; downMs: number }): Promise<void>;
  /** Stops both, copies their logs into logDir and removes the directory. Idempotent. */
  stop(): void;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** One RESP command over a fresh socket; the raw reply (`+PONG`, `:12`, `-LOADING …`). */
function redisCommand(port: number, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.setTimeout(2_000, () => socket.destroy(new Error('timeout')));
    socket.once('error', reject);
    socket.once('data', (d) => {
      socket.end();
      resolve(d.toString().trim());
    });
    socket.write(`${command}\r\n`);
  });
}

async function until(what: string, timeoutMs: number, ready: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await ready().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} was not ready within ${timeoutMs / 1000} s`);
}

/** Postgres refuses to run as root: run its binaries as the `postgres` user then. */
function pgArgv(bin: string, args: string[]): [string, string[]] {
  const path = join(PG_BIN, bin);
  return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', path, ...args]] : [path, args];
}

function pg(bin: string, args: string[], timeoutMs = 120_000): void {
  const [cmd, argv] = pgArgv(bin, args);
  const r = spawnSync(cmd, argv, { encoding: 'utf8', timeout: timeoutMs });
  if (r.status !== 0)
    throw new Error(
      `${bin} ${args.join(' ')} failed (${r.status ?? r.signal ?? r.error?.message}): ${r.stderr || r.stdout}`,
    );
}

function pgAsync(bin: string, args: string[]): Promise<void> {
  const [cmd, argv] = pgArgv(bin, args);
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${bin} ${args.join(' ')} exited ${code}: ${out}`)),
    );
  });
}

export async function startServices(logDir: string, database: string): Promise<Services> {
  if (!existsSync(join(PG_BIN, 'initdb'))) throw new Error(`no initdb in ${PG_BIN} (set PG_BIN)`);
  const dirs = serviceDirs();
  let stopped = false;
  const whileRunning = () => {
    if (stopped) throw new Error('the soak services were stopped');
  };
  let redis: RedisServer | null = null;
  let postgres: PgCluster | null = null;

  const stop = () => {
    if (stopped) return;
    stopped = true;
    redis?.kill();
    postgres?.stopNow();
    saveLogs(dirs, logDir);
    rmSync(dirs.dir, { recursive: true, force: true });
  };
  process.once('exit', stop);

  try {
    const redisPort = await freePort();
    redis = redisServer(dirs.redisDir, redisPort, whileRunning);
    await redis.start();
    const pgPort = await freePort();
    const cluster = pgCluster(dirs, pgPort, whileRunning);
    await cluster.start();
    postgres = cluster;
    const r = redis;
    return {
      redisUrl: `redis://127.0.0.1:${redisPort}`,
      databaseUrl: `postgresql://postgres@127.0.0.1:${pgPort}/${database}`,
      restartRedis: (o) => r.restart(o),
      restartPostgres: (o) => cluster.restart(o),
      stop,
    };
  } catch (err) {
    stop();
    throw err;
  }
}

interface ServiceDirs {
  dir: string;
  redisDir: string;
  /** Owned by postgres when we are root: data, socket, log. */
  pgRun: string;
  pgData: string;
  pgLog: string;
}

function serviceDirs(): ServiceDirs {
  const dir = mkdtempSync(join(os.tmpdir(), 'weft-soak-'));
  chmodSync(dir, 0o755);
  const redisDir = join(dir, 'redis');
  const pgRun = join(dir, 'pg');
  mkdirSync(redisDir);
  mkdirSync(pgRun);
  if (process.getuid?.() === 0) {
    const id = (flag: string) => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
    chownSync(pgRun, id('-u'), id('-g'));
  }
  return { dir, redisDir, pgRun, pgData: join(pgRun, 'data'), pgLog: join(pgRun, 'postgres.log') };
}

/** Copies both services' logs into logDir (best effort). */
function saveLogs(dirs: ServiceDirs, logDir: string): void {
  mkdirSync(logDir, { recursive: true });
  for (const [from, to] of [
    [dirs.pgLog, 'postgres.log'],
    [join(dirs.redisDir, 'redis.log'), 'redis.log'],
  ] as const) {
    try {
      if (existsSync(from)) copyFileSync(from, join(logDir, to));
    } catch {
      // best effort
    }
  }
}

type RedisServer = ReturnType<typeof redisServer>;

function redisServer(redisDir: string, port: number, whileRunning: () => void) {
  let child: ChildProcess | null = null;
  const running = (c: ChildProcess | null): c is ChildProcess =>
    c !== null && c.exitCode === null && c.signalCode === null;
  const start = async () => {
    whileRunning();
    const log = openSync(join(redisDir, 'redis.log'), 'a');
    // --save '': AOF only (no RDB snapshots), fsync every second; a restart replays it.
    child = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--appendonly',
        'yes',
        '--appendfsync',
        'everysec',
        '--save',
        '',
        '--dir',
        redisDir,
        '--daemonize',
        'no',
      ],
      { stdio: ['ignore', log, log] },
    );
    closeSync(log);
    await until('redis-server', 30_000, async () => (await redisCommand(port, 'PING')) === '+PONG');
  };
  return {
    start,
    kill: () => {
      if (running(child)) child.kill('SIGKILL');
    },
    async restart({ signal, downMs }: { signal: NodeJS.Signals; downMs: number }) {
      const r = child;
      if (running(r)) {
        const exited = new Promise((res) => r.once('exit', res));
        r.kill(signal);
        await exited;
      }
      await new Promise((res) => setTimeout(res, downMs));
      await start();
      return { keysAfter: Number((await redisCommand(port, 'DBSIZE')).replace(/^:/, '')) };
    },
  };
}

type PgCluster = ReturnType<typeof pgCluster>;

/** A cluster made by initdb (trust auth) on `port`; `start` resolves when pg_ctl says it is up. */
function pgCluster({ pgRun, pgData, pgLog }: ServiceDirs, port: number, whileRunning: () => void) {
  pg('initdb', ['-D', pgData, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync']);
  appendFileSync(
    join(pgData, 'postgresql.conf'),
    [
      `port = ${port}`,
      `listen_addresses = '127.0.0.1'`,
      `unix_socket_directories = '${pgRun}'`,
      'max_connections = 200',
      '',
    ].join('\n'),
  );
  const start = async () => {
    whileRunning();
    await pgAsync('pg_ctl', ['-D', pgData, '-l', pgLog, '-w', '-t', '60', 'start']);
  };
  return {
    start,
    async restart({ mode, downMs }: { mode: 'fast' | 'immediate'; downMs: number }) {
      await pgAsync('pg_ctl', ['-D', pgData, '-m', mode, '-w', 'stop']);
      await new Promise((res) => setTimeout(res, downMs));
      await start();
    },
    stopNow() {
      try {
        pg('pg_ctl', ['-D', pgData, '-m', 'immediate', '-w', 'stop'], 30_000);
      } catch {
        // not running (a failed restart): nothing to stop
      }
    },
  };
}
