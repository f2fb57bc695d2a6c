/** What the workflows page reads from the API (SPEC §7; extra fields are ignored). */
import type { ExecutionStatus } from '@weft/contracts';

export type { ExecutionStatus };

export interface LastExecution {
  id: string;
  status: ExecutionStatus;
  createdAt: string;
}

export interface WorkflowSummary {
  id: string;
  name: string;
  description: string;
  activeVersion: number | null;
  latestVersion: number;
  createdAt: string;
  updatedAt: string;
  /** The newest execution of any version, or null when the workflow never ran. */
  lastExecution: LastExecution | null;
}

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
