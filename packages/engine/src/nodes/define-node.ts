import { z } from 'zod';
import type { EngineLimits } from '../limits';
import type { Clock, HttpPort, Logger } from '../ports';
import type { Json } from '../json';

/** What a node's run() receives besides its parameters: identity, ports, limits, abort signal. */
export interface NodeContext {
  executionId: string;
  workflowId: string;
  nodeId: string;
  attempt: number;
  trigger: unknown;
  signal: AbortSignal;
  limits: EngineLimits;
  http: HttpPort;
  clock: Clock;
  logger: Logger;
}

export interface NodeInputs {
  /** Output arriving on the first active incoming edge. */
  input: unknown;
  /** Every active incoming edge's data, in edge order. */
  inputs: Array<{ sourceNodeId: string; data: unknown }>;
}

export interface RespondValue {
  status: number;
  headers: Record<string, string>;
  body: Json;
}

export interface NodeResult {
  output: Json;
  /** The output handle taken; `out` unless the node routes (if/switch). */
  handle?: string;
  /** Set by `respond`: the webhook response. */
  response?: RespondValue;
  /** Set by an `iterates` node: the items to run the body for, or whether to run it again (`while`). */
  iterate?: { items: Json[]; concurrency: number; maxIterations?: number } | { again: boolean; maxIterations?: number };
}

export type ParamsSchema = z.ZodObject<z.ZodRawShape>;

export interface NodeDefinition<S extends ParamsSchema = ParamsSchema, T extends string = string> {
  type: T;
  label: string;
  description: string;
  category: 'core' | 'flow' | 'data' | 'network';
  icon: string;
  /** Parameters after expression evaluation. Validation checks literal values against it. */
  params: S;
  /** Parameters that must be literal (no expressions), e.g. switch cases that define handles. */
  literalParams?: readonly string[];
  /** Output handles for given (raw) parameters; `error` is always available in addition. */
  handles: (params: Record<string, unknown>) => string[];
  /** False for nodes with no output at all (`fail`). */
  hasErrorHandle?: boolean;
  /**
   * The node starts an execution: it receives the trigger payload and has no inputs (no edge
   * may enter it). A workflow has exactly one node of a starting type; the planner queues it
   * first. Checked by this trait, never by type name (`trigger` is today's only one).
   */
  starts?: boolean;
  /**
   * The node has effects outside Weft (an HTTP call, a reply to a waiting caller): the driver
   * checkpoints right after it finishes, so a finished one is never run again after a crash.
   * Pure nodes may re-run identically and are checkpointed in batches.
   */
  sideEffects?: boolean;
  /** Each run counts toward MAX_HTTP_CALLS. */
  httpCall?: boolean;
  /**
   * The node runs a body once per item or while a condition holds (SPEC §3): the nodes behind
   * its `body` handle form a scope the planner opens once per iteration, and `done` carries the
   * iterations' results. Its run() evaluates parameters and returns `iterate`.
   */
  iterates?: boolean;
  /** Checks that span parameters (literal values only): each problem names its parameter. */
  check?: (params: Record<string, unknown>) => Array<{ param: string; message: string }>;
  /** Its handles depend on its parameters (switch cases): the editor recomputes them as they change. */
  dynamicHandles?: boolean;
  run: (ctx: NodeContext, params: z.infer<S>, inputs: NodeInputs) => Promise<NodeResult>;
}

/**
 * Identity helper that keeps the parameter type flowing from the schema into run(), and the
 * type name as a literal, so `NodeType` is a real union and `Record<NodeType, …>` exhaustive.
 */
export function defineNode<const T extends string, S extends ParamsSchema>(
  def: NodeDefinition<S, T>,
): NodeDefinition<S, T> {
  return def;
}

export const OUT = ['out'];

/** A required parameter of any JSON type (typically a `{{ expression }}`). */
export const anyValue = (description: string) =>
  z.custom<unknown>((v) => v !== undefined, { message: 'is required' }).describe(description);

/** A node definition of any parameter type (the registry holds heterogeneous ones). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyNodeDefinition = NodeDefinition<any, string>;
