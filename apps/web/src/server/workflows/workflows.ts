import 'server-only';
import type { Repositories, Store } from '@weft/db';
import type { Problem, WorkflowDefinition } from '@weft/engine';
import { recordAudit } from '../audit';
import { abilitiesOf } from '../auth/abilities';
import type { AuthUser } from '../auth/auth-user';
import { visibilityFor } from '../auth/permissions';
import { loadWorkflowFor } from './load';
import { ApiError } from '../http/errors';
import { removeWorkflowTimers, syncWorkflowTimers, type Timers } from '../schedules/timers';
import { mapPage, type PageQuery } from '../pagination';
import { toVersionView, toWorkflowSummary, toWorkflowView } from './views';

/** Workflow use cases: each checks permission, validates, writes, and audits. */

type Workflows = Pick<Repositories, 'workflows'>;

/** What a create or save stores: a definition the engine validated, with its warnings for the reply. */
export interface DefinitionInput {
  definition: WorkflowDefinition;
  description?: string;
  message?: string;
  warnings: Problem[];
}

export async function listWorkflows(
  { workflows }: Workflows,
  user: AuthUser,
  q: PageQuery & { search?: string; active?: boolean },
) {
  const page = mapPage(
    await workflows.listVisible(visibilityFor(user, 'view'), { search: q.search, active: q.active }, q),
    toWorkflowSummary,
  );
  const latest = await workflows.latestExecutions(page.items.map((w) => w.id));
  const last = new Map(
    latest.map((r) => [r.workflowId, { id: r.id, status: r.status, createdAt: r.createdAt.toISOString() }]),
  );
  return { ...page, items: page.items.map((w) => ({ ...w, lastExecution: last.get(w.id) ?? null })) };
}

export async function createWorkflow(
  store: Pick<Store, 'transaction'>,
  user: AuthUser,
  input: DefinitionInput,
  ip: string | null,
  action = 'workflow.create',
) {
  const wf = await store.transaction(async (tx) => {
    const created = await tx.workflows.createWithFirstVersion({
      name: input.definition.name,
      description: input.description ?? input.definition.description ?? '',
      definition: input.definition,
      message: input.message ?? null,
      createdById: user.id,
    });
    await recordAudit(tx, {
      actorId: user.id,
      action,
      targetType: 'workflow',
      targetId: created.id,
      result: 'success',
      details: { name: created.name },
      ip,
    });
    return created;
  });
  return { ...toWorkflowView(wf, input.definition, abilitiesOf(user, wf)), warnings: input.warnings };
}

export async function getWorkflow(repos: Workflows, user: AuthUser, id: string) {
  const wf = await loadWorkflowFor(repos, user, id, 'view');
  const latest = await requireVersion(repos, id, wf.latestVersion);
  return toWorkflowView(wf, latest.definition, abilitiesOf(user, wf));
}

/** Saves a new immutable version n+1; the row lock on the workflow serialises concurrent saves. */
export async function saveWorkflow(
  store: Pick<Store, 'workflows' | 'transaction'>,
  user: AuthUser,
  id: string,
  input: DefinitionInput,
  ip: string | null,
) {
  const { permissions } = await loadWorkflowFor(store, user, id, 'edit');
  const wf = await store.transaction(async (tx) => {
    const updated = await tx.workflows.saveNewVersion(id, {
      name: input.definition.name,
      description: input.description,
      definition: input.definition,
      message: input.message ?? null,
      createdById: user.id,
    });
    await recordAudit(tx, {
      actorId: user.id,
      action: 'workflow.update',
      targetType: 'workflow',
      targetId: id,
      result: 'success',
      details: { version: updated.latestVersion },
      ip,
    });
    return updated;
  });
  return {
    ...toWorkflowView(wf, input.definition, abilitiesOf(user, { ...wf, permissions })),
    warnings: input.warnings,
  };
}

export async function deleteWorkflow(
  store: Pick<Store, 'workflows' | 'transaction'>,
  timers: Timers,
  user: AuthUser,
  id: string,
  ip: string | null,
) {
  const wf = await loadWorkflowFor(store, user, id, 'delete');
  await store.transaction(async (tx) => {
    await removeWorkflowTimers(tx, timers, id);
    await tx.workflows.delete(id);
    await recordAudit(tx, {
      actorId: user.id,
      action: 'workflow.delete',
      targetType: 'workflow',
      targetId: id,
      result: 'success',
      details: { name: wf.name },
      ip,
    });
  });
}

export async function listVersions(repos: Workflows, user: AuthUser, id: string, q: PageQuery) {
  await loadWorkflowFor(repos, user, id, 'view');
  return mapPage(await repos.workflows.listVersions(id, q), toVersionView);
}

export async function getVersion(repos: Workflows, user: AuthUser, id: string, version: number) {
  await loadWorkflowFor(repos, user, id, 'view');
  return toVersionView(await requireVersion(repos, id, version));
}

/** Version `version` of workflow `id`; 404 when it does not exist. */
async function requireVersion({ workflows }: Workflows, id: string, version: number) {
  const v = await workflows.findVersion(id, version);
  if (!v) throw new ApiError('NOT_FOUND', `Version ${version} of this workflow does not exist`);
  return v;
}

/**
 * Sets the version webhooks and schedules run (default: the latest). Activating arms the
 * workflow's webhooks and schedules, so it needs execute as well as edit (docs/access.md).
 */
export async function activateWorkflow(
  store: Pick<Store, 'workflows' | 'transaction'>,
  timers: Timers,
  user: AuthUser,
  id: string,
  version: number | undefined,
  ip: string | null,
) {
  const wf = await loadWorkflowFor(store, user, id, ['edit', 'execute']);
  const target = version ?? wf.latestVersion;
  if (!(await store.workflows.findVersion(id, target))) {
    throw new ApiError('VALIDATION_ERROR', `version ${target} does not exist (latest is ${wf.latestVersion})`, [
      { path: 'body.version', message: `must be between 1 and ${wf.latestVersion}` },
    ]);
  }
  const updated = await store.transaction(async (tx) => {
    const u = await tx.workflows.setActiveVersion(id, target);
    await syncWorkflowTimers(tx, timers, id, true, wf.activeVersion === null);
    await recordAudit(tx, {
      actorId: user.id,
      action: 'workflow.activate',
      targetType: 'workflow',
      targetId: id,
      result: 'success',
      details: { version: target },
      ip,
    });
    return u;
  });
  return toWorkflowSummary(updated);
}

export async function deactivateWorkflow(
  store: Pick<Store, 'workflows' | 'transaction'>,
  timers: Timers,
  user: AuthUser,
  id: string,
  ip: string | null,
) {
  await loadWorkflowFor(store, user, id, 'edit');
  const updated = await store.transaction(async (tx) => {
    const u = await tx.workflows.setActiveVersion(id, null);
    await syncWorkflowTimers(tx, timers, id, false, false);
    await recordAudit(tx, {
      actorId: user.id,
      action: 'workflow.deactivate',
      targetType: 'workflow',
      targetId: id,
      result: 'success',
      ip,
    });
    return u;
  });
  return toWorkflowSummary(updated);
}

/** The definition document of a version (latest by default), for export. */
export async function exportWorkflow(repos: Workflows, user: AuthUser, id: string, version?: number) {
  const wf = await loadWorkflowFor(repos, user, id, 'view');
  return (await requireVersion(repos, id, version ?? wf.latestVersion)).definition;
}
