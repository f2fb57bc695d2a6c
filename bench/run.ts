// `npm run bench`: Weft's performance figures on the real stack, loopback only. Starts its
// own web + worker processes on a fresh `weft_bench` database, sets everything up through
// the HTTP API, runs phases a–f (docs/benchmarks.md), prints one Markdown table and writes
// it as JSON to test-results/. Exits 1 when an execution was lost, failed or incomplete.
//
//   npm run bench                       all phases, full length (phase e's 100k executions
//                                       dominate: 100k ÷ completed/s, capped at an hour)
//   npm run bench -- --quick            ~5 s phases, small counts: a smoke run
//   npm run bench -- --only a,b         pick phases (a b c d e f)
//   options: --seconds N --connections N --rates 50,200,500 --max-sockets N --timeout-ms N
//            --drain-seconds N --fanout-runs N --loop-runs N --mem-executions N --mem-rate N
//            --mem-max-seconds N --port N --build auto|always|never --node-red URL --workers N
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { connect } from './api';
import { startApp, type App } from './app';
import type { Context, Options } from './context';
import { database } from './executions';
import { fanOutPhase, loopPhase } from './graph-phases';
import { memoryPhase } from './memory-phase';
import { header, renderTable, Report, writeJson } from './report';
import { asyncPhase, syncPhase, warmUp } from './webhook-phases';
import { runMain } from './entry';

const root = fileURLToPath(new URL('..', import.meta.url));
const PHASES = ['a', 'b', 'c', 'd', 'e', 'f'];

function parseOptions(argv: string[]): Options {
  const value = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const quick = argv.includes('--quick');
  const num = (name: string, full: number, short = full) => {
    const v = value(name);
    const n = v === undefined ? (quick ? short : full) : Number(v);
    if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a number ≥ 0, got ${v}`);
    return n;
  };
  const only = new Set(
    (value('only') ?? PHASES.join(','))
      .split(',')
      .map((s) => s.trim().toLowerCase())
      .filter(Boolean),
  );
  for (const p of only)
    if (!PHASES.includes(p)) throw new Error(`--only: unknown phase "${p}" (phases: ${PHASES.join(', ')})`);
  const build = value('build') ?? 'auto';
  if (build !== 'auto' && build !== 'always' && build !== 'never')
    throw new Error('--build must be auto, always or never');
  return {
    quick,
    only,
    seconds: num('seconds', 60, 5),
    connections: num('connections', 50),
    rates: (value('rates') ?? '50,200,500')
      .split(',')
      .map(Number)
      .filter((n) => n > 0),
    maxSockets: num('max-sockets', 256),
    timeoutMs: num('timeout-ms', 10_000),
    drainSeconds: num('drain-seconds', 300, 60),
    fanoutRuns: num('fanout-runs', 5, 3),
    loopRuns: num('loop-runs', 3, 1),
    memExecutions: num('mem-executions', 100_000, 5_000),
    memRate: num('mem-rate', 0),
    memMaxSeconds: num('mem-max-seconds', 3_600, 30),
    port: num('port', 3200),
    build,
    nodeRedUrl: value('node-red') ?? 'http://127.0.0.1:1880/bench',
    workers: Math.max(1, num('workers', 1)),
  };
}

/** Phase f: the existing editor bench (its own app and database), its figures parsed from its row. */
async function editorPhase(report: Report, opts: Options): Promise<void> {
  const ph = 'f. editor (1,000 nodes / 1,200 edges)';
  const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(chromium)) {
    report.add(ph, 'open → interactive (ms)', `n/a (no Chromium at ${chromium}; set CHROMIUM_PATH)`);
    return;
  }
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/editor.ts'], {
    cwd: root,
    // Reuse our production build instead of rebuilding into apps/web/.next (the e2e build).
    env: { ...process.env, NEXT_DIST_DIR: '.next-bench' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const kill = setTimeout(() => child.kill('SIGTERM'), opts.quick ? 300_000 : 900_000);
  const code = await new Promise<number | null>((r) => child.on('exit', r));
  clearTimeout(kill);
  // | date | graph | median | all runs | drag p95 | drag max |
  const row = out.split('\n').find((l) => /^\| \d{4}-\d\d-\d\d \|/.test(l));
  const cells = row?.split('|').map((c) => c.trim());
  if (code !== 0 || !cells) {
    report.add(ph, 'error', `bench/editor.ts exited ${code}`);
    report.problem('f', `bench/editor.ts exited ${code}: ${out.slice(-300)}`);
    return;
  }
  report.data.f = { row };
  report.add(ph, 'open → interactive, median of 3 (ms)', `${cells[3]} (runs ${cells[4]})`, '≤ 1500');
  report.add(ph, 'drag frame p95 / max (ms)', `${cells[5]} / ${cells[6]}`);
}

async function main(): Promise<number> {
  const opts = parseOptions(process.argv.slice(2));
  const report = new Report();
  const h = header(root);
  const serverPhases = PHASES.filter((p) => p !== 'f' && opts.only.has(p));
  let app: App | null = null;

  // Ctrl+C / SIGTERM: stop our servers before going.
  const onSignal = (signal: NodeJS.Signals) => {
    console.error(`[bench] ${signal}: stopping`);
    void (app?.stop() ?? Promise.resolve()).finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  if (serverPhases.length) {
    app = await startApp({
      root,
      port: opts.port,
      databaseUrl: 'postgresql://postgres@127.0.0.1:5432/weft_bench',
      redisUrl: 'redis://127.0.0.1:6379',
      queuePrefix: `weft_bench_${process.pid}`,
      distDir: '.next-bench',
      build: opts.build,
      workers: opts.workers,
      // The loop phase needs 10,000 iterations × 3 nodes in one execution.
      env: { MAX_LOOP_ITERATIONS: '20000', MAX_TOTAL_OPERATIONS: '50000' },
      logDir: `${root}test-results`,
    });
    const db = database('postgresql://postgres@127.0.0.1:5432/weft_bench');
    try {
      const ctx: Context = { opts, app, api: await connect(app.baseUrl), db, report, figures: {} };
      console.error('[bench] warming up…');
      await warmUp(ctx);
      const run = { a: asyncPhase, b: syncPhase, c: fanOutPhase, d: loopPhase, e: memoryPhase } as const;
      for (const p of serverPhases as (keyof typeof run)[]) {
        console.error(`[bench] phase ${p}…`);
        try {
          await run[p](ctx);
        } catch (err) {
          // One broken phase should not hide the others' figures.
          report.add(p, 'error', (err as Error).message.slice(0, 300));
          report.problem(p, (err as Error).stack ?? String(err));
        }
      }
    } finally {
      await db.end();
      await app.stop();
      app = null;
    }
  }
  if (opts.only.has('f')) {
    console.error('[bench] phase f (bench/editor.ts)…');
    await editorPhase(report, opts);
  }

  console.log(renderTable(h, report));
  console.log(`\nJSON: ${writeJson(root, h, report, { ...opts, only: [...opts.only] })}`);
  return report.problems.length ? 1 : 0;
}

runMain(main);
