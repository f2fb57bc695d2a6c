import type { WorkerServices } from './composition';

// PLACEHOLDER (being built this session): /metrics and /health/* on WORKER_METRICS_PORT.
export async function startOpsServer(_services: WorkerServices): Promise<{ port: number | null; close(): Promise<void> }> {
  return { port: null, close: async () => undefined };
}
