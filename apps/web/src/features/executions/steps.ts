/** Pure helpers that organise an execution's steps by node and loop iteration (viewer graph, panel, list). */
import type { RunningNode, Step, StepStatus } from './types';

/** One level of a step's scope: `each[3]` is iteration 3 (0-based, its `$index`) of loop `each`. */
export interface ScopeLevel {
  loop: string;
  index: number;
}

/** One iteration of a node inside a loop (or the node's only "iteration" at top level). */
export interface Iteration {
  /** The scope path as the API sends it: '' at top level, `outer[0]/inner[2]` when nested. */
  scope: string;
  levels: ScopeLevel[];
  /** Every attempt of the node in this iteration, in start order. */
  attempts: Step[];
  /** Status of the iteration's latest attempt: a retry that succeeded is a success. */
  status: StepStatus;
}

export interface NodeSteps {
  nodeId: string;
  /** Every attempt/iteration of the node, in start order. */
  steps: Step[];
  /** Iterations in loop order (by index, not start time: concurrent iterations finish out of order). */
  iterations: Iteration[];
  /** Whether the node ran inside a loop (its steps carry a scope). */
  inLoop: boolean;
  /** What the graph shows: failed if any iteration failed, else running if any runs, else the latest. */
  status: StepStatus;
}

/** Groups steps by node id, keeping nodes in the order their first step started. */
export function groupStepsByNode(steps: readonly Step[]): NodeSteps[] {
  const byNode = new Map<string, Step[]>();
  for (const step of sortSteps(steps)) {
    const list = byNode.get(step.nodeId);
    if (list) list.push(step);
    else byNode.set(step.nodeId, [step]);
  }
  return [...byNode].map(([nodeId, list]) => {
    const iterations = iterationsOf(list);
    return {
      nodeId,
      steps: list,
      iterations,
      inLoop: list.some((s) => s.scope !== ''),
      status: rollUpStatus(iterations, list),
    };
  });
}

/** nodeId → the status the graph colours it with (nodes that never ran are absent); see nodeStatuses. */
export function statusByNode(steps: readonly Step[], running: readonly RunningNode[] = []): Map<string, StepStatus> {
  return nodeStatuses(groupStepsByNode(steps), running);
}

/**
 * Each node's status from its steps, with the nodes running now (the execution's `running`)
 * shown as running — a retry waiting out its backoff too, though its last attempt failed. A
 * failed iteration of a loop node that is not the one running again still shows failed.
 */
export function nodeStatuses(
  groups: readonly NodeSteps[],
  running: readonly RunningNode[] = [],
): Map<string, StepStatus> {
  const statuses = new Map(groups.map((g) => [g.nodeId, g.status]));
  const scopesRunning = new Map<string, Set<string>>();
  for (const r of running) {
    const scopes = scopesRunning.get(r.nodeId) ?? new Set<string>();
    scopes.add(r.scope);
    scopesRunning.set(r.nodeId, scopes);
  }
  if (scopesRunning.size === 0) return statuses;
  const groupOf = new Map(groups.map((g) => [g.nodeId, g]));
  for (const [nodeId, scopes] of scopesRunning) {
    const failedElsewhere =
      groupOf.get(nodeId)?.iterations.some((it) => it.status === 'failed' && !scopes.has(it.scope)) ?? false;
    if (!failedElsewhere) statuses.set(nodeId, 'running');
  }
  return statuses;
}

function rollUpStatus(iterations: readonly Iteration[], sorted: readonly Step[]): StepStatus {
  // One failed iteration in a thousand must not hide behind the 999 that succeeded after it.
  if (iterations.some((it) => it.status === 'failed')) return 'failed';
  if (iterations.some((it) => it.status === 'running')) return 'running';
  return sorted[sorted.length - 1]!.status;
}

/** Start order, as the API sends it; ties (same millisecond) by attempt, then id. */
export function sortSteps(steps: readonly Step[]): Step[] {
  return [...steps].sort(
    (a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt) || a.attempt - b.attempt || a.id.localeCompare(b.id),
  );
}

/** Inserts or replaces a step by id (live `step` events), keeping start order. */
export function upsertStep(steps: readonly Step[], step: Step): Step[] {
  return upsertSteps(steps, [step]);
}

/** Inserts or replaces steps by id, keeping start order: one pass and one sort for a whole change. */
export function upsertSteps(steps: readonly Step[], changed: readonly Step[]): Step[] {
  if (changed.length === 0) return [...steps];
  const byId = new Map(changed.map((s) => [s.id, s]));
  return sortSteps([...steps.filter((s) => !byId.has(s.id)), ...byId.values()]);
}

/** `outer[0]/inner[2]` → [{outer, 0}, {inner, 2}]; '' → []. A segment that is not `id[n]` keeps its text as the loop, index NaN. */
export function parseScope(scope: string): ScopeLevel[] {
  if (scope === '') return [];
  return scope.split('/').map((segment) => {
    const m = /^(.*)\[(\d+)\]$/.exec(segment);
    return m ? { loop: m[1]!, index: Number(m[2]) } : { loop: segment, index: Number.NaN };
  });
}

/** "each 4", or "outer 1 · inner 3" when nested: loop ids with 1-based iteration numbers. */
export function scopeLabel(scope: string): string {
  return parseScope(scope)
    .map((l) => (Number.isNaN(l.index) ? l.loop : `${l.loop} ${l.index + 1}`))
    .join(' · ');
}

/** A node's steps (any order) as iterations, ordered by their index path; attempts in start order. */
export function iterationsOf(steps: readonly Step[]): Iteration[] {
  const byScope = new Map<string, Step[]>();
  for (const step of sortSteps(steps)) {
    const list = byScope.get(step.scope);
    if (list) list.push(step);
    else byScope.set(step.scope, [step]);
  }
  return [...byScope]
    .map(([scope, attempts]) => ({
      scope,
      levels: parseScope(scope),
      attempts,
      status: attempts[attempts.length - 1]!.status,
    }))
    .sort((a, b) => compareLevels(a.levels, b.levels) || a.scope.localeCompare(b.scope));
}

function compareLevels(a: readonly ScopeLevel[], b: readonly ScopeLevel[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const d = (a[i]!.index || 0) - (b[i]!.index || 0);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

/** Which iteration holds a step (-1 if none). */
export function iterationIndexOf(iterations: readonly Iteration[], stepId: string | null): number {
  if (stepId === null) return -1;
  return iterations.findIndex((it) => it.attempts.some((s) => s.id === stepId));
}

/**
 * The step a node's panel opens on: the latest attempt of the first failed iteration (what
 * someone opening a failed loop wants to see), else the most recently started step.
 */
export function defaultStepOf(group: NodeSteps | undefined): Step | undefined {
  if (!group || group.steps.length === 0) return undefined;
  const failed = group.inLoop ? group.iterations.find((it) => it.status === 'failed') : undefined;
  return failed ? failed.attempts[failed.attempts.length - 1] : group.steps[group.steps.length - 1];
}

/** The next iteration after `from` (wrapping) whose latest attempt failed, or -1. */
export function nextFailedIteration(iterations: readonly Iteration[], from: number): number {
  for (let k = 1; k <= iterations.length; k++) {
    const i = (from + k) % iterations.length;
    if (iterations[i]!.status === 'failed') return i;
  }
  return -1;
}

/** "Attempt 2", or "each 3 · attempt 1" inside a loop (the scope names the iteration, 1-based). */
export function stepLabel(step: Pick<Step, 'scope' | 'attempt'>): string {
  const attempt = `Attempt ${step.attempt}`;
  return step.scope ? `${scopeLabel(step.scope)} · ${attempt.toLowerCase()}` : attempt;
}
