/**
 * Runs inside an evaluator thread (loaded by thread-entry.mjs): evaluates one call's
 * templates with the engine's own evaluateValue, so results and errors are exactly the
 * in-thread ones. Before each template it tells the main side which one it starts; the main
 * side terminates this thread if that template overruns its budget.
 */
import { parentPort } from 'node:worker_threads';
import { EngineError, evaluateValue, hasExpression, splitTemplate, type ExpressionScope } from '@weft/engine';
import { PROGRESS, type EvaluationReply, type EvaluationTask, type ProgressMessage, type WireError } from './wire';

export default async function evaluateTask(task: EvaluationTask): Promise<EvaluationReply> {
  let scope: ExpressionScope | undefined;
  const call: Call = {
    task,
    // Parsed on the first template, so a value without one costs no parse.
    scope: () => (scope ??= JSON.parse(task.scope) as ExpressionScope),
  };
  try {
    return { ok: true, value: await walk(task.value, '', call) };
  } catch (err) {
    return { ok: false, error: toWireError(err) };
  }
}

interface Call {
  task: EvaluationTask;
  scope: () => ExpressionScope;
}

/**
 * The same walk as evaluateValue's (which takes the path for exactly this), stopping at each
 * template to report it: results and error messages (`path: expression …`) are identical.
 */
async function walk(value: unknown, path: string, call: Call): Promise<unknown> {
  if (hasExpression(value)) {
    reportStart(call.task.id, path, value);
    return evaluateValue(value, call.scope(), call.task.opts, path);
  }
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (let i = 0; i < value.length; i++) out.push(await walk(value[i], `${path}[${i}]`, call));
    return out;
  }
  if (value !== null && typeof value === 'object') {
    // fromEntries keeps a user's `__proto__` key an own key, as evaluateValue does.
    const entries: Array<[string, unknown]> = [];
    for (const [k, v] of Object.entries(value)) entries.push([k, await walk(v, path ? `${path}.${k}` : k, call)]);
    return Object.fromEntries(entries);
  }
  return value;
}

function reportStart(id: number, path: string, template: string): void {
  const msg: ProgressMessage = { kind: PROGRESS, id, path, template, expressions: countExpressions(template) };
  parentPort?.postMessage(msg);
}

function countExpressions(template: string): number {
  try {
    return Math.max(1, splitTemplate(template).filter((s) => s.kind === 'expr').length);
  } catch {
    return 1; // a syntax error: evaluateValue rejects it without evaluating anything
  }
}

function toWireError(err: unknown): WireError {
  if (err instanceof EngineError) {
    return {
      name: err.name,
      message: err.message,
      code: String(err.code),
      retryable: err.retryable,
      ...(err.nodeId !== undefined ? { nodeId: err.nodeId } : {}),
      ...(err.details !== undefined ? { details: err.details } : {}),
      ...(err.cause !== undefined ? { cause: toWireError(err.cause) } : {}),
    };
  }
  if (err instanceof Error) return { name: err.name, message: err.message };
  return { name: 'Error', message: String(err) };
}
