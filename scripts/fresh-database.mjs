// Drops and recreates a throwaway database, then applies the migrations. Shared by the
// integration tests, the e2e runs and the benchmarks. Refuses any database whose name does
// not contain `mustContain`, so a wrong URL can never drop real data.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export async function freshDatabase(databaseUrl, { mustContain }) {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.slice(1));
  if (!name.toLowerCase().includes(mustContain)) {
    throw new Error(`refusing to drop database "${name}": its name must contain "${mustContain}"`);
  }
  url.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: url.toString() });
  try {
    await admin.connect();
  } catch (e) {
    throw new Error(`PostgreSQL is not reachable at ${url.host} (${e.message})`);
  }
  try {
    const ident = `"${name.replace(/"/g, '""')}"`;
    // FORCE: a server or worker left from an earlier run may still hold connections.
    await admin.query(`DROP DATABASE IF EXISTS ${ident} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${ident}`);
  } finally {
    await admin.end();
  }
  const res = spawnSync(process.execPath, [join(root, 'scripts/migrate.mjs')], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    encoding: 'utf8',
  });
  if (res.status !== 0)
    throw new Error(`migrating ${name} failed (exit ${res.status ?? res.signal}):\n${res.stdout}\n${res.stderr}`);
}
