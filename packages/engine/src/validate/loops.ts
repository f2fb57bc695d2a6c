import type { WorkflowDefinition, WorkflowEdge } from '../definition';
import { DEFAULT_LIMITS } from '../limits';
import type { NodeRegistry } from '../nodes/registry';
import { BODY_HANDLE, type LoopInfo, loopStructure, terminalsOf } from '../planner/graph-index';
import { errorAt, type Problem } from './problem';

type Outgoing = Map<string, WorkflowEdge[]>;

/**
 * SPEC §3: a loop's body (the nodes reachable from its `body` handle) has exactly one
 * terminal node (its result), no edge leaves it and none enters it except the loop's own
 * `body` edges; loops nest at most MAX_LOOP_DEPTH (its default; the configured value is
 * enforced when the loop runs).
 */
export function checkLoops(def: WorkflowDefinition, registry: NodeRegistry): Problem[] {
  const problems: Problem[] = [];
  const outgoing: Outgoing = new Map(def.nodes.map((n) => [n.id, []]));
  for (const e of def.edges) outgoing.get(e.source)?.push(e);
  const { loops, owner } = loopStructure(def, registry, outgoing);
  for (const loop of loops.values()) {
    if (loop.body.size === 0) {
      const message = `loop "${loop.id}" has no body: connect its "body" output to the nodes to run for each item`;
      problems.push(errorAt('LOOP_BODY', { nodeId: loop.id }, message));
      continue;
    }
    problems.push(...edgesCrossingBody(def, loop, outgoing));
    const terminals = terminalsOf(loop, def, registry, outgoing, owner);
    if (terminals.length !== 1)
      problems.push(errorAt('LOOP_BODY', { nodeId: loop.id }, terminalsMessage(loop.id, terminals)));
    if (loop.depth > DEFAULT_LIMITS.maxLoopDepth) {
      const message = `loop "${loop.id}" is nested ${loop.depth} deep, more than MAX_LOOP_DEPTH (${DEFAULT_LIMITS.maxLoopDepth})`;
      problems.push(errorAt('LOOP_BODY', { nodeId: loop.id }, message));
    }
  }
  return problems;
}

/**
 * A body is what its `body` edges reach, so an edge drawn from inside to a node outside
 * pulls that node in: find nodes of the body that also take input from outside it. If that
 * input comes from the loop's own done/error side, the body's edges into the node are the
 * ones that leave the body; else the outside edge is the one that enters it.
 */
function edgesCrossingBody(def: WorkflowDefinition, loop: LoopInfo, outgoing: Outgoing): Problem[] {
  const problems: Problem[] = [];
  const after = nodesAfterLoop(loop.id, outgoing);
  for (const id of loop.body) {
    const incoming = def.edges.filter((e) => e.target === id);
    const outside = incoming.filter(
      (e) => !loop.body.has(e.source) && !(e.source === loop.id && e.sourceHandle === BODY_HANDLE),
    );
    if (outside.length === 0) continue;
    const inside = outside.some((e) => after.has(e.source)) ? incoming.filter((e) => loop.body.has(e.source)) : [];
    for (const e of inside) {
      const message =
        `edge "${e.id}" leaves the body of loop "${loop.id}" (${e.source} → ${e.target}): connect ` +
        `what follows the loop to its "done" output`;
      problems.push(errorAt('LOOP_BODY', { edgeId: e.id, nodeId: e.source }, message));
    }
    if (inside.length > 0) continue;
    for (const e of outside) {
      const message =
        `edge "${e.id}" enters the body of loop "${loop.id}" from outside (${e.source} → ` +
        `${e.target}): a body's nodes take input only from the loop or from each other`;
      problems.push(errorAt('LOOP_BODY', { edgeId: e.id, nodeId: e.target }, message));
    }
  }
  return problems;
}

/** The loop and every node reachable from its outputs other than `body`. */
function nodesAfterLoop(loopId: string, outgoing: Outgoing): Set<string> {
  const after = new Set<string>([loopId]);
  const queue = (outgoing.get(loopId) ?? []).filter((e) => e.sourceHandle !== BODY_HANDLE).map((e) => e.target);
  while (queue.length) {
    const id = queue.pop()!;
    if (after.has(id)) continue;
    after.add(id);
    for (const e of outgoing.get(id) ?? []) queue.push(e.target);
  }
  return after;
}

function terminalsMessage(loopId: string, terminals: string[]): string {
  return terminals.length === 0
    ? `the body of loop "${loopId}" has no last node whose output could be an iteration's result`
    : `the body of loop "${loopId}" must end in exactly one node (its output is the iteration's ` +
        `result); it ends in ${terminals.map((t) => `"${t}"`).join(', ')}: join them with a merge`;
}
