import sumAndBranch from '../test/fixtures/sum-and-branch.json' with { type: 'json' };
import { createHmac } from 'node:crypto';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { createWorkflowViaApi, signInAsOwner } from './support';

// The webhook panel on the real stack (web + worker): create a webhook in the UI, sign a
// delivery with the secret the page showed once, and watch it arrive in the list.

test.describe.configure({ mode: 'serial' });

test.beforeEach(async ({ page }) => {
  await signInAsOwner(page);
});

function sign(secret: string, token: string, rawBody: string) {
  const t = Math.floor(Date.now() / 1000);
  return `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${token}.${rawBody}`).digest('hex')}`;
}

/** Clicks "New webhook" and reads what the page shows this once. */
async function createWebhook(
  page: Page,
): Promise<{ card: Locator; url: string; token: string; secret: string; curl: string }> {
  const before = await page.getByTestId('webhook-card').count();
  await page.getByRole('button', { name: 'New webhook' }).first().click();
  await expect(page.getByTestId('webhook-card')).toHaveCount(before + 1);
  const card = page.getByTestId('webhook-card').first();
  await expect(card.getByText('Copy it now — it won’t be shown again.')).toBeVisible();
  const url = await card.getByLabel('URL', { exact: true }).inputValue();
  const token = url.split('/').pop()!;
  const secret = await card.getByTestId('webhook-secret').inputValue();
  const curl = await card.getByTestId('webhook-curl').inputValue();
  return { card, url, token, secret, curl };
}

test('warns when no version is active and activates the latest', async ({ page }) => {
  const id = await createWorkflowViaApi(page, { ...sumAndBranch, name: 'Inactive hooks' });
  await page.goto(`/workflows/${id}/webhooks`);
  const warning = page.getByTestId('webhooks-inactive');
  await expect(warning).toContainText('no active version');
  await warning.getByRole('button', { name: 'Activate latest' }).click();
  await expect(warning).toHaveCount(0);
  await expect(page.getByTestId('webhooks-active')).toContainText('active v1');
  const wf = (await (await page.request.get(`/api/workflows/${id}`)).json()) as { activeVersion: number | null };
  expect(wf.activeVersion).toBe(1);
});

test('create a webhook, fire a signed delivery, see it succeed', async ({ page }) => {
  const id = await createWorkflowViaApi(page, { ...sumAndBranch, name: 'Order webhook' });
  expect((await page.request.post(`/api/workflows/${id}/activate`, { data: {} })).ok()).toBe(true);

  // The editor toolbar links here.
  await page.goto(`/workflows/${id}`);
  await page.getByRole('toolbar', { name: 'Workflow' }).getByRole('button', { name: 'More' }).click();
  await page.getByRole('menuitem', { name: 'Webhooks' }).click();
  await expect(page).toHaveURL(new RegExp(`/workflows/${id}/webhooks$`));
  await expect(page.getByRole('heading', { name: 'Webhooks of Order webhook' })).toBeVisible();
  await expect(page.getByText('No webhooks yet')).toBeVisible();

  const { card, url, token, secret, curl } = await createWebhook(page);
  expect(url).toMatch(/\/api\/hooks\/[\w-]+$/);
  expect(secret.length).toBeGreaterThan(20);
  expect(curl).toContain(token);
  expect(curl).toContain(`-hmac '${secret}'`);
  expect(curl).toContain('X-Weft-Signature: t=$T,v1=$SIG');
  expect(curl).toContain(`'${url}'`);

  // Fire it: the trigger's input is { method, path, headers, query, body }, so the raw
  // body {"a":7,"b":5} is what the fixture adds up ($input.body.a + $input.body.b).
  const raw = JSON.stringify({ a: 7, b: 5 });
  const res = await page.request.post(url, {
    headers: { 'content-type': 'application/json', 'x-weft-signature': sign(secret, token, raw) },
    data: raw,
  });
  expect(res.status()).toBe(202);
  const { executionId } = (await res.json()) as { executionId: string };

  // The list refreshes every 5 s; no reload.
  const delivery = card.getByTestId('webhook-delivery');
  await expect(delivery).toHaveCount(1, { timeout: 20_000 });
  await expect(delivery.getByTestId('execution-status')).toHaveText('succeeded', { timeout: 20_000 });
  await expect(delivery.getByRole('link')).toHaveAttribute('href', `/executions/${executionId}`);

  // A wrong signature is refused and adds no delivery.
  const bad = await page.request.post(url, {
    headers: { 'content-type': 'application/json', 'x-weft-signature': sign('not-the-secret', token, raw) },
    data: raw,
  });
  expect(bad.status()).toBe(401);

  await page.mouse.move(0, 0);
  await page.screenshot({ path: 'docs/screenshots/webhooks.png' });

  // Hidden once dismissed, and never shown again after a reload.
  await card.getByRole('button', { name: /hide/ }).click();
  await expect(page.getByTestId('webhook-secret')).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId('webhook-card')).toHaveCount(1);
  await expect(page.getByTestId('webhook-secret')).toHaveCount(0);
  await expect(page.getByTestId('webhook-card').getByTestId('webhook-delivery')).toHaveCount(1);
});

test('settings: field errors, sync mode, disable, rotate, delete', async ({ page }) => {
  const id = await createWorkflowViaApi(page, { ...sumAndBranch, name: 'Settings webhook' });
  expect((await page.request.post(`/api/workflows/${id}/activate`, { data: {} })).ok()).toBe(true);
  await page.goto(`/workflows/${id}/webhooks`);
  const { card, url, token, secret } = await createWebhook(page);
  const save = card.getByRole('button', { name: 'Save settings' });

  // A server-side validation error lands next to its field.
  const allowlist = card.getByLabel('IP allowlist');
  await allowlist.fill('127.0.0.1\nnot-an-address');
  await save.click();
  await expect(card.getByTestId('error-ipAllowlist')).toContainText('not-an-address');
  await expect(allowlist).toHaveAttribute('aria-invalid', 'true');
  await allowlist.fill('');

  // Sync mode answers with the Respond node.
  await card.getByLabel('Response').selectOption('sync');
  await card.getByLabel('Sync timeout (ms)').fill('20000');
  await save.click();
  await expect(card.getByText('Saved', { exact: true })).toBeVisible();
  const raw = JSON.stringify({ a: 7, b: 5 });
  const res = await page.request.post(url, {
    headers: { 'content-type': 'application/json', 'x-weft-signature': sign(secret, token, raw) },
    data: raw,
  });
  expect(res.status()).toBe(200);
  expect(await res.json()).toEqual({ big: true, sum: 12 });

  // Disabled: refused.
  const toggle = card.getByRole('switch', { name: 'Enabled' });
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-checked', 'false');
  expect(
    (
      await page.request.post(url, {
        headers: { 'content-type': 'application/json', 'x-weft-signature': sign(secret, token, raw) },
        data: raw,
      })
    ).status(),
  ).toBe(404);
  await toggle.press('Space');
  await expect(toggle).toHaveAttribute('aria-checked', 'true');

  // Rotate: confirm, a new secret shown once; the old one still verifies during the grace period.
  await card.getByRole('button', { name: /hide/ }).click();
  await card.getByRole('button', { name: 'Rotate secret' }).click();
  await page
    .getByRole('dialog', { name: 'Rotate the signing secret?' })
    .getByRole('button', { name: 'Rotate secret' })
    .click();
  await expect(card.getByRole('heading', { name: 'New signing secret' })).toBeVisible();
  const rotated = await card.getByTestId('webhook-secret').inputValue();
  expect(rotated).not.toBe(secret);
  await expect(card.getByTestId('webhook-curl')).toHaveValue(new RegExp(`-hmac '${rotated}'`));
  const withNew = await page.request.post(url, {
    headers: { 'content-type': 'application/json', 'x-weft-signature': sign(rotated, token, raw) },
    data: raw,
  });
  expect(withNew.status()).toBe(200);
  await expect(card.getByText(/previous secret still verifies until/)).toBeVisible();

  // Delete: confirm, gone, and the URL is dead.
  await card.getByRole('button', { name: 'Delete' }).click();
  await page
    .getByRole('dialog', { name: 'Delete this webhook?' })
    .getByRole('button', { name: 'Delete webhook' })
    .click();
  await expect(page.getByTestId('webhook-card')).toHaveCount(0);
  await expect(page.getByText('No webhooks yet')).toBeVisible();
  expect((await page.request.post(url, { data: raw })).status()).toBe(404);
});
