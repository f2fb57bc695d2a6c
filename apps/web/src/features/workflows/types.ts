/** What the workflows page reads from the API (SPEC §7; extra fields are ignored). */

export interface WorkflowSummary {
  id: string;
  name: string;
  description: string;
  activeVersion: number | null;
  latestVersion: number;
  updatedAt: string;
}

export type ExecutionStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'canceled' | 'timed_out';

export interface ExecutionSummary {
  id: string;
  status: ExecutionStatus;
  trigger: string;
  createdAt: string;
  durationMs: number | null;
  finishedAt: string | null;
}

export interface ListResponse<T> {
  items: T[];
  nextCursor: string | null;
}
