import sumAndBranch from '../test/fixtures/sum-and-branch.json' with { type: 'json' };
import { expect, test } from '@playwright/test';
import { createWorkflowViaApi, signInAsOwner } from './support';

// On a phone (390×844) every list and detail page fits the screen: nothing scrolls
// sideways, and the header's navigation folds behind a button. State is seeded through the API.

test.use({ viewport: { width: 390, height: 844 } });

test('list and detail pages do not scroll sideways at 390 px', async ({ page }) => {
  test.setTimeout(120_000);
  await signInAsOwner(page);
  const workflowId = await createWorkflowViaApi(page, { ...sumAndBranch, name: `Phone ${Date.now()}` });
  expect((await page.request.post(`/api/workflows/${workflowId}/activate`, { data: {} })).ok()).toBe(true);
  const run = await page.request.post(`/api/workflows/${workflowId}/run`, {
    data: { input: { body: { a: 7, b: 5 } } },
  });
  const { executionId } = (await run.json()) as { executionId: string };
  expect((await page.request.post(`/api/workflows/${workflowId}/webhooks`, { data: {} })).status()).toBe(201);
  const schedule = await page.request.post(`/api/workflows/${workflowId}/schedules`, {
    data: { cron: '*/5 * * * *', timezone: 'Europe/Berlin' },
  });
  expect(schedule.status()).toBe(201);

  const paths = [
    '/',
    '/executions',
    `/workflows/${workflowId}/executions`,
    `/executions/${executionId}`,
    `/workflows/${workflowId}/webhooks`,
    `/workflows/${workflowId}/schedules`,
    '/users',
    '/account',
    '/audit',
    '/workers',
    '/queue',
    '/api-docs',
  ];
  for (const path of paths) {
    await page.goto(path);
    await expect(page.locator('main')).toBeVisible();
    await page.waitForLoadState('networkidle');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, `${path} is ${overflow}px wider than the screen`).toBeLessThanOrEqual(0);
  }
});

test('on a phone a list row reads as a card: its name in full on top, its values under it', async ({ page }) => {
  await signInAsOwner(page);
  const name = `Phone card with a rather long workflow name ${Date.now()}`;
  await createWorkflowViaApi(page, { ...sumAndBranch, name });
  await page.goto(`/?q=${encodeURIComponent(name)}`);
  const row = page.getByTestId('workflow-row').filter({ hasText: name });
  const title = row.getByRole('link', { name });
  await expect(title).toBeVisible();
  const titleBox = (await title.boundingBox())!;
  const statusBox = (await row.getByTestId('active-version').boundingBox())!;
  expect(titleBox.x + titleBox.width).toBeLessThanOrEqual(390);
  expect(statusBox.y).toBeGreaterThan(titleBox.y + titleBox.height - 1);
});

test('the header navigation folds behind a button on a phone', async ({ page }) => {
  await signInAsOwner(page);
  await page.goto('/');
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav).toBeHidden();
  await page.getByRole('button', { name: 'Open navigation' }).click();
  await expect(nav).toBeVisible();
  await nav.getByRole('link', { name: 'Executions' }).click();
  await expect(page).toHaveURL(/\/executions$/);
  await expect(nav).toBeHidden();
});
