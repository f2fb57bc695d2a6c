import { expect, test } from '@playwright/test';
import { signInAsOwner } from './support';

// The API reference as a person finds it: from the main navigation, every operation of the
// OpenAPI document listed, one opened to its parameters, body and answers; the raw document
// is one click away.

test('the API page lists the operations and opens one to its body and answers', async ({ page }) => {
  await signInAsOwner(page);
  await page.goto('/');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'API' }).click();
  await expect(page).toHaveURL(/\/api-docs$/);
  await expect(page.getByRole('heading', { name: 'API', exact: true })).toBeVisible();

  const doc = (await (await page.request.get('/api/openapi.json')).json()) as { paths: Record<string, object> };
  const count = Object.values(doc.paths).reduce((n, item) => n + Object.keys(item).length, 0);
  await expect(page.getByTestId('api-operation')).toHaveCount(count);

  const run = page.locator('#postWorkflowsByIdRun');
  await run.getByText('Run now (manual trigger)').click();
  await expect(run.getByRole('heading', { name: 'Parameters' })).toBeVisible();
  await expect(run.getByRole('row').filter({ hasText: 'id' })).toContainText('string (uuid)');
  const body = run.getByTestId('api-schema').first();
  await expect(body).toContainText('input');
  await expect(body).toContainText('version');
  await expect(run.locator('[data-status="202"]')).toContainText('Queued');
  await expect(run.locator('[data-status="404"]')).toContainText('may not view it');
  await expect(run).toContainText('API key scope: execute');
  // The operation's header just below the app's bar.
  await run.evaluate((el) => window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 72));
  await page.screenshot({ path: 'docs/screenshots/api-docs.png' });

  await expect(page.getByRole('link', { name: 'openapi.json', exact: true })).toHaveAttribute(
    'href',
    '/api/openapi.json',
  );
});
