import sumAndBranch from '../test/fixtures/sum-and-branch.json' with { type: 'json' };
import { expect, test, type Page } from '@playwright/test';
import { node } from './canvas';
import { createWorkflowViaApi, signInAsOwner } from './support';

// The editor's toolbar keeps Save on screen at 1280×800 in every state it can be in, on one
// row; a phone gets a clear "needs a wider screen" message instead of a broken canvas.
// SHOTS_DIR=<dir> also saves a light and a dark screenshot of each state there.

const SHOTS_DIR = process.env.SHOTS_DIR;

async function shoot(page: Page, state: string): Promise<void> {
  if (!SHOTS_DIR) return;
  await page.mouse.move(0, 400);
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    const { width } = page.viewportSize() ?? { width: 0 };
    await page.screenshot({ path: `${SHOTS_DIR}/editor-${width}-${state}-${scheme}.png` });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

/** Save lies wholly inside the viewport, is the element actually drawn there, and the toolbar is one row. */
async function expectSaveOnScreen(page: Page, state: string): Promise<void> {
  const toolbar = page.getByRole('toolbar', { name: 'Workflow' });
  const saveButton = toolbar.getByRole('button', { name: 'Save', exact: true });
  await expect(saveButton, state).toBeVisible();
  const box = await saveButton.boundingBox();
  const viewport = page.viewportSize();
  if (!box || !viewport) throw new Error('no box');
  expect.soft(box.x, state).toBeGreaterThanOrEqual(0);
  expect.soft(box.x + box.width, state).toBeLessThanOrEqual(viewport.width);
  expect.soft(box.y + box.height, state).toBeLessThanOrEqual(viewport.height);
  // Not clipped by an ancestor's overflow: the button is what is drawn at its centre.
  const onTop = await saveButton.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return hit !== null && el.contains(hit);
  });
  expect.soft(onTop, `${state}: Save is covered or clipped`).toBe(true);
  // One row: every visible item of the toolbar starts on the same line.
  const tops = await toolbar.evaluate((el) =>
    [...el.children]
      .map((c) => c.getBoundingClientRect())
      .filter((r) => r.width > 0 && r.height > 0)
      .map((r) => Math.round(r.top + r.height / 2)),
  );
  expect.soft(Math.max(...tops) - Math.min(...tops), `${state}: the toolbar wraps`).toBeLessThanOrEqual(2);
  expect
    .soft(await toolbar.evaluate((el) => el.scrollWidth <= el.clientWidth), `${state}: the toolbar overflows`)
    .toBe(true);
}

test.beforeEach(async ({ page }) => {
  await signInAsOwner(page);
});

test('Save stays on screen in every toolbar state at 1280×800', async ({ page }) => {
  const id = await createWorkflowViaApi(page, {
    ...sumAndBranch,
    name: 'A workflow with a rather long name for the toolbar',
  });
  await page.goto(`/workflows/${id}`);
  await expect(node(page, 'big')).toBeVisible();
  await expectSaveOnScreen(page, 'inactive');
  await shoot(page, 'inactive');

  // Saving twice gives v2 and v3, so the active tag reads "active v3" as in the issue.
  for (const threshold of [11, 12]) {
    await node(page, 'big').click();
    await page.getByLabel('condition').fill(`{{ $input.sum > ${threshold} }}`);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('button', { name: 'Save version' }).click();
    await expect(page.getByTestId('save-state')).toHaveText(`Saved v${threshold - 9}`);
  }
  await page.getByRole('button', { name: 'Activate', exact: true }).click();
  await expect(page.getByTestId('active-version')).toHaveText('active v3');
  await expectSaveOnScreen(page, 'active');
  await shoot(page, 'active');

  await page.getByLabel('condition').fill('{{ $input.sum > 13 }}');
  await expect(page.getByTestId('save-state')).toHaveText('Unsaved changes');
  await expectSaveOnScreen(page, 'active-unsaved');
  await shoot(page, 'active-unsaved');

  await page.getByRole('button', { name: 'Versions', exact: true }).click();
  const drawer = page.getByRole('complementary', { name: 'Versions' });
  await drawer.locator('.version-item').filter({ hasText: 'v1' }).click();
  await expect(page.getByText('Viewing v1 — read-only')).toBeVisible();
  await expectSaveOnScreen(page, 'read-only');
  await shoot(page, 'read-only');
  await page.locator('.version-banner').getByRole('button', { name: /back/i }).click();
  await expect(page.getByText('Viewing v1 — read-only')).toHaveCount(0);
  await page.getByRole('button', { name: 'Versions', exact: true }).click();

  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await page.getByLabel('Input (JSON)').fill('{"body":{"a":7,"b":5}}');
  await page.getByRole('dialog').getByRole('button', { name: 'Run' }).click();
  await expect(page.getByTestId('live-bar')).toBeVisible();
  await expectSaveOnScreen(page, 'running');
  await expect(page.getByTestId('live-bar')).toContainText('succeeded');
  await shoot(page, 'running');
});

test('at 390×844 the editor says it needs a wider screen and links back to the list', async ({ page }) => {
  const id = await createWorkflowViaApi(page, { ...sumAndBranch, name: 'On a phone' });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`/workflows/${id}`);
  await shoot(page, 'phone');
  const message = page.getByRole('status').filter({ hasText: 'needs a wider screen' });
  await expect(message).toBeVisible();
  await expect(page.locator('.react-flow')).toHaveCount(0);
  const box = await message.boundingBox();
  expect(box && box.x >= 0 && box.x + box.width <= 390).toBe(true);
  await message.getByRole('link', { name: 'Back to workflows' }).click();
  await expect(page).toHaveURL(/\/$/);
});
