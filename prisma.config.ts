// Prisma 7 CLI config (generate / migrate / db push). Prisma 7 no longer reads the URL from
// schema.prisma, nor .env by itself.
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'prisma/config';

const root = dirname(fileURLToPath(import.meta.url));

// The CLI needs the native `schema-engine` binary, which it downloads from Prisma's servers
// at install time; those are unreachable here (and npm 11 skips the install script anyway).
// When no native engine is installed and nobody set an override, point the CLI at our
// wasm-based stand-in (scripts/prisma-schema-engine/README.md). These are the places the
// CLI itself searches for `schema-engine-<platform>`.
function hasNativeSchemaEngine(): boolean {
  const dirs = ['node_modules/@prisma/engines', 'node_modules/prisma', 'node_modules', 'node_modules/prisma/runtime'];
  return dirs.some((d) => {
    const dir = join(root, d);
    return (
      existsSync(dir) &&
      readdirSync(dir, { withFileTypes: true }).some(
        (f) => f.isFile() && /^schema-engine-[\w.-]+$/.test(f.name) && !/\.(sha256|gz)$/.test(f.name),
      )
    );
  });
}
if (
  !process.env.PRISMA_SCHEMA_ENGINE_BINARY &&
  !process.env.PRISMA_MIGRATION_ENGINE_BINARY &&
  !hasNativeSchemaEngine()
) {
  process.env.PRISMA_SCHEMA_ENGINE_BINARY = join(root, 'scripts/prisma-schema-engine/schema-engine.mjs');
}

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: {
    // Not `env('DATABASE_URL')`: that throws when unset, and we want a local default.
    url: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/weft',
  },
});
