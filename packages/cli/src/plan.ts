import type { WorkflowDefinition } from '@weft/engine';
import { sameDefinition } from './canonical';

/**
 * `weft apply`'s plan, computed without I/O: which local file matches which remote workflow,
 * and what each needs. Matching (docs/cli.md): a file that pins an `id` is that workflow;
 * any other file is the remote workflow with exactly its name. Names and ids are unique
 * within the folder; a name shared by several remote workflows must be pinned by id.
 */

export interface LocalWorkflow {
  path: string;
  id?: string;
  definition: WorkflowDefinition;
}

export interface RemoteSummary {
  id: string;
  name: string;
  latestVersion: number;
  activeVersion: number | null;
}

export type Action =
  | { kind: 'create'; path: string; name: string; definition: WorkflowDefinition; activate: boolean }
  | {
      kind: 'update';
      path: string;
      id: string;
      name: string;
      definition: WorkflowDefinition;
      fromVersion: number;
      activate: boolean;
    }
  | { kind: 'unchanged'; path: string; id: string; name: string; version: number; activate: boolean }
  | { kind: 'delete'; id: string; name: string };

export interface PlanProblem {
  path: string;
  message: string;
}

export interface Match {
  local: LocalWorkflow;
  remote: RemoteSummary | null;
}

/** Pairs each local file with its remote workflow (or none: to create); the remote ones left over. */
export function matchWorkflows(
  local: LocalWorkflow[],
  remote: RemoteSummary[],
): { matches: Match[]; unmatched: RemoteSummary[]; problems: PlanProblem[] } {
  const problems: PlanProblem[] = [
    ...duplicates(
      local,
      (l) => l.definition.name,
      (name, other) => `another file has the same workflow name "${name}" (${other}); names are unique in a folder`,
    ),
    ...duplicates(
      local,
      (l) => l.id,
      (id, other) => `another file pins the same id ${id} (${other})`,
    ),
  ];
  const index = indexRemote(local, remote);
  const matches: Match[] = [];
  const claimed = new Set<string>();
  for (const l of local) {
    const found = l.id ? matchById(l.id, index.byId) : matchByName(l, index.byName);
    for (const id of found.claims) claimed.add(id);
    if (found.problem) problems.push({ path: l.path, message: found.problem });
    else matches.push({ local: l, remote: found.remote });
  }
  return { matches, unmatched: remote.filter((r) => !claimed.has(r.id)), problems };
}

/** Remote workflows by id, and by name those no file pins by id. */
function indexRemote(local: LocalWorkflow[], remote: RemoteSummary[]) {
  const byId = new Map(remote.map((r) => [r.id, r]));
  const pinned = new Set(local.flatMap((l) => (l.id && byId.has(l.id) ? [l.id] : [])));
  const byName = new Map<string, RemoteSummary[]>();
  for (const r of remote) {
    if (pinned.has(r.id)) continue;
    byName.set(r.name, [...(byName.get(r.name) ?? []), r]);
  }
  return { byId, byName };
}

/** A file's remote workflow (null: to create), the remote ids it accounts for, or why it has none. */
interface Found {
  remote: RemoteSummary | null;
  claims: string[];
  problem?: string;
}

function matchById(id: string, byId: Map<string, RemoteSummary>): Found {
  const r = byId.get(id);
  return r
    ? { remote: r, claims: [r.id] }
    : { remote: null, claims: [], problem: `id ${id}: no such workflow on the server (or this key may not view it)` };
}

function matchByName(l: LocalWorkflow, byName: Map<string, RemoteSummary[]>): Found {
  const candidates = byName.get(l.definition.name) ?? [];
  if (candidates.length > 1) {
    const problem =
      `${candidates.length} workflows on the server are named "${l.definition.name}" ` +
      `(${candidates.map((c) => c.id).join(', ')}): pin one with a top-level id`;
    return { remote: null, claims: candidates.map((c) => c.id), problem };
  }
  const r = candidates[0] ?? null;
  return { remote: r, claims: r ? [r.id] : [] };
}

function duplicates(
  local: LocalWorkflow[],
  keyOf: (l: LocalWorkflow) => string | undefined,
  say: (key: string, other: string) => string,
): PlanProblem[] {
  const first = new Map<string, string>();
  const out: PlanProblem[] = [];
  for (const l of local) {
    const key = keyOf(l);
    if (key === undefined) continue;
    const seen = first.get(key);
    if (seen === undefined) first.set(key, l.path);
    else out.push({ path: l.path, message: say(key, seen) });
  }
  return out;
}

/**
 * The actions for the matches, given the latest definition of each matched remote workflow.
 * Unchanged means equal canonical JSON once the engine's defaults are applied on both sides;
 * `activate` is set only where the active version is not already the one applied.
 */
export function planActions(
  matches: Match[],
  latest: ReadonlyMap<string, unknown>,
  unmatched: RemoteSummary[],
  opts: { activate: boolean; prune: boolean },
): Action[] {
  const actions: Action[] = [];
  for (const { local, remote } of matches) {
    const name = local.definition.name;
    if (!remote) {
      actions.push({ kind: 'create', path: local.path, name, definition: local.definition, activate: opts.activate });
      continue;
    }
    if (sameDefinition(local.definition, latest.get(remote.id))) {
      actions.push({
        kind: 'unchanged',
        path: local.path,
        id: remote.id,
        name,
        version: remote.latestVersion,
        activate: opts.activate && remote.activeVersion !== remote.latestVersion,
      });
    } else {
      actions.push({
        kind: 'update',
        path: local.path,
        id: remote.id,
        name,
        definition: local.definition,
        fromVersion: remote.latestVersion,
        activate: opts.activate,
      });
    }
  }
  if (opts.prune) for (const r of unmatched) actions.push({ kind: 'delete', id: r.id, name: r.name });
  return actions;
}

/** True when applying would write nothing. */
export function isNoop(actions: Action[]): boolean {
  return actions.every((a) => a.kind === 'unchanged' && !a.activate);
}
