// A focused timing of the hot path's checkpoint statement (PgExecutionStore.checkpoint) on
// real Postgres: one execution, acquired once, then N checkpoints of K pure steps each, as a
// long pure chain writes them; the same again for 1-step checkpoints (a side-effect node
// each). Prints mean / p50 / p99 per checkpoint. For before/after comparisons of a change to
// the checkpoint SQL; `npm run bench` is the end-to-end figure.
//
//   node --import tsx bench/checkpoint-timing.ts [--checkpoints 2000] [--steps 10] [--rounds 3]
//   (BENCH_DATABASE_URL, default postgresql://postgres@127.0.0.1:5432/weft_bench_checkpoint)
import { WorkflowDefinition } from '@weft/engine';
import { newExecutionState, type StepRecord } from '@weft/engine/adapter';
import { createPgPool, PgExecutionStore } from '@weft/db';
import { freshDatabase } from '../scripts/fresh-database.mjs';
import { runMain } from './entry';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const CHECKPOINTS = arg('checkpoints', 2000);
const STEPS = arg('steps', 10);
const ROUNDS = arg('rounds', 3);
const url = process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/weft_bench_checkpoint';

const definition = WorkflowDefinition.parse({
  name: 'checkpoint timing',
  nodes: [
    { id: 'start', type: 'trigger', name: 'Start', position: { x: 0, y: 0 }, parameters: {} },
    { id: 'a', type: 'transform', name: 'A', position: { x: 200, y: 0 }, parameters: { fields: { x: '{{ 1 }}' } } },
  ],
  edges: [{ id: 'e1', source: 'start', target: 'a' }],
});

async function main(): Promise<void> {
  await freshDatabase(url, { mustContain: 'bench' });
  const pool = createPgPool(url, { max: 2 });
  const store = new PgExecutionStore(pool);
  try {
    const { rows: wf } = await pool.query<{ id: string; vid: string }>(
      `WITH w AS (INSERT INTO workflows (id, name, "updatedAt") VALUES (gen_random_uuid(), 'timing', now()) RETURNING id)
       INSERT INTO workflow_versions (id, "workflowId", version, definition) SELECT gen_random_uuid(), w.id, 1, ` +
        `$1::jsonb FROM w RETURNING "workflowId" AS id, id AS vid`,
      [JSON.stringify(definition)],
    );
    const stored = JSON.stringify(newExecutionState(definition));
    const results: string[] = [];
    for (const steps of [STEPS, 1]) {
      for (let round = 0; round < ROUNDS; round++) {
        const times = await timeCheckpoints(pool, store, { ...wf[0]!, stored }, steps);
        times.sort((a, b) => a - b);
        const mean = times.reduce((s, x) => s + x, 0) / times.length;
        results.push(
          `| ${steps} | ${round + 1} | ${mean.toFixed(3)} | ${times[Math.floor(times.length / 2)]!.toFixed(3)} | ` +
            `${times[Math.floor(times.length * 0.99)]!.toFixed(3)} |`,
        );
      }
    }
    console.log(
      `\n${CHECKPOINTS} checkpoints per round\n\n| steps per checkpoint | round | mean ms | p50 ms | p99 ms ` +
        `|\n|---|---|---|---|---|\n${results.join('\n')}`,
    );
  } finally {
    await pool.end();
  }
}

/** One round: a fresh execution, leased, then CHECKPOINTS checkpoints of `steps` steps each; the ms each took. */
async function timeCheckpoints(
  pool: ReturnType<typeof createPgPool>,
  store: PgExecutionStore,
  wf: { id: string; vid: string; stored: string },
  steps: number,
): Promise<number[]> {
  const { rows } = await pool.query<{ id: string }>(
    `INSERT INTO executions (id, "workflowId", "workflowVersionId", version, trigger, "triggerData", ` +
      `state) VALUES (gen_random_uuid(), $1, $2, 1, 'manual', '{}', $3::jsonb) RETURNING id::text AS id`,
    [wf.id, wf.vid, wf.stored],
  );
  const id = rows[0]!.id;
  const acquired = await store.acquire(id, 'timing', 600_000);
  if (acquired.kind !== 'acquired') throw new Error(`acquire: ${acquired.kind}`);
  const times: number[] = [];
  let n = 0;
  for (let c = 0; c < CHECKPOINTS; c++) {
    const batch: StepRecord[] = Array.from({ length: steps }, () => {
      const at = new Date();
      return {
        nodeId: 'a',
        scope: `each[${n++}]`,
        attempt: 1,
        status: 'succeeded',
        input: { i: n },
        output: { x: n, text: 'payload' },
        error: null,
        startedAt: at,
        finishedAt: at,
      };
    });
    const t = performance.now();
    const ok = await store.checkpoint(
      id,
      acquired.run.fence,
      { steps: batch, state: acquired.run.execution.state, nodesExecuted: steps, release: false },
      600_000,
    );
    times.push(performance.now() - t);
    if (!ok) throw new Error('checkpoint lost');
  }
  return times;
}

runMain(main);
