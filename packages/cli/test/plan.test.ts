import { describe, expect, it } from 'vitest';
import { validateDefinition, type WorkflowDefinition } from '@weft/engine';
import { isNoop, matchWorkflows, planActions, type LocalWorkflow, type RemoteSummary } from '../src/plan';

const ID_A = '0193a000-0000-7000-8000-00000000000a';
const ID_B = '0193a000-0000-7000-8000-00000000000b';
const ID_C = '0193a000-0000-7000-8000-00000000000c';

function def(name: string, extra: Partial<WorkflowDefinition> = {}): WorkflowDefinition {
  const r = validateDefinition({ name, nodes: [{ id: 'start', type: 'trigger' }], ...extra });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.definition;
}
const local = (path: string, name: string, id?: string): LocalWorkflow => ({
  path,
  definition: def(name),
  ...(id ? { id } : {}),
});
const remote = (id: string, name: string, latestVersion = 1, activeVersion: number | null = null): RemoteSummary => ({
  id,
  name,
  latestVersion,
  activeVersion,
});

describe('matchWorkflows', () => {
  it('matches by exact name, and a file without a remote workflow is to create', () => {
    const r = matchWorkflows(
      [local('a.yaml', 'Alpha'), local('b.json', 'Beta')],
      [remote(ID_A, 'Alpha'), remote(ID_C, 'alpha')],
    );
    expect(r.problems).toEqual([]);
    expect(r.matches.map((m) => [m.local.path, m.remote?.id ?? null])).toEqual([
      ['a.yaml', ID_A],
      ['b.json', null],
    ]);
    expect(r.unmatched.map((u) => u.id)).toEqual([ID_C]);
  });

  it('a pinned id wins over the name, so a renamed file updates the same workflow', () => {
    const r = matchWorkflows(
      [local('a.yaml', 'Alpha renamed', ID_A)],
      [remote(ID_A, 'Alpha'), remote(ID_B, 'Alpha renamed')],
    );
    expect(r.problems).toEqual([]);
    expect(r.matches[0]?.remote?.id).toBe(ID_A);
    expect(r.unmatched.map((u) => u.id)).toEqual([ID_B]);
  });

  it('names a pinned id the server does not have', () => {
    const r = matchWorkflows([local('a.yaml', 'Alpha', ID_B)], [remote(ID_A, 'Alpha')]);
    expect(r.problems).toEqual([{ path: 'a.yaml', message: expect.stringContaining(`id ${ID_B}: no such workflow`) }]);
  });

  it('refuses two files with one name, or one id, naming both files', () => {
    const names = matchWorkflows([local('a.yaml', 'Same'), local('b.json', 'Same')], []);
    expect(names.problems).toEqual([
      { path: 'b.json', message: expect.stringMatching(/same workflow name "Same" \(a\.yaml\)/) },
    ]);
    const ids = matchWorkflows([local('a.yaml', 'One', ID_A), local('b.json', 'Two', ID_A)], [remote(ID_A, 'One')]);
    expect(ids.problems).toEqual([{ path: 'b.json', message: expect.stringContaining(`same id ${ID_A} (a.yaml)`) }]);
  });

  it('refuses to guess between remote workflows sharing the name, and never prunes them', () => {
    const r = matchWorkflows([local('a.yaml', 'Twin')], [remote(ID_A, 'Twin'), remote(ID_B, 'Twin')]);
    expect(r.problems).toEqual([
      { path: 'a.yaml', message: expect.stringMatching(/2 workflows on the server are named "Twin" .*pin one/) },
    ]);
    expect(r.unmatched).toEqual([]);
  });
});

describe('planActions', () => {
  const opts = { activate: false, prune: false };

  it('an equal definition is unchanged whatever its key order and defaults; a different one is an update', () => {
    const alpha = local('a.yaml', 'Alpha');
    const beta = local('b.json', 'Beta');
    const stored = {
      variables: {},
      settings: {},
      edges: [],
      nodes: [{ parameters: {}, position: { y: 0, x: 0 }, name: '', type: 'trigger', id: 'start' }],
      name: 'Alpha',
    };
    const { matches, unmatched } = matchWorkflows([alpha, beta], [remote(ID_A, 'Alpha', 3), remote(ID_B, 'Beta', 2)]);
    const actions = planActions(
      matches,
      new Map<string, unknown>([
        [ID_A, stored],
        [ID_B, { name: 'Beta', nodes: [{ id: 'start', type: 'trigger', name: 'Renamed' }] }],
      ]),
      unmatched,
      opts,
    );
    expect(actions.map((a) => a.kind)).toEqual(['unchanged', 'update']);
    expect(actions[1]).toMatchObject({ kind: 'update', id: ID_B, fromVersion: 2 });
    expect(isNoop(actions)).toBe(false);
    expect(isNoop(actions.slice(0, 1))).toBe(true);
  });

  it('--activate activates created and updated versions, and unchanged ones only when not already active', () => {
    const files = [
      local('new.yaml', 'New'),
      local('changed.json', 'Changed'),
      local('inactive.json', 'Inactive'),
      local('active.json', 'Active'),
    ];
    const { matches, unmatched } = matchWorkflows(files, [
      remote(ID_A, 'Changed', 1, 1),
      remote(ID_B, 'Inactive', 2, 1),
      remote(ID_C, 'Active', 4, 4),
    ]);
    const latest = new Map<string, unknown>([
      [ID_A, def('Changed', { variables: { v: 1 } })],
      [ID_B, def('Inactive')],
      [ID_C, def('Active')],
    ]);
    const actions = planActions(matches, latest, unmatched, { activate: true, prune: false });
    expect(actions.map((a) => [a.kind, 'activate' in a && a.activate])).toEqual([
      ['create', true],
      ['update', true],
      ['unchanged', true],
      ['unchanged', false],
    ]);
  });

  it('--prune deletes only remote workflows no file names', () => {
    const { matches, unmatched } = matchWorkflows(
      [local('a.yaml', 'Alpha')],
      [remote(ID_A, 'Alpha'), remote(ID_B, 'Gone')],
    );
    const latest = new Map<string, unknown>([[ID_A, def('Alpha')]]);
    expect(planActions(matches, latest, unmatched, opts).map((a) => a.kind)).toEqual(['unchanged']);
    expect(planActions(matches, latest, unmatched, { activate: false, prune: true })).toEqual([
      expect.objectContaining({ kind: 'unchanged' }),
      { kind: 'delete', id: ID_B, name: 'Gone' },
    ]);
  });
});
