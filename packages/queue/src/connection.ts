import { parseRedisUrl } from '@weft/config';
import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';

/** One Redis, a Sentinel-managed master, or a Cluster: whatever REDIS_URL names. BullMQ takes either. */
export type RedisClient = Redis | Cluster;

export type RedisRole = 'worker' | 'producer' | 'subscriber';

/**
 * Redis connections. Workers need `maxRetriesPerRequest: null` (BullMQ blocks on Redis);
 * producers in the web process fail fast instead, so a request answers 503 rather than
 * hanging while Redis is down. The same per-role options apply to each form of REDIS_URL
 * (docs/operations.md "Beyond one machine"):
 *
 * - `redis://` / `rediss://`: one server, as ioredis parses the URL;
 * - `redis-sentinel://s1:26379,s2:26379/<master>`: asks the Sentinels for the master, and
 *   asks again after a failover (the old master's clients are disconnected by Sentinel, and
 *   `failoverDetector` also reconnects on `+switch-master` at once);
 * - `redis-cluster://n1:7000,n2:7001`: seed nodes; the client discovers the rest and follows
 *   MOVED/ASK redirects. BullMQ's scripts need their keys in one slot: QUEUE_PREFIX holds a
 *   hash tag, which the config requires with this form.
 */
export function createRedis(url: string, role: RedisRole): RedisClient {
  const opts: RedisOptions =
    role === 'producer'
      ? { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2_000, lazyConnect: false }
      : { maxRetriesPerRequest: null, enableReadyCheck: true };
  const target = parseRedisUrl(url);
  let redis: RedisClient;
  if (target.kind === 'standalone') {
    redis = new Redis(url, opts);
  } else if (target.kind === 'sentinel') {
    redis = new Redis({
      ...opts,
      sentinels: target.sentinels,
      name: target.masterName,
      role: 'master',
      db: target.db,
      failoverDetector: true,
      ...credentials(target),
      ...(target.sentinelUsername ? { sentinelUsername: target.sentinelUsername } : {}),
      ...(target.sentinelPassword ? { sentinelPassword: target.sentinelPassword } : {}),
    });
  } else {
    const { enableOfflineQueue, ...nodeOpts } = opts;
    const clusterOpts: ClusterOptions = {
      // Per-node connections carry the role's retry and timeout options; BullMQ reads
      // `redisOptions.maxRetriesPerRequest` to check a worker connection blocks safely.
      redisOptions: { ...nodeOpts, ...credentials(target) },
      enableReadyCheck: true,
      ...(enableOfflineQueue === false ? { enableOfflineQueue: false } : {}),
    };
    redis = new Cluster(target.nodes, clusterOpts);
  }
  // ioredis emits 'error' on every failed reconnect; without a listener Node would crash.
  redis.on('error', () => {});
  return redis;
}

function credentials(target: { username?: string; password?: string }): Pick<RedisOptions, 'username' | 'password'> {
  return {
    ...(target.username ? { username: target.username } : {}),
    ...(target.password ? { password: target.password } : {}),
  };
}

/**
 * Resolves once `redis` is connected, or at once when it is not still connecting (ready, or
 * down for good: the command that follows then fails as it should). A fail-fast producer
 * (no offline queue) rejects commands while its first connection opens, so a process that
 * just started would otherwise answer 503 to its first requests. Waits at most `timeoutMs`.
 */
export async function untilConnected(redis: object, timeoutMs = 2_000): Promise<void> {
  const r = redis as {
    status?: unknown;
    once?: (event: string, listener: () => void) => unknown;
    off?: (event: string, listener: () => void) => unknown;
  };
  if (typeof r.status !== 'string' || typeof r.once !== 'function') return;
  if (!['wait', 'connecting', 'connect', 'reconnecting'].includes(r.status)) return;
  await new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      r.off?.('ready', done);
      resolve();
    };
    const timer = setTimeout(done, timeoutMs);
    r.once?.('ready', done);
  });
}
