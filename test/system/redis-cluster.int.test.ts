// Weft on a real Redis Cluster (3 masters, ports 7100-7102, started here): the web services,
// a worker, BullMQ, the rate limiter and pub/sub all on `redis-cluster://`, with the queue
// prefix's hash tag keeping each queue's keys in one slot. docs/operations.md "Beyond one machine".
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '@weft/config';
import { BullWakeQueue, createRedis, type RedisClient } from '@weft/queue';
import { Cluster } from 'ioredis';
import { getServices } from '@/server/composition';
import { missingBinaries, startRedisCluster } from './infra/servers';
import { onTopology } from './infra/scale-scenario';

const PORTS = [7100, 7101, 7102];
const PREFIX = '{weft_scale}';
const missing = missingBinaries(['redis-server', 'redis-cli'], 'redis-server redis-tools');
if (missing) console.warn(`redis-cluster.int.test.ts ${missing}`);

describe.skipIf(missing !== null)('on a Redis Cluster (redis-cluster://, 3 masters)', () => {
  const topology = onTopology({
    ownerName: 'cluster-owner',
    start: () => startRedisCluster(PORTS),
    env: (cluster) => ({ REDIS_URL: cluster.url, QUEUE_PREFIX: PREFIX }),
  });

  it('runs a workflow from the API: succeeded, with its steps in Postgres', async () => {
    expect(getServices().redis).toBeInstanceOf(Cluster);
    const workflowId = await topology.importWorkflow();
    await topology.runManuallyAndCheck(workflowId, 7, 5);
    await topology.runManuallyAndCheck(workflowId, 1, 2);
  });

  it('fires a schedule every second: its run succeeds; deleted, its timer is gone', async () => {
    await topology.scheduleAndCheck(await topology.importWorkflow());
  });

  it('takes webhook deliveries: sync reply over pub/sub, Idempotency-Key, rate limit 429', async () => {
    await topology.deliverWebhooksAndCheck(await topology.importWorkflow());
  });

  it("keeps every BullMQ key of the prefix in the hash tag's one slot", async () => {
    const nodes = (getServices().redis as Cluster).nodes('master');
    expect(nodes).toHaveLength(3);
    const perNode = await Promise.all(nodes.map((n) => n.keys(`${PREFIX}:*`)));
    const holding = perNode.filter((keys) => keys.length > 0);
    expect(holding).toHaveLength(1);
    expect(holding[0]).toEqual(
      expect.arrayContaining([`${PREFIX}:executions:meta`, `${PREFIX}:schedules:meta`, `${PREFIX}:maintenance:repeat`]),
    );
  });

  it('refuses to start with a prefix without a hash tag, naming both variables; BullMQ would fail CROSSSLOT', async () => {
    expect(() => loadConfig({ ...process.env, QUEUE_PREFIX: 'weft_scale' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...process.env, QUEUE_PREFIX: 'weft_scale' })).toThrow(
      /QUEUE_PREFIX \(weft_scale\) must contain a hash tag.*REDIS_URL is a redis-cluster:\/\/ URL/,
    );
    // What the rule prevents: a queue's keys spread over slots, and its scripts refused.
    const redis: RedisClient = createRedis(topology.servers().url, 'worker');
    const untagged = new BullWakeQueue(redis, { prefix: 'weft_scale_untagged', timeoutMs: 5_000 });
    try {
      await expect(untagged.wake('00000000-0000-0000-0000-000000000001')).rejects.toThrow(/CROSSSLOT/);
    } finally {
      await untagged.close();
      await redis.quit();
    }
  });
});
