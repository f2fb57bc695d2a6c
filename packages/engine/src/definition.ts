import { z } from 'zod';

/** The workflow definition document (SPEC §1): what the API, the editor and import/export exchange. */

export const NODE_ID_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/**
 * The largest duration (ms or s) or count a definition accepts, 2^31 − 1: Node's timers fire at
 * once past it (a node with `timeoutMs: 3e9` "timed out" after 1 ms), and far larger deadlines
 * are not dates at all. It is also what a Postgres integer holds.
 */
export const MAX_DEFINITION_INTEGER = 2_147_483_647;
const bounded = () => z.number().int().max(MAX_DEFINITION_INTEGER);

export const BackoffType = z.enum(['fixed', 'linear', 'exponential']);
export type BackoffType = z.infer<typeof BackoffType>;

export const RetrySettings = z
  .object({
    maxRetries: z.number().int().min(0).max(100).optional(),
    backoffMs: bounded().min(0).optional(),
    maxBackoffMs: bounded().min(0).optional(),
    backoffType: BackoffType.optional(),
  })
  .strict();
export type RetrySettings = z.infer<typeof RetrySettings>;

export const NodeSettings = z
  .object({
    retry: RetrySettings.optional(),
    timeoutMs: bounded().min(0).optional(),
    continueOnFail: z.boolean().optional(),
  })
  .strict();
export type NodeSettings = z.infer<typeof NodeSettings>;

export const Position = z.object({ x: z.number().finite(), y: z.number().finite() }).strict();

export const WorkflowNode = z
  .object({
    id: z.string().regex(NODE_ID_PATTERN, {
      message: 'must start with a letter or _ and contain only letters, digits and _ (max 64)',
    }),
    type: z.string().min(1),
    name: z.string().max(200).default(''),
    position: Position.default({ x: 0, y: 0 }),
    parameters: z.record(z.string(), z.unknown()).default({}),
    settings: NodeSettings.optional(),
    disabled: z.boolean().optional(),
    notes: z.string().max(10_000).optional(),
  })
  .strict();
export type WorkflowNode = z.infer<typeof WorkflowNode>;

export const WorkflowEdge = z
  .object({
    id: z.string().min(1).max(200),
    source: z.string().min(1),
    sourceHandle: z.string().min(1).default('out'),
    target: z.string().min(1),
  })
  .strict();
export type WorkflowEdge = z.infer<typeof WorkflowEdge>;

export const WorkflowSettings = z
  .object({
    timeoutSeconds: bounded().min(1).optional(),
    maxParallelNodes: bounded().min(1).optional(),
  })
  .strict();
export type WorkflowSettings = z.infer<typeof WorkflowSettings>;

export const WorkflowDefinition = z
  .object({
    name: z.string().trim().min(1, { message: 'is required' }).max(200),
    description: z.string().max(10_000).optional(),
    nodes: z.array(WorkflowNode).max(5_000),
    edges: z.array(WorkflowEdge).max(20_000).default([]),
    settings: WorkflowSettings.default({}),
    variables: z.record(z.string(), z.unknown()).default({}),
  })
  .strict();
export type WorkflowDefinition = z.infer<typeof WorkflowDefinition>;
/** What a caller may send (defaults not yet applied). */
export type WorkflowDefinitionInput = z.input<typeof WorkflowDefinition>;
