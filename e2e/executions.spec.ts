import sumAndBranch from '../test/fixtures/sum-and-branch.json' with { type: 'json' };
import { expect, test, type Page } from '@playwright/test';
import { createWorkflowViaApi, signInAsOwner } from './support';

// The executions list and viewer, on the real stack (web + worker). State is seeded
// through the API with the browser's session (STYLE.md).

const failingHttp = {
  name: 'Calls a closed port',
  nodes: [
    { id: 'start', type: 'trigger', name: 'Start', position: { x: 0, y: 0 }, parameters: {} },
    {
      id: 'call',
      type: 'http',
      name: 'Call API',
      position: { x: 260, y: 0 },
      parameters: { method: 'GET', url: 'http://127.0.0.1:1/' },
      // One attempt: the run fails at once instead of backing off for seconds.
      settings: { retry: { maxRetries: 0 } },
    },
  ],
  edges: [{ id: 'e1', source: 'start', target: 'call' }],
};

async function run(page: Page, workflowId: string, input: unknown): Promise<string> {
  const res = await page.request.post(`/api/workflows/${workflowId}/run`, { data: { input } });
  expect(res.status()).toBe(202);
  return ((await res.json()) as { executionId: string }).executionId;
}

test.describe.configure({ mode: 'serial' });

let succeededId = '';
let failedId = '';
let sumWorkflowId = '';

test.beforeEach(async ({ page }) => {
  await signInAsOwner(page);
});

test('the viewer shows a succeeded run: coloured graph, node output, timeline', async ({ page }) => {
  sumWorkflowId = await createWorkflowViaApi(page, sumAndBranch);
  succeededId = await run(page, sumWorkflowId, { body: { a: 7, b: 5 } });

  await page.goto(`/executions/${succeededId}`);
  // Live updates (SSE, or polling) carry the run to its end without a reload.
  await expect(page.getByTestId('execution-status')).toHaveText('succeeded');
  await expect(page.getByRole('heading', { name: 'Sum and branch' })).toBeVisible();
  await expect(page.locator('[data-testid=node-yes][data-status=succeeded]')).toBeVisible();
  await expect(page.locator('[data-testid=node-no][data-status=skipped]')).toBeVisible();
  for (const node of ['start', 'sum', 'big', 'yes']) {
    await expect(page.getByTestId(`timeline-bar-${node}`)).toHaveAttribute('data-status', 'succeeded');
  }
  await expect(page.getByTestId('timeline-bar-no')).toHaveAttribute('data-status', 'skipped');

  await page.getByTestId('node-sum').click();
  const panel = page.getByTestId('node-panel');
  await expect(panel.getByRole('heading', { name: /Sum/ })).toBeVisible();
  await expect(panel.getByTestId('step-output')).toContainText('12');
  await expect(panel.getByTestId('step-input')).toContainText('body');

  // A timeline bar selects its node too; "All nodes" goes back to the list.
  await page.getByTestId('timeline-bar-big').click();
  await expect(panel.getByRole('heading', { name: /Big\?/ })).toBeVisible();
  // Graph nodes open from the keyboard too.
  await page.locator('.react-flow__node[data-id="yes"]').focus();
  await page.keyboard.press('Enter');
  await expect(panel.getByRole('heading', { name: /Yes/ })).toBeVisible();
  await page.getByTestId('node-sum').click();
  await page.screenshot({ path: 'docs/screenshots/execution-viewer.png' });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: 'docs/screenshots/execution-viewer-dark.png' });
  await page.emulateMedia({ colorScheme: 'light' });

  await panel.getByRole('button', { name: '← All nodes' }).click();
  await expect(page.getByTestId('node-list-no')).toContainText('skipped');
});

test('the viewer shows a failed run: the execution error and the node error', async ({ page }) => {
  const workflowId = await createWorkflowViaApi(page, failingHttp);
  failedId = await run(page, workflowId, {});

  await page.goto(`/executions/${failedId}`);
  await expect(page.getByTestId('execution-status')).toHaveText('failed');
  const error = page.getByTestId('execution-error');
  await expect(error).toContainText(/SANDBOX_VIOLATION|NETWORK_ERROR/);
  await expect(page.locator('[data-testid=node-call][data-status=failed]')).toBeVisible();

  // The failing node in the error is a way into that node's details.
  await error.getByRole('button', { name: /in node call/ }).click();
  const panel = page.getByTestId('node-panel');
  await expect(panel.getByTestId('step-error')).toContainText(/SANDBOX_VIOLATION|NETWORK_ERROR/);
  await expect(panel).toContainText('Attempt 1 — failed');
  await page.screenshot({ path: 'docs/screenshots/execution-viewer-failed.png' });
});

test('the viewer follows a running execution live: retries appear as attempts', async ({ page }) => {
  // An unresolvable host is a retryable NETWORK_ERROR: with two fixed 3 s backoffs the run
  // stays "running" for ~6 s, long enough to watch it change without reloading even when a
  // loaded machine delays the stream's first changes (1.5 s backoffs once ended before them).
  const workflowId = await createWorkflowViaApi(page, {
    ...failingHttp,
    name: 'Retries then fails',
    nodes: [
      failingHttp.nodes[0],
      {
        ...failingHttp.nodes[1],
        parameters: { method: 'GET', url: 'http://weft-e2e.invalid/' },
        settings: { retry: { maxRetries: 2, backoffMs: 3000, backoffType: 'fixed' } },
      },
    ],
  });
  // The viewer reads the execution once, then streams only the changes after what it read.
  const streamed = page.waitForRequest((req) => /\/events\?lastEventId=\d+$/.test(req.url()));
  const id = await run(page, workflowId, {});
  await page.goto(`/executions/${id}`);
  await expect(page.getByTestId('execution-status')).toHaveText(/queued|running/);
  await streamed;
  // Between attempts the node is running (a retry waiting out its backoff), not failed.
  // (Both at once: the backoffs last about 6 s.)
  await Promise.all([
    expect(page.locator('[data-testid=node-call][data-status=running]')).toBeVisible({ timeout: 10_000 }),
    expect(page.getByTestId('node-list-call')).toContainText('running', { timeout: 10_000 }),
  ]);
  await page.getByTestId('node-list-call').click();

  await expect(page.getByTestId('execution-status')).toHaveText('failed', { timeout: 20_000 });
  await expect(page.getByTestId('timeline-bar-call')).toHaveCount(3);
  const tabs = page.getByTestId('node-panel').getByRole('tab');
  await expect(tabs).toHaveText(['Attempt 1 — failed', 'Attempt 2 — failed', 'Attempt 3 — failed']);
  await expect(page.getByTestId('execution-error')).toContainText('NETWORK_ERROR');

  // Tabs are keyboard-operable: arrow keys move between attempts.
  await tabs.nth(2).focus();
  await page.keyboard.press('ArrowLeft');
  await expect(tabs.nth(1)).toHaveAttribute('aria-selected', 'true');
  await expect(tabs.nth(1)).toBeFocused();
});

test('the list filters by status, keeps the filter in the URL and opens the viewer', async ({ page }) => {
  await page.goto('/executions');
  await expect(page.getByRole('heading', { name: 'Executions' })).toBeVisible();
  const rows = page.getByTestId('execution-row');
  await expect(rows.filter({ hasText: 'Calls a closed port' })).toHaveCount(1);
  // (auth.spec runs the same example too, so there may be more than one.)
  await expect(rows.filter({ hasText: 'Sum and branch' }).first()).toBeVisible();
  await expect(rows.filter({ hasText: 'Nightly report' })).toHaveCount(1);

  await page.screenshot({ path: 'test-results/screenshots/executions-list.png' });
  await page.getByTestId('status-filter-failed').click();
  await expect(page).toHaveURL(/[?&]status=failed/);
  await expect(rows.filter({ hasText: 'Sum and branch' })).toHaveCount(0);
  await expect(rows.filter({ hasText: 'Calls a closed port' })).toHaveCount(1);
  for (const status of await rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-status'))))
    expect(status).toBe('failed');

  // The filter survives a reload.
  await page.reload();
  await expect(page.getByTestId('status-filter-failed')).toHaveAttribute('aria-pressed', 'true');
  await expect(rows.filter({ hasText: 'Sum and branch' })).toHaveCount(0);

  // Nothing matches "canceled" alone: the empty state offers to clear the filter.
  await page.getByTestId('status-filter-failed').click();
  await page.getByTestId('status-filter-canceled').click();
  await expect(page.getByTestId('executions-empty')).toContainText('No executions match this filter');
  await page.getByRole('button', { name: 'Clear filter' }).click();
  await expect(page).not.toHaveURL(/status=/);

  // Per-workflow list: only that workflow's runs; a row opens the viewer.
  await page.goto(`/workflows/${sumWorkflowId}/executions`);
  await expect(page.getByRole('heading', { name: 'Executions of Sum and branch' })).toBeVisible();
  await expect(rows).toHaveCount(1);
  await rows.first().click();
  await expect(page).toHaveURL(new RegExp(`/executions/${succeededId}$`));
  await expect(page.getByTestId('execution-status')).toHaveText('succeeded');
});
