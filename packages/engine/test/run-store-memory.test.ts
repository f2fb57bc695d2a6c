import { MemoryRunStore } from '../src/testing';
import { runStoreContract } from './contracts/run-store.contract';

runStoreContract('in-memory fake', async () => {
  const store = new MemoryRunStore();
  return {
    store,
    missingId: 'exec_missing',
    createExecution: async (def, triggerData) => store.createExecution(def, triggerData).id,
    readExecution: async (id) => store.executions.get(id)!,
    readSteps: async (id) => store.stepsOf(id).map((s) => ({ nodeId: s.nodeId, attempt: s.attempt, status: s.status, output: s.output })),
  };
});
