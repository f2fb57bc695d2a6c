import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createRedis, StreamSlots } from '../src';

// The open-stream count per user (MAX_EVENT_STREAMS_PER_USER) on real Redis: one sorted set
// per user, leases that lapse unless refreshed, so the count holds across web processes and
// a crashed process's streams stop counting on their own.

const redis = createRedis(process.env.REDIS_URL!, 'producer');
const prefix = `weft-test-${randomUUID().slice(0, 8)}`;
afterAll(async () => {
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('StreamSlots', () => {
  it('admits up to the maximum per user, refuses the next with the time until a lease lapses, and frees a released slot', async () => {
    const slots = new StreamSlots(redis, prefix, { leaseMs: 30_000 });
    const user = randomUUID();
    for (let i = 0; i < 3; i++) expect(await slots.acquire(user, `s${i}`, 3)).toEqual({ ok: true });
    const refused = await slots.acquire(user, 's3', 3);
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.retryAfterMs).toBeGreaterThan(29_000);
    expect(!refused.ok && refused.retryAfterMs).toBeLessThanOrEqual(30_000);
    // Another user has slots of their own.
    expect(await slots.acquire(randomUUID(), 's0', 3)).toEqual({ ok: true });

    await slots.release(user, 's1');
    expect(await slots.acquire(user, 's3', 3)).toEqual({ ok: true });
    expect((await slots.acquire(user, 's4', 3)).ok).toBe(false);
    // The key expires with its leases: nothing is left behind for users who stop watching.
    expect(await redis.pttl(`${prefix}:event-streams:${user}`)).toBeGreaterThan(29_000);
  });

  it('drops lapsed leases when counting, and a refreshed one keeps counting', async () => {
    const slots = new StreamSlots(redis, prefix, { leaseMs: 400 });
    const user = randomUUID();
    expect(await slots.acquire(user, 'kept', 2)).toEqual({ ok: true });
    expect(await slots.acquire(user, 'crashed', 2)).toEqual({ ok: true });
    expect((await slots.acquire(user, 'new', 2)).ok).toBe(false);
    // `kept` is refreshed (its stream's keepalive); `crashed`'s process is gone.
    for (let i = 0; i < 4; i++) {
      await sleep(150);
      await slots.refresh(user, 'kept');
    }
    expect(await slots.acquire(user, 'new', 2)).toEqual({ ok: true });
    expect((await slots.acquire(user, 'another', 2)).ok).toBe(false);
  });
});
