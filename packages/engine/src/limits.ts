/** Limits the engine enforces (SPEC §6); values come from config, these are the defaults. */
export interface EngineLimits {
  maxParallelNodes: number;
  workflowTimeoutSeconds: number;
  stepTimeoutMs: number;
  maxLoopIterations: number;
  maxLoopDepth: number;
  maxTotalOperations: number;
  maxHttpCalls: number;
  maxPayloadBytes: number;
  expressionTimeoutMs: number;
}

export const DEFAULT_LIMITS: EngineLimits = {
  maxParallelNodes: 10,
  workflowTimeoutSeconds: 300,
  stepTimeoutMs: 30_000,
  maxLoopIterations: 1_000,
  maxLoopDepth: 10,
  maxTotalOperations: 10_000,
  maxHttpCalls: 100,
  maxPayloadBytes: 1_048_576,
  expressionTimeoutMs: 1_000,
};

/** The parallelism an execution gets: the workflow setting may lower the global limit, never raise it. */
export function effectiveMaxParallel(limits: EngineLimits, workflowSetting: number | undefined): number {
  return Math.max(1, Math.min(limits.maxParallelNodes, workflowSetting ?? limits.maxParallelNodes));
}
