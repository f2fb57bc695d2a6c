// Wire shapes of GET /api/workers, GET /api/queue and POST /api/queue/purge
// (apps/web/src/server/operations; to move to packages/contracts with the other schemas).

export type WorkerState = 'live' | 'gone' | 'stopped';

export interface FleetWorker {
  id: string;
  host: string;
  pid: number;
  version: string;
  concurrency: number;
  running: number;
  startedAt: string;
  lastHeartbeatAt: string;
  metricsPort: number | null;
  staleMs: number;
  status: 'running' | 'stopped';
  state: WorkerState;
}

export interface WorkersBody {
  items: FleetWorker[];
  staleMs: number;
  heartbeatMs: number;
}

export const QUEUE_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children', 'completed', 'failed'] as const;
export type QueueState = (typeof QUEUE_STATES)[number];

export interface QueueView {
  name: string;
  counts: Record<QueueState, number>;
  oldestWaitingMs: number | null;
}

export interface QueuesBody {
  items: QueueView[];
}

export interface PurgeResult {
  purged: number;
  canceled: number;
}
