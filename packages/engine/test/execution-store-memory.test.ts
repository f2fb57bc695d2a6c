import { MemoryExecutionStore } from '../src/testing';
import { executionStoreContract } from './contracts/execution-store.contract';

// The same contract as Postgres (packages/db/test/execution-store.int.test.ts), on the fake.
executionStoreContract('in-memory (MemoryExecutionStore)', async () => {
  let now = Date.parse('2026-01-01T00:00:00.000Z');
  const clock = { now: () => new Date(now) };
  const store = new MemoryExecutionStore({ clock });
  return {
    store,
    missingId: 'exec_missing',
    now: clock.now,
    async sleep(ms) {
      now += ms;
    },
    async createExecution(def, triggerData) {
      return store.createExecution(def, triggerData).id;
    },
    async readExecution(id) {
      const e = store.executions.get(id)!;
      return { ...e };
    },
    async readSteps(id) {
      return store.stepsOf(id).map(({ nodeId, scope, attempt, status, input, output, error }) => ({
        nodeId,
        scope,
        attempt,
        status,
        input,
        output,
        error,
      }));
    },
  };
});
