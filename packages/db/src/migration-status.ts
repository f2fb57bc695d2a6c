import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type pg from 'pg';

export interface MigrationStatus {
  /** Migrations in prisma/migrations that the database has not applied (or whose apply failed). */
  pending: string[];
  /** Applied in the database but unknown to this build: the database is newer than the code. */
  unknown: string[];
}

/**
 * Finds `prisma/migrations` from the working directory upwards (web and worker run from the
 * repository or image root; the image keeps prisma/ for the migrate job).
 */
export function findMigrationsDir(from: string = process.cwd()): string | null {
  // Not a build-time dependency: the folder is looked up at run time (Next would otherwise
  // trace the whole project into the server output for this call).
  for (let dir = resolve(/*turbopackIgnore: true*/ from); ; dir = dirname(dir)) {
    const candidate = join(dir, 'prisma', 'migrations');
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return null;
  }
}

/** The migration folders this build ships, by name (read once per process). */
export function shippedMigrations(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(dir, e.name, 'migration.sql')))
    .map((e) => e.name)
    .sort();
}

/**
 * Compares the shipped migrations with Prisma's `_prisma_migrations` table: readiness fails
 * while any is pending (a web or worker started before the migrate job finished), and
 * reports applied ones this build does not know (a rollback of the code without the database).
 */
export async function migrationStatus(
  db: Pick<pg.Pool, 'query'>,
  shipped: readonly string[],
): Promise<MigrationStatus> {
  const { rows } = await db
    .query<{ migration_name: string }>(
      'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
    )
    .catch((err: { code?: string }) => {
      if (err.code === '42P01') return { rows: [] as Array<{ migration_name: string }> }; // no table: nothing applied yet
      throw err;
    });
  const applied = new Set(rows.map((r) => r.migration_name));
  const known = new Set(shipped);
  return { pending: shipped.filter((m) => !applied.has(m)), unknown: [...applied].filter((m) => !known.has(m)).sort() };
}
