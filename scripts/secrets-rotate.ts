// Re-encrypts every secret at rest (SEALED_COLUMNS: webhook secrets) not yet under the current
// WEFT_SECRET_KEY. The rotation, step by step, is in docs/security.md ("Rotating WEFT_SECRET_KEY"):
// set WEFT_SECRET_KEY_PREVIOUS to the old key and WEFT_SECRET_KEY to the new one, restart, run this,
// then drop WEFT_SECRET_KEY_PREVIOUS.
//
//   npm run secrets:rotate
//
// Safe beside the running app and to re-run (each row is a compare-and-set on its old value).
// Exits 1, naming the rows, when some value opens under neither key; those rows are left as they are.
import { loadConfigOrExit } from '@weft/config';
import { createPgPool, rotateSealedColumns, SecretBox } from '@weft/db';
import { LOCAL_SECRET_KEY_FILE, localSecretKey } from './local-secret-key.mjs';

// The key `npm start` uses when WEFT_SECRET_KEY is unset (.weft/secret-key): the same here, so the
// rotation seals under the key the running app opens with. Never made here.
if (!process.env.WEFT_SECRET_KEY && process.env.NODE_ENV !== 'development') {
  const local = localSecretKey();
  if (local !== undefined) {
    process.env.WEFT_SECRET_KEY = local;
    console.log(`secrets:rotate: WEFT_SECRET_KEY is unset; using ${LOCAL_SECRET_KEY_FILE}, as npm start does`);
  }
}

const config = loadConfigOrExit();
const box = new SecretBox({ current: config.secretKey, previous: config.previousSecretKey });
const previousKid = config.previousSecretKey ? new SecretBox({ current: config.previousSecretKey }).kid : 'not set';
const pool = createPgPool(config.databaseUrl, { max: 2 });
try {
  const result = await rotateSealedColumns(pool, box).catch((err: unknown) => {
    // Postgres unreachable, no such database, no webhooks table: say so, not a stack trace.
    console.error(`secrets:rotate: could not read the secrets (DATABASE_URL): ${(err as Error).message}`);
    process.exit(1);
  });
  console.log(`secrets:rotate under key ${box.kid} (previous key: ${previousKid})`);
  console.log(`  re-encrypted: ${result.reencrypted}`);
  console.log(`  already current: ${result.alreadyCurrent}`);
  if (result.changedMeanwhile > 0) {
    console.log(`  changed meanwhile by the app (left to its write; re-run to check): ${result.changedMeanwhile}`);
  }
  console.log(`  not openable: ${result.unreadable.length}`);
  for (const u of result.unreadable) console.log(`    ${u.table}.${u.column} ${u.idColumn}=${u.id}: ${u.reason}`);
  if (result.unreadable.length > 0) {
    console.error(
      'Some secrets open under neither WEFT_SECRET_KEY nor WEFT_SECRET_KEY_PREVIOUS and were left as they are: ' +
        'set WEFT_SECRET_KEY_PREVIOUS to the key they were sealed under and run again, or replace those secrets.',
    );
    process.exitCode = 1;
  }
} finally {
  await pool.end();
}
