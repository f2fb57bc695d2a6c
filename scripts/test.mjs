#!/usr/bin/env node
// `npm test`: unit → integration (real Postgres + Redis) → e2e (Playwright in Debian's
// Chromium against the built app). Stops at the first failing suite; ends with one summary
// line `tests: N passed, N failed` counted from the runners' JSON reports.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const reports = join(root, 'test-results');
mkdirSync(reports, { recursive: true });
const only = process.argv.slice(2); // e.g. `npm test -- unit integration`
const suites = [
  {
    name: 'unit',
    cmd: ['node_modules/vitest/vitest.mjs', 'run', '--project', 'unit'],
    report: 'unit.json',
    kind: 'vitest',
  },
  {
    name: 'integration',
    cmd: ['node_modules/vitest/vitest.mjs', 'run', '--project', 'integration'],
    report: 'integration.json',
    kind: 'vitest',
  },
  { name: 'e2e', cmd: ['node_modules/@playwright/test/cli.js', 'test'], report: 'e2e.json', kind: 'playwright' },
].filter((s) => only.length === 0 || only.includes(s.name));

if (!existsSync(join(root, 'packages/db/src/generated/prisma/client.ts'))) {
  const r = spawnSync(process.execPath, ['node_modules/prisma/build/index.js', 'generate'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (r.status !== 0) process.exit(1);
}

let passed = 0;
let failed = 0;
let exitCode = 0;
for (const suite of suites) {
  const reportFile = join(reports, suite.report);
  const args =
    suite.kind === 'vitest'
      ? [...suite.cmd, '--reporter=default', '--reporter=json', `--outputFile.json=${reportFile}`]
      : // The JSON reporter is what the counts below are read from, with or without CI's config.
        [...suite.cmd, '--reporter=list,json'];
  console.log(`\n=== ${suite.name} ===`);
  const env = {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: '1',
    ...(suite.kind === 'playwright' ? { PLAYWRIGHT_JSON_OUTPUT_NAME: reportFile } : {}),
  };
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit', env });
  const counts = readCounts(reportFile, suite.kind);
  passed += counts.passed;
  failed += counts.failed;
  if (r.status !== 0) {
    exitCode = r.status ?? 1;
    if (counts.failed === 0) failed += 1; // the suite broke before reporting (setup error)
    console.error(`\n${suite.name} suite failed (exit ${r.status ?? r.signal})`);
    break;
  }
}
console.log(`\ntests: ${passed} passed, ${failed} failed`);
process.exit(exitCode);

function readCounts(file, kind) {
  try {
    const report = JSON.parse(readFileSync(file, 'utf8'));
    if (kind === 'vitest') return { passed: report.numPassedTests ?? 0, failed: report.numFailedTests ?? 0 };
    const s = report.stats ?? {};
    return { passed: (s.expected ?? 0) + (s.flaky ?? 0), failed: s.unexpected ?? 0 };
  } catch {
    return { passed: 0, failed: 0 };
  }
}
