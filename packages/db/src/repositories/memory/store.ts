import { CommitHooks, type Repositories, type Store } from '../store';
import { MemoryApiKeyRepository } from './api-keys';
import { MemoryAuditRepository } from './audit';
import { MemoryExecutionRepository } from './executions';
import { MemoryScheduleRepository } from './schedules';
import { MemorySessionRepository } from './sessions';
import { emptyTables, type MemoryTables } from './tables';
import { MemoryUserRepository } from './users';
import { MemoryWebhookRepository } from './webhooks';
import { MemoryWorkflowRepository } from './workflows';

function memoryRepositories(t: MemoryTables, hooks: CommitHooks | null): Repositories {
  return {
    inTransaction: hooks !== null,
    afterCommit: (fn) => (hooks ? hooks.add(fn) : fn()),
    audit: new MemoryAuditRepository(t),
    workflows: new MemoryWorkflowRepository(t),
    schedules: new MemoryScheduleRepository(t),
    webhooks: new MemoryWebhookRepository(t),
    users: new MemoryUserRepository(t),
    sessions: new MemorySessionRepository(t),
    apiKeys: new MemoryApiKeyRepository(t),
    executions: new MemoryExecutionRepository(t),
  };
}

function snapshot(t: MemoryTables): MemoryTables {
  return Object.fromEntries(
    Object.entries(t).map(([name, rows]) => [name, new Map(structuredClone([...rows]))]),
  ) as unknown as MemoryTables;
}

/**
 * A store held in memory, for unit tests of use cases. `transaction` keeps a copy of every table and
 * puts it back when the callback throws, so "nothing half-written" holds here as in Postgres.
 * Transactions run one at a time (a unit test's use cases do not race).
 */
export function createMemoryStore(tables: MemoryTables = emptyTables()): Store & { tables: MemoryTables } {
  let queue: Promise<unknown> = Promise.resolve();
  return {
    ...memoryRepositories(tables, null),
    tables,
    transaction<T>(fn: (tx: Repositories) => Promise<T>): Promise<T> {
      const run = queue.then(async () => {
        const before = snapshot(tables);
        const hooks = new CommitHooks();
        try {
          const result = await fn(memoryRepositories(tables, hooks));
          hooks.run();
          return result;
        } catch (err) {
          for (const name of Object.keys(tables) as Array<keyof MemoryTables>) {
            tables[name].clear();
            for (const [id, row] of before[name]) (tables[name] as Map<string, unknown>).set(id, row);
          }
          throw err;
        }
      });
      queue = run.catch(() => undefined);
      return run;
    },
  };
}
