// Weft on a real Redis Cluster (3 masters, ports 7100-7102, started here): the web services,
// a worker, BullMQ, the rate limiter and pub/sub all on `redis-cluster://`, with the queue
// prefix's hash tag keeping each queue's keys in one slot. docs/operations.md "Beyond one machine".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '@weft/config';
import { BullWakeQueue, createRedis, type RedisClient } from '@weft/queue';
import { Cluster } from 'ioredis';
import { disposeServices, getServices } from '@/server/composition';
import { createUserWithSession } from '../../apps/web/test/helpers';
import { missingBinaries, startRedisCluster } from './infra/servers';
import {
  deliverWebhooksAndCheck,
  expectReady,
  importWorkflow,
  runManuallyAndCheck,
  scheduleAndCheck,
  untilRedisReady,
} from './infra/scale-scenario';
import { startInProcessWorker } from '../../apps/web/test/run-worker';

const PORTS = [7100, 7101, 7102];
const PREFIX = '{weft_scale}';
const missing = missingBinaries(['redis-server', 'redis-cli'], 'redis-server redis-tools');
if (missing) console.warn(`redis-cluster.int.test.ts ${missing}`);

describe.skipIf(missing !== null)('on a Redis Cluster (redis-cluster://, 3 masters)', () => {
  let cluster: Awaited<ReturnType<typeof startRedisCluster>>;
  let worker: Awaited<ReturnType<typeof startInProcessWorker>>;
  let owner: { cookie: string };

  beforeAll(async () => {
    cluster = await startRedisCluster(PORTS);
    process.env.REDIS_URL = cluster.url;
    process.env.QUEUE_PREFIX = PREFIX;
    owner = await createUserWithSession('owner', 'cluster-owner');
    expect(getServices().redis).toBeInstanceOf(Cluster);
    await untilRedisReady();
    worker = await startInProcessWorker();
  });

  afterAll(async () => {
    await worker?.stop();
    await disposeServices();
    await cluster?.stop();
  });

  it('runs a workflow from the API: succeeded, with its steps in Postgres', async () => {
    const workflowId = await importWorkflow(owner);
    await expectReady();
    await runManuallyAndCheck(owner, workflowId, 7, 5);
    await runManuallyAndCheck(owner, workflowId, 1, 2);
  });

  it('fires a schedule every second: its run succeeds; deleted, its timer is gone', async () => {
    await scheduleAndCheck(owner, await importWorkflow(owner));
  });

  it('takes webhook deliveries: sync reply over pub/sub, Idempotency-Key, rate limit 429', async () => {
    await deliverWebhooksAndCheck(owner, await importWorkflow(owner));
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
    const redis: RedisClient = createRedis(cluster.url, 'worker');
    const untagged = new BullWakeQueue(redis, { prefix: 'weft_scale_untagged', timeoutMs: 5_000 });
    try {
      await expect(untagged.wake('00000000-0000-0000-0000-000000000001')).rejects.toThrow(/CROSSSLOT/);
    } finally {
      await untagged.close();
      await redis.quit();
    }
  });
});
