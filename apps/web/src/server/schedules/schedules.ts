import 'server-only';
import type { Prisma, PrismaClient, Schedule } from '@weft/db';
import { nextFireTimes, zonedIso } from '@weft/engine';
import type { ScheduleTimers } from '@weft/queue';
import { recordAudit } from '../audit';
import type { AuthUser } from '../auth/auth-user';
import { ApiError } from '../http/errors';
import { idAfter, toPage, type PageQuery } from '../pagination';
import { assertMayArm } from '../auth/abilities';
import { can } from '../auth/permissions';
import { loadWorkflowFor } from '../workflows/load';
import { syncTimer, timerChange } from './timers';
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

async function pendingOf(prisma: PrismaClient, ids: string[]): Promise<Map<string, Date>> {
  if (ids.length === 0) return new Map();
  const rows = await prisma.scheduleFire.findMany({
    where: { scheduleId: { in: ids }, outcome: 'pending' },
    select: { scheduleId: true, scheduledAt: true },
  });
  return new Map(rows.map((r) => [r.scheduleId, r.scheduledAt]));
}

export async function listSchedules(prisma: PrismaClient, user: AuthUser, workflowId: string) {
  const workflow = await loadWorkflowFor(prisma, user, workflowId, 'view');
  const rows = await prisma.schedule.findMany({ where: { workflowId }, orderBy: { id: 'asc' } });
  const pending = await pendingOf(
    prisma,
    rows.map((s) => s.id),
  );
  const canEdit = can(user, 'edit', workflow);
  return {
    items: rows.map((s) => toScheduleView(s, workflow.activeVersion !== null, pending.get(s.id) ?? null, canEdit)),
    nextCursor: null,
  };
}

export async function createSchedule(
  deps: { prisma: PrismaClient; timers: ScheduleTimers },
  user: AuthUser,
  workflowId: string,
  body: CreateScheduleBody,
  ip: string | null,
) {
  // A schedule starts runs by itself: creating one needs execute as well as edit.
  const workflow = await loadWorkflowFor(deps.prisma, user, workflowId, ['edit', 'execute']);
  const active = workflow.activeVersion !== null;
  const schedule = await deps.prisma.$transaction(async (tx) => {
    const { input, ...settings } = body;
    const s = await tx.schedule.create({
      data: { workflowId, ...settings, ...(input ? { input: input as Prisma.InputJsonObject } : {}) },
    });
    await recordAudit(tx, {
      actorId: user.id,
      action: 'schedule.create',
      targetType: 'schedule',
      targetId: s.id,
      result: 'success',
      details: { workflowId, cron: s.cron, timezone: s.timezone },
      ip,
    });
    await syncTimer(deps.timers, s, active);
    return s;
  });
  return toScheduleView(schedule, active, null, true);
}

/** Loads a schedule and checks `action` on its workflow (404 when the workflow is hidden). */
async function loadScheduleFor(prisma: PrismaClient, user: AuthUser, id: string, action: 'view' | 'edit') {
  const schedule = await prisma.schedule.findUnique({ where: { id } });
  if (!schedule) throw new ApiError('NOT_FOUND', 'Schedule not found');
  try {
    const workflow = await loadWorkflowFor(prisma, user, schedule.workflowId, action);
    return { schedule, workflow, active: workflow.activeVersion !== null, canEdit: can(user, 'edit', workflow) };
  } catch (err) {
    if (err instanceof ApiError && err.code === 'NOT_FOUND') throw new ApiError('NOT_FOUND', 'Schedule not found');
    throw err;
  }
}

export async function getSchedule(prisma: PrismaClient, user: AuthUser, id: string) {
  const { schedule, active, canEdit } = await loadScheduleFor(prisma, user, id, 'view');
  const pending = await pendingOf(prisma, [id]);
  return toScheduleView(schedule, active, pending.get(id) ?? null, canEdit);
}

export async function updateSchedule(
  deps: { prisma: PrismaClient; timers: ScheduleTimers },
  user: AuthUser,
  id: string,
  body: UpdateScheduleBody,
  ip: string | null,
) {
  const { schedule: current, workflow, active } = await loadScheduleFor(deps.prisma, user, id, 'edit');
  // Enabling makes runs start by themselves: execute as well as edit (turning it off needs only edit).
  if (body.enabled === true && !current.enabled) assertMayArm(user, workflow, 'enable this schedule', 'body.enabled');
  const updated = await deps.prisma.$transaction(async (tx) => {
    const { input, ...settings } = body;
    // Turned back on: the time it was off is not caught up.
    const reEnabled = body.enabled === true && !current.enabled;
    const s = await tx.schedule.update({
      where: { id },
      data: {
        ...settings,
        ...(input ? { input: input as Prisma.InputJsonObject } : {}),
        ...(reEnabled ? { lastDueAt: new Date() } : {}),
      },
    });
    await recordAudit(tx, {
      actorId: user.id,
      action: 'schedule.update',
      targetType: 'schedule',
      targetId: id,
      result: 'success',
      details: { fields: Object.keys(body) },
      ip,
    });
    await syncTimer(deps.timers, s, active);
    return s;
  });
  const pending = await pendingOf(deps.prisma, [id]);
  return toScheduleView(updated, active, pending.get(id) ?? null, true);
}

export async function deleteSchedule(
  deps: { prisma: PrismaClient; timers: ScheduleTimers },
  user: AuthUser,
  id: string,
  ip: string | null,
) {
  await loadScheduleFor(deps.prisma, user, id, 'edit');
  await deps.prisma.$transaction(async (tx) => {
    await tx.schedule.delete({ where: { id } });
    await recordAudit(tx, {
      actorId: user.id,
      action: 'schedule.delete',
      targetType: 'schedule',
      targetId: id,
      result: 'success',
      ip,
    });
    await timerChange(() => deps.timers.remove(id));
  });
}

/** The schedule's decided due times, newest first: started (with the run's status), skipped (why), held back. */
export async function listFires(prisma: PrismaClient, user: AuthUser, id: string, q: PageQuery) {
  await loadScheduleFor(prisma, user, id, 'view');
  const rows = await prisma.scheduleFire.findMany({
    where: { scheduleId: id, ...idAfter(q.cursor, 'desc') },
    orderBy: { id: 'desc' },
    take: q.limit + 1,
    include: { execution: { select: { status: true } } },
  });
  return toPage(
    rows,
    q.limit,
    (f): ScheduleFire => ({
      id: f.id,
      scheduledAt: f.scheduledAt.toISOString(),
      firedAt: f.firedAt.toISOString(),
      outcome: f.outcome,
      reason: f.reason,
      missedRuns: f.missedRuns,
      executionId: f.executionId,
      executionStatus: f.execution?.status ?? null,
    }),
  );
}
