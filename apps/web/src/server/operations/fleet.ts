import 'server-only';
import { listWorkers, type FleetWorker } from '@weft/queue';
import type { Services } from '../composition';
import { redisOf, withRedis } from './redis';

/** GET /api/workers: every worker remembered (live first), and the timeout after which a silent one counts as gone. */
export interface WorkersView {
  items: FleetWorker[];
  staleMs: number;
  heartbeatMs: number;
}

export async function readWorkers(services: Services): Promise<WorkersView> {
  const { queuePrefix, fleet } = services.config;
  const items = await withRedis(() => listWorkers(redisOf(services), queuePrefix, fleet.staleMs));
  return { items, staleMs: fleet.staleMs, heartbeatMs: fleet.heartbeatMs };
}
