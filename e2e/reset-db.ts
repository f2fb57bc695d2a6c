// Run before the e2e app starts (playwright.config.ts webServer): a fresh, migrated
// `weft_e2e` database for every run, so the specs start from a first-run install (no users).
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { E2E_DATABASE_URL } from './env';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

async function resetDatabase(): Promise<void> {
  const url = new URL(E2E_DATABASE_URL);
  const name = decodeURIComponent(url.pathname.slice(1));
  // We DROP this database: refuse anything that isn't plainly an e2e database.
  if (!/e2e/i.test(name)) throw new Error(`e2e drops and recreates its database; "${name}" does not look like one (name must contain "e2e")`);

  url.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  try {
    const ident = `"${name.replace(/"/g, '""')}"`;
    // FORCE: a server reused from an earlier run may still hold connections.
    await admin.query(`DROP DATABASE IF EXISTS ${ident} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${ident}`);
  } finally {
    await admin.end();
  }

  const res = spawnSync(process.execPath, [join(root, 'scripts/migrate.mjs')], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: E2E_DATABASE_URL },
    encoding: 'utf8',
  });
  if (res.status !== 0) throw new Error(`migrating ${name} failed (exit ${res.status ?? res.signal}):\n${res.stdout}\n${res.stderr}`);
}

await resetDatabase();
