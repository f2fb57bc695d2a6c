import { untilConnected, type RedisClient } from './connection';

/**
 * Counts the live-event streams each user holds open (MAX_EVENT_STREAMS_PER_USER), across
 * every web process: one sorted set per user, `<prefix>:event-streams:<userId>`, of stream ids
 * scored by when their lease lapses. A stream refreshes its lease while it is open and removes
 * itself when it closes; a process that dies without closing its streams stops counting once
 * their leases lapse. Each operation is one Lua script timed by Redis's own clock, so
 * processes with skewed clocks agree and two streams can't both take the last slot.
 */

// KEYS[1] the user's set; ARGV: stream id, lease ms, max. → {1, 0} taken, or {0, ms until the earliest lease lapses}.
const ACQUIRE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local lease = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZSCORE', KEYS[1], ARGV[1]) == false and redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then
  local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return {0, tonumber(first[2]) - now}
end
redis.call('ZADD', KEYS[1], now + lease, ARGV[1])
redis.call('PEXPIRE', KEYS[1], lease)
return {1, 0}`;

// Extends a stream's lease (re-adding it if Redis lost it: it is open, so it counts).
const REFRESH = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[2]) then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 1`;

export type SlotResult = { ok: true } | { ok: false; retryAfterMs: number };

export class StreamSlots {
  private readonly leaseMs: number;

  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
    opts: { leaseMs: number },
  ) {
    this.leaseMs = opts.leaseMs;
  }

  /** How long a stream counts without a refresh. */
  get lease(): number {
    return this.leaseMs;
  }

  /** Takes a slot for `streamId` unless the user already holds `max`. */
  async acquire(userId: string, streamId: string, max: number): Promise<SlotResult> {
    // A fail-fast (producer) connection refuses commands until its first connect is done.
    await untilConnected(this.redis);
    const [taken, waitMs] = (await this.redis.eval(ACQUIRE, 1, this.key(userId), streamId, this.leaseMs, max)) as [
      number,
      number,
    ];
    return taken === 1 ? { ok: true } : { ok: false, retryAfterMs: Math.max(0, waitMs) };
  }

  async refresh(userId: string, streamId: string): Promise<void> {
    await this.redis.eval(REFRESH, 1, this.key(userId), streamId, this.leaseMs);
  }

  async release(userId: string, streamId: string): Promise<void> {
    await this.redis.zrem(this.key(userId), streamId);
  }

  private key(userId: string): string {
    return `${this.prefix}:event-streams:${userId}`;
  }
}
