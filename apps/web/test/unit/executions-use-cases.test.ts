// The web's execution reads on the in-memory store (@weft/db/memory): who sees which executions (404
// for what the caller may not view), the list's and the detail's views, and the step cursor.
import type { ExecutionStep, Role } from '@weft/db';
import { createMemoryStore, newId } from '@weft/db/memory';
import { describe, expect, it } from 'vitest';
import type { AuthUser } from '@/server/auth/auth-user';
import { canViewExecution, getExecution, listExecutions } from '@/server/executions/executions';
import { StepPageQuery } from '@/server/executions/step-page';
import {
  executionRow,
  grantRow,
  stepRow,
  workflowRow,
  type ExecutionFields,
} from '../../../../packages/db/test/contracts/rows';

const T0 = Date.parse('2026-12-01T12:00:00.000Z');
/** A manual run that succeeded in 5 ms at T0, two changes in. */
const FINISHED_RUN: Partial<ExecutionFields> & { createdAt: Date } = {
  status: 'succeeded',
  triggerData: { in: 1 },
  output: { out: 2 },
  nodesExecuted: 1,
  createdAt: new Date(T0),
  startedAt: new Date(T0),
  finishedAt: new Date(T0 + 5),
  durationMs: 5,
  seq: 2,
};

function world() {
  const store = createMemoryStore();
  const t = store.tables;
  const person = (role: Role): AuthUser => ({ id: newId(), email: `${role}@x.test`, name: role, role, via: 'session' });
  const workflow = (name: string, createdById: string | null) => {
    const row = workflowRow(name, createdById);
    t.workflows.set(row.id, row);
    return row.id;
  };
  const grant = (workflowId: string, userId: string, flags: { canView?: boolean; canExecute?: boolean }) =>
    t.grants.set(`${workflowId}:${userId}`, grantRow(workflowId, userId, flags));
  const execution = (workflowId: string, fields: Partial<ExecutionFields> = {}) => {
    const row = executionRow({ id: workflowId, versionId: newId() }, { ...FINISHED_RUN, ...fields });
    t.executions.set(row.id, row);
    return row.id;
  };
  const step = (executionId: string, nodeId: string, ms: number, seq = 1): ExecutionStep => {
    const s = stepRow(executionId, { id: newId(), nodeId, output: { nodeId }, startedAt: new Date(T0 + ms), seq });
    t.steps.set(s.id, s);
    return s;
  };
  return { store, person, workflow, grant, execution, step };
}

describe('listExecutions', () => {
  it("shows a member the runs of workflows they created or hold any grant on, and an admin everyone's", async () => {
    const w = world();
    const member = w.person('member');
    const other = w.person('member');
    const own = w.workflow('Own', member.id);
    const runOnly = w.workflow('Run only', other.id);
    const hidden = w.workflow('Hidden', other.id);
    w.grant(runOnly, member.id, { canExecute: true });
    const ownRun = w.execution(own, {
      status: 'failed',
      error: { code: 'HTTP_ERROR', message: 'm'.repeat(3_000), nodeId: 'n', stack: 'at x' },
    });
    const runOnlyRun = w.execution(runOnly);
    const hiddenRun = w.execution(hidden);

    const page = await listExecutions(w.store, member, { limit: 10 });
    expect(page.items.map((e) => [e.id, e.workflowName])).toEqual([
      [runOnlyRun, 'Run only'],
      [ownRun, 'Own'],
    ]);
    expect(page.items[1]).not.toHaveProperty('triggerData');
    expect(page.items[1]!.error).toEqual({
      code: 'HTTP_ERROR',
      message: expect.stringMatching(/^m{2000}… \(truncated\)$/),
      nodeId: 'n',
    });
    const admin = await listExecutions(w.store, w.person('admin'), { limit: 10, status: ['succeeded'] });
    expect(admin.items.map((e) => e.id)).toEqual([hiddenRun, runOnlyRun]);
  });

  it("lists one workflow's runs, and answers 404 for a workflow the caller may not see (or that does not exist)", async () => {
    const w = world();
    const member = w.person('member');
    const mine = w.workflow('Mine', member.id);
    const hidden = w.workflow('Hidden', null);
    const first = w.execution(mine);
    const second = w.execution(mine);
    w.execution(hidden);

    const page = await listExecutions(w.store, member, { limit: 1, workflowId: mine });
    expect(page).toEqual({ items: [expect.objectContaining({ id: second })], nextCursor: second });
    const next = await listExecutions(w.store, member, { limit: 1, workflowId: mine, cursor: second });
    expect(next).toEqual({ items: [expect.objectContaining({ id: first })], nextCursor: null });
    for (const workflowId of [hidden, newId()]) {
      await expect(listExecutions(w.store, member, { limit: 10, workflowId })).rejects.toMatchObject({
        code: 'NOT_FOUND',
        message: 'Workflow not found',
      });
    }
  });
});

describe('getExecution', () => {
  it('gives the detail with a page of steps whose cursor reads the next page', async () => {
    const w = world();
    const member = w.person('member');
    const wf = w.workflow('Granted', null);
    w.grant(wf, member.id, { canView: true });
    const id = w.execution(wf, { running: [{ nodeId: 'b', scope: '', attempt: 2, retryAt: T0 + 1_000 }] });
    const steps = [w.step(id, 'a', 0), w.step(id, 'b', 1), w.step(id, 'c', 2, 3)];

    const first = await getExecution(w.store, member, id, StepPageQuery.parse({ limit: '2' }));
    expect(first).toMatchObject({
      id,
      workflowName: 'Granted',
      triggerData: { in: 1 },
      output: { out: 2 },
      seq: 2,
      running: [{ nodeId: 'b', scope: '', attempt: 2, retryAt: new Date(T0 + 1_000).toISOString() }],
    });
    expect(first.steps.map((s) => s.nodeId)).toEqual(['a', 'b']);
    const rest = await getExecution(
      w.store,
      member,
      id,
      StepPageQuery.parse({ limit: '2', cursor: first.stepsNextCursor! }),
    );
    expect(rest.steps.map((s) => s.id)).toEqual([steps[2]!.id]);
    expect(rest.stepsNextCursor).toBeNull();
    // The live snapshot leaves out steps of changes after the execution's seq (2).
    const snapshot = await getExecution(w.store, member, id, StepPageQuery.parse({}), { throughSeq: true });
    expect(snapshot.steps.map((s) => s.nodeId)).toEqual(['a', 'b']);
  });

  it('answers 404 for an execution of a workflow the caller may not see, or none; canViewExecution agrees', async () => {
    const w = world();
    const member = w.person('member');
    const hidden = w.workflow('Hidden', null);
    const noFlags = w.workflow('No flags', null);
    w.grant(noFlags, member.id, {});
    const ids = [w.execution(hidden), w.execution(noFlags), newId()];
    for (const id of ids) {
      await expect(getExecution(w.store, member, id, StepPageQuery.parse({}))).rejects.toMatchObject({
        code: 'NOT_FOUND',
        message: 'Execution not found',
      });
      expect(await canViewExecution(w.store, member, id)).toBe(false);
    }
    expect(await canViewExecution(w.store, w.person('owner'), ids[0]!)).toBe(true);
    w.grant(hidden, member.id, { canExecute: true });
    expect(await canViewExecution(w.store, member, ids[0]!)).toBe(true);
  });
});
