import 'server-only';
import type { Repositories, Schedule } from '@weft/db';
import type { ScheduleTimers } from '@weft/queue';
import { ApiError } from '../http/errors';

/** The schedule timers' port (BullMQ job schedulers in production). */
export type Timers = Pick<ScheduleTimers, 'set' | 'remove'>;

/** The transaction's repositories a timer change reads schedules through. */
type Tx = Pick<Repositories, 'schedules'>;

/** Runs a timer change; Redis unreachable is a 503 that rolls the caller's transaction back. */
export async function timerChange(work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (err) {
    throw new ApiError(
      'SERVICE_UNAVAILABLE',
      `the job queue is unreachable, so the schedule was not changed; try again shortly (${(err as Error).message})`,
    );
  }
}

/** Sets or removes a schedule's timer to match whether it fires. */
export async function syncTimer(
  timers: Timers,
  s: Pick<Schedule, 'id' | 'cron' | 'timezone' | 'enabled'>,
  workflowActive: boolean,
): Promise<void> {
  await timerChange(() =>
    s.enabled && workflowActive ? timers.set({ id: s.id, cron: s.cron, timezone: s.timezone }) : timers.remove(s.id),
  );
}

/** Sets or removes the timers of every schedule of a workflow whose active version changed (in the caller's transaction). */
export async function syncWorkflowTimers(
  tx: Tx,
  timers: Timers,
  workflowId: string,
  active: boolean,
  becameActive: boolean,
): Promise<void> {
  const repo = tx.schedules;
  const schedules = await repo.listForWorkflow(workflowId);
  // Time spent inactive is not caught up: due times start counting from now.
  if (becameActive && schedules.length > 0) await repo.restartDueTimes(workflowId, new Date());
  for (const s of schedules) await syncTimer(timers, s, active);
}

/** Removes a deleted workflow's timers (its schedules go with it, by cascade). */
export async function removeWorkflowTimers(tx: Tx, timers: Timers, workflowId: string): Promise<void> {
  const schedules = await tx.schedules.listForWorkflow(workflowId);
  for (const s of schedules) await timerChange(() => timers.remove(s.id));
}
