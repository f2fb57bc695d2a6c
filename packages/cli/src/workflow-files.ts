import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { parseDocument, stringify } from 'yaml';
import { CliError, EXIT } from './exit-codes';

/** Workflow files on disk: which files, how they parse, how they are written. */

export type FileFormat = 'json' | 'yaml';

const FORMATS: Record<string, FileFormat> = { '.json': 'json', '.yaml': 'yaml', '.yml': 'yaml' };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function formatOf(path: string): FileFormat | null {
  return FORMATS[extname(path).toLowerCase()] ?? null;
}

/** A file as read: the definition document, and the workflow id it pins (a top-level `id`). */
export type LoadedFile =
  | { path: string; id?: string; document: unknown; error?: undefined }
  | { path: string; error: string };

/**
 * The workflow files named on the command line: files as given, folders walked (depth first,
 * sorted, so plans print in a stable order) for `.json`, `.yaml` and `.yml`, skipping dot
 * folders and `node_modules`. A path that does not exist is a usage error.
 */
export async function collectFiles(paths: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) {
    const s = await stat(p).catch(() => null);
    if (!s) throw new CliError(`${p}: no such file or folder`, EXIT.usage);
    if (s.isDirectory()) out.push(...(await walk(p)));
    else out.push(p);
  }
  return [...new Set(out)];
}

async function walk(dir: string): Promise<string[]> {
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  );
  const out: string[] = [];
  for (const e of entries) {
    if (e.name.startsWith('.') || e.name === 'node_modules') continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(p)));
    else if (e.isFile() && formatOf(p)) out.push(p);
  }
  return out;
}

/** Parses a file's text as JSON or YAML; a top-level `id` is the pinned workflow id, not part of the definition. */
export function parseWorkflowText(text: string, format: FileFormat): { id?: string; document: unknown } {
  const value = format === 'json' ? parseJson(text) : parseYaml(text);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new Error('expected a workflow definition (an object with name, nodes and edges)');
  }
  if (!Object.prototype.hasOwnProperty.call(value, 'id')) return { document: value };
  const { id, ...document } = value as Record<string, unknown>;
  if (typeof id !== 'string' || !UUID.test(id))
    throw new Error('id: must be the id (a UUID) of the workflow this file is applied to');
  return { id: id.toLowerCase(), document };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new Error(`not valid JSON: ${(err as Error).message}`);
  }
}

function parseYaml(text: string): unknown {
  // `uniqueKeys` (the default) makes a key given twice an error rather than a silent overwrite.
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) throw new Error(`not valid YAML: ${doc.errors.map((e) => e.message).join('; ')}`);
  return doc.toJS({ maxAliasCount: 100 });
}

/** Reads and parses one file; what goes wrong is kept on the result, so every file gets reported. */
export async function loadWorkflowFile(path: string): Promise<LoadedFile> {
  const format = formatOf(path);
  if (!format) return { path, error: 'not a workflow file: the name must end in .json, .yaml or .yml' };
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    return { path, error: `cannot read: ${(err as Error).message}` };
  }
  try {
    return { path, ...parseWorkflowText(text, format) };
  } catch (err) {
    return { path, error: (err as Error).message };
  }
}

/** Reads a JSON or YAML value (e.g. `run --input-file`); anything else is a usage error naming the file. */
export async function readDataFile(path: string): Promise<unknown> {
  const text = await readFile(path, 'utf8').catch((err: Error) => {
    throw new CliError(`${path}: cannot read: ${err.message}`, EXIT.usage);
  });
  try {
    return formatOf(path) === 'yaml' ? parseYaml(text) : parseJson(text);
  } catch (err) {
    throw new CliError(`${path}: ${(err as Error).message}`, EXIT.usage);
  }
}

/** A document as file text: JSON with two-space indents, or YAML (block style, keys in document order). */
export function serializeDocument(doc: unknown, format: FileFormat): string {
  return format === 'json' ? `${JSON.stringify(doc, null, 2)}\n` : stringify(doc, { lineWidth: 0 });
}
