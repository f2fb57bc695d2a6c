/**
 * The engine is pure (STYLE "The core decides; adapters do", ARCHITECTURE "Dependency rule"):
 * it decides what runs next and what a node returns; every effect reaches it as a port. It
 * also runs in the browser, where the editor validates definitions. This test keeps that
 * boundary: every import in packages/engine/src is checked against an explicit allow-list,
 * each entry with its reason, and Node-only globals are refused.
 *
 * Imports are found with the TypeScript parser (not regexes), so comments and strings that
 * merely mention `process` or `'pg'` don't count, and `import type`, `export … from`,
 * `import()`, `import('x').T` type queries and `require()` all do.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ENGINE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SRC_DIR = join(ENGINE_DIR, 'src');

/** Packages the engine may import. Anything else fails the test. */
const ALLOWED_PACKAGES: Readonly<Record<string, string>> = {
  // Definition and node-parameter schemas, and their JSON Schema for GET /api/node-types.
  // Pure and browser-safe.
  zod: 'schemas: definition document, node parameters, JSON Schema for the editor',
  // SPEC §4: `{{ }}` segments are JSONata. Pure, browser-safe, bounded by its timeout/stack options.
  jsonata: 'expressions (SPEC §4)',
  // SPEC §5 schedules: cron fire times in a time zone (Intl only; no timers are started — every Cron is paused). Browser-safe.
  croner: 'cron fire times (SPEC §5 schedules)',
};
// Relative imports ('./x', '../x') are allowed as long as they stay inside packages/engine/src:
// reason — the engine's own modules; reaching into another package by path is the same as
// importing it.

/** Node-only globals: the engine also runs in the browser, and config is passed in, never read. */
const FORBIDDEN_GLOBALS: Readonly<Record<string, string>> = {
  process: 'Node-only; configuration reaches the engine as arguments (packages/config parses the env once)',
  Buffer: 'Node-only; use utf8Length()/TextEncoder so validation runs in the browser',
  require: 'CommonJS; the engine is ESM and every dependency goes through the allow-list',
  __dirname: 'Node-only (CommonJS)',
  __filename: 'Node-only (CommonJS)',
  setImmediate: 'Node-only timer',
};

const GLOBAL_OBJECTS = new Set(['globalThis', 'global', 'window', 'self']);

interface Finding {
  file: string;
  line: number;
  what: string;
}

interface ScanResult {
  imports: Array<{ specifier: string; line: number; kind: string }>;
  globals: Array<{ name: string; line: number }>;
  nonLiteralImports: number[];
  typeReferences: string[];
}

/** Every module specifier and forbidden-global reference in one TypeScript source. */
function scanSource(fileName: string, text: string): ScanResult {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const result: ScanResult = {
    imports: [],
    globals: [],
    nonLiteralImports: [],
    typeReferences: sf.typeReferenceDirectives.map((d) => d.fileName),
  };
  const lineOf = (node: ts.Node) => sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
  const literal = (node: ts.Node | undefined): string | undefined =>
    node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) ? node.text : undefined;

  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      const s = literal(node.moduleSpecifier);
      if (s !== undefined) result.imports.push({ specifier: s, line: lineOf(node), kind: 'import' });
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier) {
      const s = literal(node.moduleSpecifier);
      if (s !== undefined) result.imports.push({ specifier: s, line: lineOf(node), kind: 'export-from' });
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      const s = literal(node.moduleReference.expression);
      if (s !== undefined) result.imports.push({ specifier: s, line: lineOf(node), kind: 'import-equals' });
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      const s = literal(node.argument.literal);
      if (s !== undefined) result.imports.push({ specifier: s, line: lineOf(node), kind: 'import-type' });
    } else if (ts.isCallExpression(node)) {
      const isDynamicImport = node.expression.kind === ts.SyntaxKind.ImportKeyword;
      const isRequire = ts.isIdentifier(node.expression) && node.expression.text === 'require';
      if (isDynamicImport || isRequire) {
        const s = literal(node.arguments[0]);
        if (s !== undefined)
          result.imports.push({
            specifier: s,
            line: lineOf(node),
            kind: isDynamicImport ? 'dynamic-import' : 'require',
          });
        else if (isDynamicImport) result.nonLiteralImports.push(lineOf(node));
      }
    }
    if (ts.isIdentifier(node) && Object.hasOwn(FORBIDDEN_GLOBALS, node.text) && isReference(node)) {
      result.globals.push({ name: node.text, line: lineOf(node) });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return result;
}

/** False where an identifier is only a name (`obj.process`, `{ Buffer: 1 }`, a declared member). */
function isReference(id: ts.Identifier): boolean {
  const p = id.parent;
  // `globalThis.process` is the global itself; `obj.process` is just a property name.
  if (ts.isPropertyAccessExpression(p) && p.name === id)
    return ts.isIdentifier(p.expression) && GLOBAL_OBJECTS.has(p.expression.text);
  if (ts.isQualifiedName(p) && p.right === id) return false;
  if (
    (ts.isPropertyAssignment(p) ||
      ts.isPropertyDeclaration(p) ||
      ts.isPropertySignature(p) ||
      ts.isMethodDeclaration(p) ||
      ts.isMethodSignature(p)) &&
    p.name === id
  )
    return false;
  if ((ts.isGetAccessorDeclaration(p) || ts.isSetAccessorDeclaration(p) || ts.isEnumMember(p)) && p.name === id)
    return false;
  if (ts.isBindingElement(p) && p.propertyName === id) return false;
  return true;
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

/** Checks one file's scan against the rules; returns what breaks them. */
function checkFile(file: string, scan: ScanResult): Finding[] {
  const findings: Finding[] = [];
  const rel = relative(ENGINE_DIR, file).split(sep).join('/');
  for (const imp of scan.imports) {
    const s = imp.specifier;
    if (s.startsWith('./') || s.startsWith('../')) {
      const target = resolve(dirname(file), s);
      if (target !== SRC_DIR && !target.startsWith(SRC_DIR + sep)) {
        findings.push({ file: rel, line: imp.line, what: `${imp.kind} "${s}" leaves packages/engine/src` });
      } else if (
        !rel.startsWith('src/testing/') &&
        (target === join(SRC_DIR, 'testing') || target.startsWith(join(SRC_DIR, 'testing') + sep))
      ) {
        // testing/ is exported separately (@weft/engine/testing); production code must not depend on fakes.
        findings.push({
          file: rel,
          line: imp.line,
          what: `${imp.kind} "${s}": production code imports the in-memory fakes in src/testing`,
        });
      }
      continue;
    }
    if (!Object.hasOwn(ALLOWED_PACKAGES, packageName(s))) {
      findings.push({
        file: rel,
        line: imp.line,
        what: `${imp.kind} "${s}" is not on the engine's allow-list (${Object.keys(ALLOWED_PACKAGES).join(', ')}, relative)`,
      });
    }
  }
  for (const g of scan.globals)
    findings.push({ file: rel, line: g.line, what: `uses \`${g.name}\`: ${FORBIDDEN_GLOBALS[g.name]}` });
  for (const line of scan.nonLiteralImports)
    findings.push({ file: rel, line, what: 'dynamic import() with a non-literal specifier cannot be checked' });
  for (const ref of scan.typeReferences)
    findings.push({ file: rel, line: 1, what: `/// <reference types="${ref}" /> pulls in ambient types (Node?)` });
  return findings;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

const format = (fs: Finding[]) => fs.map((f) => `${f.file}:${f.line}: ${f.what}`).join('\n');
const findingsFor = (text: string, file = join(SRC_DIR, 'nodes', 'example.ts')) =>
  checkFile(file, scanSource(file, text)).map((f) => f.what);

describe('engine purity: imports against the allow-list', () => {
  const files = sourceFiles(SRC_DIR);

  it('finds the engine sources (the scan is not vacuous)', () => {
    const rel = files.map((f) => relative(SRC_DIR, f).split(sep).join('/'));
    expect(rel).toEqual(
      expect.arrayContaining([
        'driver/drive.ts',
        'validate.ts',
        'expressions/evaluate.ts',
        'nodes/http.ts',
        'planner/planner.ts',
        'testing/run-graph.ts',
      ]),
    );
    const specifiers = new Set(
      files.flatMap((f) => scanSource(f, readFileSync(f, 'utf8')).imports.map((i) => i.specifier)),
    );
    expect(specifiers).toContain('zod');
    expect(specifiers).toContain('jsonata');
  });

  it('every allow-list entry has a reason', () => {
    for (const [name, reason] of Object.entries(ALLOWED_PACKAGES))
      expect(reason.trim().length, name).toBeGreaterThan(10);
  });

  it('imports only allow-listed packages and modules inside src, and no Node-only globals', () => {
    const findings = files.flatMap((f) => checkFile(f, scanSource(f, readFileSync(f, 'utf8'))));
    expect(findings, `engine purity violations:\n${format(findings)}`).toEqual([]);
  });

  it('declares exactly the allow-listed packages as its dependencies', () => {
    const pkg = JSON.parse(readFileSync(join(ENGINE_DIR, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
      peerDependencies?: Record<string, string>;
    };
    const deps = Object.keys({ ...pkg.dependencies, ...pkg.peerDependencies }).sort();
    expect(deps).toEqual(Object.keys(ALLOWED_PACKAGES).sort());
  });
});

describe('engine purity: the scanner itself', () => {
  it.each([
    ["import { PrismaClient } from '@prisma/client';", '"@prisma/client"'],
    ["import type { Job } from 'bullmq';", '"bullmq"'],
    ["import Redis from 'ioredis';", '"ioredis"'],
    ["import { NextResponse } from 'next/server';", '"next/server"'],
    ["import pg from 'pg';", '"pg"'],
    ["import { readFile } from 'node:fs/promises';", '"node:fs/promises"'],
    ["import fs from 'fs';", '"fs"'],
    ["import net from 'net';", '"net"'],
    ["import * as http from 'http';", '"http"'],
    ["import { loadConfig } from '@weft/config';", '"@weft/config"'],
    ["export { queueName } from '@weft/queue';", '"@weft/queue"'],
    ["export * from 'node:crypto';", '"node:crypto"'],
    ["import 'pino';", '"pino"'],
    ["const m = await import('node:child_process');", '"node:child_process"'],
    ["type R = import('ioredis').Redis;", '"ioredis"'],
    ["import cp = require('child_process');", '"child_process"'],
  ])('flags %s', (source, named) => {
    const what = findingsFor(source);
    expect(
      what.some((w) => w.includes(named) && w.includes('not on the engine')),
      what.join('\n'),
    ).toBe(true);
  });

  it('names the file and line of a violation', () => {
    const file = join(SRC_DIR, 'nodes', 'example.ts');
    const findings = checkFile(file, scanSource(file, "import { z } from 'zod';\n\nimport pg from 'pg';\n"));
    expect(format(findings)).toBe(
      'src/nodes/example.ts:3: import "pg" is not on the engine\'s allow-list (zod, jsonata, croner, relative)',
    );
  });

  it('flags relative imports that leave src, and production code importing testing/', () => {
    expect(findingsFor("import { prisma } from '../../../db/src/client';")).toEqual([
      'import "../../../db/src/client" leaves packages/engine/src',
    ]);
    expect(findingsFor("import { FakeHttp } from '../testing/fake-http';")).toEqual([
      'import "../testing/fake-http": production code imports the in-memory fakes in src/testing',
    ]);
    expect(findingsFor("import { FakeHttp } from './fake-http';", join(SRC_DIR, 'testing', 'run-graph.ts'))).toEqual(
      [],
    );
  });

  it('flags process.env, Buffer, require and non-literal dynamic imports', () => {
    expect(findingsFor('const url = process.env.DATABASE_URL;')).toEqual([
      `uses \`process\`: ${FORBIDDEN_GLOBALS.process}`,
    ]);
    expect(findingsFor("const n = Buffer.byteLength('x');")).toEqual([`uses \`Buffer\`: ${FORBIDDEN_GLOBALS.Buffer}`]);
    expect(findingsFor('const { env } = globalThis.process ?? { env: {} }; void env; const o = { process };')).toEqual([
      `uses \`process\`: ${FORBIDDEN_GLOBALS.process}`,
      `uses \`process\`: ${FORBIDDEN_GLOBALS.process}`,
    ]);
    expect(findingsFor("const x = require('zod');")).toEqual([`uses \`require\`: ${FORBIDDEN_GLOBALS.require}`]);
    expect(findingsFor('const name = "x"; await import(name);')).toEqual([
      'dynamic import() with a non-literal specifier cannot be checked',
    ]);
    expect(findingsFor('/// <reference types="node" />\nexport const a = 1;')).toEqual([
      '/// <reference types="node" /> pulls in ambient types (Node?)',
    ]);
  });

  it('ignores names that are not references and mentions in strings or comments', () => {
    const source = [
      "import { z } from 'zod';",
      "import jsonata from 'jsonata';",
      "import { x } from './x';",
      "// import pg from 'pg'; process.env.X",
      'const s = "import fs from \'fs\'; Buffer";',
      'const o = { process: 1, Buffer: 2 };',
      'const p = o.process + o.Buffer;',
      'interface I { require(): void; process: number }',
    ].join('\n');
    expect(findingsFor(source)).toEqual([]);
  });
});
