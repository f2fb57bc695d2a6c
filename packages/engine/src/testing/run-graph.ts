import { validateDefinition } from '../validate';
import type { WorkflowDefinitionInput } from '../definition';
import { driveExecution, type DriverDeps } from '../driver/drive';
import { DEFAULT_LIMITS, type EngineLimits } from '../limits';
import { DEFAULT_RETRY, type RetryPolicy } from '../retry';
import type { Json } from '../json';
import type { NodeRegistry } from '../nodes/registry';
import type { DriveObserver, ExpressionEvaluator, HttpPort, Logger } from '../ports';
import { MemoryWakeQueue } from './memory-wake-queue';
import { MemoryExecutionStore, type MemoryExecution, type MemoryStep } from './memory-execution-store';
import { FakeHttp } from './fake-http';

export interface RunGraphOptions {
  input?: Json;
  http?: HttpPort;
  limits?: Partial<EngineLimits>;
  retry?: Partial<RetryPolicy>;
  evaluator?: ExpressionEvaluator;
  observer?: DriveObserver;
  logger?: Logger;
  /** A store to run against (e.g. one that refuses what Postgres would refuse). */
  store?: (clock: { now(): Date }) => MemoryExecutionStore;
  /** Node types other than the built-in ones. */
  registry?: NodeRegistry;
}

export interface RunGraphResult {
  execution: MemoryExecution;
  steps: MemoryStep[];
  /** Steps by node id (last attempt). */
  byNode: Record<string, MemoryStep>;
  store: MemoryExecutionStore;
  /** How many drives (wake-ups) it took: 1 unless it waited, e.g. for a retry's backoff. */
  drives: number;
}

const BASE = Date.parse('2026-01-01T00:00:00.000Z');

/**
 * Runs a whole workflow in memory with the real driver and planner (the @inngest/test idea):
 * the same code path as the worker, with fake ports and virtual time for waits.
 */
export async function runGraph(
  doc: WorkflowDefinitionInput | unknown,
  opts: RunGraphOptions = {},
): Promise<RunGraphResult> {
  const validation = validateDefinition(doc, opts.registry);
  if (!validation.ok) throw new Error(`invalid definition:\n${validation.errors.map((e) => e.message).join('\n')}`);
  const wakes = new MemoryWakeQueue();
  const clock = { now: () => new Date(BASE + wakes.now) };
  const store = opts.store
    ? opts.store(clock)
    : new MemoryExecutionStore({ clock, ...(opts.registry ? { registry: opts.registry } : {}) });
  const deps: DriverDeps = {
    store,
    wakes,
    http: opts.http ?? new FakeHttp(),
    limits: { ...DEFAULT_LIMITS, ...opts.limits },
    retry: { ...DEFAULT_RETRY, ...opts.retry },
    clock,
    owner: 'run-graph',
    leaseMs: 60_000,
    ...(opts.evaluator ? { evaluator: opts.evaluator } : {}),
    ...(opts.observer ? { observer: opts.observer } : {}),
    ...(opts.logger ? { logger: opts.logger } : {}),
    ...(opts.registry ? { registry: opts.registry } : {}),
  };
  const exec = store.createExecution(validation.definition, opts.input ?? {});
  await wakes.wake(exec.id);
  let drives = 0;
  for (let guard = 0; guard < 10_000 && wakes.size > 0; guard++) {
    for (const id of wakes.takeDue()) {
      drives++;
      await driveExecution(id, deps);
    }
  }
  const steps = store.stepsOf(exec.id);
  // Null prototype: a node may be called `__proto__` or `constructor`.
  const byNode = Object.create(null) as Record<string, MemoryStep>;
  for (const s of steps) byNode[s.nodeId] = s;
  return { execution: store.executions.get(exec.id)!, steps, byNode, store, drives };
}
