import type { PrismaClient } from '../generated/prisma/client';
import { PrismaApiKeyRepository, type ApiKeyRepository } from './api-keys';
import { PrismaAuditRepository, type AuditRepository } from './audit';
import type { Db } from './db';
import { PrismaExecutionRepository, type ExecutionRepository } from './executions';
import { PrismaScheduleRepository, type ScheduleRepository } from './schedules';
import { PrismaSessionRepository, type SessionRepository } from './sessions';
import { PrismaUserRepository, type UserRepository } from './users';
import { PrismaWebhookRepository, type WebhookRepository } from './webhooks';
import { PrismaWorkflowRepository, type WorkflowRepository } from './workflows';

/**
 * The repositories, named by use case (docs/architecture.md "Data access"). Web use cases receive
 * these — never a PrismaClient — so their logic runs on the in-memory store in unit tests
 * (`@weft/db/memory`), and each repository's contract suite holds the fake to the real one.
 * Each repository picks Prisma or pg per statement; callers never see which.
 */
export interface Repositories {
  /** True for the repositories handed to a `transaction` callback: their writes are not committed yet. */
  readonly inTransaction: boolean;
  /**
   * Runs `fn` once this unit of work's writes are committed: at once outside a transaction, after the
   * commit inside one, never when it rolls back (the audit log's JSON lines are written this way).
   */
  afterCommit(fn: () => void): void;
  audit: AuditRepository;
  workflows: WorkflowRepository;
  schedules: ScheduleRepository;
  webhooks: WebhookRepository;
  users: UserRepository;
  sessions: SessionRepository;
  apiKeys: ApiKeyRepository;
  executions: ExecutionRepository;
}

export interface Store extends Repositories {
  /**
   * Runs `fn` as one unit of work: every write through `tx` commits together, or none does when `fn`
   * throws (a change and its audit record; a schedule row and its Redis timer, whose failure throws).
   */
  transaction<T>(fn: (tx: Repositories) => Promise<T>): Promise<T>;
}

/** Callbacks held until a transaction commits (`afterCommit`). */
export class CommitHooks {
  private readonly fns: Array<() => void> = [];
  add(fn: () => void): void {
    this.fns.push(fn);
  }
  run(): void {
    for (const fn of this.fns.splice(0)) fn();
  }
}

function prismaRepositories(db: Db, hooks: CommitHooks | null): Repositories {
  return {
    inTransaction: hooks !== null,
    afterCommit: (fn) => (hooks ? hooks.add(fn) : fn()),
    audit: new PrismaAuditRepository(db),
    workflows: new PrismaWorkflowRepository(db),
    schedules: new PrismaScheduleRepository(db),
    webhooks: new PrismaWebhookRepository(db),
    users: new PrismaUserRepository(db),
    sessions: new PrismaSessionRepository(db),
    apiKeys: new PrismaApiKeyRepository(db),
    executions: new PrismaExecutionRepository(db),
  };
}

/** The store on Postgres (the web app's composition root builds one per process). */
export function createPrismaStore(prisma: PrismaClient): Store {
  return {
    ...prismaRepositories(prisma, null),
    async transaction(fn) {
      const hooks = new CommitHooks();
      const result = await prisma.$transaction((tx) => fn(prismaRepositories(tx, hooks)));
      hooks.run();
      return result;
    },
  };
}
