import type { WorkerServices } from './composition';

// PLACEHOLDER (being built this session): prunes (and optionally archives) old executions.
export async function startRetention(_services: WorkerServices): Promise<{ close(): Promise<void> }> {
  return { close: async () => undefined };
}
