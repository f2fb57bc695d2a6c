import type { ExecutionCreator, NewExecution } from '@weft/engine';
import type { PrismaClient } from './generated/prisma/client';
import { json } from './json';

/** Creates executions (the engine's ExecutionCreator port) on Postgres. */
export class PrismaExecutionCreator implements ExecutionCreator {
  /** Takes the client or a transaction client (Pick keeps both assignable). */
  constructor(private readonly prisma: Pick<PrismaClient, 'execution'>) {}

  async createExecution(e: NewExecution): Promise<{ id: string }> {
    return this.prisma.execution.create({
      data: {
        workflowId: e.workflowId,
        workflowVersionId: e.workflowVersionId,
        version: e.version,
        trigger: e.trigger,
        triggerData: json(e.triggerData),
        state: json(e.state),
        parentExecutionId: e.parentExecutionId ?? null,
        webhookId: e.webhookId ?? null,
        scheduleId: e.scheduleId ?? null,
      },
      select: { id: true },
    });
  }
}
