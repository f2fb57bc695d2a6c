import type { WeftClient } from './client';
import { ApiRequestError } from './client';
import { checkFile, formatProblem } from './check';
import { CliError, EXIT, type ExitCode } from './exit-codes';
import type { Output } from './output';
import { isNoop, matchWorkflows, planActions, type Action, type LocalWorkflow } from './plan';
import { collectFiles, loadWorkflowFile } from './workflow-files';

export interface ApplyOptions {
  activate: boolean;
  prune: boolean;
  dryRun: boolean;
  yes: boolean;
  /** Asks the person at the terminal; absent when stdin is not a terminal. */
  confirm?: (question: string) => Promise<boolean>;
}

/**
 * `weft apply -f dir`: validate every file offline, read the server, print the plan, then
 * carry it out. Nothing is written when any file is invalid or ambiguous; a request that
 * fails while applying is reported with its file and the rest still go ahead.
 */
export async function apply(client: WeftClient, dirs: string[], opts: ApplyOptions, out: Output): Promise<ExitCode> {
  const local = await checkLocalFiles(dirs, out);
  if (!local) return EXIT.failed;
  const remote = await client.listWorkflows();
  const { matches, unmatched, problems } = matchWorkflows(local, remote);
  if (problems.length > 0) {
    for (const p of problems) out.err(`${p.path}: ${p.message}`);
    out.err('nothing was applied');
    return EXIT.failed;
  }
  const latest = new Map<string, unknown>();
  for (const m of matches) if (m.remote) latest.set(m.remote.id, (await client.getWorkflow(m.remote.id)).definition);
  const actions = planActions(matches, latest, unmatched, opts);

  out.log(opts.dryRun ? 'Plan (dry run, nothing will be changed):' : 'Plan:');
  for (const a of actions) out.log(`  ${describe(a)}`);
  if (opts.dryRun) {
    out.log(`Would be: ${summary(actions, new Set())}`);
    return EXIT.ok;
  }
  if (!(await deletionsConfirmed(client, actions, opts, out))) return EXIT.usage;
  if (isNoop(actions)) {
    out.log(summary(actions, new Set()));
    return EXIT.ok;
  }
  const failed = await carryOutAll(client, actions, out);
  out.log(summary(actions, failed));
  return failed.size > 0 ? EXIT.failed : EXIT.ok;
}

/** Every file validated offline, or undefined (with each problem printed) when any is invalid. */
async function checkLocalFiles(dirs: string[], out: Output): Promise<LocalWorkflow[] | undefined> {
  const files = await collectFiles(dirs);
  if (files.length === 0)
    throw new CliError(`no workflow files (.json, .yaml, .yml) in ${dirs.join(', ')}`, EXIT.usage);
  const local: LocalWorkflow[] = [];
  let invalid = 0;
  for (const path of files) {
    const checked = checkFile(await loadWorkflowFile(path));
    for (const p of checked.errors) out.err(formatProblem(path, p));
    if (checked.definition)
      local.push({ path, ...(checked.id ? { id: checked.id } : {}), definition: checked.definition });
    else invalid++;
  }
  if (invalid === 0) return local;
  out.err(`${invalid} of ${files.length} file${files.length === 1 ? '' : 's'} invalid: nothing was applied`);
  return undefined;
}

/** Deleting needs --yes or a yes at the terminal; without a terminal, asking is a usage error. */
async function deletionsConfirmed(
  client: WeftClient,
  actions: Action[],
  opts: ApplyOptions,
  out: Output,
): Promise<boolean> {
  const deletions = actions.filter((a) => a.kind === 'delete');
  if (deletions.length === 0 || opts.yes) return true;
  const question = `Delete ${deletions.length} workflow${deletions.length === 1 ? '' : 's'} on ${client.baseUrl} that no file names?`;
  if (!opts.confirm)
    throw new CliError(
      `${question} Pass --yes to confirm (or --dry-run to only see the plan); nothing was applied`,
      EXIT.usage,
    );
  if (await opts.confirm(question)) return true;
  out.err('not confirmed: nothing was applied');
  return false;
}

/** Carries out each action; one that the server refuses is reported with its file and the rest go ahead. */
async function carryOutAll(client: WeftClient, actions: Action[], out: Output): Promise<Set<Action>> {
  const failed = new Set<Action>();
  for (const a of actions) {
    try {
      await carryOut(client, a);
    } catch (err) {
      if (!(err instanceof ApiRequestError)) throw err;
      failed.add(a);
      const lines = err.describe();
      out.err(`${a.kind === 'delete' ? `${a.name} (${a.id})` : a.path}: ${a.kind} failed: ${lines[0]}`);
      for (const l of lines.slice(1)) out.err(l);
    }
  }
  return failed;
}

async function carryOut(client: WeftClient, a: Action): Promise<void> {
  const message = a.kind === 'delete' ? '' : `weft apply ${a.path}`.slice(0, 1000);
  switch (a.kind) {
    case 'create': {
      const created = await client.createWorkflow(a.definition, message);
      if (a.activate) await client.activate(created.id, created.latestVersion);
      return;
    }
    case 'update': {
      const saved = await client.saveWorkflow(a.id, a.definition, message);
      if (a.activate) await client.activate(a.id, saved.latestVersion);
      return;
    }
    case 'unchanged':
      if (a.activate) await client.activate(a.id, a.version);
      return;
    case 'delete':
      await client.deleteWorkflow(a.id);
  }
}

function describe(a: Action): string {
  const act = 'activate' in a && a.activate ? ', activate' : '';
  switch (a.kind) {
    case 'create':
      return `+ create     "${a.name}" (${a.path})${act}`;
    case 'update':
      return `~ update     "${a.name}" v${a.fromVersion} → v${a.fromVersion + 1} (${a.path})${act}`;
    case 'unchanged':
      return `= unchanged  "${a.name}" v${a.version} (${a.path})${act}`;
    case 'delete':
      return `- delete     "${a.name}" (${a.id})`;
  }
}

function summary(actions: Action[], failed: Set<Action>): string {
  const done = actions.filter((a) => !failed.has(a));
  const count = (kind: Action['kind']) => done.filter((a) => a.kind === kind).length;
  const activated = done.filter((a) => 'activate' in a && a.activate).length;
  const parts = [
    `${count('create')} created`,
    `${count('update')} updated`,
    `${count('unchanged')} unchanged`,
    `${activated} activated`,
    `${count('delete')} deleted`,
  ];
  if (failed.size > 0) parts.push(`${failed.size} failed`);
  return parts.join(', ');
}
