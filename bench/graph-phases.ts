// Phases c (fan-out/fan-in: 100 parallel transforms into a merge) and d (loops), each a
// generated workflow started by manual runs (POST /api/workflows/:id/run), one at a time.
// Figures: the execution's own durationMs (started → finished, as the worker records it)
// and end to end (the run request sent → finishedAt; same machine, same clock).
import type { Context } from './context';
import { waitFinished } from './executions';
import { median } from './report';

const at = (x: number) => ({ x, y: 0 });

export function fanOutDefinition(width = 100) {
  const nodes: unknown[] = [{ id: 'start', type: 'trigger', name: 'Start', position: at(0), parameters: {} }];
  const edges: unknown[] = [];
  for (let i = 1; i <= width; i++) {
    nodes.push({
      id: `t${i}`,
      type: 'transform',
      name: `T${i}`,
      position: { x: 240, y: i * 80 },
      parameters: { fields: { v: `{{ $input.x + ${i} }}` } },
    });
    edges.push({ id: `a${i}`, source: 'start', target: `t${i}` }, { id: `b${i}`, source: `t${i}`, target: 'merge' });
  }
  nodes.push(
    { id: 'merge', type: 'merge', name: 'Merge', position: at(480), parameters: { mode: 'append' } },
    {
      id: 'out',
      type: 'respond',
      name: 'Out',
      position: at(720),
      parameters: { body: "{{ { 'n': $count($input) } }}" },
    },
  );
  edges.push({ id: 'm', source: 'merge', target: 'out' });
  return { name: `bench c: fan-out ${width}`, nodes, edges };
}

/** trigger → loop(items) —body→ 3 transforms; loop —done→ respond. */
export function loopDefinition(iterations: number, concurrency?: number) {
  const loop: Record<string, unknown> = { items: `{{ [1..${iterations}] }}` };
  if (concurrency) loop.concurrency = concurrency;
  const t = (id: string, expr: string, x: number) => ({
    id,
    type: 'transform',
    name: id,
    position: { x, y: 120 },
    parameters: { fields: { v: expr } },
  });
  return {
    name: `bench d: loop ${iterations}${concurrency ? ` × ${concurrency}` : ''}`,
    nodes: [
      { id: 'start', type: 'trigger', name: 'Start', position: at(0), parameters: {} },
      { id: 'loop', type: 'loop', name: 'Loop', position: at(240), parameters: loop },
      t('b1', '{{ $item * 2 }}', 480),
      t('b2', '{{ $input.v + 1 }}', 720),
      t('b3', '{{ $input.v + $index }}', 960),
      {
        id: 'out',
        type: 'respond',
        name: 'Out',
        position: at(480),
        parameters: { body: "{{ { 'n': $count($input) } }}" },
      },
    ],
    edges: [
      { id: 'e1', source: 'start', target: 'loop' },
      { id: 'e2', source: 'loop', sourceHandle: 'body', target: 'b1' },
      { id: 'e3', source: 'b1', target: 'b2' },
      { id: 'e4', source: 'b2', target: 'b3' },
      { id: 'e5', source: 'loop', sourceHandle: 'done', target: 'out' },
    ],
  };
}

interface Runs {
  durations: number[];
  endToEnd: number[];
  steps: number;
  problem?: string;
}

/** Runs `workflowId` `runs` times in a row; stops at the first run that fails or is wrong. */
async function runRepeatedly(
  ctx: Context,
  workflowId: string,
  runs: number,
  capMs: number,
  expectN: number,
): Promise<Runs> {
  const out: Runs = { durations: [], endToEnd: [], steps: 0 };
  for (let i = 0; i < runs; i++) {
    const sentAt = Date.now();
    const { executionId } = await ctx.api.post<{ executionId: string }>(`/api/workflows/${workflowId}/run`, {
      input: { x: 1 },
    });
    const done = await waitFinished(ctx.db, executionId, capMs);
    if (!done) return { ...out, problem: `execution ${executionId} not finished within ${capMs / 1000} s` };
    const n = (done.output as { n?: unknown } | null)?.n;
    if (done.status !== 'succeeded' || n !== expectN)
      return {
        ...out,
        problem: `execution ${executionId} ${done.status}, output ${JSON.stringify(done.output)?.slice(0, 200)}`,
      };
    out.durations.push(done.durationMs ?? NaN);
    out.endToEnd.push(done.finishedAt!.getTime() - sentAt);
    out.steps = done.steps;
  }
  return out;
}

function addRuns(ctx: Context, phase: string, key: string, runs: Runs): void {
  const { report } = ctx;
  report.data[key] = runs;
  if (runs.durations.length) {
    const n = runs.durations.length;
    report.add(phase, `execution durationMs, median of ${n}`, median(runs.durations));
    report.add(phase, `end to end (ms), median of ${n}`, median(runs.endToEnd));
    report.add(phase, 'all runs durationMs · steps recorded', `${runs.durations.join(', ')} · ${runs.steps}`);
  }
  if (runs.problem) {
    report.add(phase, 'error', runs.problem);
    report.problem(key, runs.problem);
  }
}

export async function fanOutPhase(ctx: Context): Promise<void> {
  const id = await ctx.api.deploy(fanOutDefinition(100));
  const runs = await runRepeatedly(ctx, id, ctx.opts.fanoutRuns, ctx.opts.quick ? 60_000 : 300_000, 100);
  addRuns(ctx, 'c. fan-out/fan-in (100 transforms → merge)', 'c', runs);
}

export async function loopPhase(ctx: Context): Promise<void> {
  const types = await ctx.api.get<{ items: { type: string }[] }>('/api/node-types');
  if (!types.items.some((t) => t.type === 'loop')) {
    ctx.report.add('d. loop', 'durationMs', 'n/a (no loop node)');
    return;
  }
  const cap = ctx.opts.quick ? 120_000 : 600_000;
  for (const [iterations, concurrency, runs] of [
    [1_000, undefined, ctx.opts.loopRuns],
    [10_000, 10, 1],
  ] as const) {
    const phase = `d. loop ${iterations.toLocaleString('en-US')} × 3 nodes${concurrency ? `, concurrency ${concurrency}` : ''}`;
    let id: string;
    try {
      id = await ctx.api.deploy(loopDefinition(iterations, concurrency));
    } catch (err) {
      addRuns(ctx, phase, `d${iterations}`, {
        durations: [],
        endToEnd: [],
        steps: 0,
        problem: `import failed: ${(err as Error).message}`,
      });
      continue;
    }
    addRuns(ctx, phase, `d${iterations}`, await runRepeatedly(ctx, id, runs, cap, iterations));
  }
}
