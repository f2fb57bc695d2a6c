import { readFile } from 'node:fs/promises';
import sumAndBranch from '../test/fixtures/sum-and-branch.json' with { type: 'json' };
import { expect, test, type Page } from '@playwright/test';
import { createWorkflowViaApi, signInAsOwner } from './support';
import { node, startNode } from '../test/fixtures/node';

// The workflows list (home page). Each test seeds its own workflows with a unique tag, so
// the specs do not depend on each other or on what an earlier run left behind.
test.describe.configure({ mode: 'serial' });

const EDITOR_URL = /\/workflows\/[0-9a-f-]{36}$/;

function tag(): string {
  return Math.random().toString(36).slice(2, 8);
}

function rows(page: Page, name?: string) {
  const all = page.getByTestId('workflow-row');
  return name ? all.filter({ hasText: name }) : all;
}

async function search(page: Page, q: string): Promise<void> {
  await page.getByLabel('Search workflows by name').fill(q);
  await expect(page).toHaveURL(new RegExp(`[?&]q=${encodeURIComponent(q).replace(/%20/g, '(\\+|%20)')}`));
}

test.beforeEach(async ({ page }) => {
  await signInAsOwner(page);
});

/** POST /api/workflows with a definition and a description (import has no description). */
async function createWithDescription(page: Page, description: string, definition: unknown): Promise<string> {
  const res = await page.request.post('/api/workflows', { data: { definition, description } });
  if (res.status() !== 201) throw new Error(`create failed: ${res.status()} ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}

// First, while the list holds only realistic workflows (auth.spec's and these).
test('screenshots of the list, light and dark', async ({ page }, testInfo) => {
  // A failing run next to the succeeding ones, so every badge colour shows.
  const failing = await createWithDescription(page, 'Pulls new contacts from the CRM every 15 minutes.', {
    name: 'Sync CRM contacts',
    nodes: [startNode, node('stop', 'fail', { message: 'CRM answered 503' }, { name: 'Stop', x: 240 })],
    edges: [{ id: 'e1', source: 'start', target: 'stop' }],
  });
  const ok = await createWithDescription(page, 'Adds up an order and answers whether it is a big one.', {
    ...sumAndBranch,
    name: 'Order totals',
  });
  expect((await page.request.post(`/api/workflows/${ok}/activate`, { data: {} })).ok()).toBe(true);
  for (const [id, runs] of [
    [failing, 2],
    [ok, 3],
  ] as const) {
    for (let i = 0; i < runs; i++) {
      expect(
        (
          await page.request.post(`/api/workflows/${id}/run`, { data: { input: { body: { a: i * 6, b: 1 } } } })
        ).status(),
      ).toBe(202);
    }
  }
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/');
  await expect(rows(page, 'Sync CRM contacts').getByTestId('execution-status')).toHaveText('failed');
  await expect(rows(page, 'Order totals').getByTestId('execution-status')).toHaveText('succeeded');
  await expect(rows(page, 'Order totals').getByTestId('recent-execution')).toHaveCount(3);
  await expect(page.getByText('Loading runs…')).toHaveCount(0);
  await page.mouse.move(0, 0);
  await page.screenshot({ path: 'docs/screenshots/workflows.png' });
  await page.emulateMedia({ colorScheme: 'dark' });
  // Let the buttons' colour transitions finish.
  await page.waitForTimeout(400);
  await page.screenshot({ path: 'docs/screenshots/workflows-dark.png' });

  // The row menu and the dialogs, for review (test output only).
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await rows(page, 'Order totals').getByRole('button', { name: 'Actions for Order totals' }).click();
    await page.waitForTimeout(300);
    await page.screenshot({ path: testInfo.outputPath(`menu-${scheme}.png`) });
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Import' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Import workflow' });
    await dialog.getByLabel('Definition JSON').fill(
      JSON.stringify({
        ...sumAndBranch,
        nodes: [...sumAndBranch.nodes, { id: 'x', type: 'nope', name: 'X', position: { x: 0, y: 0 }, parameters: {} }],
      }),
    );
    await dialog.getByRole('button', { name: 'Import', exact: true }).click();
    await expect(dialog.getByTestId('import-errors')).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath(`import-${scheme}.png`) });
    await page.keyboard.press('Escape');
    await rows(page, 'Sync CRM contacts').getByRole('button', { name: 'Actions for Sync CRM contacts' }).click();
    await page.getByRole('menuitem', { name: 'Delete…' }).click();
    await page.waitForTimeout(300);
    await page.screenshot({ path: testInfo.outputPath(`delete-${scheme}.png`) });
    await page.keyboard.press('Escape');
  }
});

test('New workflow: the dialog creates one and opens it in the editor', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'New workflow' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'New workflow' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel('Name')).toBeFocused();
  // Escape closes it, and focus goes back to the button that opened it.
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('button', { name: 'New workflow' }).first()).toBeFocused();

  await page.getByRole('button', { name: 'New workflow' }).first().click();
  // An empty name is caught before anything is sent.
  await dialog.getByRole('button', { name: 'Create workflow' }).click();
  await expect(dialog.getByText('Give the workflow a name.')).toBeVisible();

  const name = `Created in dialog ${tag()}`;
  await dialog.getByLabel('Name').fill(name);
  await dialog.getByLabel('Description').fill('Made by the e2e suite.');
  await dialog.getByRole('button', { name: 'Create workflow' }).click();
  await expect(page).toHaveURL(EDITOR_URL);
  const id = page.url().split('/').pop()!;
  const created = (await (await page.request.get(`/api/workflows/${id}`)).json()) as {
    name: string;
    description: string;
  };
  expect(created).toMatchObject({ name, description: 'Made by the e2e suite.' });
});

test('search narrows the list and says when nothing matches', async ({ page }) => {
  const t = tag();
  await createWorkflowViaApi(page, { ...sumAndBranch, name: `Alpha ${t}` });
  await createWorkflowViaApi(page, { ...sumAndBranch, name: `Beta ${t}` });
  await page.goto('/');
  await expect(rows(page, `Alpha ${t}`)).toBeVisible();
  await expect(rows(page, `Beta ${t}`)).toBeVisible();

  await search(page, `alpha ${t}`);
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first()).toContainText(`Alpha ${t}`);

  // The search lives in the URL: a reload keeps it.
  await page.reload();
  await expect(page.getByLabel('Search workflows by name')).toHaveValue(`alpha ${t}`);
  await expect(rows(page)).toHaveCount(1);

  await search(page, `nothing like this ${t}`);
  await expect(page.getByTestId('no-results')).toContainText('No matching workflows');
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(page).not.toHaveURL(/q=/);
  await expect(rows(page, `Beta ${t}`)).toBeVisible();
});

test('the status filter shows active or inactive workflows', async ({ page }) => {
  const t = tag();
  const activeId = await createWorkflowViaApi(page, { ...sumAndBranch, name: `Live ${t}` });
  await createWorkflowViaApi(page, { ...sumAndBranch, name: `Draft ${t}` });
  expect((await page.request.post(`/api/workflows/${activeId}/activate`, { data: {} })).ok()).toBe(true);

  await page.goto(`/?q=${t}`);
  await expect(rows(page)).toHaveCount(2);
  await expect(rows(page, `Live ${t}`).getByTestId('active-version')).toHaveText('Active v1');
  await expect(rows(page, `Draft ${t}`).getByTestId('active-version')).toHaveText('Inactive');

  await page.getByLabel('Status').selectOption('active');
  await expect(page).toHaveURL(/active=active/);
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first()).toContainText(`Live ${t}`);

  await page.getByLabel('Status').selectOption('inactive');
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first()).toContainText(`Draft ${t}`);

  // Last run (client-side): neither has run yet.
  await page.getByLabel('Status').selectOption('all');
  await page.getByLabel('Last run').selectOption('never');
  await expect(rows(page)).toHaveCount(2);
  await page.getByLabel('Last run').selectOption('succeeded');
  await expect(page.getByTestId('no-results')).toBeVisible();
});

test('Import: pasting the SPEC example creates the workflow and opens it', async ({ page }) => {
  const name = `Imported ${tag()}`;
  await page.goto('/');
  await page.getByRole('button', { name: 'Import' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Import workflow' });
  await dialog.getByLabel('Definition JSON').fill(JSON.stringify({ ...sumAndBranch, name }, null, 2));
  await dialog.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page).toHaveURL(EDITOR_URL);

  await page.goto(`/?q=${encodeURIComponent(name)}`);
  await expect(rows(page, name)).toHaveCount(1);
});

test('Import: broken JSON and invalid definitions are explained in the dialog', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Import' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Import workflow' });
  const text = dialog.getByLabel('Definition JSON');

  await text.fill('{\n  "name": "Broken",\n  "nodes": [\n}');
  await dialog.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(dialog.getByRole('alert')).toContainText('This is not valid JSON');
  await expect(text).toHaveAttribute('aria-invalid', 'true');

  // Valid JSON, invalid definition: the server's problems, each with its node id.
  const bad = {
    ...sumAndBranch,
    name: 'Bad',
    nodes: [
      ...sumAndBranch.nodes,
      { id: 'mystery', type: 'no_such_type', name: 'Mystery', position: { x: 0, y: 200 }, parameters: {} },
    ],
  };
  await text.fill(JSON.stringify(bad));
  await dialog.getByRole('button', { name: 'Import', exact: true }).click();
  const errors = dialog.getByTestId('import-errors');
  await expect(errors).toBeVisible();
  await expect(errors).toContainText('node mystery');
  await expect(page).toHaveURL(/\/(\?.*)?$/);
});

test('Export downloads <name>.weft.json with the workflow’s nodes', async ({ page }) => {
  const name = `Export me ${tag()}`;
  await createWorkflowViaApi(page, { ...sumAndBranch, name });
  await page.goto(`/?q=${encodeURIComponent(name)}`);
  await rows(page, name)
    .getByRole('button', { name: `Actions for ${name}` })
    .click();
  const downloading = page.waitForEvent('download');
  await page.getByRole('menuitem', { name: 'Export' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(`${name.replace(/ /g, '-')}.weft.json`);
  const doc = JSON.parse(await readFile((await download.path())!, 'utf8')) as {
    name: string;
    nodes: Array<{ id: string }>;
  };
  expect(doc.name).toBe(name);
  expect(doc.nodes.map((n) => n.id)).toEqual(sumAndBranch.nodes.map((n) => n.id));
});

test('the row menu works from the keyboard', async ({ page }) => {
  const name = `Keys ${tag()}`;
  const id = await createWorkflowViaApi(page, { ...sumAndBranch, name });
  await page.goto(`/?q=${encodeURIComponent(name)}`);
  const button = rows(page, name).getByRole('button', { name: `Actions for ${name}` });
  await button.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('menuitem', { name: 'Open' })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('menuitem', { name: 'Executions' })).toBeFocused();
  await expect(page.getByRole('menuitem', { name: 'Executions' })).toHaveAttribute(
    'href',
    `/workflows/${id}/executions`,
  );
  await page.keyboard.press('End');
  await expect(page.getByRole('menuitem', { name: 'Delete…' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('menu')).toBeHidden();
  await expect(button).toBeFocused();
});

test('Delete asks first, then removes the row', async ({ page }) => {
  const name = `Delete me ${tag()}`;
  const id = await createWorkflowViaApi(page, { ...sumAndBranch, name });
  await page.goto(`/?q=${encodeURIComponent(name)}`);
  const row = rows(page, name);
  await row.getByRole('button', { name: `Actions for ${name}` }).click();
  await page.getByRole('menuitem', { name: 'Delete…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete workflow?' });
  await expect(dialog).toContainText(name);
  await expect(dialog).toContainText('executions');
  // Cancel keeps it.
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await expect(row).toBeVisible();

  await row.getByRole('button', { name: `Actions for ${name}` }).click();
  await page.getByRole('menuitem', { name: 'Delete…' }).click();
  await dialog.getByRole('button', { name: 'Delete workflow' }).click();
  await expect(dialog).toBeHidden();
  await expect(row).toHaveCount(0);
  await expect(page.getByTestId('notice')).toContainText(`Deleted “${name}”`);
  expect((await page.request.get(`/api/workflows/${id}`)).status()).toBe(404);
});
