// Runs in each integration test worker before the test file: point the app's config at
// the database and Redis the globalSetup prepared. (Env set in globalSetup does not reach
// workers that were forked earlier, e.g. by the unit project in the same run.)
import { afterAll, inject } from 'vitest';
import { closeTestDb } from './db';

process.env.DATABASE_URL = inject('databaseUrl');
process.env.REDIS_URL = inject('redisUrl');
process.env.WEFT_SECRET_KEY ??= 'integration-test-secret-key-0123456789';
process.env.LOG_LEVEL ??= 'warn';
// Several worker processes run at once in these tests (and beside other checkouts' runs):
// each serves its metrics on a free port rather than all on 9464.
process.env.WORKER_METRICS_PORT ??= '0';

// The test's own Prisma client (db.ts), closed after each file.
afterAll(closeTestDb);
