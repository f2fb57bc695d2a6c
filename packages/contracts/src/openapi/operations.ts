import type { z } from 'zod';
import type { Operation } from './operation';
import { ACCOUNT_OPERATIONS, SERVICE_OPERATIONS } from './resources/instance';
import { EXECUTION_OPERATIONS } from './resources/executions';
import { TRIGGER_OPERATIONS, WORKFLOW_OPERATIONS } from './resources/workflows';

/**
 * Every operation of the HTTP API, keyed by its OpenAPI `operationId`: what the route handlers
 * parse and answer, in one table the OpenAPI document (document.ts) and the typed client
 * (../client) are built from. Each entry goes through `defineOperation`, so its schemas keep
 * their own types: `InputOf<'getWorkflowsById'>` and `OutputOf<'getWorkflowsById'>` are
 * inferred from them. `permission` is the route's own declaration (defineRoute's
 * `permission`); a test holds each entry to its route file (apps/web/test/openapi*.test.ts),
 * so an added route or method fails CI until it is here.
 *
 * The entries live in `resources/` (the instance: accounts and operations; workflows and their
 * triggers; executions and deliveries); their shape and the responses they share in `operation.ts`.
 */

export type { ErrorResponse, Method, Operation, SuccessResponse } from './operation';
export type { Permission, ResourceAction } from '../permissions';

export const OPERATIONS = {
  ...ACCOUNT_OPERATIONS,
  ...WORKFLOW_OPERATIONS,
  ...TRIGGER_OPERATIONS,
  ...EXECUTION_OPERATIONS,
  ...SERVICE_OPERATIONS,
} satisfies Record<string, Operation>;

export type Operations = typeof OPERATIONS;
export type OperationId = keyof Operations;

type In<K extends OperationId, F extends string> = F extends keyof Operations[K]
  ? Operations[K][F] extends infer S extends z.ZodType
    ? z.input<S>
    : never
  : undefined;

/** What a caller passes: `params` and `body` when the operation has them, `query` always optional. */
export type InputOf<K extends OperationId> = ('params' extends keyof Operations[K]
  ? { params: In<K, 'params'> }
  : { params?: undefined }) &
  ('query' extends keyof Operations[K] ? { query?: In<K, 'query'> } : { query?: undefined }) &
  ('body' extends keyof Operations[K] ? { body: In<K, 'body'> } : { body?: undefined });

type SuccessOf<K extends OperationId> = Operations[K]['responses'][number];

/** What a successful JSON answer parses to: each success response's schema output, `undefined` for a 204. */
export type OutputOf<K extends OperationId> =
  SuccessOf<K> extends infer R
    ? R extends { schema: infer S extends z.ZodType }
      ? z.output<S>
      : R extends { status: 204 }
        ? undefined
        : never
    : never;

/** Operations whose every success is JSON with a schema, or a 204: the ones `client.call` parses. */
export type JsonOperationId = {
  [K in OperationId]: Exclude<SuccessOf<K>, { schema: z.ZodType } | { status: 204 }> extends never ? K : never;
}[OperationId];
