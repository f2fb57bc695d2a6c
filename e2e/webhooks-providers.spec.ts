import sumAndBranch from '../test/fixtures/sum-and-branch.json' with { type: 'json' };
import { randomBytes, randomUUID } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import Stripe from 'stripe';
import { createWorkflowViaApi, signInAsOwner } from './support';

// Provider signature schemes in the webhook panel, on the real stack: a Stripe webhook made
// with the secret pasted from Stripe, a delivery signed by Stripe's own library arriving in
// the list, the secret Stripe requires, and switching an existing webhook's scheme.

test.describe.configure({ mode: 'serial' });

test.beforeEach(async ({ page }) => {
  await signInAsOwner(page);
});

const stripe = new Stripe('sk_test_x');
const stripeSecret = () => `whsec_${randomBytes(24).toString('hex')}`;
const slackSecret = () => randomBytes(16).toString('hex');

/** A Stripe event whose body the fixture adds up ($input.body.a + $input.body.b). */
function stripeEvent(id = `evt_${randomUUID().replace(/-/g, '')}`) {
  return JSON.stringify({ id, object: 'event', type: 'payment_intent.succeeded', a: 7, b: 5 });
}

function deliver(page: Page, url: string, payload: string, secret: string) {
  const header = stripe.webhooks.generateTestHeaderString({ payload, secret });
  return page.request.post(url, {
    headers: { 'content-type': 'application/json', 'stripe-signature': header },
    data: payload,
  });
}

async function openWebhooks(page: Page, name: string): Promise<void> {
  const id = await createWorkflowViaApi(page, { ...sumAndBranch, name });
  await page.goto(`/workflows/${id}`);
  await page.getByRole('toolbar', { name: 'Workflow' }).getByRole('button', { name: 'More' }).click();
  await page.getByRole('menuitem', { name: 'Webhooks' }).click();
  await expect(page.getByRole('heading', { name: `Webhooks of ${name}` })).toBeVisible();
  // Activate it from the panel: webhooks only run the active version.
  await page.getByTestId('webhooks-inactive').getByRole('button', { name: 'Activate latest' }).click();
  await expect(page.getByTestId('webhooks-active')).toContainText('active v1');
}

const createForm = (page: Page) => page.getByRole('form', { name: 'Add a webhook' });

test('a Stripe webhook: the secret from Stripe is required, a delivery Stripe signed is accepted and listed', async ({
  page,
}) => {
  await openWebhooks(page, 'Payments');
  const form = createForm(page);
  await form.getByLabel('Signature scheme').selectOption({ label: 'Stripe' });
  const secretField = form.getByLabel('Signing secret from Stripe');
  await expect(secretField).toHaveAttribute('aria-required', 'true');
  await expect(form.getByText('Paste the signing secret from Stripe')).toBeVisible();
  await expect(form.getByRole('note')).toContainText(
    'No endpoint at Stripe yet? Create the webhook with the Weft scheme',
  );

  // Without the secret: refused in the browser, naming what is missing; nothing is created.
  await form.getByRole('button', { name: 'New webhook' }).click();
  await expect(form.getByTestId('error-secret')).toHaveText(
    /Required: Stripe makes this secret, so paste it from Stripe/,
  );
  await expect(secretField).toHaveAttribute('aria-invalid', 'true');
  await expect(secretField).toBeFocused();
  await page.mouse.move(0, 0);
  await page.screenshot({ path: 'docs/screenshots/webhook-provider-required.png' });

  // The wrong kind of secret (an API key) is named as such.
  await secretField.fill('sk_test_51Habcdefghijklmnopqrstuv');
  await form.getByRole('button', { name: 'New webhook' }).click();
  await expect(form.getByTestId('error-secret')).toContainText('looks like an API key');

  // Should the browser's check ever let one through, the server's own message is shown: here
  // the request is rewritten on its way out to drop the secret.
  await page.route('**/api/workflows/*/webhooks', (route) =>
    route.request().method() === 'POST'
      ? route.continue({ postData: JSON.stringify({ signatureScheme: 'stripe' }) })
      : route.continue(),
  );
  await secretField.fill(stripeSecret());
  await form.getByRole('button', { name: 'New webhook' }).click();
  await expect(form.getByTestId('error-secret')).toHaveText(
    /The secret is required for the stripe scheme: paste the endpoint's signing secret \(whsec_…\) from the Stripe dashboard/,
  );
  await page.unroute('**/api/workflows/*/webhooks');
  await expect(page.getByTestId('webhook-card')).toHaveCount(0);

  // With the secret: created; the pasted secret is not shown back.
  const secret = stripeSecret();
  await secretField.fill(secret);
  await page.mouse.move(0, 0);
  await page.screenshot({ path: 'docs/screenshots/webhook-provider-create.png' });
  await form.getByRole('button', { name: 'New webhook' }).click();
  const card = page.getByTestId('webhook-card');
  await expect(card).toHaveCount(1);
  await expect(secretField).toHaveValue('');
  await expect(card.getByTestId('webhook-secret-box')).toHaveCount(0);
  await expect(card.getByTestId('webhook-scheme')).toHaveText('Stripe');
  await expect(card.getByTestId('webhook-signature-format')).toHaveText(
    'Stripe-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>',
  );
  await expect(card.getByText('The sender sets:')).toBeVisible();
  await expect(card.getByTestId('webhook-signing')).toContainText(
    'Redeliveries are recognised by: the event id ("id") in the body',
  );
  await expect(card.getByTestId('webhook-setup')).toContainText(
    'At Stripe: In the Stripe Dashboard: Developers → Webhooks → Add endpoint',
  );
  await expect(card.getByRole('button', { name: 'Rotate secret' })).toHaveCount(0);
  await expect(card.getByTestId('webhook-deliveries')).toHaveCount(0);
  await expect(card.getByText('No deliveries yet. They appear here once Stripe sends one.')).toBeVisible();
  const url = await card.getByLabel('URL', { exact: true }).inputValue();

  // Stripe's own library signs a delivery: accepted, and it appears in the list without a reload.
  const eventId = `evt_${randomUUID().replace(/-/g, '')}`;
  const res = await deliver(page, url, stripeEvent(eventId), secret);
  expect(res.status(), await res.text()).toBe(202);
  const { executionId } = (await res.json()) as { executionId: string };
  const delivery = card.getByTestId('webhook-delivery');
  await expect(delivery).toHaveCount(1, { timeout: 20_000 });
  await expect(delivery.getByTestId('execution-status')).toHaveText('succeeded', { timeout: 20_000 });
  await expect(delivery.getByRole('link')).toHaveAttribute('href', `/executions/${executionId}`);

  // Stripe retrying the same event (signed afresh) starts nothing new; a wrong secret is refused.
  const again = await deliver(page, url, stripeEvent(eventId), secret);
  expect(await again.json()).toEqual({ executionId, duplicate: true });
  expect((await deliver(page, url, stripeEvent(), stripeSecret())).status()).toBe(401);

  await page.evaluate(() => window.scrollTo(0, 0));
  await page.mouse.move(0, 0);
  await page.screenshot({ path: 'docs/screenshots/webhook-provider-card.png', fullPage: true });

  // Rolled at Stripe: paste the new one; both verify during the grace period.
  await card.getByRole('button', { name: 'Paste a new secret' }).click();
  const dialog = page.getByRole('dialog', { name: 'Paste a new signing secret' });
  const input = dialog.getByLabel('New signing secret from Stripe');
  await expect(input).toBeFocused();
  await input.fill('whsec_short');
  await dialog.getByRole('button', { name: 'Save new secret' }).click();
  await expect(dialog.getByTestId('error-paste-secret')).toContainText('at least 16');
  await page.screenshot({ path: 'docs/screenshots/webhook-provider-paste.png' });
  const rolled = stripeSecret();
  await input.fill(rolled);
  await dialog.getByRole('button', { name: 'Save new secret' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(card.getByText(/previous secret still verifies until/)).toBeVisible();
  expect((await deliver(page, url, stripeEvent(), rolled)).status()).toBe(202);
  expect((await deliver(page, url, stripeEvent(), secret)).status()).toBe(202);
  await expect(delivery).toHaveCount(3, { timeout: 20_000 });
});

test('switching an existing webhook’s scheme: a provider’s secret is required, a generated one is shown once', async ({
  page,
}) => {
  await openWebhooks(page, 'Switching');
  const form = createForm(page);
  // The defaults make a Weft webhook at once, with its secret and the curl example.
  await expect(form.getByLabel('Signature scheme')).toHaveValue('weft');
  await form.getByRole('button', { name: 'New webhook' }).click();
  const card = page.getByTestId('webhook-card');
  await expect(card.getByTestId('webhook-curl')).toBeVisible();
  await expect(card.getByTestId('webhook-signature-format')).toContainText('X-Weft-Signature: t=<unix seconds>');

  const settings = card.getByRole('form', { name: 'Webhook settings' });
  const save = settings.getByRole('button', { name: 'Save settings' });
  await settings.getByLabel('Signature scheme').selectOption('slack');
  const slackField = settings.getByLabel('Signing secret from Slack');
  await save.click();
  await expect(settings.getByTestId('error-secret')).toContainText('Required: Slack makes this secret');
  await slackField.fill('not-the-hex-secret');
  await save.click();
  await expect(settings.getByTestId('error-secret')).toContainText('32 hex characters');
  await slackField.fill(slackSecret());
  await save.click();
  await expect(settings.getByText('Saved', { exact: true })).toBeVisible();
  // The Weft secret still on show is no longer the webhook's: hidden.
  await expect(card.getByTestId('webhook-secret-box')).toHaveCount(0);
  await expect(card.getByTestId('webhook-signature-format')).toContainText('X-Slack-Signature: v0=');
  await expect(card.getByTestId('webhook-setup')).toContainText('Event Subscriptions → Request URL');
  await expect(card.getByRole('button', { name: 'Rotate secret' })).toHaveCount(0);
  await expect(card.getByRole('button', { name: 'Paste a new secret' })).toBeVisible();

  // To GitHub with the secret left empty: Weft makes one, shown once, with where to paste it (no curl).
  await settings.getByLabel('Signature scheme').selectOption({ label: 'GitHub' });
  await expect(settings.getByLabel('New signing secret')).toHaveValue('');
  await save.click();
  await expect(card.getByRole('heading', { name: 'New signing secret' })).toBeVisible();
  await expect(card.getByTestId('webhook-secret')).toHaveValue(/.{20,}/);
  await expect(card.getByTestId('webhook-curl')).toHaveCount(0);
  await expect(card.getByTestId('webhook-secret-where')).toHaveText(
    'Paste it at GitHub together with the URL (see At GitHub above).',
  );
  await expect(card.getByTestId('webhook-setup')).toContainText(
    'At GitHub: In the repository (or organization): Settings → Webhooks → Add webhook',
  );
  await expect(card.getByTestId('webhook-scheme')).toHaveText('GitHub');
  await expect(card.getByRole('button', { name: 'Rotate secret' })).toBeVisible();
  // From the top: a full-page shot of a scrolled page paints the sticky app header mid-page.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.mouse.move(0, 0);
  await page.screenshot({ path: 'docs/screenshots/webhook-provider-github.png', fullPage: true });
});
