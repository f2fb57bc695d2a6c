#!/usr/bin/env node
// `node scripts/migrate.mjs`: make sure the database in DATABASE_URL exists, then apply
// pending migrations with `prisma migrate deploy` (through prisma.config.ts, which points
// the CLI at the wasm schema-engine shim when no native engine is installed).
// Used by `npm start`, CI and the integration tests' global setup. Idempotent.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// Migrations need a session of their own (Prisma's advisory lock, CREATE DATABASE on the
// `postgres` database): behind PgBouncer in transaction mode, DIRECT_DATABASE_URL points at
// Postgres itself (docs/operations.md "Beyond one machine").
const url = process.env.DIRECT_DATABASE_URL || process.env.DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/weft';
process.env.DATABASE_URL = url; // prisma.config.ts has the same default; be explicit for the child

function fail(message) {
  console.error(`migrate: ${message}`);
  process.exit(1);
}

if (/[?&]pgbouncer=(true|1)(&|$)/.test(url)) {
  fail(
    `${process.env.DIRECT_DATABASE_URL ? 'DIRECT_DATABASE_URL' : 'DATABASE_URL'} goes through PgBouncer ` +
      `(pgbouncer=true); migrations must reach Postgres directly: set DIRECT_DATABASE_URL to a URL without PgBouncer`,
  );
}

const target = new URL(url);
const dbName = decodeURIComponent(target.pathname.slice(1));
const where = `${target.hostname}:${target.port || 5432}`;
if (!dbName) fail(`DATABASE_URL has no database name: ${target.protocol}//${where}/`);

// Create the database ourselves first: `migrate deploy` would too, but this gives a clear
// message when Postgres is down and never races with another process creating it.
const admin = new URL(url);
admin.pathname = '/postgres';
const client = new pg.Client({ connectionString: admin.toString() });
try {
  await client.connect();
  const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [dbName]);
  if (rowCount === 0) {
    await client.query(`CREATE DATABASE "${dbName.replace(/"/g, '""')}"`).catch((e) => {
      if (e.code !== '42P04') throw e; // created concurrently: fine
    });
    console.log(`migrate: created database "${dbName}" at ${where}`);
  }
} catch (e) {
  fail(
    `cannot prepare database "${dbName}" at ${where}: ${e.message}\n` +
      `  Is PostgreSQL running and does the role have CREATEDB? (DATABASE_URL=${target.protocol}//…@${where}/${dbName})`,
  );
} finally {
  await client.end().catch(() => {});
}

const prismaCli = require.resolve('prisma/build/index.js');
const res = spawnSync(process.execPath, [prismaCli, 'migrate', 'deploy'], {
  cwd: root,
  stdio: 'inherit',
  env: process.env,
});
if (res.error) fail(`could not run the Prisma CLI: ${res.error.message}`);
if (res.status !== 0)
  fail(`"prisma migrate deploy" failed (exit ${res.status ?? res.signal}) for database "${dbName}" at ${where}`);
