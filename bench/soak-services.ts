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
  const dir = mkdtempSync(join(os.tmpdir(), 'weft-soak-'));
  chmodSync(dir, 0o755);
  const redisDir = join(dir, 'redis');
  const pgRun = join(dir, 'pg'); // owned by postgres when we are root: data, socket, log
  const pgData = join(pgRun, 'data');
  const pgLog = join(pgRun, 'postgres.log');
  mkdirSync(redisDir);
  mkdirSync(pgRun);
  if (process.getuid?.() === 0) {
    const id = (flag: string) => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
    chownSync(pgRun, id('-u'), id('-g'));
  }
  let redis: ChildProcess | null = null;
  let pgStarted = false;
  let stopped = false;

  const stop = () => {
    if (stopped) return;
    stopped = true;
    if (redis?.exitCode === null && redis.signalCode === null) redis.kill('SIGKILL');
    if (pgStarted) {
      try {
        pg('pg_ctl', ['-D', pgData, '-m', 'immediate', '-w', 'stop'], 30_000);
      } catch {
        // not running (a failed restart): nothing to stop
      }
    }
    mkdirSync(logDir, { recursive: true });
    for (const [from, to] of [
      [pgLog, 'postgres.log'],
      [join(redisDir, 'redis.log'), 'redis.log'],
    ] as const) {
      try {
        if (existsSync(from)) copyFileSync(from, join(logDir, to));
      } catch {
        // best effort
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', stop);

  try {
    const redisPort = await freePort();
    const startRedis = async () => {
      if (stopped) throw new Error('the soak services were stopped');
      const log = openSync(join(redisDir, 'redis.log'), 'a');
      // --save '': AOF only (no RDB snapshots), fsync every second; a restart replays it.
      redis = spawn(
        'redis-server',
        [
          '--port',
          String(redisPort),
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
      await until('redis-server', 30_000, async () => (await redisCommand(redisPort, 'PING')) === '+PONG');
    };
    await startRedis();

    const pgPort = await freePort();
    pg('initdb', ['-D', pgData, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync']);
    appendFileSync(
      join(pgData, 'postgresql.conf'),
      [
        `port = ${pgPort}`,
        `listen_addresses = '127.0.0.1'`,
        `unix_socket_directories = '${pgRun}'`,
        'max_connections = 200',
        '',
      ].join('\n'),
    );
    const startPg = () =>
      stopped
        ? Promise.reject(new Error('the soak services were stopped'))
        : pgAsync('pg_ctl', ['-D', pgData, '-l', pgLog, '-w', '-t', '60', 'start']);
    await startPg();
    pgStarted = true;

    return {
      redisUrl: `redis://127.0.0.1:${redisPort}`,
      databaseUrl: `postgresql://postgres@127.0.0.1:${pgPort}/${database}`,
      async restartRedis({ signal, downMs }) {
        const r = redis;
        if (r && r.exitCode === null && r.signalCode === null) {
          const exited = new Promise((res) => r.once('exit', res));
          r.kill(signal);
          await exited;
        }
        await new Promise((res) => setTimeout(res, downMs));
        await startRedis();
        return { keysAfter: Number((await redisCommand(redisPort, 'DBSIZE')).replace(/^:/, '')) };
      },
      async restartPostgres({ mode, downMs }) {
        await pgAsync('pg_ctl', ['-D', pgData, '-m', mode, '-w', 'stop']);
        await new Promise((res) => setTimeout(res, downMs));
        await startPg();
      },
      stop,
    };
  } catch (err) {
    stop();
    throw err;
  }
}
