import sumAndBranch from '../test/fixtures/sum-and-branch.json' with { type: 'json' };
import { expect, test, type Page } from '@playwright/test';
import { createWorkflowViaApi, signInAsOwner } from './support';
import { node, startNode } from '../test/fixtures/node';

// Filters kept in the URL (workflows, executions, audit): two changes made back to back, without
// waiting for the page between them, must both stick — in the URL, in the controls and in the
// list. A fresh-clone CI run once came back with Status = Inactive after "All" then "Never run":
// the second change was built from the state before the first (issue 19, item 10).

test.describe.configure({ mode: 'serial' });

function tag(): string {
  return Math.random().toString(36).slice(2, 8);
}

/**
 * Answers Next's client navigations (RSC requests) 400 ms late, as a loaded server does, so a
 * change that waits for a navigation to land before the URL says it is reliably too late.
 */
async function slowNavigations(page: Page): Promise<void> {
  await page.route('**/*', async (route) => {
    if (route.request().headers()['rsc'] === '1') await new Promise((resolve) => setTimeout(resolve, 400));
    await route.continue();
  });
}

test.beforeEach(async ({ page }) => {
  await signInAsOwner(page);
  await slowNavigations(page);
});

test('workflows: Status and Last run changed back to back both stick', async ({ page }) => {
  const t = tag();
  const live = await createWorkflowViaApi(page, { ...sumAndBranch, name: `Live ${t}` });
  await createWorkflowViaApi(page, { ...sumAndBranch, name: `Draft ${t}` });
  expect((await page.request.post(`/api/workflows/${live}/activate`, { data: {} })).ok()).toBe(true);
  const rows = page.getByTestId('workflow-row');
  const status = page.getByLabel('Status');
  const lastRun = page.getByLabel('Last run');

  await page.goto(`/?q=${t}`);
  await expect(rows).toHaveCount(2);

  await status.selectOption('inactive');
  await lastRun.selectOption('never');
  await expect(page).toHaveURL(new RegExp(`\\?q=${t}&active=inactive&last=never$`));
  await expect(status).toHaveValue('inactive');
  await expect(lastRun).toHaveValue('never');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(`Draft ${t}`);

  // The CI failure: All, then Never run at once.
  await status.selectOption('all');
  await lastRun.selectOption('any');
  await lastRun.selectOption('never');
  await expect(page).toHaveURL(new RegExp(`\\?q=${t}&last=never$`));
  await expect(status).toHaveValue('all');
  await expect(lastRun).toHaveValue('never');
  await expect(rows).toHaveCount(2);

  // A search sent with Enter, then a filter: the search is kept too.
  await page.getByLabel('Search workflows by name').fill(`Live ${t}`);
  await page.getByLabel('Search workflows by name').press('Enter');
  await status.selectOption('active');
  await expect(page).toHaveURL(new RegExp(`\\?q=Live(\\+|%20)${t}&active=active&last=never$`));
  await expect(status).toHaveValue('active');
  await expect(page.getByLabel('Search workflows by name')).toHaveValue(`Live ${t}`);

  // And it all survives a reload.
  await page.reload();
  await expect(status).toHaveValue('active');
  await expect(lastRun).toHaveValue('never');
  await expect(page.getByLabel('Search workflows by name')).toHaveValue(`Live ${t}`);
});

test('executions: two status chips toggled back to back both stick', async ({ page }) => {
  const t = tag();
  const id = await createWorkflowViaApi(page, {
    name: `Fails on request ${t}`,
    nodes: [
      startNode,
      node('check', 'if', { condition: '{{ $input.fail = true }}' }, { name: 'Fail?', x: 240 }),
      node('stop', 'fail', { message: 'asked to fail' }, { name: 'Stop', x: 480, y: -80 }),
      node('done', 'transform', { fields: { ok: '{{ true }}' } }, { name: 'Done', x: 480, y: 80 }),
    ],
    edges: [
      { id: 'e1', source: 'start', target: 'check' },
      { id: 'e2', source: 'check', sourceHandle: 'true', target: 'stop' },
      { id: 'e3', source: 'check', sourceHandle: 'false', target: 'done' },
    ],
  });
  for (const fail of [true, false]) {
    expect((await page.request.post(`/api/workflows/${id}/run`, { data: { input: { fail } } })).status()).toBe(202);
  }
  const rows = page.getByTestId('execution-row');
  const chip = (s: string) => page.getByTestId(`status-filter-${s}`);

  await page.goto(`/workflows/${id}/executions`);
  const rowWith = (s: string) => page.locator(`[data-testid="execution-row"][data-status="${s}"]`);
  await expect(rowWith('failed')).toHaveCount(1);
  await expect(rowWith('succeeded')).toHaveCount(1);

  await chip('failed').click();
  await chip('succeeded').click();
  await expect(page).toHaveURL(/\?status=succeeded(%2C|,)failed$/);
  await expect(chip('failed')).toHaveAttribute('aria-pressed', 'true');
  await expect(chip('succeeded')).toHaveAttribute('aria-pressed', 'true');
  await expect(rows).toHaveCount(2);

  await chip('succeeded').click();
  await chip('canceled').click();
  await expect(page).toHaveURL(/\?status=failed(%2C|,)canceled$/);
  await expect(chip('succeeded')).toHaveAttribute('aria-pressed', 'false');
  await expect(chip('failed')).toHaveAttribute('aria-pressed', 'true');
  await expect(chip('canceled')).toHaveAttribute('aria-pressed', 'true');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute('data-status', 'failed');

  await page.reload();
  await expect(chip('failed')).toHaveAttribute('aria-pressed', 'true');
  await expect(chip('canceled')).toHaveAttribute('aria-pressed', 'true');
});

test('audit: Result and Action changed back to back both stick, in the URL', async ({ page }) => {
  // A failed sign-in of its own (an unknown address), so a failure entry exists.
  const stranger = `nobody-${tag()}@example.test`;
  expect(
    (await page.request.post('/api/auth/login', { data: { email: stranger, password: 'not the password' } })).status(),
  ).toBe(401);
  const actions = page.getByTestId('audit-action');
  const result = page.getByLabel('Result');
  const action = page.getByLabel('Action');

  await page.goto('/audit');
  await expect(actions.first()).toBeVisible();

  await result.selectOption('failure');
  await action.fill('auth.');
  await action.press('Enter');
  await expect(page).toHaveURL(/\/audit\?action=auth\.&result=failure$/);
  await expect(result).toHaveValue('failure');
  await expect(action).toHaveValue('auth.');
  await expect(actions.first()).toHaveText('auth.login');
  expect(new Set(await actions.allTextContents())).toEqual(new Set(['auth.login']));

  await page.reload();
  await expect(result).toHaveValue('failure');
  await expect(action).toHaveValue('auth.');
  await expect(actions.first()).toHaveText('auth.login');

  // Clear, then a new result at once: only the new result is left.
  await page.getByRole('button', { name: 'Clear' }).click();
  await result.selectOption('success');
  await expect(page).toHaveURL(/\/audit\?result=success$/);
  await expect(action).toHaveValue('');
  await expect(result).toHaveValue('success');
});
