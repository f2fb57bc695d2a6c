import { validateDefinition } from '../validate';
import type { WorkflowDefinitionInput } from '../definition';
import { processNodeJob, type ExecutorDeps } from '../executor';
import { DEFAULT_LIMITS, type EngineLimits } from '../limits';
import { DEFAULT_RETRY, type RetryPolicy } from '../retry';
import type { Json } from '../json';
import type { HttpPort } from '../ports';
import { MemoryJobQueue } from './memory-queue';
import { MemoryRunStore, type MemoryExecution, type MemoryStep } from './memory-store';
import { FakeHttp } from './fake-http';

export interface RunGraphOptions {
  input?: Json;
  http?: HttpPort;
  limits?: Partial<EngineLimits>;
  retry?: Partial<RetryPolicy>;
  /** Jobs run at once per "tick" (like worker concurrency). */
  concurrency?: number;
}

export interface RunGraphResult {
  execution: MemoryExecution;
  steps: MemoryStep[];
  /** Steps by node id (last attempt). */
  byNode: Record<string, MemoryStep>;
  store: MemoryRunStore;
}

/**
 * Runs a whole workflow in memory with the real executor and planner (the @inngest/test
 * idea): the same code path as the worker, with fake ports and virtual time for retries.
 */
export async function runGraph(doc: WorkflowDefinitionInput | unknown, opts: RunGraphOptions = {}): Promise<RunGraphResult> {
  const validation = validateDefinition(doc);
  if (!validation.ok) throw new Error(`invalid definition:\n${validation.errors.map((e) => e.message).join('\n')}`);
  const store = new MemoryRunStore();
  const queue = new MemoryJobQueue();
  const deps: ExecutorDeps = {
    store,
    queue,
    http: opts.http ?? new FakeHttp(),
    limits: { ...DEFAULT_LIMITS, ...opts.limits },
    retry: { ...DEFAULT_RETRY, ...opts.retry },
  };
  const exec = store.createExecution(validation.definition, opts.input ?? {});
  await queue.enqueue([{ job: { executionId: exec.id, nodeId: validation.definition.nodes.find((n) => n.type === 'trigger')!.id, scope: '', attempt: 1 } }]);
  const concurrency = opts.concurrency ?? 4;
  for (let guard = 0; guard < 100_000 && queue.size > 0; guard++) {
    const due = queue.takeDue();
    for (let i = 0; i < due.length; i += concurrency) {
      await Promise.all(due.slice(i, i + concurrency).map((job) => processNodeJob(job, deps)));
    }
  }
  const steps = store.stepsOf(exec.id);
  // Null prototype: a node may be called `__proto__` or `constructor`.
  const byNode = Object.create(null) as Record<string, MemoryStep>;
  for (const s of steps) byNode[s.nodeId] = s;
  return { execution: store.executions.get(exec.id)!, steps, byNode, store };
}
