import sumAndBranch from '../test/fixtures/sum-and-branch.json' with { type: 'json' };
import { expect, test, type Page } from '@playwright/test';
import { autoLayout, node, wire } from './canvas';
import { createWorkflowViaApi, signInAsOwner } from './support';

// The workflow editor, driven with the real mouse and keyboard.

async function dropType(page: Page, type: string, x: number, y: number): Promise<void> {
  await page.getByTestId(`palette-${type}`).dragTo(page.locator('.react-flow__pane'), { targetPosition: { x, y } });
}

async function openEditor(page: Page, id: string): Promise<void> {
  await page.goto(`/workflows/${id}`);
  await expect(page.locator('.react-flow__node').first()).toBeVisible();
}

async function save(page: Page, message = ''): Promise<void> {
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  if (message) await page.getByLabel('Version message (optional)').fill(message);
  await page.getByRole('button', { name: 'Save version' }).click();
  await expect(page.getByTestId('save-state')).toHaveText(/^Saved v\d+$/);
}

test.beforeEach(async ({ page }) => {
  await signInAsOwner(page);
});

test('build the SPEC example from scratch, save it and watch it run live', async ({ page }) => {
  const res = await page.request.post('/api/workflows', { data: { name: 'Built in the editor' } });
  expect(res.status()).toBe(201);
  const created = (await res.json()) as { id: string; definition: { nodes: { id: string }[] } };
  const trigger = created.definition.nodes[0]!.id;
  await openEditor(page, created.id);

  await page.getByPlaceholder('Search nodes').fill('resp');
  await expect(page.getByTestId('palette-transform')).toHaveCount(0);
  await page.getByPlaceholder('Search nodes').fill('');

  // Top row and left edge: clear of the trigger (centred), the controls and the minimap.
  await dropType(page, 'transform', 120, 80);
  await dropType(page, 'if', 380, 80);
  await dropType(page, 'respond', 620, 80);
  await dropType(page, 'respond', 120, 330);
  for (const id of ['transform_1', 'if_1', 'respond_1', 'respond_2']) await expect(node(page, id)).toBeVisible();
  await autoLayout(page, node(page, trigger));

  await wire(page, trigger, 'out', 'transform_1');
  await wire(page, 'transform_1', 'out', 'if_1');
  await wire(page, 'if_1', 'true', 'respond_1');
  await wire(page, 'if_1', 'false', 'respond_2');
  await expect(page.locator('.react-flow__edge')).toHaveCount(4);
  // A refused connection says why (a cycle back into the transform).
  await wire(page, 'respond_1', 'out', 'transform_1');
  await expect(page.getByRole('alert').filter({ hasText: 'cycle' })).toBeVisible();
  await expect(page.locator('.react-flow__edge')).toHaveCount(4);
  await autoLayout(page, node(page, trigger));

  await node(page, 'transform_1').click();
  await page.getByLabel('Name', { exact: true }).fill('Sum');
  await page.getByRole('button', { name: 'Add fields entry' }).click();
  await page.getByLabel('fields name 1').fill('sum');
  await page.getByLabel('fields value 1').fill('{{ $input.body.a + $input.body.b }}');

  await node(page, 'if_1').click();
  await page.getByLabel('Name', { exact: true }).fill('Big?');
  await page.getByLabel('condition').fill('{{ $input.sum > 10 }}');

  for (const [id, name, big] of [
    ['respond_1', 'Yes', true],
    ['respond_2', 'No', false],
  ] as const) {
    await node(page, id).click();
    await page.getByLabel('Name', { exact: true }).fill(name);
    await page.getByLabel('body').fill(`{{ { 'big': ${big}, 'sum': $nodes.transform_1.sum } }}`);
  }
  await expect(page.getByTestId('save-state')).toHaveText(/Unsaved changes/);
  await save(page, 'built by hand');

  const saved = await (await page.request.get(`/api/workflows/${created.id}`)).json();
  expect(
    saved.definition.edges
      .map((e: { source: string; sourceHandle: string; target: string }) => `${e.source}.${e.sourceHandle}>${e.target}`)
      .sort(),
  ).toEqual(
    [`${trigger}.out>transform_1`, 'if_1.false>respond_2', 'if_1.true>respond_1', 'transform_1.out>if_1'].sort(),
  );

  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await page.getByLabel('Input (JSON)').fill('{"body":{"a":7,"b":5}}');
  await page.getByRole('dialog').getByRole('button', { name: 'Run' }).click();
  await expect(page.locator('[data-testid=node-respond_1][data-status=succeeded]')).toBeVisible();
  await expect(page.locator('[data-testid=node-respond_2][data-status=skipped]')).toBeVisible();
  await expect(page.getByTestId('live-bar')).toContainText('succeeded');

  // The inspector shows the step's output in live mode.
  await node(page, 'respond_1').click();
  await expect(page.getByTestId('step-details')).toContainText('"sum": 12');
  await page.getByRole('button', { name: 'Back to editing' }).click();
  await expect(page.locator('[data-testid=node-respond_1][data-status]')).toHaveCount(0);
});

test('undo and redo a delete', async ({ page }) => {
  const id = await createWorkflowViaApi(page, { ...sumAndBranch, name: 'Undo delete' });
  await openEditor(page, id);
  await node(page, 'no').click();
  await page.keyboard.press('Delete');
  await expect(node(page, 'no')).toHaveCount(0);
  await expect(page.locator('.react-flow__edge')).toHaveCount(3);
  await page.keyboard.press('ControlOrMeta+z');
  await expect(node(page, 'no')).toBeVisible();
  await expect(page.locator('.react-flow__edge')).toHaveCount(4);
  await page.keyboard.press('ControlOrMeta+Shift+z');
  await expect(node(page, 'no')).toHaveCount(0);
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(node(page, 'no')).toBeVisible();
});

test('copy and paste a connected pair keeps their edge with renamed ids', async ({ page }) => {
  const id = await createWorkflowViaApi(page, { ...sumAndBranch, name: 'Copy paste' });
  await openEditor(page, id);
  await node(page, 'big').click();
  await node(page, 'yes').click({ modifiers: ['ControlOrMeta'] });
  await expect(page.locator('.react-flow__node.selected')).toHaveCount(2);
  await page.keyboard.press('ControlOrMeta+c');
  await page.keyboard.press('ControlOrMeta+v');
  await expect(node(page, 'big_1')).toBeVisible();
  await expect(node(page, 'yes_1')).toBeVisible();
  await expect(page.locator('.react-flow__node.selected')).toHaveCount(2);
  await expect(page.locator('.react-flow__edge')).toHaveCount(5);
  await save(page);
  const saved = await (await page.request.get(`/api/workflows/${id}`)).json();
  expect(saved.definition.edges).toContainEqual(
    expect.objectContaining({ source: 'big_1', sourceHandle: 'true', target: 'yes_1' }),
  );
  const big1 = saved.definition.nodes.find((n: { id: string }) => n.id === 'big_1');
  const big = saved.definition.nodes.find((n: { id: string }) => n.id === 'big');
  expect(big1.position).toEqual({ x: big.position.x + 40, y: big.position.y + 40 });
});

test('an expression that does not parse blocks Save and is listed in Problems', async ({ page }) => {
  const id = await createWorkflowViaApi(page, { ...sumAndBranch, name: 'Broken expression' });
  await openEditor(page, id);
  await node(page, 'big').click();
  await page.getByLabel('condition').fill('{{ $input. }}');
  const saveButton = page.getByRole('button', { name: 'Save', exact: true });
  await expect(saveButton).toBeDisabled();
  await expect(saveButton).toHaveAttribute('title', /Fix 1 error/);
  const panel = page.getByTestId('problems-panel');
  await expect(panel).toContainText('big');
  await expect(panel).toContainText('does not parse');
  await expect(page.locator('[data-testid=node-big][data-problems=error]')).toBeVisible();
  // Clicking the problem selects the node.
  await node(page, 'sum').click();
  await panel.getByRole('button', { name: /big/ }).first().click();
  await expect(page.getByLabel('ID')).toHaveValue('big');
  await page.getByLabel('condition').fill('{{ $input.sum > 11 }}');
  await expect(saveButton).toBeEnabled();
});

test('screenshots of the SPEC example (light and dark)', async ({ page }) => {
  const id = await createWorkflowViaApi(page, sumAndBranch);
  for (const [scheme, file] of [
    ['light', 'editor.png'],
    ['dark', 'editor-dark.png'],
  ] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await openEditor(page, id);
    await node(page, 'sum').click();
    await expect(page.getByLabel('ID')).toHaveValue('sum');
    await page.mouse.move(0, 400);
    await page.screenshot({ path: `docs/screenshots/${file}` });
  }
});

test('opens a 1,000-node / 1,200-edge workflow and stays interactive', async ({ page }) => {
  const nodes = [{ id: 'start', type: 'trigger', name: 'Start', position: { x: 0, y: 0 }, parameters: {} }];
  for (let i = 1; i < 1000; i++) {
    nodes.push({
      id: `n${i}`,
      type: 'transform',
      name: `Node ${i}`,
      position: { x: (i % 40) * 260, y: Math.floor(i / 40) * 140 },
      parameters: { fields: {} } as never,
    });
  }
  const edges = nodes.slice(1).map((n, i) => ({ id: `c${i}`, source: i === 0 ? 'start' : `n${i}`, target: n.id }));
  for (let i = 1; edges.length < 1200; i++) edges.push({ id: `x${i}`, source: `n${i}`, target: `n${i + 2}` });
  const id = await createWorkflowViaApi(page, { name: 'Big graph', nodes, edges });

  // How fast is for `npm run bench:editor` (docs/benchmarks.md), not a timed assertion here:
  // on a shared 2-core machine a wall-clock bound only makes the test flaky.
  await openEditor(page, id);
  await expect(page.getByTestId('save-state')).toHaveText('v1');

  // Zoom in on one node, drag it and undo the move: the editor still answers promptly.
  await page.getByPlaceholder('Search nodes').click();
  const target = page.locator('.react-flow__node').first();
  const box = (await target.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 60, box.y + box.height / 2 + 40, { steps: 10 });
  await page.mouse.up();
  await expect(page.getByTestId('save-state')).toHaveText(/Unsaved changes/);
  await page.keyboard.press('ControlOrMeta+z');
  await expect(page.getByTestId('save-state')).toHaveText('v1');
});

interface StoredDefinition {
  name: string;
  nodes: {
    id: string;
    type: string;
    name?: string;
    position?: unknown;
    parameters?: unknown;
    settings?: unknown;
    disabled?: boolean;
  }[];
  edges: { id: string; source: string; sourceHandle?: string; target: string }[];
}

/** A stored version's document, without the fields the server may fill in differently. */
async function versionDocument(page: Page, id: string, version: number) {
  const res = await page.request.get(`/api/workflows/${id}/versions/${version}`);
  expect(res.status()).toBe(200);
  const def = ((await res.json()) as { definition: StoredDefinition }).definition;
  return {
    name: def.name,
    nodes: def.nodes.map((n) => ({
      id: n.id,
      type: n.type,
      name: n.name,
      position: n.position,
      parameters: n.parameters,
      settings: n.settings,
      disabled: n.disabled,
    })),
    edges: def.edges.map((e) => ({
      id: e.id,
      source: e.source,
      sourceHandle: e.sourceHandle ?? 'out',
      target: e.target,
    })),
  };
}

async function activeVersion(page: Page, id: string): Promise<number | null> {
  return ((await (await page.request.get(`/api/workflows/${id}`)).json()) as { activeVersion: number | null })
    .activeVersion;
}

test('versions: save twice, view an old one read-only with its diff, restore and save it; activate and deactivate', async ({
  page,
}) => {
  // Importing creates v1; the two saves below make v2 and v3.
  const id = await createWorkflowViaApi(page, { ...sumAndBranch, name: 'Versions' });
  await openEditor(page, id);
  await node(page, 'big').click();
  await page.getByLabel('condition').fill('{{ $input.sum > 11 }}');
  await save(page, 'threshold 11');
  await expect(page.getByTestId('save-state')).toHaveText('Saved v2');
  await page.getByLabel('condition').fill('{{ $input.sum > 12 }}');
  await save(page, 'threshold 12');
  await expect(page.getByTestId('save-state')).toHaveText('Saved v3');

  await page.getByRole('button', { name: 'Versions', exact: true }).click();
  const drawer = page.getByRole('complementary', { name: 'Versions' });
  await expect(drawer.locator('.version-item')).toHaveCount(3);
  await expect(drawer).toContainText('threshold 11');
  await expect(drawer).toContainText('threshold 12');
  const versionItem = (v: number) =>
    drawer.locator('.version-item').filter({ has: page.locator('.version-num', { hasText: new RegExp(`^v${v}$`) }) });

  // v1, read-only: banner, no Save, a disabled inspector, Delete does nothing.
  await versionItem(1).click();
  await expect(page.getByText('Viewing v1 — read-only')).toBeVisible();
  await expect(page.locator('.editor-canvas')).toHaveAttribute('data-readonly', 'true');
  await expect(page.getByRole('button', { name: 'Save', exact: true })).toBeDisabled();
  await node(page, 'big').click();
  await expect(page.getByLabel('condition')).toHaveValue('{{ $input.sum > 10 }}');
  await expect(page.getByLabel('condition')).toBeDisabled();
  await page.keyboard.press('Delete');
  await expect(node(page, 'big')).toBeVisible();

  // The diff against the editor names the changed node and parameter.
  const banner = page.locator('.version-banner');
  await banner.getByText('Changes in the current graph since this version').click();
  await expect(banner.locator('.version-diff li')).toHaveCount(1);
  await expect(banner.locator('.version-diff')).toContainText('changed big: parameters condition');

  // Restore: v1 comes back as unsaved changes; saving it makes v4 with v1's document.
  await banner.getByRole('button', { name: 'Restore' }).click();
  await expect(page.getByText('Viewing v1 — read-only')).toHaveCount(0);
  await expect(page.getByRole('alert').filter({ hasText: 'Restored v1 as unsaved changes' })).toBeVisible();
  await expect(page.getByTestId('save-state')).toHaveText('Unsaved changes');
  await node(page, 'big').click();
  await expect(page.getByLabel('condition')).toHaveValue('{{ $input.sum > 10 }}');
  await expect(page.getByLabel('condition')).toBeEnabled();
  await save(page, 'back to v1');
  await expect(page.getByTestId('save-state')).toHaveText('Saved v4');
  expect(await versionDocument(page, id, 4)).toEqual(await versionDocument(page, id, 1));
  await expect(versionItem(4)).toContainText('back to v1');

  // Activate sets the active version to the latest; Deactivate clears it.
  await page.getByRole('button', { name: 'Activate', exact: true }).click();
  await expect(page.getByTestId('active-version')).toHaveText('active v4');
  await expect(versionItem(4).locator('.tag-active')).toBeVisible();
  expect(await activeVersion(page, id)).toBe(4);
  await page.getByRole('button', { name: 'Deactivate' }).click();
  await expect(page.getByRole('button', { name: 'Activate', exact: true })).toBeVisible();
  await expect(page.getByTestId('active-version')).toHaveCount(0);
  expect(await activeVersion(page, id)).toBeNull();
});

test('the expression preview shows the value from the last run, live and after it', async ({ page }) => {
  const id = await createWorkflowViaApi(page, { ...sumAndBranch, name: 'Preview' });
  await openEditor(page, id);
  await node(page, 'sum').click();
  await expect(page.getByLabel('fields value 1')).toHaveValue('{{ $input.body.a + $input.body.b }}');
  await expect(page.locator('.expr-preview')).toHaveCount(0);

  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await page.getByLabel('Input (JSON)').fill('{"body":{"a":7,"b":5}}');
  await page.getByRole('dialog').getByRole('button', { name: 'Run' }).click();
  await expect(page.getByTestId('live-bar')).toContainText('succeeded');
  await node(page, 'sum').click();
  await expect(page.locator('.expr-preview').first()).toHaveText('Last run → 12');

  // Back in the editor, the preview reads the stored run that just finished.
  await page.getByRole('button', { name: 'Back to editing' }).click();
  await node(page, 'sum').click();
  await expect(page.getByLabel('fields value 1')).toBeEnabled();
  await expect(page.locator('.expr-preview').first()).toHaveText('Last run → 12');
  // Editing the expression re-evaluates it against the same run.
  await page.getByLabel('fields value 1').fill('{{ $input.body.a * $input.body.b }}');
  await expect(page.locator('.expr-preview').first()).toHaveText('Last run → 35');
});
