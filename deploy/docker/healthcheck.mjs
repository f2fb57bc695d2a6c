#!/usr/bin/env node
// The image's HEALTHCHECK. One image runs the web app, a worker or the one-shot migration,
// so this finds which Weft process runs in the container (from /proc, whether node is PID 1
// or runs under an init) and asks that process's readiness URL:
//   web     http://127.0.0.1:$PORT/api/health/ready
//   worker  http://127.0.0.1:$WORKER_METRICS_PORT/health/ready
// Exit 0 when it answers 200; 1 otherwise, printing the status and body (`docker inspect`
// shows it). `node deploy/docker/healthcheck.mjs web|worker [live|ready]` skips the search.
import { readdirSync, readFileSync } from 'node:fs';

function findRole() {
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    let cmd;
    try {
      cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    if (cmd.includes('scripts/web-server.mjs')) return 'web';
    if (cmd.includes('apps/worker/src/main.ts')) return 'worker';
  }
  return null;
}

const role = process.argv[2] ?? findRole();
const probe = process.argv[3] ?? 'ready';
if (role === null) {
  // Neither process (e.g. the migration job): nothing long-running to probe.
  process.exit(0);
}
const url =
  role === 'web'
    ? `http://127.0.0.1:${process.env.PORT || 3000}/api/health/${probe}`
    : `http://127.0.0.1:${process.env.WORKER_METRICS_PORT || 9464}/health/${probe}`;
try {
  const res = await fetch(url, { signal: AbortSignal.timeout(4000) });
  if (res.ok) process.exit(0);
  console.error(`${role} ${url}: ${res.status} ${(await res.text()).slice(0, 500)}`);
} catch (e) {
  console.error(`${role} ${url}: ${e.cause?.code ?? e.message}`);
}
process.exit(1);
