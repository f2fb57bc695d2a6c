import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/prisma/client';
import { readDatabaseUrl } from './pg-pool';

/**
 * A PrismaClient over node-postgres. Prisma 7 has no query-engine binary: the generated
 * client compiles queries in WASM and runs them through this driver adapter, so the pool
 * (`max` connections) is ours to size per process (web vs. worker).
 * The adapter sends every statement unnamed and keeps no session state (transactions are
 * BEGIN…COMMIT on one connection), so it works behind PgBouncer in transaction mode as is;
 * only Weft's `pgbouncer` flag is taken off the URL (createPgPool reads it).
 */
export function createPrismaClient(databaseUrl: string, opts: { max?: number } = {}): PrismaClient {
  const adapter = new PrismaPg({
    connectionString: readDatabaseUrl(databaseUrl).url,
    ...(opts.max !== undefined ? { max: opts.max } : {}),
  });
  return new PrismaClient({ adapter });
}
