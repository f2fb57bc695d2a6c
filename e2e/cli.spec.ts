import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import sumAndBranch from '../test/fixtures/sum-and-branch.json' with { type: 'json' };
import { expect, request, test, type APIRequestContext, type Page } from '@playwright/test';
import { E2E_BASE_URL } from './env';
import { signInAsOwner } from './support';

// The `weft` CLI against the real server and worker, spawned as a user would run it, with
// its own HOME. It acts as a member with an API key, so `apply --prune` can only reach the
// member's own workflows, never what other specs made in the shared database.

test.describe.configure({ mode: 'serial' });

const BIN = join(process.cwd(), 'packages/cli/bin/weft.mjs');
const stamp = Date.now().toString(36);
const MEMBER = {
  name: 'Cli Member',
  email: `cli-${stamp}@example.test`,
  password: 'cli member password 1',
  role: 'member',
};
const NAMES = { sum: `CLI sum ${stamp}`, branch: `CLI branch ${stamp}`, fail: `CLI fail ${stamp}` };

let home = '';
let dir = '';
let key = '';
let api: APIRequestContext;
let owner: APIRequestContext;
let memberId = '';
let ownerPage: Page;

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `weft …` with a clean environment: only PATH, and a HOME of its own. */
function weft(args: string[], env: Record<string, string> = {}): Promise<Result> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { env: { PATH: process.env.PATH ?? '', HOME: home, ...env }, timeout: 60_000 },
      (err, stdout, stderr) => {
        resolve({ code: err ? Number((err as { code?: unknown }).code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}

const sumYaml = (expr: string) => `name: ${NAMES.sum}
nodes:
  - id: start
    type: trigger
    name: Start
  - id: sum
    type: transform
    name: Sum
    position: { x: 240, y: 0 }
    parameters:
      fields:
        sum: "${expr}"
edges:
  - { id: e1, source: start, target: sum }
`;
const failJson = {
  name: NAMES.fail,
  nodes: [
    { id: 'start', type: 'trigger', name: 'Start', position: { x: 0, y: 0 }, parameters: {} },
    { id: 'boom', type: 'fail', name: 'Boom', position: { x: 240, y: 0 }, parameters: { message: 'no, thank you' } },
  ],
  edges: [{ id: 'e1', source: 'start', target: 'boom' }],
};

interface Summary {
  id: string;
  name: string;
  latestVersion: number;
  activeVersion: number | null;
}
async function mine(): Promise<Map<string, Summary>> {
  const res = await api.get(`/api/workflows?search=${stamp}`);
  expect(res.status()).toBe(200);
  return new Map(((await res.json()) as { items: Summary[] }).items.map((w) => [w.name, w]));
}

test.beforeAll(async ({ browser }) => {
  home = await mkdtemp(join(tmpdir(), 'weft-cli-home-'));
  dir = await mkdtemp(join(tmpdir(), 'weft-cli-flows-'));
  // The owner makes the member; the member (own session) makes the key.
  ownerPage = await browser.newPage();
  await signInAsOwner(ownerPage);
  owner = ownerPage.request;
  const created = await owner.post('/api/users', { data: MEMBER });
  expect(created.status(), await created.text()).toBe(201);
  memberId = ((await created.json()) as { id: string }).id;
  api = await request.newContext({ baseURL: E2E_BASE_URL });
  expect(
    (await api.post('/api/auth/login', { data: { email: MEMBER.email, password: MEMBER.password } })).status(),
  ).toBe(200);
  const made = await api.post('/api/api-keys', { data: { name: 'weft CLI e2e' } });
  expect(made.status()).toBe(201);
  key = ((await made.json()) as { key: string }).key;
});

test.afterAll(async () => {
  await ownerPage?.close();
  await api?.dispose();
  await rm(home, { recursive: true, force: true });
  await rm(dir, { recursive: true, force: true });
});

test('login checks the key and keeps it in ~/.config/weft/config.json (0600)', async () => {
  const bad = await weft(['login', '--url', E2E_BASE_URL, '--key', 'weft_not-a-real-key']);
  expect(bad.code).toBe(4);
  expect(bad.stderr).toContain('GET /api/auth/me → 401');

  const ok = await weft(['login', '--url', `${E2E_BASE_URL}/`, '--key', key]);
  expect(ok.stderr).toBe('');
  expect(ok.code).toBe(0);
  expect(ok.stdout).toContain(`as ${MEMBER.email} (member)`);
  const file = join(home, '.config/weft/config.json');
  expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ url: E2E_BASE_URL, key });
  expect((await stat(file)).mode & 0o777).toBe(0o600);

  // An environment variable overrides the file: a wrong key from WEFT_API_KEY is used, and refused.
  const envWins = await weft(['export', NAMES.sum], { WEFT_API_KEY: 'weft_wrong' });
  expect(envWins.code).toBe(4);
  expect(envWins.stderr).toContain('401');
});

test('validate checks files offline, naming the file and the node', async () => {
  await writeFile(join(dir, 'sum.yaml'), sumYaml('{{ $input.a + $input.b }}'));
  await writeFile(join(dir, 'branch.json'), JSON.stringify({ ...sumAndBranch, name: NAMES.branch }, null, 2));
  await writeFile(join(dir, 'fail.json'), JSON.stringify(failJson, null, 2));
  const good = await weft(['validate', dir]);
  expect(good.code).toBe(0);
  expect(good.stdout).toContain('3 files, 0 errors');

  const badPath = join(home, 'bad.yaml');
  await writeFile(
    badPath,
    'name: Bad\nnodes:\n  - { id: start, type: trigger }\n  - { id: t, type: transform, parameters: { fields: { ' +
      'a: "{{ $input. }}" } } }\nedges:\n  - { id: e1, source: start, target: t }\n  - { id: e2, source: t, target: ghost }\n',
  );
  const bad = await weft(['validate', badPath, dir]);
  expect(bad.code).toBe(1);
  expect(bad.stdout).toMatch(
    new RegExp(`${badPath}: error \\[node t\\] parameters.fields: .*does not parse.*\\(INVALID_EXPRESSION\\)`),
  );
  expect(bad.stdout).toMatch(new RegExp(`${badPath}: error \\[edge e2\\] .*missing node "ghost"`));
  expect(bad.stdout).toContain('4 files, 2 errors');
});

test('apply creates a folder of workflows, then changes nothing when nothing changed', async () => {
  const first = await weft(['apply', '-f', dir]);
  expect(first.stderr).toBe('');
  expect(first.code).toBe(0);
  expect(first.stdout).toContain('3 created, 0 updated, 0 unchanged, 0 activated, 0 deleted');
  const created = await mine();
  expect([...created.keys()].sort()).toEqual([NAMES.branch, NAMES.fail, NAMES.sum].sort());
  expect([...created.values()].map((w) => w.latestVersion)).toEqual([1, 1, 1]);

  const again = await weft(['apply', '-f', dir]);
  expect(again.code).toBe(0);
  expect(again.stdout).toContain('0 created, 0 updated, 3 unchanged, 0 activated, 0 deleted');
  const after = await mine();
  for (const [name, w] of created) expect(after.get(name)?.latestVersion).toBe(w.latestVersion);
  const versions = await api.get(`/api/workflows/${created.get(NAMES.sum)!.id}/versions`);
  expect(((await versions.json()) as { items: unknown[] }).items).toHaveLength(1);
});

test('an edited file makes one new version; --activate activates what was applied', async () => {
  await writeFile(join(dir, 'sum.yaml'), sumYaml('{{ ($input.a + $input.b) * 10 }}'));
  const dry = await weft(['apply', '-f', dir, '--dry-run']);
  expect(dry.stdout).toContain(`~ update     "${NAMES.sum}" v1 → v2`);
  expect((await mine()).get(NAMES.sum)?.latestVersion).toBe(1);

  const applied = await weft(['apply', '-f', dir, '--activate']);
  expect(applied.code).toBe(0);
  expect(applied.stdout).toContain('0 created, 1 updated, 2 unchanged, 3 activated, 0 deleted');
  const now = await mine();
  expect(now.get(NAMES.sum)).toMatchObject({ latestVersion: 2, activeVersion: 2 });
  expect(now.get(NAMES.branch)).toMatchObject({ latestVersion: 1, activeVersion: 1 });
  const def = (await (await api.get(`/api/workflows/${now.get(NAMES.sum)!.id}`)).json()) as {
    definition: { nodes: { parameters: { fields?: { sum?: string } } }[] };
  };
  expect(def.definition.nodes[1]?.parameters.fields?.sum).toBe('{{ ($input.a + $input.b) * 10 }}');

  const again = await weft(['apply', '-f', dir, '--activate']);
  expect(again.stdout).toContain('0 created, 0 updated, 3 unchanged, 0 activated, 0 deleted');
});

test('run prints the output and exits 0; a failing workflow exits 1 naming the node', async () => {
  const ok = await weft(['run', NAMES.sum, '--input', '{"a": 2, "b": 3}', '--timeout', '50']);
  expect(ok.stderr).toContain('succeeded');
  expect(ok.code).toBe(0);
  expect(JSON.parse(ok.stdout)).toEqual({ sum: 50 });

  const failed = await weft(['run', NAMES.fail]);
  expect(failed.code).toBe(1);
  expect(failed.stderr).toMatch(/failed .*at node boom: NODE_FAILED: no, thank you/);

  const noWait = await weft(['run', NAMES.sum, '--no-wait', '--input', '{"a":1,"b":1}']);
  expect(noWait.code).toBe(0);
  expect(noWait.stdout.trim()).toMatch(/^[0-9a-f-]{36}$/);

  const badInput = await weft(['run', NAMES.sum, '--input', '{a:1}']);
  expect(badInput.code).toBe(64);
  expect(badInput.stderr).toContain('--input is not valid JSON');
  const missing = await weft(['run', `no such workflow ${stamp}`]);
  expect(missing.code).toBe(4);
  expect(missing.stderr).toContain(`no workflow named "no such workflow ${stamp}"`);
});

test('export round-trips to an equal definition; import makes a new workflow', async () => {
  const { id } = (await mine()).get(NAMES.branch)!;
  const stored = ((await (await api.get(`/api/workflows/${id}`)).json()) as { definition: unknown }).definition;
  const yamlPath = join(home, 'branch.yaml');
  const exported = await weft(['export', NAMES.branch, '-o', yamlPath]);
  expect(exported.code).toBe(0);
  expect(parseYaml(await readFile(yamlPath, 'utf8'))).toEqual(stored);
  const asJson = await weft(['export', id]);
  expect(JSON.parse(asJson.stdout)).toEqual(stored);

  // The exported YAML, renamed, imported: a workflow with the same definition.
  await writeFile(
    yamlPath,
    (await readFile(yamlPath, 'utf8')).replace(`name: ${NAMES.branch}`, `name: ${NAMES.branch} copy`),
  );
  const imported = await weft(['import', yamlPath]);
  expect(imported.code).toBe(0);
  const copy = (await mine()).get(`${NAMES.branch} copy`);
  expect(copy?.latestVersion).toBe(1);
  const copyDef = ((await (await api.get(`/api/workflows/${copy!.id}`)).json()) as { definition: unknown }).definition;
  expect(copyDef).toEqual({ ...(stored as object), name: `${NAMES.branch} copy` });
});

test('--prune deletes the workflows no file names, only once confirmed with --yes', async () => {
  await unlink(join(dir, 'fail.json'));
  const before = await mine();
  const unconfirmed = await weft(['apply', '-f', dir, '--prune']);
  expect(unconfirmed.code).toBe(64);
  expect(unconfirmed.stdout).toContain(`- delete     "${NAMES.fail}"`);
  expect(unconfirmed.stderr).toContain('Pass --yes to confirm');
  expect((await mine()).size).toBe(before.size);

  const pruned = await weft(['apply', '-f', dir, '--prune', '--yes']);
  expect(pruned.code).toBe(0);
  // The fail workflow and the imported copy: the member's workflows that no file names.
  expect(pruned.stdout).toContain('0 created, 0 updated, 2 unchanged, 0 activated, 2 deleted');
  const after = await mine();
  expect([...after.keys()].sort()).toEqual([NAMES.branch, NAMES.sum].sort());
  expect((await api.get(`/api/workflows/${before.get(NAMES.fail)!.id}`)).status()).toBe(404);
});

test('a file the server refuses fails with its name and exit 1; the other files still apply', async () => {
  // The owner's workflow, shared with the member to view only: the member's file can't save it.
  const shared = { ...failJson, name: `CLI shared ${stamp}` };
  const made = await owner.post('/api/workflows/import', { data: shared });
  expect(made.status()).toBe(201);
  const sharedId = ((await made.json()) as { id: string }).id;
  const grant = await owner.put(`/api/workflows/${sharedId}/permissions`, {
    data: { grants: [{ userId: memberId, canView: true, canEdit: false, canDelete: false, canExecute: false }] },
  });
  expect(grant.status(), await grant.text()).toBe(200);

  await writeFile(join(dir, 'shared.json'), JSON.stringify({ ...shared, variables: { changed: true } }));
  const res = await weft(['apply', '-f', dir]);
  expect(res.code).toBe(1);
  expect(res.stderr).toContain(
    `${join(dir, 'shared.json')}: update failed: PUT /api/workflows/${sharedId} → 403 FORBIDDEN`,
  );
  expect(res.stdout).toContain('0 created, 0 updated, 2 unchanged, 0 activated, 0 deleted, 1 failed');
  expect((await mine()).get(shared.name)?.latestVersion).toBe(1);
});
