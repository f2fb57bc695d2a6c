import { expect, test } from '@playwright/test';
import { signInAsOwner } from './support';

// Operations pages as an operator meets them: the Workers page lists the e2e worker (the one
// `npm start` runs next to the web server) as live; the Queue page shows the counts per state
// and purges waiting jobs only once the queue's name is typed.

test('the Workers page shows the running worker as live', async ({ page }) => {
  await signInAsOwner(page);
  await page.goto('/');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Workers' }).click();
  await expect(page.getByRole('heading', { name: 'Workers', exact: true })).toBeVisible();
  const live = page
    .getByTestId('worker-row')
    .filter({ has: page.getByTestId('worker-state').getByText('live', { exact: true }) });
  await expect(live.first()).toBeVisible();
  await expect(live.first().getByRole('cell').nth(2)).toHaveText(/^\d+$/);
  await expect(page.getByTestId('workers-summary')).toContainText(/[1-9]\d* live/);
  await page.screenshot({ path: 'docs/screenshots/operations-workers.png' });
});

test('the Queue page shows the counts and asks for the queue name before purging', async ({ page }) => {
  await signInAsOwner(page);
  await page.goto('/');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Queue' }).click();
  await expect(page.getByRole('heading', { name: 'Queue', exact: true })).toBeVisible();
  const executions = page.getByTestId('queue-executions');
  for (const state of ['waiting', 'active', 'delayed', 'completed', 'failed'])
    await expect(executions.getByTestId(`count-${state}`)).toContainText(/\d/);
  await expect(page.getByTestId('queue-maintenance')).toBeVisible();
  await expect(page.getByTestId('queue-retention')).toBeVisible();
  await page.screenshot({ path: 'docs/screenshots/operations-queue.png' });

  await page.getByRole('button', { name: 'Purge waiting…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Purge waiting jobs?' });
  await expect(dialog).toBeVisible();
  const purge = dialog.getByRole('button', { name: 'Purge waiting jobs' });
  await expect(purge).toBeDisabled();
  const confirm = dialog.getByLabel('Type executions to confirm');
  await confirm.fill('execution');
  await expect(purge).toBeDisabled();
  await confirm.fill('executions');
  await expect(purge).toBeEnabled();
  await dialog.screenshot({ path: 'docs/screenshots/operations-purge.png' });
  await purge.click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('purge-result')).toContainText(
    /Purged \d+ waiting wake-ups?; \d+ executions? canceled/,
  );

  // Cancel closes without purging.
  await page.getByRole('button', { name: 'Purge waiting…' }).click();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
});
