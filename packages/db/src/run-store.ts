import {
  nodeKey,
  statusesAllowingTransitionTo,
  type Commit,
  type ExecutionState,
  type ExecutionStatus,
  type Json,
  type NodeOutcome,
  type RunSnapshot,
  type RunStore,
  type SerializedError,
  type StepStart,
  type WorkflowDefinition,
  WorkflowDefinition as WorkflowDefinitionSchema,
} from '@weft/engine';
import type { PrismaClient } from './generated/prisma/client';
import { json, jsonOrNull } from './json';

/**
 * RunStore on Postgres. Per node the worker costs: one read of the execution and its
 * settled steps (two queries in parallel; the definition is cached by version id because
 * versions are immutable), one upsert of the running step, and one transaction
 * (lock the execution row, finish the step, insert skipped steps, update the execution).
 */
export class PrismaRunStore implements RunStore {
  private readonly definitions = new Map<string, WorkflowDefinition>();

  constructor(private readonly prisma: PrismaClient, private readonly opts: { definitionCacheSize?: number } = {}) {}

  async loadRun(executionId: string): Promise<RunSnapshot | null> {
    const [execution, steps] = await Promise.all([
      this.prisma.execution.findUnique({
        where: { id: executionId },
        select: { id: true, workflowId: true, workflowVersionId: true, status: true, state: true, triggerData: true, createdAt: true, startedAt: true },
      }),
      this.prisma.executionStep.findMany({
        where: { executionId, status: { in: ['succeeded', 'failed'] } },
        select: { nodeId: true, scope: true, status: true, output: true, error: true },
        orderBy: { attempt: 'asc' },
      }),
    ]);
    if (!execution) return null;
    const definition = await this.definition(execution.workflowVersionId);
    // A Map: node ids may be `constructor` or `__proto__`. Later attempts overwrite earlier ones.
    const outcomes = new Map<string, NodeOutcome>();
    for (const s of steps) {
      outcomes.set(nodeKey(s.nodeId, s.scope), {
        status: s.status as 'succeeded' | 'failed',
        output: (s.output ?? null) as Json | null,
        error: (s.error ?? null) as SerializedError | null,
      });
    }
    return {
      execution: {
        ...execution,
        status: execution.status as ExecutionStatus,
        state: execution.state as unknown as ExecutionState,
        triggerData: execution.triggerData as Json,
      },
      definition,
      outcomes,
    };
  }

  private async definition(versionId: string): Promise<WorkflowDefinition> {
    const cached = this.definitions.get(versionId);
    if (cached) return cached;
    const row = await this.prisma.workflowVersion.findUniqueOrThrow({ where: { id: versionId }, select: { definition: true } });
    // Stored definitions were validated on save; parsing applies defaults (edge handles…).
    const def = WorkflowDefinitionSchema.parse(row.definition);
    if (this.definitions.size >= (this.opts.definitionCacheSize ?? 1_000)) {
      this.definitions.delete(this.definitions.keys().next().value as string);
    }
    this.definitions.set(versionId, def);
    return def;
  }

  async markRunning(executionId: string, at: Date): Promise<void> {
    await this.prisma.execution.updateMany({
      where: { id: executionId, status: { in: statusesAllowingTransitionTo('running') } },
      data: { status: 'running', startedAt: at },
    });
  }

  async startStep(step: StepStart): Promise<void> {
    const { count } = await this.prisma.executionStep.createMany({
      data: [{ executionId: step.executionId, nodeId: step.nodeId, scope: step.scope, attempt: step.attempt, status: 'running', input: json(step.input), startedAt: step.startedAt }],
      skipDuplicates: true,
    });
    if (count === 0) {
      // The attempt was started before by a worker that died: it runs again, from now.
      await this.prisma.executionStep.updateMany({
        where: { executionId: step.executionId, nodeId: step.nodeId, scope: step.scope, attempt: step.attempt, status: 'running' },
        data: { startedAt: step.startedAt, input: json(step.input) },
      });
    }
  }

  async commit(
    executionId: string,
    decide: (current: { status: ExecutionStatus; state: ExecutionState }) => Commit | null,
  ): Promise<Commit | null> {
    return this.prisma.$transaction(async (tx) => {
      const rows = await tx.$queryRaw<Array<{ status: ExecutionStatus; state: ExecutionState; startedAt: Date | null; createdAt: Date }>>`
        SELECT status::text AS status, state, "startedAt", "createdAt" FROM executions WHERE id = ${executionId}::uuid FOR UPDATE`;
      const current = rows[0];
      if (!current) return null;
      const commit = decide({ status: current.status, state: current.state });
      if (!commit) return null;
      const s = commit.step;
      const finished = await tx.executionStep.updateMany({
        where: { executionId, nodeId: s.nodeId, scope: s.scope, attempt: s.attempt, status: 'running' },
        data: {
          status: s.status,
          output: jsonOrNull(s.output),
          error: jsonOrNull(s.error),
          finishedAt: s.finishedAt,
          durationMs: s.finishedAt.getTime() - s.startedAt.getTime(),
        },
      });
      if (finished.count === 0) {
        // No running row (it was never started, or already finished): insert, or abort if finished.
        const inserted = await tx.executionStep.createMany({
          data: [{ executionId, nodeId: s.nodeId, scope: s.scope, attempt: s.attempt, status: s.status, input: json(s.input), output: jsonOrNull(s.output), error: jsonOrNull(s.error), startedAt: s.startedAt, finishedAt: s.finishedAt, durationMs: s.finishedAt.getTime() - s.startedAt.getTime() }],
          skipDuplicates: true,
        });
        if (inserted.count === 0) return null;
      }
      if (commit.skipped.length > 0) {
        await tx.executionStep.createMany({
          data: commit.skipped.map((k) => ({ executionId, nodeId: k.nodeId, scope: k.scope, attempt: 1, status: 'skipped' as const, startedAt: s.finishedAt, finishedAt: s.finishedAt, durationMs: 0 })),
          skipDuplicates: true,
        });
      }
      const f = commit.finish;
      const startedAt = current.startedAt ?? current.createdAt;
      // The output node finished after this job's snapshot: its committed step holds the value.
      const output = f?.outputFromNode
        ? ((await tx.executionStep.findFirst({ where: { executionId, nodeId: f.outputFromNode, status: 'succeeded' }, orderBy: { attempt: 'desc' }, select: { output: true } }))?.output ?? null)
        : (f?.output ?? null);
      await tx.execution.update({
        where: { id: executionId },
        data: {
          state: json(commit.state),
          nodesExecuted: { increment: commit.nodesExecuted },
          ...(f
            ? {
                status: f.status,
                output: jsonOrNull(output),
                error: jsonOrNull(f.error ? { code: f.error.code, message: f.error.message, nodeId: f.error.nodeId ?? null } : null),
                errorNodeId: f.errorNodeId,
                finishedAt: f.finishedAt,
                durationMs: Math.max(0, f.finishedAt.getTime() - startedAt.getTime()),
              }
            : {}),
        },
      });
      return commit;
    });
  }
}
