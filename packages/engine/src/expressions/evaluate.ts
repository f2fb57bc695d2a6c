import jsonata from 'jsonata';
import { EngineError } from '../errors';
import { toJson, type Json } from '../json';
import { hasExpression, isSingleExpression, splitTemplate, type Segment, type TemplateSyntaxError } from './segments';

/** Variables an expression can read (SPEC §4). */
export interface ExpressionScope {
  input?: unknown;
  inputs?: unknown[];
  trigger?: unknown;
  nodes?: Record<string, unknown>;
  vars?: Record<string, unknown>;
  item?: unknown;
  index?: number;
  execution?: { id: string; workflowId: string; startedAt: string | null };
}

export interface ExpressionOptions {
  /** Wall-clock budget for one expression; JSONata throws D1012 beyond it. */
  timeoutMs: number;
  /** Maximum evaluation depth (stops runaway recursion). */
  maxDepth: number;
}

export const DEFAULT_EXPRESSION_OPTIONS: ExpressionOptions = { timeoutMs: 1_000, maxDepth: 500 };

type Compiled = ReturnType<typeof jsonata>;

// Parsing is the expensive part and definitions are immutable: cache compiled expressions.
const cache = new Map<string, Compiled>();
const CACHE_MAX = 5_000;

function compile(source: string, opts: ExpressionOptions): Compiled {
  const key = `${opts.timeoutMs}:${opts.maxDepth}:${source}`;
  let expr = cache.get(key);
  if (!expr) {
    expr = jsonata(source, { timeout: opts.timeoutMs, stack: opts.maxDepth } as Parameters<typeof jsonata>[1]);
    if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value as string);
    cache.set(key, expr);
  }
  return expr;
}

/** Returns a message for each expression in the template that does not parse (for validation). */
export function checkTemplate(template: string): string[] {
  let segments: Segment[];
  try {
    segments = splitTemplate(template);
  } catch (err) {
    return [(err as Error).message];
  }
  const problems: string[] = [];
  for (const seg of segments) {
    if (seg.kind !== 'expr') continue;
    if (seg.source === '') {
      problems.push('empty expression "{{ }}"');
      continue;
    }
    try {
      jsonata(seg.source);
    } catch (err) {
      problems.push(`expression "${seg.source}" does not parse: ${jsonataMessage(err)}`);
    }
  }
  return problems;
}

/** Evaluates one template string: a single segment keeps its type, several interpolate. */
export async function evaluateTemplate(
  template: string,
  scope: ExpressionScope,
  opts: ExpressionOptions = DEFAULT_EXPRESSION_OPTIONS,
): Promise<Json | undefined> {
  let segments: Segment[];
  try {
    segments = splitTemplate(template);
  } catch (err) {
    throw new EngineError('EXPRESSION_ERROR', (err as TemplateSyntaxError).message);
  }
  if (isSingleExpression(segments)) {
    const seg = segments.find((s) => s.kind === 'expr') as Extract<Segment, { kind: 'expr' }>;
    const value = await evaluateSource(seg.source, scope, opts);
    return value === undefined ? undefined : toJson(value);
  }
  let out = '';
  for (const seg of segments) {
    if (seg.kind === 'text') out += seg.text;
    else out += stringify(await evaluateSource(seg.source, scope, opts));
  }
  return out;
}

/** Evaluates every string holding `{{ }}` inside a parameter value (objects and arrays too). */
export async function evaluateValue(
  value: unknown,
  scope: ExpressionScope,
  opts: ExpressionOptions = DEFAULT_EXPRESSION_OPTIONS,
  path = '',
): Promise<unknown> {
  if (hasExpression(value)) {
    try {
      return await evaluateTemplate(value, scope, opts);
    } catch (err) {
      if (err instanceof EngineError && path) {
        throw new EngineError(err.code, `${path}: ${err.message}`, { retryable: false, cause: err });
      }
      throw err;
    }
  }
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (let i = 0; i < value.length; i++) out.push(await evaluateValue(value[i], scope, opts, `${path}[${i}]`));
    return out;
  }
  if (value !== null && typeof value === 'object') {
    // Keys are the user's: fromEntries keeps `__proto__` an own key (`out[k] = …` would not).
    const entries: Array<[string, unknown]> = [];
    for (const [k, v] of Object.entries(value))
      entries.push([k, await evaluateValue(v, scope, opts, path ? `${path}.${k}` : k)]);
    return Object.fromEntries(entries);
  }
  return value;
}

async function evaluateSource(source: string, scope: ExpressionScope, opts: ExpressionOptions): Promise<unknown> {
  let expr: Compiled;
  try {
    expr = compile(source, opts);
  } catch (err) {
    throw new EngineError('EXPRESSION_ERROR', `expression "${source}" does not parse: ${jsonataMessage(err)}`);
  }
  try {
    // The same values are bound as $input… and offered as the context `$$`.
    return await expr.evaluate(scope.input ?? null, bindingsOf(scope));
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'D1012') {
      throw new EngineError('LIMIT_EXCEEDED', `expression "${source}" ran longer than ${opts.timeoutMs} ms`);
    }
    throw new EngineError('EXPRESSION_ERROR', `expression "${source}" failed: ${jsonataMessage(err)}`);
  }
}

function bindingsOf(scope: ExpressionScope): Record<string, unknown> {
  return {
    input: scope.input,
    inputs: scope.inputs ?? [],
    trigger: scope.trigger,
    nodes: scope.nodes ?? {},
    vars: scope.vars ?? {},
    item: scope.item,
    index: scope.index,
    execution: scope.execution,
  };
}

function stringify(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(toJson(value));
}

function jsonataMessage(err: unknown): string {
  const e = err as { message?: string; position?: number; token?: string };
  const where = typeof e.position === 'number' ? ` (at ${e.position})` : '';
  return `${e.message ?? String(err)}${where}`;
}
