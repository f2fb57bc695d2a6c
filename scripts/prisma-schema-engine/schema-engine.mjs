#!/usr/bin/env node
// Stand-in for Prisma's native `schema-engine` binary (see README.md for why it exists).
// prisma.config.ts points PRISMA_SCHEMA_ENGINE_BINARY here when no native engine is
// installed. The Prisma CLI then spawns us exactly like the binary:
//   schema-engine --version
//   schema-engine --datasource '{"url":…}' cli can-connect-to-database|create-database
//   schema-engine --datamodels <file>… --datasource '{"url":…}'   (JSON-RPC on stdin/stdout)
// and we serve it with the official @prisma/schema-engine-wasm over @prisma/adapter-pg.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
// Resolve pg's and the adapter's own dependencies from *their* location, so we use the
// exact copies @prisma/adapter-pg was installed with (no extra root dependencies).
const requireFromAdapter = createRequire(require.resolve('@prisma/adapter-pg'));
const requireFromPg = createRequire(require.resolve('pg'));
const pg = require('pg');
const { parse: parsePgUrl } = requireFromPg('pg-connection-string');

// ---------------------------------------------------------------- arguments
const argv = process.argv.slice(2);
const opts = { datamodels: [], datasource: undefined, cli: undefined, version: false };
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (a === '--version' || a === '-V') opts.version = true;
  else if (a === '--datamodels') opts.datamodels.push(argv[++i]);
  else if (a === '--datasource') opts.datasource = JSON.parse(argv[++i]);
  else if (a === 'cli') opts.cli = argv[++i];
  else if (a === '--enabled-preview-features' || a === '--extension-types') i++; // not supported by the wasm engine
}
const url = opts.datasource?.url;

// ---------------------------------------------------------------- wasm engine
// Node 20 cannot `import` a .wasm file (the package's schema_engine.js does exactly
// that), so instantiate it by hand with the package's wasm-bindgen JS glue.
const wasmPkgDir = dirname(require.resolve('@prisma/schema-engine-wasm')); // package.json is not exported
async function loadWasmEngine() {
  const glue = await import('@prisma/schema-engine-wasm/schema_engine_bg');
  const module = new WebAssembly.Module(readFileSync(join(wasmPkgDir, 'schema_engine_bg.wasm')));
  const instance = new WebAssembly.Instance(module, { './schema_engine_bg.js': glue });
  glue.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start();
  return glue;
}
// The Rust panic hook reports the panic message through this global before trapping.
const panicRegistry = {
  message: '',
  set_message(m) {
    this.message = m;
  },
};
globalThis.PRISMA_WASM_PANIC_REGISTRY = panicRegistry;

if (opts.version) {
  const glue = await loadWasmEngine();
  const pkg = JSON.parse(readFileSync(join(wasmPkgDir, 'package.json'), 'utf8'));
  process.stdout.write(`schema-engine-cli ${glue.version()} (wasm shim, @prisma/schema-engine-wasm ${pkg.version})\n`);
  process.exit(0);
}

// ---------------------------------------------------------------- postgres helpers
/** Discrete pg config from a URL; `schema` is an adapter option, not a pg one. */
function pgConfig(connectionUrl) {
  const { schema, ...cfg } = parsePgUrl(connectionUrl);
  return { cfg, schema };
}
const quoteIdent = (name) => `"${String(name).replace(/"/g, '""')}"`;

async function withClient(cfg, fn) {
  const client = new pg.Client(cfg);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}
/** Run `sql` on a maintenance connection: the given db, else `postgres`, else `template1`. */
async function adminQuery(cfg, sql) {
  for (const database of [cfg.database, 'postgres', 'template1']) {
    try {
      return await withClient({ ...cfg, database }, (c) => c.query(sql));
    } catch (e) {
      if (e?.code !== '3D000') throw e; // only "database does not exist" falls through
    }
  }
}

// Map pg connection errors to the engine's user-facing codes (the CLI keys on these,
// e.g. P1003 makes `migrate deploy` create the database).
function connectorError(e, cfg) {
  const where = `${cfg.host ?? 'localhost'}:${cfg.port ?? 5432}`;
  if (e?.code === '3D000')
    return {
      error_code: 'P1003',
      message: `Database \`${cfg.database}\` does not exist on the database server at \`${where}\`.`,
    };
  if (e?.code === '28P01' || e?.code === '28000')
    return {
      error_code: 'P1000',
      message:
        `Authentication failed against database server at \`${where}\`, the provided database credentials ` +
        `for \`${cfg.user}\` are not valid.`,
    };
  if (['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'EHOSTUNREACH', 'ECONNRESET', 'EAI_AGAIN'].includes(e?.code))
    return {
      error_code: 'P1001',
      message: `Can't reach database server at \`${where}\`\n\nPlease make sure your database server is running at \`${where}\`.`,
    };
  return { message: String(e?.message ?? e) };
}

// ---------------------------------------------------------------- `cli …` subcommands
// The CLI runs these as one-shot processes and parses stderr as JSON log lines; it skips
// the first line, then looks for a level=ERROR line from target schema_engine::logger.
function logLine(level, fields) {
  process.stderr.write(
    JSON.stringify({ timestamp: new Date().toISOString(), level, fields, target: 'schema_engine::logger' }) + '\n',
  );
}
async function runCliCommand(command) {
  logLine('INFO', { message: `Starting schema engine CLI (wasm shim): ${command}` });
  if (!url) {
    logLine('ERROR', { message: 'No datasource URL given (--datasource).' });
    process.exit(1);
  }
  const { cfg } = pgConfig(url);
  try {
    if (command === 'can-connect-to-database') await withClient(cfg, (c) => c.query('SELECT 1'));
    else if (command === 'create-database') await createDatabase(cfg);
    else throw new Error(`Unsupported command: cli ${command}`);
    process.exit(0);
  } catch (e) {
    logLine('ERROR', connectorError(e, cfg));
    process.exitCode = 1;
  }
}
async function createDatabase(cfg) {
  try {
    await adminQuery({ ...cfg, database: 'postgres' }, `CREATE DATABASE ${quoteIdent(cfg.database)}`);
  } catch (e) {
    if (e?.code !== '42P04') throw e; // already exists (e.g. a concurrent run): fine
  }
  return { databaseName: cfg.database };
}

if (opts.cli) {
  await runCliCommand(opts.cli);
} else {
  await serveRpc();
}

// ---------------------------------------------------------------- driver adapter
// A SqlMigrationAwareDriverAdapterFactory for the wasm engine, built on @prisma/adapter-pg
// with three fixes (each one a real failure without it):
//  * catalog queries return "char" (oid 18) / name (19) columns, which adapter-pg refuses
//    to deserialize: relabel them as text (their text-format values are plain strings);
//  * adapter-pg's executeScript splits on ';' (breaks on ';' inside strings/bodies):
//    send the script as one simple-protocol query, as the native engine does;
//  * adapter-pg's connectToShadowDb spreads `database` into a config that has a
//    connectionString, which silently wins, so the "shadow" was the main DB and got
//    reset. We create the shadow DB ourselves, connect with discrete fields, and close
//    its pool before DROP DATABASE … WITH (FORCE).
async function makeAdapterFactory(connectionUrl, shadowUrl, mainDatabase) {
  const { PrismaPg } = await import(requireFromAdapter.resolve('@prisma/adapter-pg'));
  const { bindMigrationAwareSqlAdapterFactory } = await import(
    requireFromAdapter.resolve('@prisma/driver-adapter-utils')
  );

  const patchQueryable = (q) => {
    const performIO = q.performIO.bind(q);
    q.performIO = async (query) => {
      const result = await performIO(query);
      for (const f of result?.fields ?? []) if (f.dataTypeID === 18 || f.dataTypeID === 19) f.dataTypeID = 25;
      return result;
    };
    return q;
  };
  const connect = async (targetUrl, overrides = {}) => {
    const { cfg, schema } = pgConfig(targetUrl);
    const adapter = patchQueryable(
      await new PrismaPg({ ...cfg, ...overrides }, schema ? { schema } : undefined).connect(),
    );
    adapter.executeScript = async (script) => {
      try {
        await adapter.client.query(script);
      } catch (e) {
        adapter.onError(e);
      }
    };
    const startTransaction = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (...a) => patchQueryable(await startTransaction(...a));
    return adapter;
  };

  const factory = {
    provider: 'postgres',
    adapterName: '@prisma/adapter-pg',
    connect: () => connect(connectionUrl, mainDatabase ? { database: mainDatabase } : {}),
    async connectToShadowDb() {
      if (shadowUrl) return connect(shadowUrl); // user-provided shadow DB, used as-is
      const { cfg } = pgConfig(connectionUrl);
      const name = `prisma_migrate_shadow_db_${randomUUID()}`;
      await adminQuery(cfg, `CREATE DATABASE ${quoteIdent(name)}`);
      const adapter = await connect(connectionUrl, { database: name });
      const dispose = adapter.dispose.bind(adapter);
      adapter.dispose = async () => {
        await dispose(); // ends the shadow pool first…
        await adminQuery(cfg, `DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`); // …then drops it
      };
      return adapter;
    },
  };
  return bindMigrationAwareSqlAdapterFactory(factory);
}

// ---------------------------------------------------------------- JSON-RPC server
// Diff targets that never touch the main database (a migrations target uses a shadow DB).
const OFFLINE_DIFF_TARGETS = new Set(['empty', 'schemaDatamodel', 'migrations']);

async function serveRpc() {
  const glue = await loadWasmEngine();
  const datamodels = opts.datamodels.length ? opts.datamodels.map((p) => [p, readFileSync(p, 'utf8')]) : undefined;
  const log = (line) => process.stderr.write(line.endsWith('\n') ? line : line + '\n');

  // Unlike the native engine, the wasm engine queries the database as soon as it is
  // constructed. The native one works without the database for offline diffs (e.g.
  // `migrate diff --from-empty --to-schema …` before the DB exists), so: probe first; if
  // only the *database* is missing, run the engine on the `postgres` maintenance DB and
  // allow offline diffs only; every other request gets P1003, as from the native engine.
  let engine, adapterFactory, mainDbError;
  let startupError = url ? null : { message: 'No datasource URL: set DATABASE_URL (see prisma.config.ts).' };
  if (url) {
    try {
      await withClient(pgConfig(url).cfg, (c) => c.query('SELECT 1'));
    } catch (e) {
      const info = connectorError(e, pgConfig(url).cfg);
      if (info.error_code === 'P1003') mainDbError = info;
      else startupError = info;
    }
  }
  if (!startupError) {
    try {
      adapterFactory = await makeAdapterFactory(
        url,
        opts.datasource?.shadowDatabaseUrl,
        mainDbError ? 'postgres' : undefined,
      );
      engine = await glue.SchemaEngine.new({ datamodels }, log, adapterFactory);
    } catch (e) {
      startupError = { message: `Could not start the schema engine: ${e?.message ?? e}` };
    }
  }
  const requireDb = (method, params) => {
    if (startupError) throw Object.assign(new Error(startupError.message), { code: startupError.error_code });
    const offline =
      method === 'diff' && OFFLINE_DIFF_TARGETS.has(params?.from?.tag) && OFFLINE_DIFF_TARGETS.has(params?.to?.tag);
    if (mainDbError && !offline) throw Object.assign(new Error(mainDbError.message), { code: mainDbError.error_code });
  };

  const send = (msg) => new Promise((resolve) => process.stdout.write(JSON.stringify(msg) + '\n', resolve));
  // Requests *we* send to the CLI (only `print`), awaiting its reply.
  let nextOwnId = 1_000_000;
  const pendingOwn = new Map();
  const askCli = (method, params) => {
    const id = nextOwnId++;
    const done = new Promise((resolve) => pendingOwn.set(id, resolve));
    return send({ jsonrpc: '2.0', id, method, params }).then(() => done);
  };

  const handlers = {
    // The binary exposes these under different names / with CLI-side behaviour.
    getDatabaseVersion: (p) => engine.version(p ?? null),
    createDatabase: (p) => createDatabase(pgConfig(p?.datasource?.url ?? url).cfg),
    debugPanic: () => engine.debugPanic(),
    // The wasm engine *returns* the diff; the binary prints it through a `print`
    // request to the CLI (which is what `migrate diff --script [--output]` captures).
    diff: async (p) => {
      const { exitCode, stdout } = await engine.diff(p);
      if (stdout) await askCli('print', { content: stdout.replace(/\n$/, '') });
      return { exitCode };
    },
  };
  const call = (method, params) => {
    if (method !== 'createDatabase') requireDb(method, params);
    if (handlers[method]) return handlers[method](params);
    if (typeof engine[method] !== 'function')
      throw Object.assign(new Error(`Unknown method ${method}`), { rpcCode: -32601 });
    return engine[method](params); // must be called on `engine` (wasm-bindgen `this`)
  };

  let fatal = false;
  let queue = Promise.resolve(); // the CLI sends one request at a time; keep it that way
  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
  rl.on('line', (line) => {
    if (!line.trim()) return;
    let msg;
    try {
      msg = JSON.parse(line);
    } catch {
      return log(`shim: unparsable input line ignored`);
    }
    if (msg.method === undefined) {
      pendingOwn.get(msg.id)?.(msg);
      pendingOwn.delete(msg.id);
      return;
    }
    queue = queue.then(async () => {
      if (fatal) return;
      try {
        const result = await call(msg.method, msg.params);
        await send({ jsonrpc: '2.0', id: msg.id, result: result ?? {} });
      } catch (e) {
        const error = toRpcError(e, adapterFactory?.errorRegistry);
        fatal = error.data?.is_panic === true;
        await send({ jsonrpc: '2.0', id: msg.id, error });
        if (fatal) process.exit(101); // a trapped wasm instance is unusable; 101 = Rust panic
      }
    });
  });
  rl.on('close', () => {
    queue.then(() => process.exit(0));
  });
}

// Shape errors like the binary's JSON-RPC errors, which the CLI unpacks from `data`.
function toRpcError(e, errorRegistry) {
  if (e?.rpcCode) return { code: e.rpcCode, message: e.message };
  const base = { code: 4466, message: 'An error happened. Check the data field for details.' };
  if (e instanceof WebAssembly.RuntimeError || e?.name === 'RuntimeError') {
    // The CLI shows error.message for panics (and offers its crash-report prompt).
    const message = panicRegistry.message || `Schema engine (wasm) crashed: ${e.message}`;
    return { ...base, message, data: { is_panic: true, message, backtrace: e.stack } };
  }
  // Errors thrown by JS code (ours, or pg outside adapter-pg) reach the engine only as
  // "External error id#N", N being their slot in the adapter's error registry.
  const message = String(e?.message ?? e).replace(/External error id#(\d+)/g, (m, id) => {
    const original = errorRegistry?.consumeError(Number(id))?.error;
    return original ? String(original.message ?? original) : m;
  });
  const error_code = typeof e?.code === 'string' && /^P\d{4}$/.test(e.code) ? e.code : undefined;
  return { ...base, data: { is_panic: false, message, ...(error_code ? { error_code, meta: e.meta ?? null } : {}) } };
}
