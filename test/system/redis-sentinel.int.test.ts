// Weft on Redis Sentinel (a master on 6390, its replica on 6391, one Sentinel on 26379, all
// started here): the web services and a worker find the master through `redis-sentinel://`,
// and after a failover (SENTINEL FAILOVER promotes the replica) they follow it and runs
// succeed again. docs/operations.md "Beyond one machine".
import { beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { getServices } from '@/server/composition';
import { missingBinaries, startRedisSentinel } from './infra/servers';
import { onTopology } from './infra/scale-scenario';

const MASTER = 6390;
const REPLICA = 6391;
const missing = missingBinaries(
  ['redis-server', 'redis-sentinel', 'redis-cli'],
  'redis-server redis-sentinel redis-tools',
);
if (missing) console.warn(`redis-sentinel.int.test.ts ${missing}`);

/** The port of the server a connection is talking to (its options keep the Sentinel's defaults). */
async function serverPort(redis: Redis): Promise<number | null> {
  const info = await redis.info('server').catch(() => '');
  const port = /^tcp_port:(\d+)/m.exec(info)?.[1];
  return port ? Number(port) : null;
}

describe.skipIf(missing !== null)('on Redis Sentinel (redis-sentinel://)', () => {
  const topology = onTopology({
    ownerName: 'sentinel-owner',
    start: () =>
      startRedisSentinel({ masterName: 'weft_scale', masterPort: MASTER, replicaPort: REPLICA, sentinelPort: 26379 }),
    env: (sentinel) => ({ REDIS_URL: sentinel.url, QUEUE_PREFIX: '{weft_scale}' }),
  });
  let workflowId: string;

  beforeAll(async () => {
    workflowId = await topology.importWorkflow();
  });

  it('finds the master through the Sentinel: a run and webhook deliveries succeed, with their steps in Postgres', async () => {
    expect(await serverPort(getServices().redis as Redis)).toBe(MASTER);
    await topology.runManuallyAndCheck(workflowId, 7, 5);
    await topology.deliverWebhooksAndCheck(workflowId);
  });

  it('follows a failover to the promoted replica: the next runs and a schedule succeed', async () => {
    expect(await topology.servers().failover()).toBe(REPLICA);
    // The web's producer fails fast while it reconnects (a request then answers 503, as with
    // Redis down); it is back once the Sentinel has named the new master.
    const redis = getServices().redis as Redis;
    for (const deadline = Date.now() + 20_000; ; ) {
      const [port, role] = await Promise.all([serverPort(redis), redis.role().catch(() => null)]);
      if (port === REPLICA && role?.[0] === 'master') break;
      if (Date.now() > deadline) throw new Error(`web's Redis still on ${port} (${String(role?.[0])})`);
      await new Promise((r) => setTimeout(r, 100));
    }
    await topology.runManuallyAndCheck(workflowId, 3, 4);
    await topology.runManuallyAndCheck(workflowId, 30, 4);
    await topology.scheduleAndCheck(await topology.importWorkflow());
  });
});
