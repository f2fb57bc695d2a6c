import type { RedisClient } from './connection';

/**
 * The worker fleet, kept in Redis (no table: it is state about processes, not data). One hash,
 * `<prefix>:workers`, one field per worker id holding that worker's last heartbeat as JSON.
 * Times are Redis's own clock (`TIME`), both when a worker beats and when the list is read, so
 * clock skew between hosts can't make a live worker look gone. One key, so it works unchanged
 * on Redis Cluster.
 */

/** What a worker says about itself on each heartbeat. */
export interface WorkerInfo {
  /** The id its drives use as lease owners (`<id>:<n>`). */
  id: string;
  host: string;
  pid: number;
  version: string;
  /** WORKER_CONCURRENCY: drives it runs at once. */
  concurrency: number;
  /** Drives in progress right now. */
  running: number;
  startedAt: string;
  /** Its own /metrics and /health port, null when it serves none. */
  metricsPort: number | null;
  /**
   * Its WORKER_STALE_MS: it is gone once its last beat is older than this. The worker's own
   * setting, not the reader's, so a web process without the worker variables (default 30 s)
   * can't call a worker that beats every 20 s gone between two beats.
   */
  staleMs: number;
}

/** `running` while it beats; `stopped` once it left on SIGTERM (its last word). */
export type WorkerStatus = 'running' | 'stopped';

/** How a reader sees a worker: `gone` = no heartbeat for longer than the stale timeout (crashed, killed, cut off). */
export type WorkerState = 'live' | 'gone' | 'stopped';

export interface FleetWorker extends WorkerInfo {
  status: WorkerStatus;
  state: WorkerState;
  lastHeartbeatAt: string;
}

interface StoredEntry extends WorkerInfo {
  status: WorkerStatus;
  /** Redis time, epoch ms. */
  beatAt: number;
}

/** How long a worker that left stays listed: `stopped` ones (a deploy) briefly, `gone` ones (a crash) for a day. */
export const FORGET_STOPPED_AFTER_MS = 60 * 60 * 1000;
export const FORGET_GONE_AFTER_MS = 24 * 60 * 60 * 1000;

export function fleetKey(prefix: string): string {
  return `${prefix}:workers`;
}

/** Redis's clock, epoch ms. */
export async function redisTimeMs(redis: RedisClient): Promise<number> {
  const [seconds, micros] = await redis.time();
  return Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
}

/** One heartbeat: writes `info` with the Redis time as its last beat. `stopped` on the way out. */
export async function recordHeartbeat(
  redis: RedisClient,
  prefix: string,
  info: WorkerInfo,
  status: WorkerStatus = 'running',
): Promise<void> {
  const entry: StoredEntry = { ...info, status, beatAt: await redisTimeMs(redis) };
  await redis.hset(fleetKey(prefix), info.id, JSON.stringify(entry));
}

/**
 * Every worker that beat recently enough to be remembered, live ones first (then most recent
 * beat first). A worker is `gone` when its last beat is older than its stale timeout (its
 * own WORKER_STALE_MS; `staleMs` for an entry that doesn't say) and it never said it stopped. Entries past
 * FORGET_*_AFTER_MS are removed here, so the hash stays small
 * whoever reads it (the Workers page, the `weft_workers` gauge, a worker starting).
 */
export async function listWorkers(redis: RedisClient, prefix: string, staleMs: number): Promise<FleetWorker[]> {
  const [now, raw] = await Promise.all([redisTimeMs(redis), redis.hgetall(fleetKey(prefix))]);
  const items: FleetWorker[] = [];
  const forget: string[] = [];
  for (const [field, value] of Object.entries(raw)) {
    const entry = parseEntry(value, staleMs);
    if (!entry) {
      forget.push(field);
      continue;
    }
    const age = now - entry.beatAt;
    const state: WorkerState = entry.status === 'stopped' ? 'stopped' : age > entry.staleMs ? 'gone' : 'live';
    if (age > (state === 'stopped' ? FORGET_STOPPED_AFTER_MS : FORGET_GONE_AFTER_MS) && state !== 'live') {
      forget.push(field);
      continue;
    }
    const { beatAt, ...info } = entry;
    items.push({ ...info, state, lastHeartbeatAt: new Date(beatAt).toISOString() });
  }
  if (forget.length > 0) await redis.hdel(fleetKey(prefix), ...forget);
  const rank = { live: 0, gone: 1, stopped: 2 } as const;
  return items.sort(
    (a, b) =>
      rank[a.state] - rank[b.state] || b.lastHeartbeatAt.localeCompare(a.lastHeartbeatAt) || a.id.localeCompare(b.id),
  );
}

/** Counts per state, for a gauge. */
export function countWorkers(workers: readonly FleetWorker[]): Record<WorkerState, number> {
  const counts: Record<WorkerState, number> = { live: 0, gone: 0, stopped: 0 };
  for (const w of workers) counts[w.state]++;
  return counts;
}

/** Redis holds whatever was written to it: an entry that isn't ours is dropped, not shown. */
function parseEntry(value: string, staleMs: number): StoredEntry | null {
  try {
    const e = JSON.parse(value) as Partial<StoredEntry>;
    if (
      typeof e.id !== 'string' ||
      typeof e.beatAt !== 'number' ||
      typeof e.pid !== 'number' ||
      (e.status !== 'running' && e.status !== 'stopped')
    )
      return null;
    return {
      id: e.id,
      host: String(e.host ?? ''),
      pid: e.pid,
      version: String(e.version ?? ''),
      concurrency: Number(e.concurrency ?? 0),
      running: Number(e.running ?? 0),
      startedAt: String(e.startedAt ?? ''),
      metricsPort: typeof e.metricsPort === 'number' ? e.metricsPort : null,
      staleMs: typeof e.staleMs === 'number' && e.staleMs > 0 ? e.staleMs : staleMs,
      status: e.status,
      beatAt: e.beatAt,
    };
  } catch {
    return null;
  }
}
