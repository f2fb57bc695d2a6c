/** Pure helpers that organise an execution's steps by node (viewer graph, panel, list). */
import type { Step, StepStatus } from './types';

export interface NodeSteps {
  nodeId: string;
  /** Every attempt/iteration of the node, in start order. */
  steps: Step[];
  /** Status of the most recently started step: what the graph shows. */
  latestStatus: StepStatus;
}

/** Groups steps by node id, keeping nodes in the order their first step started. */
export function groupStepsByNode(steps: readonly Step[]): NodeSteps[] {
  const byNode = new Map<string, Step[]>();
  for (const step of sortSteps(steps)) {
    const list = byNode.get(step.nodeId);
    if (list) list.push(step);
    else byNode.set(step.nodeId, [step]);
  }
  return [...byNode].map(([nodeId, list]) => ({ nodeId, steps: list, latestStatus: list[list.length - 1]!.status }));
}

/** nodeId → status of its latest step (nodes that never ran are absent). */
export function latestStatusByNode(steps: readonly Step[]): Map<string, StepStatus> {
  return new Map(groupStepsByNode(steps).map((g) => [g.nodeId, g.latestStatus]));
}

/** Start order, as the API sends it; ties (same millisecond) by attempt, then id. */
export function sortSteps(steps: readonly Step[]): Step[] {
  return [...steps].sort(
    (a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt) || a.attempt - b.attempt || a.id.localeCompare(b.id),
  );
}

/** Inserts or replaces a step by id (live `step` events), keeping start order. */
export function upsertStep(steps: readonly Step[], step: Step): Step[] {
  const rest = steps.filter((s) => s.id !== step.id);
  return sortSteps([...rest, step]);
}

/** "Attempt 2", or "iteration 3 · attempt 1" inside a loop (the scope names the iteration). */
export function stepLabel(step: Pick<Step, 'scope' | 'attempt'>): string {
  const attempt = `Attempt ${step.attempt}`;
  return step.scope ? `${step.scope} · ${attempt.toLowerCase()}` : attempt;
}
