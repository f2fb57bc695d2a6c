import type { ExecutionStatus, FireOutcome, OverlapPolicy } from '@weft/contracts';

export type { FireOutcome, OverlapPolicy };

/** The settings a schedule is created with and PATCHed by (every field optional on PATCH). */
export interface ScheduleSettings {
  cron: string;
  timezone: string;
  enabled: boolean;
  overlap: OverlapPolicy;
  maxInstances: number;
  coalesce: boolean;
  catchUpWindowSec: number;
  input: Record<string, unknown>;
}

/** `GET /api/workflows/:id/schedules` item and `GET/PATCH /api/schedules/:id` answer. */
export interface Schedule extends ScheduleSettings {
  id: string;
  workflowId: string;
  /** False while disabled, or while the workflow has no active version; `notFiringReason` says which. */
  firing: boolean;
  notFiringCode: 'disabled' | 'no_active_version' | null;
  notFiringReason: string | null;
  /** Whether the caller may change it (view-only callers get no Edit, Delete or switch). */
  canEdit: boolean;
  /** Null while not firing. */
  nextRunAt: string | null;
  /** The next five due times (ISO, UTC), whether or not the schedule is firing. */
  nextRuns: string[];
  /** The same instants with the zone's offset (`2026-12-07T09:00:00+01:00`). */
  nextRunsLocal: string[];
  lastRunAt: string | null;
  runCount: number;
  skipCount: number;
  /** A run held back by overlap `queue`, due at this time; it starts when a run ends. */
  pendingRunAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** `GET /api/schedules/:id/fires` item, newest first. */
export interface Fire {
  id: string;
  scheduledAt: string;
  firedAt: string;
  outcome: FireOutcome;
  reason: string | null;
  /** A coalesced catch-up run: how many earlier missed due times it stands for. */
  missedRuns: number;
  executionId: string | null;
  executionStatus: ExecutionStatus | null;
}
