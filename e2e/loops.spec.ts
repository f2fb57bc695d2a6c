import { expect, test, type Page } from '@playwright/test';
import { autoLayout, node, wire } from './canvas';
import { createWorkflowViaApi, signInAsOwner } from './support';

// Loops in the browser: the viewer's iteration picker on a real run, the editor's Loop node
// from the palette with its body/done handles and inspector, and LOOP_BODY on the canvas.
// State is seeded through the API (STYLE.md).

const pos = (x: number, y: number) => ({ x, y });

/** trigger → loop over $input.list ─body→ label ; loop ─done→ total */
const loopWorkflow = {
  name: 'Label each item',
  nodes: [
    { id: 'start', type: 'trigger', name: 'Start', position: pos(0, 0), parameters: {} },
    { id: 'each', type: 'loop', name: 'Each item', position: pos(260, 0), parameters: { items: '{{ $input.list }}' } },
    {
      id: 'label',
      type: 'transform',
      name: 'Label',
      position: pos(520, -90),
      parameters: { fields: { label: '{{ $item.name & "!" }}', twice: '{{ $item.n * 2 }}', at: '{{ $index }}' } },
    },
    {
      id: 'total',
      type: 'transform',
      name: 'Total',
      position: pos(520, 110),
      parameters: { fields: { results: '{{ $input }}', count: '{{ $count($input) }}' } },
    },
  ],
  edges: [
    { id: 'e1', source: 'start', target: 'each' },
    { id: 'e2', source: 'each', sourceHandle: 'body', target: 'label' },
    { id: 'e3', source: 'each', sourceHandle: 'done', target: 'total' },
  ],
};

const LIST = ['a', 'b', 'c', 'd', 'e'].map((c, i) => ({ name: `item-${c}`, n: i + 1 }));

async function run(page: Page, workflowId: string, input: unknown): Promise<string> {
  const res = await page.request.post(`/api/workflows/${workflowId}/run`, { data: { input } });
  expect(res.status()).toBe(202);
  return ((await res.json()) as { executionId: string }).executionId;
}

test.beforeEach(async ({ page }) => {
  await signInAsOwner(page);
});

test('the viewer pages through a loop body node by iteration', async ({ page }) => {
  const workflowId = await createWorkflowViaApi(page, loopWorkflow);
  const id = await run(page, workflowId, { list: LIST });
  await page.goto(`/executions/${id}`);
  await expect(page.getByTestId('execution-status')).toHaveText('succeeded');
  // The body node is coloured and counts its iterations; the loop and what follows ran once.
  await expect(page.locator('[data-testid=node-label][data-status=succeeded]')).toBeVisible();
  await expect(page.getByTestId('node-runs-label')).toHaveText('×5');
  await expect(page.getByTestId('node-runs-each')).toHaveCount(0);
  await expect(page.getByTestId('node-list-label')).toContainText('5 iterations');

  await node(page, 'label').click();
  const panel = page.getByTestId('node-panel');
  const picker = panel.getByTestId('iteration-picker');
  const number = picker.getByLabel('Iteration', { exact: true });
  // Opens on the latest iteration; no tab per iteration.
  await expect(number).toHaveValue('5');
  await expect(picker).toContainText('of 5');
  await expect(panel.getByRole('tab')).toHaveCount(0);
  await expect(panel.getByTestId('step-output')).toContainText('item-e!');

  // Type an iteration number…
  await number.fill('3');
  await expect(panel.getByTestId('iteration-summary')).toContainText('Iteration 3 of 5');
  await expect(panel.getByTestId('iteration-summary')).toContainText('each[2]');
  await expect(panel.getByTestId('step-input')).toContainText('item-c');
  await expect(panel.getByTestId('step-output')).toContainText('item-c!');
  await expect(panel.getByTestId('step-output')).toContainText('twice: 6');
  await expect(panel.getByTestId('step-output')).not.toContainText('item-e');
  await page.screenshot({ path: '/tmp/loops-viewer-iteration-3.png' });

  // …or step with the buttons, and the keyboard (arrows on the number field).
  await picker.getByRole('button', { name: 'Previous iteration' }).click();
  await expect(number).toHaveValue('2');
  await expect(panel.getByTestId('step-output')).toContainText('item-b!');
  await picker.getByRole('button', { name: 'Previous iteration' }).click();
  await expect(picker.getByRole('button', { name: 'Previous iteration' })).toBeDisabled();
  await number.focus();
  await page.keyboard.press('ArrowUp');
  await expect(number).toHaveValue('2');
  await expect(panel.getByTestId('step-output')).toContainText('item-b!');
  await picker.getByRole('button', { name: 'Next iteration' }).click();
  await expect(panel.getByTestId('step-output')).toContainText('item-c!');
  await page.screenshot({ path: 'docs/screenshots/execution-viewer-loop.png' });

  // The loop's own step carries the results in item order.
  await panel.getByRole('button', { name: '← All nodes' }).click();
  await page.getByTestId('node-list-each').click();
  await expect(panel.getByTestId('iteration-picker')).toHaveCount(0);
  await expect(panel.getByTestId('step-output')).toContainText('item-a!');
  await expect(panel.getByTestId('step-output')).toContainText('item-e!');
});

test('a failed iteration colours the body node failed and the panel opens on it', async ({ page }) => {
  const workflowId = await createWorkflowViaApi(page, { ...loopWorkflow, name: 'Label each item (one bad)' });
  // "x" * 2 is a JSONata error: the third iteration fails, and with it the run.
  const list = [...LIST.slice(0, 2), { name: 'item-bad', n: 'x' }, ...LIST.slice(3)];
  const id = await run(page, workflowId, { list });
  await page.goto(`/executions/${id}`);
  await expect(page.getByTestId('execution-status')).toHaveText('failed');
  await expect(page.locator('[data-testid=node-label][data-status=failed]')).toBeVisible();
  await node(page, 'label').click();
  const panel = page.getByTestId('node-panel');
  await expect(panel.getByLabel('Iteration', { exact: true })).toHaveValue('3');
  await expect(panel.getByTestId('step-input')).toContainText('item-bad');
  await expect(panel.getByTestId('step-error')).toBeVisible();
  await page.screenshot({ path: '/tmp/loops-viewer-failed.png' });
});

test('the editor offers Loop: body and done handles, inspector fields, and LOOP_BODY on the canvas', async ({
  page,
}) => {
  const res = await page.request.post('/api/workflows', { data: { name: 'Loop built in the editor' } });
  expect(res.status()).toBe(201);
  const created = (await res.json()) as { id: string; definition: { nodes: { id: string }[] } };
  const trigger = created.definition.nodes[0]!.id;
  await page.goto(`/workflows/${created.id}`);
  await expect(node(page, trigger)).toBeVisible();

  // The palette lists Loop (with its own icon, not the fallback square).
  await page.getByPlaceholder('Search nodes').fill('loop');
  const item = page.getByTestId('palette-loop');
  await expect(item).toContainText('Loop');
  // Lucide names the icon it draws in its class: Loop's is `repeat`, the fallback is `square`.
  await expect(item.locator('svg.lucide-repeat')).toHaveCount(1);
  await page.getByPlaceholder('Search nodes').fill('');

  const pane = page.locator('.react-flow__pane');
  // Top row and left edge: clear of the trigger (centred), the controls and the minimap.
  await item.dragTo(pane, { targetPosition: { x: 120, y: 80 } });
  await page.getByTestId('palette-transform').dragTo(pane, { targetPosition: { x: 380, y: 80 } });
  await page.getByTestId('palette-transform').dragTo(pane, { targetPosition: { x: 620, y: 80 } });
  const loop = node(page, 'loop_1');
  await expect(loop).toBeVisible();
  await autoLayout(page, node(page, trigger));
  for (const h of ['body', 'done', 'error'])
    await expect(loop.locator(`.react-flow__handle.source[data-handleid="${h}"]`)).toBeVisible();
  await expect(loop.locator('.weft-node-out')).toHaveText(['body', 'done', 'error']);
  await expect(loop.locator('[data-handle=body]')).toHaveAttribute('title', /once per item/);

  // The inspector takes an expression for `items`, then `while`, and numbers.
  await loop.click();
  await page.getByLabel('items', { exact: true }).fill('{{ $input.items }}');
  await page.getByLabel('maxIterations', { exact: true }).fill('10');
  await page.getByLabel('concurrency', { exact: true }).fill('2');
  const problems = page.getByTestId('problems-panel');
  await expect(problems).toContainText('loop "loop_1" has no body');

  await wire(page, trigger, 'out', 'loop_1');
  await wire(page, 'loop_1', 'body', 'transform_1');
  await wire(page, 'loop_1', 'done', 'transform_2');
  await expect(page.locator('.react-flow__edge')).toHaveCount(3);
  await autoLayout(page, node(page, trigger));
  // No problems left: the panel goes away.
  await expect(problems).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Save', exact: true })).toBeEnabled();
  await page.mouse.move(0, 400);
  await page.screenshot({ path: '/tmp/loops-editor.png' });

  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByRole('button', { name: 'Save version' }).click();
  await expect(page.getByTestId('save-state')).toHaveText(/^Saved v\d+$/);
  const saved = (await (await page.request.get(`/api/workflows/${created.id}`)).json()) as {
    definition: { nodes: { id: string; parameters: unknown }[] };
  };
  expect(saved.definition.nodes.find((n) => n.id === 'loop_1')?.parameters).toEqual({
    items: '{{ $input.items }}',
    maxIterations: 10,
    concurrency: 2,
  });

  // Switching to a `while` loop: clearing `items` unsets it.
  await loop.click();
  await page.getByLabel('concurrency', { exact: true }).fill('');
  await page.getByLabel('items', { exact: true }).fill('');
  await page.getByLabel('while', { exact: true }).fill('{{ $index < 3 }}');
  await expect(page.getByRole('button', { name: 'Save', exact: true })).toBeEnabled();

  // An edge from the body to what follows the loop leaks out of the body.
  await wire(page, 'transform_1', 'out', 'transform_2');
  await expect(page.locator('.react-flow__edge')).toHaveCount(4);
  await expect(problems).toContainText('leaves the body of loop "loop_1"');
  await expect(page.locator('[data-testid=node-transform_1][data-problems=error]')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Save', exact: true })).toBeDisabled();
  await page.mouse.move(0, 400);
  await page.screenshot({ path: '/tmp/loops-editor-leak.png' });
});

test('inside a loop body the inspector previews expressions with the last run’s $item and $index', async ({ page }) => {
  const workflowId = await createWorkflowViaApi(page, { ...loopWorkflow, name: 'Label each item (preview)' });
  const id = await run(page, workflowId, { list: LIST });
  await expect
    .poll(async () => ((await (await page.request.get(`/api/executions/${id}`)).json()) as { status: string }).status)
    .toBe('succeeded');
  await page.goto(`/workflows/${workflowId}`);
  await node(page, 'label').click();
  // (Stored as jsonb, the fields come back shortest key first: at, label, twice.)
  const value = page.getByLabel('fields value 2');
  await expect(value).toHaveValue('{{ $item.name & "!" }}');
  // The latest iteration is the fifth: $index 4, $item item-e.
  await value.fill('{{ $item.name & " #" & $index }}');
  await expect(value.locator('xpath=..').locator('.expr-preview')).toContainText('"item-e #4"');
  await page.screenshot({ path: '/tmp/loops-editor-preview.png' });
});
