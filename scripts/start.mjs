#!/usr/bin/env node
// `npm start`: everything Weft needs, in one command, on a fresh clone after `npm ci`:
//   1. generate the Prisma client if missing, 2. create the database and apply migrations,
//   3. build the web app if the build is missing or older than the sources,
//   4. run the web server and the worker; stop both on SIGINT/SIGTERM or if either dies.
// `--dev` runs `next dev` instead of a production build.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { localSecretKey } from './local-secret-key.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const dev = process.argv.includes('--dev');
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };
const port = env.PORT || '3000';
const nodeEnv = dev ? 'development' : env.NODE_ENV || 'production';

// Outside development Weft refuses to start without its own WEFT_SECRET_KEY (it encrypts
// webhook secrets and protects sessions). So that `npm ci && npm start` still works on a
// fresh machine, we make a random one on first start and keep it in .weft/secret-key
// (scripts/local-secret-key.mjs).
if (!env.WEFT_SECRET_KEY && nodeEnv !== 'development') env.WEFT_SECRET_KEY = localSecretKey({ create: true });

function step(what, cmd, args, extraEnv = {}) {
  console.log(`[weft] ${what}…`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...env, ...extraEnv } });
  if (r.status !== 0) {
    console.error(`[weft] ${what} failed (exit ${r.status ?? r.signal})`);
    process.exit(1);
  }
}

function newestMtime(dir) {
  let newest = 0;
  if (!existsSync(dir)) return 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === '.next' || entry.name === 'generated') continue;
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

function buildIsStale() {
  const buildId = join(root, 'apps/web', env.NEXT_DIST_DIR || '.next', 'BUILD_ID');
  if (!existsSync(buildId)) return true;
  const built = statSync(buildId).mtimeMs;
  const sources = [
    'apps/web/src',
    'packages/engine/src',
    'packages/db/src',
    'packages/queue/src',
    'packages/config/src',
    'packages/contracts/src',
    'packages/observability/src',
  ];
  // Build config changes the output too (e.g. response headers).
  const files = ['apps/web/next.config.ts', 'apps/web/package.json'].filter((f) => existsSync(join(root, f)));
  return (
    sources.some((d) => newestMtime(join(root, d)) > built) ||
    files.some((f) => statSync(join(root, f)).mtimeMs > built)
  );
}

if (!existsSync(join(root, 'packages/db/src/generated/prisma/client.ts'))) {
  step('generating the Prisma client', process.execPath, ['node_modules/prisma/build/index.js', 'generate']);
}
step('applying database migrations', process.execPath, ['scripts/migrate.mjs']);
const nextBin = join(root, 'node_modules/next/dist/bin/next');
if (!dev && (process.argv.includes('--rebuild') || buildIsStale())) {
  step('building the web app', process.execPath, [nextBin, 'build', 'apps/web']);
}

// Start the binaries directly (not through npx), so stopping us stops them.
const children = [
  ['web', process.execPath, ['scripts/web-server.mjs', ...(dev ? ['--dev'] : []), '-p', port]],
  ['worker', process.execPath, ['--import', 'tsx', 'apps/worker/src/main.ts']],
].map(([name, cmd, args]) => {
  const child = spawn(cmd, args, { cwd: root, stdio: 'inherit', env: { ...env, NODE_ENV: nodeEnv } });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`[weft] ${name} exited (${signal ?? code}); stopping`);
      stop(code || 1);
    }
  });
  return child;
});
console.log(`[weft] web on http://localhost:${port} — worker running. Ctrl+C to stop.`);

let stopping = false;
function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  const force = setTimeout(() => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    process.exit(code);
  }, 30_000);
  force.unref();
  Promise.all(children.map((c) => (c.exitCode !== null ? null : new Promise((r) => c.once('exit', r))))).then(() =>
    process.exit(code),
  );
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
