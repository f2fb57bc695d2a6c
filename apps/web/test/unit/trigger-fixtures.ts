// What the schedule and webhook use-case tests share: callers, a workflow seeded in the memory store
// with a grant, and a fake of the schedule timers' port.
import type { GrantFlag } from '@weft/db';
import { newId, type createMemoryStore } from '@weft/db/memory';
import type { AuthUser } from '@/server/auth/auth-user';
import type { Timers } from '@/server/schedules/timers';

export type MemoryStore = ReturnType<typeof createMemoryStore>;

export function caller(role: AuthUser['role'], scopes?: AuthUser['scopes']): AuthUser {
  return {
    id: newId(),
    email: `${role}@example.com`,
    name: role,
    role,
    via: scopes ? 'api_key' : 'session',
    ...(scopes ? { scopes } : {}),
  };
}

/** A workflow created by `createdBy` (an owner's, by default), active or not. */
export function seedWorkflow(store: MemoryStore, opts: { active?: boolean; createdBy?: string } = {}): string {
  const id = newId();
  const now = new Date();
  store.tables.workflows.set(id, {
    id,
    name: 'triggers',
    description: '',
    createdById: opts.createdBy ?? null,
    activeVersion: opts.active ? 1 : null,
    latestVersion: 1,
    createdAt: now,
    updatedAt: now,
  });
  return id;
}

/** Grants `user` the flags on the workflow (view is implied by any of them, as the grants editor stores it). */
export function grant(store: MemoryStore, workflowId: string, user: AuthUser, flags: GrantFlag[]): void {
  store.tables.grants.set(`${workflowId}:${user.id}`, {
    workflowId,
    userId: user.id,
    canView: true,
    canEdit: flags.includes('canEdit'),
    canDelete: flags.includes('canDelete'),
    canExecute: flags.includes('canExecute'),
    createdAt: new Date(),
  });
}

/** The timers' port as a plain object recording its calls; `failing` makes every call throw (Redis down). */
export function fakeTimers(failing = false): Timers & { calls: string[] } {
  const calls: string[] = [];
  const act = async (call: string) => {
    if (failing) throw new Error('connect ECONNREFUSED 127.0.0.1:6379');
    calls.push(call);
  };
  return {
    calls,
    set: (t) => act(`set ${t.id} ${t.cron} ${t.timezone}`),
    remove: (id) => act(`remove ${id}`),
  };
}

export async function auditActions(store: MemoryStore, targetId: string): Promise<string[]> {
  return (await store.audit.list({ targetId }, { limit: 50 })).items.map((r) => r.action);
}
