/**
 * What crosses the thread boundary between the threaded evaluator and its threads. Plain
 * data only: structured clone keeps own `__proto__` keys but loses classes, so errors travel
 * as fields and are rebuilt on the main side.
 */
import type { ExpressionOptions } from '@weft/engine';

export interface EvaluationTask {
  /** Names this call in the thread's progress messages. */
  id: number;
  value: unknown;
  /** The part of the ExpressionScope the templates read (scope-reads.ts), as JSON text: cheaper to send than a structured clone. */
  scope: string;
  opts: ExpressionOptions;
}

export type EvaluationReply = { ok: true; value: unknown } | { ok: false; error: WireError };

export interface WireError {
  name: string;
  message: string;
  code?: string;
  retryable?: boolean;
  nodeId?: string;
  details?: Record<string, unknown>;
  cause?: WireError;
}

/**
 * Posted by the thread just before it evaluates one template (one string holding `{{ }}`):
 * the main side restarts that call's deadline, and names this template if it overruns.
 */
export interface ProgressMessage {
  kind: typeof PROGRESS;
  id: number;
  path: string;
  template: string;
  /** How many `{{ }}` segments the template holds: each may take up to timeoutMs. */
  expressions: number;
}

export const PROGRESS = 'weft.evaluator.progress';

export function isProgressMessage(m: unknown): m is ProgressMessage {
  return typeof m === 'object' && m !== null && (m as { kind?: unknown }).kind === PROGRESS;
}
