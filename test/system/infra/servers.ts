// Real Redis Cluster / Sentinel / PgBouncer servers for the "beyond one machine" integration
// tests: each started from Debian's binaries (redis-server, redis-sentinel, redis-tools,
// pgbouncer) on loopback ports of its own, in a temporary directory, and stopped by the test
// file's afterAll. Nothing is mocked; a missing binary makes the file skip with a message.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The binaries a file needs that are not on PATH, as a message to skip with; null when all are there. */
export function missingBinaries(names: string[], packages: string): string | null {
  const missing = names.filter(
    (n) => spawnSync('sh', ['-c', `command -v ${n} || test -x /usr/sbin/${n}`]).status !== 0,
  );
  if (missing.length === 0) return null;
  return `skipped: ${missing.join(', ')} not installed (apt-get install -y ${packages}); CI installs them`;
}

interface Started {
  stop(): Promise<void>;
}

class Processes {
  private readonly children: ChildProcess[] = [];
  readonly dir = mkdtempSync(join(tmpdir(), 'weft-scale-'));

  spawn(cmd: string, args: string[]): ChildProcess {
    const child = spawn(cmd, args, { cwd: this.dir, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
    child.on('exit', (code, signal) => {
      if (code && !signal) console.warn(`${cmd} ${args.join(' ')} exited ${code}: ${stderr}`);
    });
    this.children.push(child);
    return child;
  }

  kill(child: ChildProcess): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.children.map((c) => this.kill(c)));
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function redisCli(port: number, ...args: string[]): string {
  const r = spawnSync('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args], {
    encoding: 'utf8',
    timeout: 10_000,
  });
  return `${r.stdout ?? ''}${r.stderr ?? ''}`.trim();
}

/** A leftover server on one of our ports (a run that was killed) would make the new one fail to bind. */
function shutdownLeftover(port: number): void {
  if (redisCli(port, 'ping') === 'PONG') redisCli(port, 'shutdown', 'nosave');
}

async function until(what: string, check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function startRedisServer(procs: Processes, port: number, extra: string[] = []): ChildProcess {
  shutdownLeftover(port);
  return procs.spawn('redis-server', [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--appendonly',
    'no',
    '--dir',
    procs.dir,
    ...extra,
  ]);
}

/** Three masters (no replicas) on `ports`, slots split by `redis-cli --cluster create`. */
export async function startRedisCluster(ports: number[]): Promise<Started & { url: string }> {
  const procs = new Processes();
  for (const port of ports) {
    startRedisServer(procs, port, [
      '--cluster-enabled',
      'yes',
      '--cluster-config-file',
      `nodes-${port}.conf`,
      '--cluster-node-timeout',
      '2000',
    ]);
  }
  try {
    for (const port of ports) await until(`redis-server on ${port}`, () => redisCli(port, 'ping') === 'PONG');
    const nodes = ports.map((p) => `127.0.0.1:${p}`);
    const created = spawnSync(
      'redis-cli',
      ['--cluster', 'create', ...nodes, '--cluster-replicas', '0', '--cluster-yes'],
      { encoding: 'utf8', timeout: 30_000 },
    );
    if (created.status !== 0) throw new Error(`redis-cli --cluster create failed: ${created.stdout}${created.stderr}`);
    for (const port of ports)
      await until(`cluster_state:ok on ${port}`, () => redisCli(port, 'cluster', 'info').includes('cluster_state:ok'));
  } catch (err) {
    await procs.stopAll();
    throw err;
  }
  return { url: `redis-cluster://${ports.map((p) => `127.0.0.1:${p}`).join(',')}`, stop: () => procs.stopAll() };
}

/**
 * A master and one replica, watched by one Sentinel (quorum 1). `failover()` asks the Sentinel
 * to promote the replica and resolves once the Sentinel names it as the master.
 */
export async function startRedisSentinel(opts: {
  masterName: string;
  masterPort: number;
  replicaPort: number;
  sentinelPort: number;
}): Promise<Started & { url: string; masterPort(): number; failover(): Promise<number> }> {
  const { masterName, masterPort, replicaPort, sentinelPort } = opts;
  const procs = new Processes();
  // A replica's first sync would otherwise wait 5 s for more replicas to share the transfer.
  const quick = ['--repl-diskless-sync-delay', '0'];
  startRedisServer(procs, masterPort, quick);
  startRedisServer(procs, replicaPort, [...quick, '--replicaof', '127.0.0.1', String(masterPort)]);
  shutdownLeftover(sentinelPort);
  const conf = join(procs.dir, 'sentinel.conf');
  writeFileSync(
    conf,
    [
      `port ${sentinelPort}`,
      'bind 127.0.0.1',
      `dir ${procs.dir}`,
      `sentinel monitor ${masterName} 127.0.0.1 ${masterPort} 1`,
      `sentinel down-after-milliseconds ${masterName} 2000`,
      `sentinel failover-timeout ${masterName} 10000`,
      '',
    ].join('\n'),
  );
  procs.spawn('redis-sentinel', [conf]);
  const currentMaster = () =>
    Number(redisCli(sentinelPort, 'sentinel', 'get-master-addr-by-name', masterName).split('\n')[1]);
  try {
    await until('the replica in sync', () =>
      redisCli(replicaPort, 'info', 'replication').includes('master_link_status:up'),
    );
    await until('the Sentinel to know the master', () => currentMaster() === masterPort);
  } catch (err) {
    await procs.stopAll();
    throw err;
  }
  return {
    url: `redis-sentinel://127.0.0.1:${sentinelPort}/${masterName}`,
    masterPort: currentMaster,
    async failover() {
      const before = currentMaster();
      const target = before === masterPort ? replicaPort : masterPort;
      await until('the replica to be in sync', () =>
        redisCli(target, 'info', 'replication').includes('master_link_status:up'),
      );
      // The Sentinel learns of replicas from the master's INFO; until then it answers NOGOODSLAVE.
      await until(
        'SENTINEL FAILOVER to be accepted',
        () => redisCli(sentinelPort, 'sentinel', 'failover', masterName) === 'OK',
      );
      await until('the Sentinel to name the new master', () => currentMaster() === target);
      await until('the new master to take writes', () =>
        redisCli(target, 'info', 'replication').includes('role:master'),
      );
      return target;
    },
    stop: () => procs.stopAll(),
  };
}

/** PgBouncer 1.18+ in transaction mode on `port`, in front of the database of `databaseUrl`. */
export async function startPgBouncer(opts: {
  port: number;
  databaseUrl: string;
  poolSize: number;
}): Promise<Started & { url: string }> {
  const procs = new Processes();
  const target = new URL(opts.databaseUrl);
  const db = decodeURIComponent(target.pathname.slice(1));
  const user = decodeURIComponent(target.username || 'postgres');
  writeFileSync(join(procs.dir, 'users.txt'), `"${user}" ""\n`);
  writeFileSync(
    join(procs.dir, 'pgbouncer.ini'),
    [
      '[databases]',
      `${db} = host=${target.hostname} port=${target.port || 5432} dbname=${db} user=${user}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${opts.port}`,
      "unix_socket_dir = ''",
      'auth_type = trust',
      `auth_file = ${join(procs.dir, 'users.txt')}`,
      'pool_mode = transaction',
      `admin_users = ${user}`,
      `default_pool_size = ${opts.poolSize}`,
      'max_client_conn = 200',
      `logfile = ${join(procs.dir, 'pgbouncer.log')}`,
      '',
    ].join('\n'),
  );
  // PgBouncer refuses to run as root; -u makes it switch to an ordinary user, who must be able
  // to read its files and write its log.
  const runAs =
    process.getuid?.() === 0 ? (spawnSync('id', ['-u', 'postgres']).status === 0 ? 'postgres' : 'nobody') : null;
  if (runAs) {
    const uid = Number(spawnSync('id', ['-u', runAs], { encoding: 'utf8' }).stdout.trim());
    for (const f of ['', 'users.txt', 'pgbouncer.ini']) chownSync(join(procs.dir, f), uid, -1);
  }
  const bin = spawnSync('sh', ['-c', 'command -v pgbouncer || echo /usr/sbin/pgbouncer'], {
    encoding: 'utf8',
  }).stdout.trim();
  const child = procs.spawn(bin, [...(runAs ? ['-u', runAs] : []), join(procs.dir, 'pgbouncer.ini')]);
  const url = `postgresql://${encodeURIComponent(user)}@127.0.0.1:${opts.port}/${encodeURIComponent(db)}`;
  const pg = (await import('pg')).default;
  const deadline = Date.now() + 10_000;
  for (;;) {
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.query('SELECT 1');
      await client.end();
      break;
    } catch (err) {
      await client.end().catch(() => undefined);
      if (child.exitCode !== null || Date.now() > deadline) {
        await procs.stopAll();
        throw new Error(`pgbouncer did not answer on ${opts.port}: ${(err as Error).message}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return { url, stop: () => procs.stopAll() };
}
