// The integration tests' own Prisma client, for arranging rows and asserting what was written
// (tests check rows in Postgres). The app under test reaches Postgres only through its
// repositories (`services.store`); this client is the test's, opened on first use and closed
// after each file by the setup file (env.ts).
import { createPrismaClient, type PrismaClient } from '@weft/db';

let client: PrismaClient | undefined;

export function testDb(): PrismaClient {
  client ??= createPrismaClient(process.env.DATABASE_URL!);
  return client;
}

export async function closeTestDb(): Promise<void> {
  const c = client;
  client = undefined;
  await c?.$disconnect();
}
