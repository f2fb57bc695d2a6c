import { expect, test, type Page } from '@playwright/test';
import { createWorkflowViaApi, signInAsOwner } from './support';
import { node } from '../test/fixtures/node';

// docs/security.md, on the app exactly as `npm start` runs it: headers on pages, the peer
// address recorded by Weft's own server, and a hook's HTML reply opened in the browser.

test.beforeEach(async ({ page }) => {
  await signInAsOwner(page);
});

async function activeHook(page: Page, definition: unknown, settings: Record<string, unknown>) {
  const id = await createWorkflowViaApi(page, definition);
  expect((await page.request.post(`/api/workflows/${id}/activate`, { data: {} })).ok()).toBe(true);
  const res = await page.request.post(`/api/workflows/${id}/webhooks`, {
    data: { requireSignature: false, ...settings },
  });
  expect(res.status()).toBe(201);
  return (await res.json()) as { url: string; token: string };
}

test('pages forbid framing and sniffing and trim the referrer', async ({ page }) => {
  const res = await page.goto('/');
  const headers = res!.headers();
  expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(headers['x-frame-options']).toBe('DENY');
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
});

test('the web server records the real peer: an allowlist admits loopback and refuses a forged header', async ({
  page,
}) => {
  const def = { name: 'Allowlisted', nodes: [node('start', 'trigger')], edges: [] };
  const local = await activeHook(page, def, { ipAllowlist: ['127.0.0.1/32', '::1'] });
  expect((await page.request.post(`/api/hooks/${local.token}`, { data: {} })).status()).toBe(202);

  const elsewhere = await activeHook(
    page,
    { ...def, name: 'Allowlisted elsewhere' },
    { ipAllowlist: ['198.51.100.0/24'] },
  );
  // A client claiming to be inside the allowlist is still 127.0.0.1 to Weft.
  const forged = await page.request.post(`/api/hooks/${elsewhere.token}`, {
    data: {},
    headers: { 'x-weft-peer-ip': '198.51.100.20', 'x-forwarded-for': '198.51.100.20' },
  });
  expect(forged.status()).toBe(403);
});

test('a hook’s HTML reply renders in the browser but its script does not run', async ({ page }) => {
  const def = {
    name: 'HTML page hook',
    nodes: [
      node('start', 'trigger'),
      node('page', 'respond', {
        status: 200,
        headers: { 'content-type': 'text/html; charset=utf-8' },
        body:
          "<h1 id='h'>Hello from a workflow</h1><script>document.getElementById('h').textContent='script " +
          "ran';fetch('/api/api-keys',{method:'POST',headers:{'content-type':'application/json'}," +
          "body:JSON.stringify({name:'stolen'})})</script>",
      }),
    ],
    edges: [{ id: 'e1', source: 'start', target: 'page' }],
  };
  const hook = await activeHook(page, def, { responseMode: 'sync' });
  const keysBefore = ((await (await page.request.get('/api/api-keys')).json()) as { items: unknown[] }).items.length;

  const res = await page.goto(hook.url);
  expect(res!.headers()['content-security-policy']).toContain('sandbox');
  expect(res!.headers()['x-content-type-options']).toBe('nosniff');
  await expect(page.getByRole('heading', { name: 'Hello from a workflow' })).toBeVisible();
  // Give a script every chance to have run.
  await page.waitForTimeout(500);
  await expect(page.locator('#h')).toHaveText('Hello from a workflow');
  const keysAfter = ((await (await page.request.get('/api/api-keys')).json()) as { items: unknown[] }).items.length;
  expect(keysAfter).toBe(keysBefore);
});
