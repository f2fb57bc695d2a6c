import 'server-only';
import type { Prisma, Schedule } from '@weft/db';
import type { ScheduleTimers } from '@weft/queue';
import { ApiError } from '../http/errors';

type Tx = Prisma.TransactionClient;

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
  timers: ScheduleTimers,
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
  timers: ScheduleTimers,
  workflowId: string,
  active: boolean,
  becameActive: boolean,
): Promise<void> {
  const schedules = await tx.schedule.findMany({ where: { workflowId } });
  // Time spent inactive is not caught up: due times start counting from now.
  if (becameActive && schedules.length > 0)
    await tx.schedule.updateMany({ where: { workflowId }, data: { lastDueAt: new Date() } });
  for (const s of schedules) await syncTimer(timers, s, active);
}

/** Removes a deleted workflow's timers (its schedules go with it, by cascade). */
export async function removeWorkflowTimers(tx: Tx, timers: ScheduleTimers, workflowId: string): Promise<void> {
  const schedules = await tx.schedule.findMany({ where: { workflowId }, select: { id: true } });
  for (const s of schedules) await timerChange(() => timers.remove(s.id));
}
