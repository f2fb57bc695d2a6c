/**
 * The expression scope the inspector previews a node's `{{ }}` against: the node's latest step
 * in the last run, and the outputs of the nodes it could see. Pure, so it is unit-tested.
 */
import type { ExpressionScope } from '@weft/engine';

export interface RunStep {
  nodeId: string;
  /** '' (or absent) at top level; `each[2]` or `outer[0]/inner[2]` inside loops. */
  scope?: string;
  status: string;
  input: unknown;
  output: unknown;
}

export interface RunEdge {
  source: string;
  sourceHandle?: string | null;
  target: string;
}

/** `outer[0]/inner[2]` → ['outer[0]', 'outer[0]/inner[2]'], the frames a step in it sees ('' too). */
function enclosingScopes(scope: string): Set<string> {
  const out = new Set<string>(['']);
  const parts = scope === '' ? [] : scope.split('/');
  for (let i = 1; i <= parts.length; i++) out.add(parts.slice(0, i).join('/'));
  return out;
}

/** Iteration indexes along a scope path: `outer[1]/inner[10]` → [1, 10]. */
function indexesOf(scope: string): number[] {
  return [...scope.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));
}

/** Orders scopes by iteration (not by start time: iterations started in the same millisecond tie). */
function compareScopes(a: string, b: string): number {
  const x = indexesOf(a);
  const y = indexesOf(b);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? -1) - (y[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * Scope for `nodeId` from `steps` (start order). Inside a loop it is that node's latest
 * iteration: `$index` from the scope, `$item` the input of the body's first node in the same
 * iteration (what the loop handed it), and `$nodes` prefers outputs from that iteration.
 */
export function runScopeFor(nodeId: string, steps: readonly RunStep[], edges: readonly RunEdge[]): ExpressionScope {
  let latest: RunStep | undefined;
  let trigger: unknown;
  for (const s of steps) {
    // The last iteration by index; within one, the last attempt (start order).
    if (s.nodeId === nodeId && (!latest || compareScopes(s.scope ?? '', latest.scope ?? '') >= 0)) latest = s;
    if (trigger === undefined && s.status === 'succeeded') trigger = s.output;
  }
  const scope = latest?.scope ?? '';
  const visible = enclosingScopes(scope);
  const nodes: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  const fromFrame = new Set<string>();
  for (const s of steps) {
    if (s.status !== 'succeeded') continue;
    const inFrame = visible.has(s.scope ?? '');
    // An output from this iteration's frames wins over one from another iteration.
    if (inFrame || !fromFrame.has(s.nodeId)) nodes[s.nodeId] = s.output;
    if (inFrame) fromFrame.add(s.nodeId);
  }
  const result: ExpressionScope = { input: latest?.input, nodes, trigger };
  const innermost = scope.split('/').at(-1) ?? '';
  const m = /^(.*)\[(\d+)\]$/.exec(innermost);
  if (m) {
    const loopId = m[1]!;
    result.index = Number(m[2]);
    const entries = new Set(edges.filter((e) => e.source === loopId && e.sourceHandle === 'body').map((e) => e.target));
    const entry = steps.find((s) => entries.has(s.nodeId) && (s.scope ?? '') === scope);
    if (entry) result.item = entry.input;
  }
  return result;
}
