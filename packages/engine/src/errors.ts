/**
 * Errors that carry intent: a code the API and the viewer understand, the node it concerns
 * and whether retrying could help. Everything that crosses a process boundary is turned
 * into plain data with toSerializedError().
 */
export type ErrorCode =
  | 'VALIDATION_ERROR'
  | 'EXPRESSION_ERROR'
  | 'HTTP_ERROR'
  | 'NETWORK_ERROR'
  | 'TIMEOUT'
  | 'LIMIT_EXCEEDED'
  | 'NODE_FAILED'
  | 'SANDBOX_VIOLATION'
  | 'CANCELED'
  | 'INTERNAL';

export class EngineError extends Error {
  readonly code: ErrorCode | string;
  readonly nodeId: string | undefined;
  readonly retryable: boolean;
  readonly details: Record<string, unknown> | undefined;

  constructor(
    code: ErrorCode | string,
    message: string,
    opts: { nodeId?: string; retryable?: boolean; details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'EngineError';
    this.code = code;
    this.nodeId = opts.nodeId;
    this.retryable = opts.retryable ?? false;
    this.details = opts.details;
  }
}

/** A failure that retrying cannot fix (4xx, expression and validation errors, limits). */
export class NonRetryableError extends EngineError {
  constructor(
    code: ErrorCode | string,
    message: string,
    opts: { nodeId?: string; details?: Record<string, unknown> } = {},
  ) {
    super(code, message, { ...opts, retryable: false });
    this.name = 'NonRetryableError';
  }
}

export interface SerializedError {
  code: string;
  message: string;
  nodeId?: string;
  retryable?: boolean;
  details?: Record<string, unknown>;
}

const MAX_MESSAGE = 2_000;

/**
 * Turns anything thrown into plain JSON data, truncating the message. Never the stack: this
 * is what steps store and the API shows to anyone who may view the workflow, and a stack
 * names the server's files and library versions. Operators read stacks in the worker log.
 */
export function toSerializedError(err: unknown, nodeId?: string): SerializedError {
  if (err instanceof EngineError) {
    return {
      code: String(err.code),
      message: truncate(err.message, MAX_MESSAGE),
      ...((err.nodeId ?? nodeId) ? { nodeId: err.nodeId ?? nodeId } : {}),
      retryable: err.retryable,
      ...(err.details ? { details: err.details } : {}),
    };
  }
  if (err instanceof Error) {
    return {
      code: 'INTERNAL',
      message: truncate(err.message || err.name, MAX_MESSAGE),
      ...(nodeId ? { nodeId } : {}),
      retryable: false,
    };
  }
  return {
    code: 'INTERNAL',
    message: truncate(String(err), MAX_MESSAGE),
    ...(nodeId ? { nodeId } : {}),
    retryable: false,
  };
}

function truncate(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max)}… (truncated)` : s;
}
