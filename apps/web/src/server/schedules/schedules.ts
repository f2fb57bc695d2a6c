import 'server-only';
import type { Schedule, ScheduleFireRow, Store } from '@weft/db';
import { nextFireTimes, zonedIso } from '@weft/engine';
import { recordAudit } from '../audit';
import type { AuthUser } from '../auth/auth-user';
import { ApiError } from '../http/errors';
import { mapPage, type PageQuery } from '../pagination';
import { assertMayArm } from '../auth/abilities';
import { can } from '../auth/permissions';
import { loadWorkflowFor } from '../workflows/load';
import { syncTimer, timerChange, type Timers } from './timers';
import type { CreateScheduleBody, UpdateScheduleBody } from './schemas';
import type { Schedule as ScheduleView, ScheduleFire } from '@weft/contracts';

/**
 * Schedules (SPEC §5, docs/schedules.md). The table is the truth; a BullMQ job scheduler per
 * firing schedule is only its timer. Every change sets or removes the timer inside the same
 * transaction, so when Redis is unreachable the change is rolled back and answered 503 —
 * nothing half-written. (A timer that outlives a rolled-back change fires nothing: the worker
 * decides from the table, and its reconciliation removes it.)
 */
const NOT_FIRING = { disabled: 'disabled', no_active_version: 'the workflow has no active version' } as const;

function notFiring(s: Schedule, workflowActive: boolean): keyof typeof NOT_FIRING | null {
  if (!s.enabled) return 'disabled';
  if (!workflowActive) return 'no_active_version';
  return null;
}

/** `canEdit`: whether the caller may change it (the panel hides what it may not do). */
export function toScheduleView(
  s: Schedule,
  workflowActive: boolean,
  pendingRunAt: Date | null,
  canEdit: boolean,
  now = new Date(),
): ScheduleView {
  const next = nextFireTimes({ cron: s.cron, timezone: s.timezone }, now, 5);
  const code = notFiring(s, workflowActive);
  const reason = code ? NOT_FIRING[code] : null;
  return {
    id: s.id,
    workflowId: s.workflowId,
    cron: s.cron,
    timezone: s.timezone,
    enabled: s.enabled,
    overlap: s.overlap,
    maxInstances: s.maxInstances,
    coalesce: s.coalesce,
    catchUpWindowSec: s.catchUpWindowSec,
    // Always an object: the body schema accepts only objects, and the column defaults to {}.
    input: s.input as ScheduleView['input'],
    firing: reason === null,
    notFiringCode: code,
    notFiringReason: reason,
    nextRunAt: reason === null ? (next[0]?.toISOString() ?? null) : null,
    nextRuns: next.map((d) => d.toISOString()),
    nextRunsLocal: next.map((d) => zonedIso(d, s.timezone)),
    lastRunAt: s.lastRunAt?.toISOString() ?? null,
    runCount: s.runCount,
    skipCount: s.skipCount,
    pendingRunAt: pendingRunAt?.toISOString() ?? null,
    canEdit,
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
  };
}

/** What the read use cases need; the writes also set or remove the schedule's timer. */
type Reads = Pick<Store, 'workflows' | 'schedules'>;
interface Deps {
  store: Store;
  timers: Timers;
}

export async function listSchedules(store: Reads, user: AuthUser, workflowId: string) {
  const workflow = await loadWorkflowFor(store, user, workflowId, 'view');
  const rows = await store.schedules.listForWorkflow(workflowId);
  const pending = await store.schedules.pendingRuns(rows.map((s) => s.id));
  const canEdit = can(user, 'edit', workflow);
  return {
    items: rows.map((s) => toScheduleView(s, workflow.activeVersion !== null, pending.get(s.id) ?? null, canEdit)),
    nextCursor: null,
  };
}

export async function createSchedule(
  { store, timers }: Deps,
  user: AuthUser,
  workflowId: string,
  body: CreateScheduleBody,
  ip: string | null,
) {
  // A schedule starts runs by itself: creating one needs execute as well as edit.
  const workflow = await loadWorkflowFor(store, user, workflowId, ['edit', 'execute']);
  const active = workflow.activeVersion !== null;
  const schedule = await store.transaction(async (tx) => {
    const s = await tx.schedules.create(workflowId, body);
    await recordAudit(tx, {
      actorId: user.id,
      action: 'schedule.create',
      targetType: 'schedule',
      targetId: s.id,
      result: 'success',
      details: { workflowId, cron: s.cron, timezone: s.timezone },
      ip,
    });
    await syncTimer(timers, s, active);
    return s;
  });
  return toScheduleView(schedule, active, null, true);
}

const scheduleNotFound = () => new ApiError('NOT_FOUND', 'Schedule not found');

/** Loads a schedule and checks `action` on its workflow (404 when the workflow is hidden). */
async function loadScheduleFor(store: Reads, user: AuthUser, id: string, action: 'view' | 'edit') {
  const schedule = await store.schedules.find(id);
  if (!schedule) throw scheduleNotFound();
  try {
    const workflow = await loadWorkflowFor(store, user, schedule.workflowId, action);
    return { schedule, workflow, active: workflow.activeVersion !== null, canEdit: can(user, 'edit', workflow) };
  } catch (err) {
    if (err instanceof ApiError && err.code === 'NOT_FOUND') throw scheduleNotFound();
    throw err;
  }
}

async function pendingRunOf(store: Pick<Store, 'schedules'>, id: string): Promise<Date | null> {
  return (await store.schedules.pendingRuns([id])).get(id) ?? null;
}

export async function getSchedule(store: Reads, user: AuthUser, id: string) {
  const { schedule, active, canEdit } = await loadScheduleFor(store, user, id, 'view');
  return toScheduleView(schedule, active, await pendingRunOf(store, id), canEdit);
}

export async function updateSchedule(
  { store, timers }: Deps,
  user: AuthUser,
  id: string,
  body: UpdateScheduleBody,
  ip: string | null,
) {
  const { schedule: current, workflow, active } = await loadScheduleFor(store, user, id, 'edit');
  // Turned back on: runs start by themselves again, which needs execute as well as edit (turning
  // it off needs only edit), and the time it was off is not caught up.
  const reEnabled = body.enabled === true && !current.enabled;
  if (reEnabled) assertMayArm(user, workflow, 'enable this schedule', 'body.enabled');
  const updated = await store.transaction(async (tx) => {
    const s = await tx.schedules.update(id, { ...body, ...(reEnabled ? { lastDueAt: new Date() } : {}) });
    if (!s) throw scheduleNotFound();
    await recordAudit(tx, {
      actorId: user.id,
      action: 'schedule.update',
      targetType: 'schedule',
      targetId: id,
      result: 'success',
      details: { fields: Object.keys(body) },
      ip,
    });
    await syncTimer(timers, s, active);
    return s;
  });
  return toScheduleView(updated, active, await pendingRunOf(store, id), true);
}

export async function deleteSchedule({ store, timers }: Deps, user: AuthUser, id: string, ip: string | null) {
  await loadScheduleFor(store, user, id, 'edit');
  await store.transaction(async (tx) => {
    if (!(await tx.schedules.delete(id))) throw scheduleNotFound();
    await recordAudit(tx, {
      actorId: user.id,
      action: 'schedule.delete',
      targetType: 'schedule',
      targetId: id,
      result: 'success',
      ip,
    });
    await timerChange(() => timers.remove(id));
  });
}

function toFireView(f: ScheduleFireRow): ScheduleFire {
  return {
    id: f.id,
    scheduledAt: f.scheduledAt.toISOString(),
    firedAt: f.firedAt.toISOString(),
    outcome: f.outcome,
    reason: f.reason,
    missedRuns: f.missedRuns,
    executionId: f.executionId,
    executionStatus: f.executionStatus,
  };
}

/** The schedule's decided due times, newest first: started (with the run's status), skipped (why), held back. */
export async function listFires(store: Reads, user: AuthUser, id: string, q: PageQuery) {
  await loadScheduleFor(store, user, id, 'view');
  return mapPage(await store.schedules.listFires(id, { cursor: q.cursor, limit: q.limit }), toFireView);
}
