// `npm run bench:editor`: opens a 1,000-node / 1,200-edge workflow in the editor (real app,
// Debian's Chromium) and measures how long until it is interactive and how smooth a drag is.
// Prints a Markdown row for docs/benchmarks.md.
import { spawn } from 'node:child_process';
import os from 'node:os';
import { chromium, type Page } from '@playwright/test';
import { freshDatabase } from '../scripts/fresh-database.mjs';
import { chromiumLaunchOptions } from '../e2e/chromium';

const PORT = 3310;
const BASE = `http://127.0.0.1:${PORT}`;
const DB = 'postgresql://postgres@127.0.0.1:5432/weft_bench_editor';
const root = new URL('..', import.meta.url).pathname;
const RUNS = 3;

/** A DAG of `n` nodes: a trigger, a chain of transforms, and extra skip edges up to `edges`. */
export function bigDefinition(n = 1000, edges = 1200) {
  const nodes = [{ id: 'start', type: 'trigger', name: 'Start', position: { x: 0, y: 0 }, parameters: {} }];
  for (let i = 1; i < n; i++) {
    nodes.push({
      id: `t${i}`,
      type: 'transform',
      name: `Step ${i}`,
      position: { x: (i % 40) * 260, y: Math.floor(i / 40) * 160 },
      parameters: { fields: { i: `{{ $input.i + ${i} }}` } } as never,
    });
  }
  const list = [];
  for (let i = 1; i < n; i++) list.push({ id: `c${i}`, source: i === 1 ? 'start' : `t${i - 1}`, target: `t${i}` });
  for (let i = 1; list.length < edges && i + 2 < n; i += 1)
    list.push({ id: `s${i}`, source: `t${i}`, target: `t${i + 2}` });
  return { name: `Big ${n}`, nodes, edges: list };
}

async function waitForServer(): Promise<void> {
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`${BASE}/api/health/live`)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('app did not start');
}

async function main() {
  await freshDatabase(DB, { mustContain: 'bench' });
  const app = spawn(process.execPath, ['scripts/start.mjs'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(PORT),
      DATABASE_URL: DB,
      QUEUE_PREFIX: 'weft_bench_editor',
      LOG_LEVEL: 'warn',
      WEFT_SECRET_KEY: 'bench-secret-key-0123456789abcdef',
    },
    stdio: 'ignore',
    detached: true,
  });
  try {
    await waitForServer();
    const browser = await chromium.launch(chromiumLaunchOptions);
    const context = await browser.newContext({ baseURL: BASE, viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const id = await importBigWorkflow(page);
    const opens: number[] = [];
    const frames: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const measured = await openAndDrag(page, id);
      opens.push(measured.openMs);
      frames.push(...measured.frames);
    }
    await browser.close();
    printRow(opens, frames);
  } finally {
    try {
      process.kill(-app.pid!, 'SIGTERM');
    } catch {
      // already gone
    }
  }
}

/** Sets up the first user and imports bigDefinition(); its id. */
async function importBigWorkflow(page: Page): Promise<string> {
  const setup = await page.request.post('/api/auth/setup', {
    data: { email: 'bench@example.test', password: 'bench password', name: 'Bench' },
  });
  if (!setup.ok()) throw new Error(await setup.text());
  const imported = await page.request.post('/api/workflows/import', { data: bigDefinition() });
  if (imported.status() !== 201) throw new Error(await imported.text());
  return ((await imported.json()) as { id: string }).id;
}

/** One run: open the editor until a click selects a node, then drag that node while recording frame intervals. */
async function openAndDrag(page: Page, id: string): Promise<{ openMs: number; frames: number[] }> {
  const t0 = Date.now();
  await page.goto(`/workflows/${id}`);
  const node = page.locator('.react-flow__node').first();
  await node.waitFor({ state: 'visible', timeout: 60_000 });
  // Interactive = a click on a node selects it.
  await node.click();
  await page.locator('.react-flow__node.selected').first().waitFor({ timeout: 60_000 });
  const openMs = Date.now() - t0;

  // Drag a node 300 px in 30 steps while recording frame intervals.
  // Strings, not functions: tsx's transform would inject helpers the page doesn't have.
  await page.evaluate(
    `(() => {
    window.__frames = []; window.__on = true; window.__last = performance.now();
    const tick = () => { const now = performance.now(); window.__frames.push(now - window.__last); ` +
      `window.__last = now; if (window.__on) requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
  })()`,
  );
  const box = (await node.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  for (let i = 1; i <= 30; i++) await page.mouse.move(box.x + box.width / 2 + i * 10, box.y + box.height / 2 + i * 4);
  await page.mouse.up();
  const frames = (await page.evaluate(
    '(() => { window.__on = false; return window.__frames.slice(1); })()',
  )) as number[];
  return { openMs, frames };
}

function printRow(opens: number[], frames: number[]): void {
  const median = [...opens].sort((a, b) => a - b)[Math.floor(opens.length / 2)]!;
  const sortedFrames = [...frames].sort((a, b) => a - b);
  const p95 = sortedFrames[Math.floor(sortedFrames.length * 0.95)] ?? 0;
  const machine =
    `${os.cpus().length}× ${os.cpus()[0]?.model.trim()}, ${Math.round(os.totalmem() / 2 ** 30)} ` +
    `GiB, Chromium (Debian), headless`;
  console.log(`\nmachine: ${machine}`);
  console.log(
    '| date | graph | open → interactive, median of 3 (ms) | all runs (ms) | drag frame p95 (ms) | drag frame max (ms) |',
  );
  console.log('|---|---|---|---|---|---|');
  console.log(
    `| ${new Date().toISOString().slice(0, 10)} | 1,000 nodes / 1,200 edges | ${median} | ${opens.join(', ')} ` +
      `| ${p95.toFixed(1)} | ${Math.max(...frames).toFixed(1)} |`,
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
