import type { WorkflowDefinition, WorkflowNode } from './definition';
import { EngineError, NonRetryableError, toSerializedError, type SerializedError } from './errors';
import { evaluateValue, type ExpressionScope } from './expressions';
import { jsonByteLength, toJson, type Json } from './json';
import { effectiveMaxParallel, type EngineLimits } from './limits';
import type { NodeContext, NodeInputs, NodeResult, RespondValue } from './nodes/define-node';
import { defaultRegistry, type NodeRegistry } from './nodes/registry';
import { activeIncomingEdges, queuedNodes, settleNode, type AdmissionLimits } from './planner/planner';
import { cloneState, isSettled, nodeKey, nodeState, setNodeState, type ExecutionState } from './planner/state';
import { resolveRetryPolicy, retryDelayMs, shouldRetry, type RetryPolicy } from './retry';
import type { Commit, JobQueue, NodeJob, NodeOutcome, RunSnapshot, RunStore } from './run-store';
import { isTerminal } from './status';
import { silentLogger, systemClock, type Clock, type HttpPort, type Logger } from './ports';

/**
 * Runs one node job: the unit of work a worker takes from the queue (ARCHITECTURE "How an
 * execution flows"). Load → evaluate parameters → run under a timeout → commit the step and
 * the planner's decision atomically → enqueue what became ready.
 *
 * Safe to run twice for the same job: a node already settled is never run again; its queued
 * successors are re-enqueued instead (covers a crash between commit and enqueue).
 */

export interface ExecutorDeps {
  store: RunStore;
  queue: JobQueue;
  http: HttpPort;
  limits: EngineLimits;
  retry: RetryPolicy;
  registry?: NodeRegistry;
  clock?: Clock;
  logger?: Logger;
  /** Told (fire-and-forget) whenever an execution's steps or status changed, for live views. */
  events?: ExecutionEvents;
}

export interface ExecutionEvents {
  changed(executionId: string): void;
}

export type JobOutcome =
  | { kind: 'ignored'; reason: string }
  | { kind: 'recovered'; reenqueued: number }
  | { kind: 'ran'; status: 'succeeded' | 'failed'; retryScheduled: boolean; executionFinished: boolean; nodeType: string; durationMs: number };

export async function processNodeJob(job: NodeJob, deps: ExecutorDeps): Promise<JobOutcome> {
  const clock = deps.clock ?? systemClock;
  const registry = deps.registry ?? defaultRegistry;
  const snap = await deps.store.loadRun(job.executionId);
  if (!snap) return { kind: 'ignored', reason: 'execution not found' };
  const { execution, definition } = snap;
  if (isTerminal(execution.status)) return { kind: 'ignored', reason: `execution is ${execution.status}` };

  const key = nodeKey(job.nodeId, job.scope);
  const ns = nodeState(execution.state, key);
  if (isSettled(ns)) {
    // Already recorded: never run again, but make sure its successors' jobs exist.
    const queued = queuedNodes(execution.state).map((k) => ({ job: { executionId: job.executionId, nodeId: k, scope: '', attempt: nodeState(execution.state, k)!.a ?? 1 } }));
    await deps.queue.enqueue(queued);
    return { kind: 'recovered', reenqueued: queued.length };
  }
  if (!ns || ns.s !== 'queued' || (ns.a ?? 1) !== job.attempt) {
    return { kind: 'ignored', reason: `stale job (node state ${ns?.s ?? 'none'}, attempt ${ns?.a ?? '-'})` };
  }
  const node = definition.nodes.find((n) => n.id === job.nodeId);
  const type = node && registry.get(node.type);
  if (!node || !type) return { kind: 'ignored', reason: `node ${job.nodeId} not in definition` };

  const startedAt = clock.now();
  if (execution.status === 'queued') await deps.store.markRunning(execution.id, startedAt);

  const inputs = collectInputs(definition, execution.state, node.id, snap.outcomes);
  const inputJson = toJson(inputs.input);
  await deps.store.startStep({ executionId: execution.id, nodeId: node.id, scope: job.scope, attempt: job.attempt, input: inputJson, startedAt });
  deps.events?.changed(execution.id);

  let result: NodeResult | undefined;
  let failure: EngineError | undefined;
  try {
    if (ns.lim) throw new NonRetryableError('LIMIT_EXCEEDED', `limit ${ns.lim} reached`, { nodeId: node.id });
    result = storable(await runWithTimeout(node, type.run, snap, inputs, job, deps, clock));
    if (jsonByteLength(result.output) > deps.limits.maxPayloadBytes) {
      throw new NonRetryableError('LIMIT_EXCEEDED', `output of node "${node.id}" exceeds MAX_PAYLOAD_BYTES (${deps.limits.maxPayloadBytes} bytes)`, { nodeId: node.id });
    }
  } catch (err) {
    failure = err instanceof EngineError ? err : new EngineError('NODE_FAILED', (err as Error)?.message ?? String(err), { cause: err });
    result = undefined;
  }
  const finishedAt = clock.now();
  const policy = resolveRetryPolicy(node.settings, deps.retry);
  const retry = failure !== undefined && shouldRetry(failure, job.attempt, policy);
  // Error messages and details may quote user data (a NUL, half a surrogate pair after truncation).
  const serialized = failure ? (toJson(toSerializedError(failure, node.id)) as unknown as SerializedError) : null;
  const admission: AdmissionLimits = {
    maxParallel: effectiveMaxParallel(deps.limits, definition.settings.maxParallelNodes),
    maxTotalOperations: deps.limits.maxTotalOperations,
    maxHttpCalls: deps.limits.maxHttpCalls,
  };

  const applied = await deps.store.commit(execution.id, (current) => {
    const cur = nodeState(current.state, key);
    if (isTerminal(current.status) || !cur || cur.s !== 'queued' || (cur.a ?? 1) !== job.attempt) return null;
    const step = {
      nodeId: node.id,
      scope: job.scope,
      attempt: job.attempt,
      status: failure ? ('failed' as const) : ('succeeded' as const),
      input: inputJson,
      output: result ? result.output : failure && node.settings?.continueOnFail ? { error: errorData(serialized!) } : null,
      error: serialized,
      startedAt,
      finishedAt,
    };
    if (retry) {
      const next: NodeJob = { ...job, attempt: job.attempt + 1 };
      // A retry is another node run: it counts toward the operation and HTTP-call limits.
      const ops = current.state.ops + 1;
      const http = current.state.http + (node.type === 'http' ? 1 : 0);
      const lim =
        ops > admission.maxTotalOperations
          ? `MAX_TOTAL_OPERATIONS (${admission.maxTotalOperations})`
          : node.type === 'http' && http > admission.maxHttpCalls
            ? `MAX_HTTP_CALLS (${admission.maxHttpCalls})`
            : undefined;
      const state: ExecutionState = { ...cloneState(current.state), ops, http };
      setNodeState(state, key, { s: 'queued', a: next.attempt, ...(lim ? { lim } : {}) });
      return { step, skipped: [], state, nodesExecuted: 1, enqueue: [{ job: next, delayMs: retryDelayMs(policy, job.attempt) }] };
    }
    return decideSettlement(definition, current.state, node, step, result, failure, admission, snap, job, finishedAt);
  });

  if (applied) {
    deps.events?.changed(execution.id);
    await deps.queue.enqueue(applied.enqueue);
  }
  return {
    kind: 'ran',
    status: failure ? 'failed' : 'succeeded',
    retryScheduled: retry && applied !== null,
    executionFinished: applied?.finish !== undefined,
    nodeType: node.type,
    durationMs: finishedAt.getTime() - startedAt.getTime(),
  };
}

function decideSettlement(
  def: WorkflowDefinition,
  state: ExecutionState,
  node: WorkflowNode,
  step: Commit['step'],
  result: NodeResult | undefined,
  failure: EngineError | undefined,
  admission: AdmissionLimits,
  snap: RunSnapshot,
  job: NodeJob,
  now: Date,
): Commit {
  const hasErrorEdge = def.edges.some((e) => e.source === node.id && e.sourceHandle === 'error');
  if (failure && !hasErrorEdge && !node.settings?.continueOnFail) {
    // Unrouted failure: the execution fails here.
    const nextState = cloneState(state);
    setNodeState(nextState, nodeKey(node.id, job.scope), { s: 'failed', h: [] });
    return {
      step,
      skipped: [],
      state: nextState,
      nodesExecuted: 1,
      enqueue: [],
      finish: { status: 'failed', output: null, error: step.error, errorNodeId: node.id, finishedAt: now },
    };
  }
  const handles = failure ? (hasErrorEdge ? ['error'] : ['out']) : [result?.handle ?? 'out'];
  const adv = settleNode(def, state, node.id, { status: failure ? 'failed' : 'succeeded', handles }, admission);
  if (result?.response && !adv.state.response) adv.state.response = result.response;
  const commit: Commit = {
    step,
    skipped: adv.skipped.map((nodeId) => ({ nodeId, scope: job.scope })),
    state: adv.state,
    nodesExecuted: 1,
    enqueue: adv.enqueue.map((nodeId) => ({ job: { executionId: job.executionId, nodeId, scope: job.scope, attempt: 1 } })),
  };
  if (adv.finished) {
    const output = executionOutput(adv.state, snap, node.id, step.output);
    commit.finish = {
      status: 'succeeded',
      output: output.value,
      ...(output.fromNode ? { outputFromNode: output.fromNode } : {}),
      error: null,
      errorNodeId: null,
      finishedAt: now,
    };
  }
  return commit;
}

/**
 * The body of the first respond node, else the output of the last node to succeed. When that
 * node finished after this job loaded its snapshot, the store copies its output in the commit.
 */
function executionOutput(state: ExecutionState, snap: RunSnapshot, currentNode: string, currentOutput: Json | null): { value: Json | null; fromNode?: string } {
  if (state.response) return { value: state.response.body };
  if (!state.last) return { value: null };
  if (state.last === currentNode) return { value: currentOutput };
  const known = snap.outcomes.get(nodeKey(state.last));
  return known ? { value: known.output } : { value: null, fromNode: state.last };
}

/** What a node returned, as it will be stored: plain JSON, U+0000 replaced (json.ts). */
function storable(result: NodeResult): NodeResult {
  const out: NodeResult = { ...result, output: toJson(result.output) };
  if (result.response) out.response = toJson(result.response) as unknown as RespondValue;
  return out;
}

function errorData(e: SerializedError): Json {
  return { message: e.message, code: e.code, nodeId: e.nodeId ?? null };
}

/** What flows along an edge: the source's output, or its error on an `error` edge. */
export function collectInputs(def: WorkflowDefinition, state: ExecutionState, nodeId: string, outcomes: ReadonlyMap<string, NodeOutcome>): NodeInputs {
  const edges = activeIncomingEdges(def, state, nodeId);
  const inputs = edges.map((e) => {
    const o = outcomes.get(nodeKey(e.source));
    const data = e.sourceHandle === 'error' ? (o?.error ? errorData(o.error) : null) : (o?.output ?? null);
    return { sourceNodeId: e.source, data };
  });
  return { input: inputs[0]?.data ?? null, inputs };
}

async function runWithTimeout(
  node: WorkflowNode,
  run: (ctx: NodeContext, params: never, inputs: NodeInputs) => Promise<NodeResult>,
  snap: RunSnapshot,
  inputs: NodeInputs,
  job: NodeJob,
  deps: ExecutorDeps,
  clock: Clock,
): Promise<NodeResult> {
  const registry = deps.registry ?? defaultRegistry;
  const type = registry.get(node.type)!;
  const timeoutMs = node.settings?.timeoutMs || deps.limits.stepTimeoutMs;
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new EngineError('TIMEOUT', `node "${node.id}" did not finish within ${timeoutMs} ms`, { retryable: true, nodeId: node.id }));
    }, timeoutMs);
  });
  try {
    return await Promise.race([evaluateAndRun(), timeout]);
  } finally {
    clearTimeout(timer);
  }

  async function evaluateAndRun(): Promise<NodeResult> {
    // `$nodes` by node id: null prototype, so `$nodes.constructor` is a node's output or nothing.
    const nodes: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    for (const [k, o] of snap.outcomes) if (o.status === 'succeeded' || o.output !== null) nodes[k] = o.output;
    const scope: ExpressionScope = {
      input: inputs.input,
      inputs: inputs.inputs.map((i) => i.data),
      trigger: snap.execution.triggerData,
      nodes,
      vars: snap.definition.variables,
      execution: { id: snap.execution.id, workflowId: snap.execution.workflowId, startedAt: (snap.execution.startedAt ?? clock.now()).toISOString() },
    };
    if (node.disabled) {
      // A disabled node passes its input through unchanged (as in n8n), on `out` or its first handle.
      const handles = type.handles(node.parameters);
      return { output: toJson(inputs.input), handle: handles.includes('out') ? 'out' : handles[0] };
    }
    const evaluated = (await evaluateValue(node.parameters, scope, { timeoutMs: deps.limits.expressionTimeoutMs, maxDepth: 500 })) as Record<string, unknown>;
    // A parameter that is present but whose expression yields nothing is null, not "missing":
    // `{{ $input.flag }}` on an input without `flag` is falsy, not an error.
    for (const key of Object.keys(node.parameters)) if (!Object.hasOwn(evaluated, key) || evaluated[key] === undefined) evaluated[key] = null;
    const parsed = type.params.safeParse(evaluated);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new NonRetryableError('VALIDATION_ERROR', `node "${node.id}" parameter "${issue?.path.join('.') ?? ''}": ${issue?.message ?? 'is invalid'}`, { nodeId: node.id });
    }
    const ctx: NodeContext = {
      executionId: snap.execution.id,
      workflowId: snap.execution.workflowId,
      nodeId: node.id,
      attempt: job.attempt,
      trigger: snap.execution.triggerData,
      signal: controller.signal,
      limits: deps.limits,
      http: deps.http,
      clock,
      logger: deps.logger ?? silentLogger,
    };
    return run(ctx, parsed.data as never, inputs);
  }
}
