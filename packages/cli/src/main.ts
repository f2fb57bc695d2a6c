import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { ApiRequestError, WeftClient } from './client';
import { CliError, EXIT } from './exit-codes';
import { loginFilePath, normalizeUrl, readLogin, resolveTarget, writeLogin, type CliEnv } from './login-store';
import { streamOutput, type Output } from './output';
import { orderDefinitionKeys } from './key-order';
import { ask, confirm } from './prompt';
import { resolveWorkflowId } from './resolve';
import { runAndWait } from './run';
import {
  collectFiles,
  formatOf,
  loadWorkflowFile,
  readDataFile,
  serializeDocument,
  type FileFormat,
} from './workflow-files';
import { writeFile } from 'node:fs/promises';
import pkg from '../package.json' with { type: 'json' };

/** `weft …`: parses the command line, runs one command, returns the exit code (docs/cli.md). */

export interface Io {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: CliEnv;
  /** Whether questions can be asked (stdin is a terminal). */
  interactive: boolean;
}

const defaultIo = (): Io => ({
  stdout: process.stdout,
  stderr: process.stderr,
  // The only place the CLI reads the environment.
  env: {
    HOME: process.env.HOME,
    XDG_CONFIG_HOME: process.env.XDG_CONFIG_HOME,
    WEFT_URL: process.env.WEFT_URL,
    WEFT_API_KEY: process.env.WEFT_API_KEY,
  },
  interactive: Boolean(process.stdin.isTTY),
});

const positiveInt = (what: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${what} must be a whole number >= 1`);
  return n;
};
const seconds = (v: string) => {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0)
    throw new InvalidArgumentError('must be a number of seconds >= 0 (0 waits as long as it takes)');
  return n;
};

/**
 * The commands that need the engine's validator load it when they run: importing the engine
 * costs about a second, which `run`, `export`, `import` and `login` don't need to pay.
 */
async function loadEngineParts() {
  const [{ apply }, { checkFile, formatProblem }] = await Promise.all([import('./apply'), import('./check')]);
  return { apply, checkFile, formatProblem };
}

export async function main(argv: string[], io: Io = defaultIo()): Promise<number> {
  const out = streamOutput(io.stdout, io.stderr);
  let code: number = EXIT.ok;
  const program = new Command('weft')
    .description('Scripting a Weft server: validate, import, export, run and apply workflows kept as files.')
    .version(pkg.version, '-V, --version')
    .option('--url <url>', 'server URL (overrides WEFT_URL and the login file)')
    .option('--key <key>', 'API key (overrides WEFT_API_KEY and the login file)')
    .showHelpAfterError('(weft --help lists the commands)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => void io.stdout.write(s), writeErr: (s) => void io.stderr.write(s) });
  const ctx: CommandContext = {
    io,
    out,
    client: async (cmd) => {
      const flags = cmd.optsWithGlobals<{ url?: string; key?: string }>();
      const target = resolveTarget(flags, io.env, await readLogin(loginFilePath(io.env)));
      return new WeftClient(target.url, target.key);
    },
    setCode: (c) => {
      code = c;
    },
  };
  // Added with program.command(), so each inherits the program's output and exit handling.
  for (const add of [addLogin, addValidate, addImport, addExport, addRun, addApply]) add(program, ctx);
  try {
    await program.parseAsync(argv);
    return code;
  } catch (err) {
    return fail(err, out);
  }
}

/** What each command's action works with; `setCode` sets the exit code `main` returns. */
interface CommandContext {
  io: Io;
  out: Output;
  client: (cmd: Command) => Promise<WeftClient>;
  setCode: (code: number) => void;
}

function addLogin(program: Command, ctx: CommandContext): void {
  program
    .command('login')
    .description('check a server URL and API key, and keep them in ~/.config/weft/config.json')
    .action(async (_opts, cmd: Command) => {
      const flags = cmd.optsWithGlobals<{ url?: string; key?: string }>();
      let url = flags.url || ctx.io.env.WEFT_URL;
      let key = flags.key || ctx.io.env.WEFT_API_KEY;
      if (!url && ctx.io.interactive) url = await ask('Weft URL: ');
      if (!key && ctx.io.interactive) key = await ask('API key: ', { secret: true });
      if (!url || !key)
        throw new CliError(`login needs ${!url ? '--url (or WEFT_URL)' : '--key (or WEFT_API_KEY)'}`, EXIT.usage);
      const target = { url: normalizeUrl(url, flags.url ? '--url' : 'WEFT_URL'), key };
      const me = await new WeftClient(target.url, target.key).me();
      const path = loginFilePath(ctx.io.env);
      await writeLogin(path, target);
      ctx.out.log(`Logged in to ${target.url} as ${me.email} (${me.role}); saved in ${path}`);
    });
}

function addValidate(program: Command, ctx: CommandContext): void {
  program
    .command('validate')
    .description("check workflow files offline with the engine's validator (folders are searched for .json/.yaml/.yml)")
    .argument('<paths...>', 'files or folders')
    .action(async (paths: string[]) => {
      const { checkFile, formatProblem } = await loadEngineParts();
      const files = await collectFiles(paths);
      if (files.length === 0)
        throw new CliError(`no workflow files (.json, .yaml, .yml) in ${paths.join(', ')}`, EXIT.usage);
      let errors = 0;
      let warnings = 0;
      for (const path of files) {
        const checked = checkFile(await loadWorkflowFile(path));
        for (const p of [...checked.errors, ...checked.warnings]) ctx.out.log(formatProblem(path, p));
        errors += checked.errors.length;
        warnings += checked.warnings.length;
        if (checked.errors.length === 0) ctx.out.log(`${path}: ok${warningCount(checked.warnings.length)}`);
      }
      ctx.out.log(
        `${files.length} file${files.length === 1 ? '' : 's'}, ${errors} error${errors === 1 ? '' : 's'}, ` +
          `${warnings} warning${warnings === 1 ? '' : 's'}`,
      );
      ctx.setCode(errors > 0 ? EXIT.failed : EXIT.ok);
    });
}

function addImport(program: Command, ctx: CommandContext): void {
  program
    .command('import')
    .description('create a workflow from a definition file (JSON or YAML)')
    .argument('<file>')
    .action(async (file: string, _opts, cmd: Command) => {
      const loaded = await loadWorkflowFile(file);
      if (loaded.error !== undefined) throw new CliError(`${file}: ${loaded.error}`, EXIT.usage);
      const created = await (await ctx.client(cmd)).importWorkflow(loaded.document);
      ctx.out.log(`Imported "${created.name}" as ${created.id} (version ${created.latestVersion})`);
    });
}

function addExport(program: Command, ctx: CommandContext): void {
  program
    .command('export')
    .description("write a workflow's definition (latest version, or --version) as JSON or YAML")
    .argument('<workflow>', 'id or exact name')
    .option('-o, --output <file>', 'write to this file (.json, .yaml or .yml) instead of stdout')
    .addOption(
      new Option('--format <format>', 'format on stdout, or for an --output without a known extension').choices([
        'json',
        'yaml',
      ]),
    )
    .option('--version <n>', 'a version other than the latest', positiveInt('--version'))
    .option('--with-id', 'add the workflow id at the top, so weft apply updates this workflow whatever its name')
    .action(
      async (
        workflow: string,
        opts: { output?: string; format?: FileFormat; version?: number; withId?: boolean },
        cmd: Command,
      ) => {
        const api = await ctx.client(cmd);
        const id = await resolveWorkflowId(api, workflow);
        const doc = await api.exportWorkflow(id, opts.version);
        const format = opts.format ?? (opts.output ? formatOf(opts.output) : null) ?? 'json';
        const text = serializeDocument(orderDefinitionKeys(opts.withId ? { id, ...(doc as object) } : doc), format);
        if (!opts.output) return void ctx.io.stdout.write(text);
        await writeFile(opts.output, text);
        ctx.out.err(`Wrote ${opts.output}`);
      },
    );
}

function addRun(program: Command, ctx: CommandContext): void {
  program
    .command('run')
    .description('run a workflow, wait for the end and print its output (exit code from the status)')
    .argument('<workflow>', 'id or exact name')
    .option('--input <json>', 'the trigger input, as JSON')
    .option('--input-file <file>', 'the trigger input, from a JSON or YAML file')
    .option('--version <n>', 'run this version instead of the latest', positiveInt('--version'))
    .option('--no-wait', 'print the execution id and return at once')
    .option('--timeout <seconds>', 'stop waiting after this long (exit 3; the run goes on)', seconds, 600)
    .action(
      async (
        workflow: string,
        opts: { input?: string; inputFile?: string; version?: number; wait: boolean; timeout: number },
        cmd: Command,
      ) => {
        if (opts.input !== undefined && opts.inputFile !== undefined)
          throw new CliError('give --input or --input-file, not both', EXIT.usage);
        let input: unknown;
        if (opts.input !== undefined) {
          try {
            input = JSON.parse(opts.input);
          } catch (err) {
            throw new CliError(`--input is not valid JSON: ${(err as Error).message}`, EXIT.usage);
          }
        } else if (opts.inputFile !== undefined) input = await readDataFile(opts.inputFile);
        const api = await ctx.client(cmd);
        const id = await resolveWorkflowId(api, workflow);
        ctx.setCode(
          await runAndWait(
            api,
            id,
            { input, version: opts.version, wait: opts.wait, timeoutSeconds: opts.timeout },
            ctx.out,
          ),
        );
      },
    );
}

function addApply(program: Command, ctx: CommandContext): void {
  program
    .command('apply')
    .description('make the server match a folder of workflow files: create, update (a new version), activate, prune')
    .requiredOption('-f, --file <paths...>', 'folders or files of workflows (.json, .yaml, .yml)')
    .option('--activate', 'activate the version applied (for triggers)')
    .option('--prune', 'delete workflows on the server that no file names (asks first; see --yes)')
    .option('--dry-run', 'print the plan, change nothing')
    .option('-y, --yes', 'do not ask before deleting with --prune')
    .action(
      async (
        opts: { file: string[]; activate?: boolean; prune?: boolean; dryRun?: boolean; yes?: boolean },
        cmd: Command,
      ) => {
        const { apply } = await loadEngineParts();
        ctx.setCode(
          await apply(
            await ctx.client(cmd),
            opts.file,
            {
              activate: !!opts.activate,
              prune: !!opts.prune,
              dryRun: !!opts.dryRun,
              yes: !!opts.yes,
              ...(ctx.io.interactive ? { confirm } : {}),
            },
            ctx.out,
          ),
        );
      },
    );
}

function fail(err: unknown, out: Output): number {
  if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
  if (err instanceof ApiRequestError) {
    for (const line of err.describe()) out.err(`weft: ${line}`);
    return err.exitCode;
  }
  if (err instanceof CliError) {
    out.err(`weft: ${err.message}`);
    return err.exitCode;
  }
  throw err;
}

/** ` (2 warnings)`, or nothing when there are none. */
function warningCount(n: number): string {
  return n ? ` (${n} warning${n === 1 ? '' : 's'})` : '';
}
