import sumAndBranch from '../test/fixtures/sum-and-branch.json' with { type: 'json' };
import { expect, test, type Page } from '@playwright/test';
import { createWorkflowViaApi, signInAsOwner } from './support';

// Screenshots of every page except the editor at 1280×800 and 390×844, light and dark, for
// comparing a UI change before and after. Opt-in (it writes files and takes a while):
//   SCREENSHOTS_DIR=/tmp/shots npx playwright test screenshots.spec.ts
// State is seeded through the API, like the other specs.

const dir = process.env.SCREENSHOTS_DIR;
test.skip(!dir, 'set SCREENSHOTS_DIR to take screenshots');
test.describe.configure({ mode: 'serial' });
test.setTimeout(240_000);

const viewports = [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'phone', width: 390, height: 844 },
] as const;
const schemes = ['light', 'dark'] as const;

async function shoot(page: Page, name: string, path: string): Promise<void> {
  for (const viewport of viewports) {
    await page.setViewportSize({ width: viewport.width, height: viewport.height });
    for (const colorScheme of schemes) {
      await page.emulateMedia({ colorScheme });
      await page.goto(path);
      await page.waitForLoadState('networkidle');
      // Let live panels settle (relative times, streams).
      await page.waitForTimeout(300);
      await page.screenshot({ path: `${dir}/${name}-${viewport.name}-${colorScheme}.png`, fullPage: true });
    }
  }
}

test('every page, both sizes, both schemes', async ({ page, browser }) => {
  await signInAsOwner(page);
  const workflowId = await createWorkflowViaApi(page, { ...sumAndBranch, name: 'Screenshot: sum and branch' });
  expect((await page.request.post(`/api/workflows/${workflowId}/activate`, { data: {} })).ok()).toBe(true);
  const run = await page.request.post(`/api/workflows/${workflowId}/run`, {
    data: { input: { body: { a: 7, b: 5 } } },
  });
  const { executionId } = (await run.json()) as { executionId: string };
  await expect
    .poll(
      async () =>
        ((await (await page.request.get(`/api/executions/${executionId}`)).json()) as { status: string }).status,
    )
    .toBe('succeeded');
  expect((await page.request.post(`/api/workflows/${workflowId}/webhooks`, { data: {} })).status()).toBe(201);
  const schedule = await page.request.post(`/api/workflows/${workflowId}/schedules`, {
    data: { cron: '*/5 * * * *', timezone: 'Europe/Berlin' },
  });
  expect(schedule.status()).toBe(201);
  const invite = await page.request.post('/api/users/invites', {
    data: { email: `shot-${Date.now()}@example.test`, name: 'Ivy Invitee' },
  });
  const inviteBody = (await invite.json()) as { url?: string; link?: string; token?: string };

  const pages: Array<[string, string]> = [
    ['workflows', '/'],
    ['executions', '/executions'],
    ['workflow-executions', `/workflows/${workflowId}/executions`],
    ['execution-viewer', `/executions/${executionId}`],
    ['webhooks', `/workflows/${workflowId}/webhooks`],
    ['schedules', `/workflows/${workflowId}/schedules`],
    ['users', '/users'],
    ['audit', '/audit'],
    ['account', '/account'],
    ['workers', '/workers'],
    ['queue', '/queue'],
    ['api-docs', '/api-docs'],
  ];
  for (const [name, path] of pages) await shoot(page, name, path);

  // Signed-out pages in a fresh context.
  const anonymous = await browser.newPage();
  await shoot(anonymous, 'login', '/login');
  const link = inviteBody.url ?? inviteBody.link;
  if (link) await shoot(anonymous, 'invite', new URL(link, 'http://x').pathname);
  await anonymous.close();
});
