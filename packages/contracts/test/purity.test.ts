// @weft/contracts is imported by the browser bundle and by the server alike, so it may only
// import what runs in both: each allowed import with its reason (like the engine's purity test).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = new URL('../src/', import.meta.url).pathname;

const ALLOWED: Record<string, string> = {
  zod: 'the schemas themselves',
  'zod-openapi': 'builds the OpenAPI document from them (src/openapi only)',
};

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

describe('@weft/contracts purity', () => {
  const imports = files(SRC).flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]/g)].map((m) => ({
      file: file.slice(SRC.length),
      spec: m[1]!,
    })),
  );

  it('imports only zod, zod-openapi and its own modules', () => {
    expect(imports.length).toBeGreaterThan(20);
    const foreign = imports.filter(({ spec }) => !spec.startsWith('.') && !(spec in ALLOWED));
    expect(foreign).toEqual([]);
  });

  it('keeps zod-openapi out of the modules the web client imports', () => {
    expect(imports.filter(({ file, spec }) => spec === 'zod-openapi' && !file.startsWith('openapi/'))).toEqual([]);
    expect(imports.filter(({ file, spec }) => !file.startsWith('openapi/') && spec.startsWith('./openapi'))).toEqual(
      [],
    );
    // The client reads the operations table, never the document builder (zod-openapi).
    const clientReads = imports.filter(({ file, spec }) => file.startsWith('client/') && spec.startsWith('../openapi'));
    expect(clientReads.map((i) => i.spec)).toContain('../openapi/operations');
    expect(clientReads.filter((i) => i.spec !== '../openapi/operations')).toEqual([]);
  });
});
