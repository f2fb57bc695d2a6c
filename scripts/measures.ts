// The code-shape measures the project tracks (issue 20): long functions, long lines, where
// Prisma is called, status literals in SQL, the engine's public surface, web tests that need
// Postgres (apps/web/test only; test/system's cross-app tests have their own line) and lines of
// CSS. Read with the TypeScript compiler API, not regexes, where the shape of the code matters
// (a function's extent, a call's callee, a module's exports).
//
//   npm run measures            a table
//   npm run measures -- --list  with every long function and long line named
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const root = path.resolve(import.meta.dirname, '..');
const LONG_FUNCTION_LINES = 60;
const LONG_LINE_CHARS = 140;
const list = process.argv.includes('--list');

const tracked = execFileSync('git', ['ls-files', '-co', '--exclude-standard'], { cwd: root, encoding: 'utf8' })
  .split('\n')
  .filter(Boolean);
const isTest = (f: string) => /(^|\/)(test|e2e)\//.test(f) || /\.(test|spec)\.tsx?$/.test(f) || f.startsWith('e2e/');
// Migrations are frozen once applied (Prisma checksums them), so they count as generated.
const isGenerated = (f: string) =>
  /(^|\/)(generated|\.next|node_modules)\//.test(f) || f.startsWith('prisma/migrations/') || f.endsWith('.d.ts');
const sources = tracked.filter((f) => /\.(ts|tsx|mts|cts)$/.test(f) && !isGenerated(f));
const text = (f: string) => readFileSync(path.join(root, f), 'utf8');
const parse = (f: string) =>
  ts.createSourceFile(f, text(f), ts.ScriptTarget.Latest, true, f.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);

type FunctionLike = ts.FunctionLikeDeclaration;
const isFunctionLike = (n: ts.Node): n is FunctionLike =>
  ts.isFunctionDeclaration(n) ||
  ts.isFunctionExpression(n) ||
  ts.isArrowFunction(n) ||
  ts.isMethodDeclaration(n) ||
  ts.isConstructorDeclaration(n) ||
  ts.isGetAccessorDeclaration(n) ||
  ts.isSetAccessorDeclaration(n);

/** The outermost functions of a file (not inside another function): declarations, methods, arrows. */
function outermostFunctions(sf: ts.SourceFile): Array<{ name: string; lines: number; line: number }> {
  const out: Array<{ name: string; lines: number; line: number }> = [];
  const visit = (n: ts.Node) => {
    if (isFunctionLike(n) && n.body) {
      const start = sf.getLineAndCharacterOfPosition(n.getStart(sf)).line;
      const end = sf.getLineAndCharacterOfPosition(n.end).line;
      out.push({ name: functionName(n), lines: end - start + 1, line: start + 1 });
      return; // nested functions belong to this one
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

function functionName(n: FunctionLike): string {
  if (n.name && ts.isIdentifier(n.name)) return n.name.text;
  const parent = n.parent;
  if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  if (ts.isPropertyAssignment(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  if (ts.isCallExpression(parent)) return `${parent.expression.getText().slice(0, 40)}(…)`;
  return '(anonymous)';
}

function program(tsconfig: string): ts.Program {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    path.join(root, tsconfig),
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} },
  );
  if (!parsed) throw new Error(`cannot read ${tsconfig}`);
  return ts.createProgram(parsed.fileNames, parsed.options);
}

// Prisma Client's query methods: a model's (`db.workflow.findMany`) and the client's own (`db.$transaction`).
const QUERY_METHODS = new Set([
  'findUnique',
  'findUniqueOrThrow',
  'findFirst',
  'findFirstOrThrow',
  'findMany',
  'create',
  'createMany',
  'createManyAndReturn',
  'update',
  'updateMany',
  'updateManyAndReturn',
  'upsert',
  'delete',
  'deleteMany',
  'count',
  'aggregate',
  'groupBy',
  '$queryRaw',
  '$queryRawUnsafe',
  '$executeRaw',
  '$executeRawUnsafe',
  '$transaction',
]);

/** Queries through Prisma Client: a query method whose declaration is Prisma's (not a Map's `delete`). */
function prismaCalls(sf: ts.SourceFile, checker: ts.TypeChecker): number {
  let n = 0;
  const visit = (node: ts.Node): void => {
    const callee = ts.isCallExpression(node)
      ? node.expression
      : ts.isTaggedTemplateExpression(node)
        ? node.tag
        : undefined;
    if (callee && ts.isPropertyAccessExpression(callee) && QUERY_METHODS.has(callee.name.text)) {
      const file = checker.getSymbolAtLocation(callee.name)?.declarations?.[0]?.getSourceFile().fileName ?? '';
      if (/\/generated\/prisma\/|@prisma\/client/.test(file)) n++;
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return n;
}

function enginePublicExports(): number {
  const prog = program('tsconfig.json');
  const checker = prog.getTypeChecker();
  const sf = prog.getSourceFile(path.join(root, 'packages/engine/src/index.ts'));
  const symbol = sf && checker.getSymbolAtLocation(sf);
  return symbol ? checker.getExportsOfModule(symbol).length : NaN;
}

const webProgram = program('apps/web/tsconfig.json');
const webChecker = webProgram.getTypeChecker();
const longFunctions: string[] = [];
const longLines: string[] = [];
let prismaInWebServer = 0;
const prismaFiles = new Set<string>();
let statusInLiterals = 0;
for (const f of sources) {
  const body = text(f);
  body.split('\n').forEach((line, i) => {
    if (line.length > LONG_LINE_CHARS) longLines.push(`${f}:${i + 1} (${line.length})`);
  });
  if (isTest(f)) continue;
  statusInLiterals += (body.match(/status"?\s+(NOT\s+)?IN\s*\('/gi) ?? []).length;
  const sf = parse(f);
  for (const fn of outermostFunctions(sf)) {
    if (fn.lines > LONG_FUNCTION_LINES) longFunctions.push(`${f}:${fn.line} ${fn.name} (${fn.lines} lines)`);
  }
  if (f.startsWith('apps/web/src/server/') && !f.endsWith('composition.ts')) {
    const calls = prismaCalls(webProgram.getSourceFile(path.join(root, f))!, webChecker);
    prismaInWebServer += calls;
    if (calls) prismaFiles.add(f);
  }
}
// Other text files count for long lines too (CSS, JSON, SQL, YAML, scripts), generated ones not.
for (const f of tracked.filter(
  (f) => /\.(css|mjs|cjs|js|json|sql|ya?ml|prisma)$/.test(f) && !isGenerated(f) && !f.endsWith('package-lock.json'),
)) {
  text(f)
    .split('\n')
    .forEach((line, i) => {
      if (line.length > LONG_LINE_CHARS) longLines.push(`${f}:${i + 1} (${line.length})`);
    });
}

const webTests = tracked.filter((f) => f.startsWith('apps/web/test/') && /\.test\.tsx?$/.test(f));
const webTestsWithPostgres = webTests.filter((f) => /\.int\.test\.tsx?$/.test(f));
// Cross-app tests (web + worker + real Postgres/Redis/PgBouncer) live in test/system, counted on their own line.
const systemTests = tracked.filter((f) => f.startsWith('test/system/') && /\.test\.tsx?$/.test(f));
const cssFiles = tracked.filter((f) => f.endsWith('.css') && f.startsWith('apps/web/'));
const cssLines = cssFiles.reduce((sum, f) => sum + text(f).split('\n').length, 0);

const rows: Array<[string, string | number]> = [
  [`outermost functions over ${LONG_FUNCTION_LINES} lines (tests excluded)`, longFunctions.length],
  [`lines over ${LONG_LINE_CHARS} characters (generated files excluded)`, longLines.length],
  [
    'Prisma calls in apps/web/src/server (composition root excluded)',
    `${prismaInWebServer} in ${prismaFiles.size} files`,
  ],
  ['SQL status guards spelled by hand (status IN, tests excluded)', statusInLiterals],
  ['names exported by packages/engine (its index)', enginePublicExports()],
  [
    'web tests that need Postgres (*.int.test) of all web tests',
    `${webTestsWithPostgres.length} of ${webTests.length}`,
  ],
  ['system tests (test/system: web + worker on real infrastructure)', systemTests.length],
  ['CSS lines in apps/web', `${cssLines} in ${cssFiles.length} files`],
];
const width = Math.max(...rows.map(([k]) => k.length));
for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`);
if (list) {
  console.log('\nLong functions:\n' + longFunctions.map((l) => `  ${l}`).join('\n'));
  console.log('\nLong lines:\n' + longLines.map((l) => `  ${l}`).join('\n'));
  console.log('\nPrisma calls in:\n' + [...prismaFiles].map((l) => `  ${l}`).join('\n'));
}
