/** What one entry of the operations table is, and the response shapes entries share. */
import type { z } from 'zod';
import type { Permission } from '../permissions';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
export type { Permission, ResourceAction } from '../permissions';

export interface SuccessResponse {
  status: number;
  description: string;
  /** JSON body; omitted for 204 and non-JSON answers. */
  schema?: z.ZodType;
  /** A non-JSON answer (`text/event-stream`, `text/plain`). */
  contentType?: string;
  headers?: Record<string, string>;
}

/** An error status the operation answers beyond the ones its shape implies (see document.ts). */
export interface ErrorResponse {
  status: number;
  description: string;
}

export interface Operation {
  method: Method;
  /** OpenAPI path template: `/api/workflows/{id}`. */
  path: string;
  tag: string;
  summary: string;
  description?: string;
  permission: Permission;
  /** Authenticated some other way than a user (webhook tokens and signatures, the metrics token). */
  security?: 'none' | 'metrics';
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** Documented body schema when the parsed one is looser (import takes any JSON, so the engine can list every problem). */
  bodyDoc?: z.ZodType;
  responses: readonly SuccessResponse[];
  errors?: readonly ErrorResponse[];
}

/** Keeps the entry's own schema types (an `Operation` annotation would widen them to `z.ZodType`). */
export function defineOperation<const O extends Operation>(op: O): O {
  return op;
}

export const ok = <S extends z.ZodType>(schema: S, description = 'OK') => ({
  status: 200 as const,
  description,
  schema,
});
export const created = <S extends z.ZodType>(schema: S, description = 'Created') => ({
  status: 201 as const,
  description,
  schema,
});
export const noContent = (description = 'Done; no body.') => ({ status: 204 as const, description });

export const conflict = (description: string): ErrorResponse => ({ status: 409, description });
export const throttled: ErrorResponse = {
  status: 429,
  description: 'Too many attempts from this address or for this account; `Retry-After` says when to try again.',
};
export const inviteGone: ErrorResponse = {
  status: 404,
  description: 'Unknown, used, expired, revoked, or its inviter no longer holds a role that could make it.',
};
export const queueDown: ErrorResponse = {
  status: 503,
  description: 'Postgres or Redis is unavailable; nothing was started or changed.',
};

export const Workflows = 'Workflows';
export const Executions = 'Executions';
