// `npm run bench`: throughput of manual-run executions on the real stack (Postgres, Redis,
// BullMQ worker processes). Prints a Markdown table row for docs/benchmarks.md.
//
//   npm run bench -- --executions 1000 --workers 1 --concurrency 16
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { freshDatabase } from '../scripts/fresh-database.mjs';
import { createPrismaClient, PrismaExecutionCreator } from '@weft/db';
import { startExecution, WorkflowDefinition } from '@weft/engine';
import { BullJobQueue, createRedis } from '@weft/queue';

const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const EXECUTIONS = arg('executions', 1000);
const WORKERS = arg('workers', 1);
const CONCURRENCY = arg('concurrency', 16);
const DB = 'postgresql://postgres@127.0.0.1:5432/weft_bench';
const REDIS = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const PREFIX = `weft-bench-${randomUUID().slice(0, 8)}`;
const root = new URL('..', import.meta.url).pathname;

async function main() {
  await freshDatabase(DB, { mustContain: 'bench' });

  const prisma = createPrismaClient(DB, { max: 10 });
  const redis = createRedis(REDIS, 'worker');
  const queue = new BullJobQueue(redis, { prefix: PREFIX });
  const definition = WorkflowDefinition.parse({
    name: 'bench: trigger → transform → if',
    nodes: [
      { id: 'start', type: 'trigger', parameters: {} },
      { id: 'sum', type: 'transform', parameters: { fields: { sum: '{{ $input.a + $input.b }}' } } },
      { id: 'big', type: 'if', parameters: { condition: '{{ $input.sum > 10 }}' } },
    ],
    edges: [
      { id: 'e1', source: 'start', target: 'sum' },
      { id: 'e2', source: 'sum', target: 'big' },
    ],
  });
  const wf = await prisma.workflow.create({ data: { name: definition.name, versions: { create: { version: 1, definition: definition as never } } }, include: { versions: true } });

  const workers: ChildProcess[] = [];
  for (let i = 0; i < WORKERS; i++) {
    workers.push(
      spawn(process.execPath, [...(process.argv.includes('--profile') ? ['--cpu-prof', '--cpu-prof-dir=bench/profiles'] : []), '--import', 'tsx', 'apps/worker/src/main.ts'], {
        cwd: root,
        env: { ...process.env, DATABASE_URL: DB, REDIS_URL: REDIS, QUEUE_PREFIX: PREFIX, WORKER_CONCURRENCY: String(CONCURRENCY), LOG_LEVEL: 'warn', NODE_ENV: 'production', WEFT_SECRET_KEY: 'bench-secret-key-0123456789abcdef' },
        stdio: ['ignore', 'inherit', 'inherit'],
      }),
    );
  }
  await new Promise((r) => setTimeout(r, 3000)); // let workers connect

  const creator = new PrismaExecutionCreator(prisma);
  const t0 = performance.now();
  const submitters = 8;
  let next = 0;
  await Promise.all(
    Array.from({ length: submitters }, async () => {
      while (next < EXECUTIONS) {
        const i = next++;
        await startExecution(
          { executions: creator, queue },
          { workflowId: wf.id, workflowVersionId: wf.versions[0]!.id, version: 1, trigger: 'manual', triggerData: { a: i, b: 5 }, definition },
        );
      }
    }),
  );
  const tSubmitted = performance.now();
  for (;;) {
    const done = await prisma.execution.count({ where: { workflowId: wf.id, status: { in: ['succeeded', 'failed'] } } });
    if (done >= EXECUTIONS) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const tDone = performance.now();
  const failed = await prisma.execution.count({ where: { workflowId: wf.id, status: 'failed' } });
  const durations = await prisma.execution.findMany({ where: { workflowId: wf.id }, select: { durationMs: true } });
  const sorted = durations.map((d) => d.durationMs ?? 0).sort((a, b) => a - b);
  const p = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

  for (const w of workers) w.kill('SIGTERM');
  await queue.close();
  await redis.quit();
  await prisma.$disconnect();

  const seconds = (tDone - t0) / 1000;
  const machine = `${os.cpus().length}× ${os.cpus()[0]?.model.trim()}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  console.log(`\nmachine: ${machine}`);
  console.log(`| date | executions | workers × concurrency | submit (s) | total (s) | executions/s | node runs/s | p50 / p95 run (ms) | failed |`);
  console.log(`|---|---|---|---|---|---|---|---|---|`);
  console.log(
    `| ${new Date().toISOString().slice(0, 10)} | ${EXECUTIONS} (3 nodes each) | ${WORKERS} × ${CONCURRENCY} | ${((tSubmitted - t0) / 1000).toFixed(1)} | ${seconds.toFixed(1)} | ${(EXECUTIONS / seconds).toFixed(0)} | ${((EXECUTIONS * 3) / seconds).toFixed(0)} | ${p(0.5)} / ${p(0.95)} | ${failed} |`,
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
