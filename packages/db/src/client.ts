import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/prisma/client';

/**
 * A PrismaClient over node-postgres. Prisma 7 has no query-engine binary: the generated
 * client compiles queries in WASM and runs them through this driver adapter, so the pool
 * (`max` connections) is ours to size per process (web vs. worker).
 */
export function createPrismaClient(databaseUrl: string, opts: { max?: number } = {}): PrismaClient {
  const adapter = new PrismaPg({ connectionString: databaseUrl, ...(opts.max !== undefined ? { max: opts.max } : {}) });
  return new PrismaClient({ adapter });
}
