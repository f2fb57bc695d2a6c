import type { WorkflowDefinition, WorkflowNode } from '../definition';
import { EngineError, NonRetryableError } from '../errors';
import { containsExpression, evaluateValue, type ExpressionScope } from '../expressions';
import { jsonByteLength, toJson, type Json } from '../json';
import type { EngineLimits } from '../limits';
import type { NodeContext, NodeDefinition, NodeInputs, NodeResult } from '../nodes/define-node';
import { BODY_HANDLE, indexGraph } from '../planner/graph-index';
import { activeIncomingEdges } from '../planner/planner';
import { frameOf, nodeKey, parseScope, type ExecutionState, type NodeRef, type ScopeFrame } from '../planner/state';
import { bindLogger, silentLogger, type Clock, type ExpressionEvaluator, type HttpPort, type Logger } from '../ports';
import type { LeasedRun, NodeOutcome } from '../execution-store';
import type { DriverDeps } from './deps';
import type { SerializedError } from '../errors';

/** Evaluates in this thread: for tests and the browser; the worker passes a stoppable one. */
export const inThreadEvaluator: ExpressionEvaluator = {
  evaluate: (value, scope, opts) => evaluateValue(value, scope, opts),
};

export interface RunNodeEnv {
  executionId: string;
  workflowId: string;
  trigger: Json;
  startedAt: Date;
  definition: WorkflowDefinition;
  limits: EngineLimits;
  http: HttpPort;
  clock: Clock;
  logger: Logger;
  evaluator: ExpressionEvaluator;
}

/** What every node of one execution runs with. */
export function runNodeEnv(run: LeasedRun, deps: DriverDeps, clock: Clock, startedAt: Date): RunNodeEnv {
  const e = run.execution;
  return {
    executionId: e.id,
    workflowId: e.workflowId,
    trigger: e.triggerData,
    startedAt,
    definition: run.definition,
    limits: deps.limits,
    http: deps.http,
    clock,
    // Every line a node or the drive logs names its execution and workflow (docs/operations.md "Logs").
    logger: bindLogger(deps.logger ?? silentLogger, { executionId: e.id, workflowId: e.workflowId }),
    evaluator: deps.evaluator ?? inThreadEvaluator,
  };
}

export type NodeRun = { ok: true; result: NodeResult } | { ok: false; error: EngineError };

export function errorData(e: SerializedError): Json {
  return { message: e.message, code: e.code, nodeId: e.nodeId ?? null };
}

/** What flows along an edge: the source's output, its error on an `error` edge, or the iteration's item on a loop's `body` edge. */
export function collectInputs(
  def: WorkflowDefinition,
  state: ExecutionState,
  ref: NodeRef,
  outcomes: ReadonlyMap<string, NodeOutcome>,
): NodeInputs {
  const frame = frameOf(state, ref.scope) as ScopeFrame | undefined;
  const loopId = parseScope(ref.scope)?.loopId;
  const inputs = activeIncomingEdges(def, state, ref.nodeId, ref.scope).map((e) => {
    if (e.source === loopId && e.sourceHandle === BODY_HANDLE)
      return { sourceNodeId: e.source, data: frame?.item ?? null };
    const o = outcomes.get(nodeKey(e.source, ref.scope));
    const data = e.sourceHandle === 'error' ? (o?.error ? errorData(o.error) : null) : (o?.output ?? null);
    return { sourceNodeId: e.source, data };
  });
  return { input: inputs[0]?.data ?? null, inputs };
}

/**
 * `$nodes` as seen from a scope: the outputs of finished nodes of this iteration and of every
 * enclosing scope up to the top level (an inner node shadows nothing: node ids are unique).
 * Null prototype: `$nodes.constructor` is the node called constructor, never Object's.
 */
export function nodesInScope(
  def: WorkflowDefinition,
  scope: string,
  outcomes: ReadonlyMap<string, NodeOutcome>,
): Record<string, unknown> {
  const g = indexGraph(def);
  const scopeOfLoop = new Map<string | undefined, string>([[undefined, '']]);
  for (let s = scope, p = parseScope(s); p; s = p.parent, p = parseScope(s)) scopeOfLoop.set(p.loopId, s);
  const nodes = Object.create(null) as Record<string, unknown>;
  for (const n of def.nodes) {
    const s = scopeOfLoop.get(g.owner.get(n.id));
    if (s === undefined) continue;
    const o = outcomes.get(nodeKey(n.id, s));
    if (o && (o.status === 'succeeded' || o.output !== null)) nodes[n.id] = o.output;
  }
  return nodes;
}

/** What a node's expressions see besides its inputs: `$nodes` (built only when needed), `$item`, `$index`. */
export interface ScopeVars {
  nodes: () => Record<string, unknown>;
  item?: Json;
  index?: number;
}

/**
 * Runs one node: evaluates its parameters (through the stoppable evaluator), validates them,
 * runs it under its timeout with an AbortSignal that also fires when the whole drive is
 * aborted (deadline, lost lease), and checks the output size. Never throws: a failure is data.
 */
export async function runNode(
  node: WorkflowNode,
  type: NodeDefinition,
  attempt: number,
  inputs: NodeInputs,
  vars: ScopeVars,
  env: RunNodeEnv,
  driveSignal: AbortSignal,
  limitBreached: string | undefined,
): Promise<NodeRun> {
  const stop = stopOnTimeoutOrDrive(node.id, node.settings?.timeoutMs || env.limits.stepTimeoutMs, driveSignal);
  try {
    if (limitBreached)
      throw new NonRetryableError('LIMIT_EXCEEDED', `limit ${limitBreached} reached`, { nodeId: node.id });
    const run = evaluateAndRun(node, type, { attempt, inputs, vars, env, signal: stop.signal });
    const result = await Promise.race([run, stop.stopped]);
    return { ok: true, result: normaliseResult(node.id, result, env.limits.maxPayloadBytes) };
  } catch (err) {
    return {
      ok: false,
      error:
        err instanceof EngineError
          ? err
          : new EngineError('NODE_FAILED', (err as Error)?.message ?? String(err), { cause: err }),
    };
  } finally {
    stop.dispose();
  }
}

interface NodeStop {
  /** The node's own signal: what its `run` sees. */
  signal: AbortSignal;
  /** Rejects with why the node was stopped. */
  stopped: Promise<never>;
  dispose(): void;
}

/** Stops a node at its timeout (a retryable TIMEOUT) or when the drive is aborted (its reason). */
function stopOnTimeoutOrDrive(nodeId: string, timeoutMs: number, driveSignal: AbortSignal): NodeStop {
  const controller = new AbortController();
  const onDriveAbort = () => controller.abort(driveSignal.reason);
  driveSignal.addEventListener('abort', onDriveAbort, { once: true });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stopped = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(
        new EngineError('TIMEOUT', `node "${nodeId}" did not finish within ${timeoutMs} ms`, {
          retryable: true,
          nodeId,
        }),
      );
    }, timeoutMs);
    controller.signal.addEventListener('abort', () => {
      if (driveSignal.aborted)
        reject(
          driveSignal.reason instanceof EngineError
            ? driveSignal.reason
            : new EngineError('CANCELED', `node "${nodeId}" was stopped`, { nodeId }),
        );
    });
  });
  stopped.catch(() => undefined);
  return {
    signal: controller.signal,
    stopped,
    dispose: () => {
      clearTimeout(timer);
      driveSignal.removeEventListener('abort', onDriveAbort);
    },
  };
}

/** Bounds the output by MAX_PAYLOAD_BYTES and normalises it once (U+0000 → U+FFFD, no undefined): what is stored is what flows on. */
function normaliseResult(nodeId: string, result: NodeResult, maxPayloadBytes: number): NodeResult {
  if (jsonByteLength(result.output) > maxPayloadBytes) {
    throw new NonRetryableError(
      'LIMIT_EXCEEDED',
      `output of node "${nodeId}" exceeds MAX_PAYLOAD_BYTES (${maxPayloadBytes} bytes)`,
      { nodeId },
    );
  }
  return {
    ...result,
    output: toJson(result.output),
    ...(result.response ? { response: toJson(result.response) as never } : {}),
  };
}

interface RunArgs {
  attempt: number;
  inputs: NodeInputs;
  vars: ScopeVars;
  env: RunNodeEnv;
  signal: AbortSignal;
}

async function evaluateAndRun(node: WorkflowNode, type: NodeDefinition, args: RunArgs): Promise<NodeResult> {
  const { attempt, inputs, env } = args;
  if (node.disabled) {
    // A disabled node passes its input through unchanged (as in n8n), on `out` or its first handle.
    const handles = type.handles(node.parameters);
    return { output: toJson(inputs.input), handle: handles.includes('out') ? 'out' : handles[0] };
  }
  const params = parseParameters(node, type, await evaluateParameters(node, args));
  const ctx: NodeContext = {
    executionId: env.executionId,
    workflowId: env.workflowId,
    nodeId: node.id,
    attempt,
    trigger: env.trigger,
    signal: args.signal,
    limits: env.limits,
    http: env.http,
    clock: env.clock,
    logger: bindLogger(env.logger, { nodeId: node.id }),
  };
  return type.run(ctx, params as never, inputs);
}

/** The node's parameters with their expressions evaluated against its inputs and scope. */
async function evaluateParameters(
  node: WorkflowNode,
  { inputs, vars, env }: RunArgs,
): Promise<Record<string, unknown>> {
  if (!containsExpression(node.parameters)) return { ...node.parameters };
  const scope: ExpressionScope = {
    input: inputs.input,
    inputs: inputs.inputs.map((i) => i.data),
    trigger: env.trigger,
    nodes: vars.nodes(),
    vars: env.definition.variables,
    ...(vars.index !== undefined ? { item: vars.item ?? null, index: vars.index } : {}),
    execution: { id: env.executionId, workflowId: env.workflowId, startedAt: env.startedAt.toISOString() },
  };
  return (await env.evaluator.evaluate(node.parameters, scope, {
    timeoutMs: env.limits.expressionTimeoutMs,
    maxDepth: 500,
  })) as Record<string, unknown>;
}

function parseParameters(node: WorkflowNode, type: NodeDefinition, evaluated: Record<string, unknown>): unknown {
  // A parameter that is present but whose expression yields nothing is null, not "missing":
  // `{{ $input.flag }}` on an input without `flag` is falsy, not an error.
  for (const key of Object.keys(node.parameters)) if (evaluated[key] === undefined) evaluated[key] = null;
  const parsed = type.params.safeParse(evaluated);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new NonRetryableError(
      'VALIDATION_ERROR',
      `node "${node.id}" parameter "${issue?.path.join('.') ?? ''}": ${issue?.message ?? 'is invalid'}`,
      { nodeId: node.id },
    );
  }
  return parsed.data;
}
