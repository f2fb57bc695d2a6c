import sumAndBranch from '../test/fixtures/sum-and-branch.json' with { type: 'json' };
import { expect, test, type Page } from '@playwright/test';
import { OWNER } from './support';

// One walk through first-run: the global setup hands us an empty database.
const owner = OWNER;

async function signIn(page: Page, password = owner.password): Promise<void> {
  await page.getByLabel('Email').fill(owner.email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

test.describe.configure({ mode: 'serial' });

test('first-run setup, sign out, sign in, see the workflows page', async ({ page }) => {
  // A fresh install sends every page to /setup.
  await page.goto('/');
  await expect(page).toHaveURL(/\/setup$/);
  await expect(page.getByRole('heading', { name: 'Welcome to Weft' })).toBeVisible();

  // The form reports the server's field errors next to the field.
  await page.getByLabel('Your name').fill(owner.name);
  await page.getByLabel('Email').fill(owner.email);
  await page.getByLabel('Password').fill('short');
  await page.getByRole('button', { name: 'Create owner account' }).click();
  await expect(page.getByText('must be at least 8 characters')).toBeVisible();

  await page.getByLabel('Password').fill(owner.password);
  await page.getByRole('button', { name: 'Create owner account' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('heading', { name: 'Workflows' })).toBeVisible();
  await expect(page.getByRole('banner')).toContainText(owner.name);

  // Setup is closed now.
  await page.goto('/setup');
  await expect(page).toHaveURL(/\/$/);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login$/);
  // Signed out means signed out: the home page sends us back.
  await page.goto('/');
  await expect(page).toHaveURL(/\/login$/);

  await signIn(page, 'not the password');
  // (Next's route announcer is also role=alert, hence the filter.)
  await expect(page.getByRole('alert').filter({ hasText: 'Invalid email or password' })).toBeVisible();
  await page.screenshot({ path: 'test-results/screenshots/login.png' });

  await signIn(page);
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('heading', { name: 'Workflows' })).toBeVisible();
  await expect(page.getByText('No workflows yet')).toBeVisible();
});

test('the workflows page lists workflows with their recent executions', async ({ page }) => {
  await page.goto('/login');
  await signIn(page);
  await expect(page.getByRole('heading', { name: 'Workflows' })).toBeVisible();

  // Seed through the API, with the browser's session (STYLE.md: no shared fixtures).
  const created = await page.request.post('/api/workflows', {
    data: { name: 'Nightly report', description: 'Collects yesterday’s orders and posts a summary.' },
  });
  expect(created.status()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  const run = await page.request.post(`/api/workflows/${id}/run`, { data: {} });
  expect(run.status()).toBe(202);
  // The SPEC §1 example, imported and run: the worker (started with the app) finishes it.
  const imported = await page.request.post('/api/workflows/import', { data: sumAndBranch });
  expect(imported.status()).toBe(201);
  const example = (await imported.json()) as { id: string };
  expect(
    (
      await page.request.post(`/api/workflows/${example.id}/run`, { data: { input: { body: { a: 7, b: 5 } } } })
    ).status(),
  ).toBe(202);
  expect((await page.request.post('/api/workflows', { data: { name: 'Empty draft' } })).status()).toBe(201);

  await page.reload();
  const row = page.getByTestId('workflow-row').filter({ hasText: 'Nightly report' });
  await expect(row).toBeVisible();
  const badge = row.getByTestId('execution-status').first();
  await expect(badge).toBeVisible();
  await expect(badge).toHaveText(/^(queued|running|succeeded|failed|canceled|timed out)$/);
  await expect(page.getByTestId('workflow-row').filter({ hasText: 'Empty draft' })).toContainText('No runs yet');
  // The list refreshes itself while runs are in flight: the example reaches "succeeded".
  await expect(
    page.getByTestId('workflow-row').filter({ hasText: 'Sum and branch' }).getByTestId('execution-status').first(),
  ).toHaveText('succeeded');
  await page.screenshot({ path: 'test-results/screenshots/workflows.png' });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: 'test-results/screenshots/workflows-dark.png' });
});
