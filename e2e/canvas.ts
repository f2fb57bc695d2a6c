import { expect, type Locator, type Page } from '@playwright/test';

// Canvas helpers shared by the editor specs: find a node, wire handles with the real mouse,
// auto-layout and wait for the view to settle.

export const node = (page: Page, id: string) => page.getByTestId(`node-${id}`);

export async function centre(l: Locator): Promise<{ x: number; y: number }> {
  const b = await l.boundingBox();
  if (!b) throw new Error('element has no box');
  return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
}

/** Drags from a node's output handle to another node's input handle. */
export async function wire(page: Page, from: string, handle: string, to: string): Promise<void> {
  const a = await centre(node(page, from).locator(`.react-flow__handle.source[data-handleid="${handle}"]`));
  const b = await centre(node(page, to).locator('.react-flow__handle.target'));
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 });
  await page.mouse.move(b.x, b.y, { steps: 5 });
  await page.mouse.up();
}

/** Auto-layout, then wait until the view has stopped moving (it fits the view after laying out). */
export async function autoLayout(page: Page, anchor: Locator): Promise<void> {
  await page.getByRole('button', { name: 'Auto-layout' }).click();
  let last = '';
  await expect
    .poll(
      async () => {
        const now = JSON.stringify(await anchor.boundingBox());
        const still = now === last;
        last = now;
        return still;
      },
      { intervals: [100] },
    )
    .toBe(true);
}
