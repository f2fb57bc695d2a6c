import type { Worker } from 'bullmq';
import type { WorkerServices } from './composition';

// PLACEHOLDER (being built this session): registers this worker in the fleet with a heartbeat.
export async function startHeartbeat(_services: WorkerServices, _opts: { worker: Worker; metricsPort: number | null }): Promise<{ close(): Promise<void> }> {
  return { close: async () => undefined };
}
