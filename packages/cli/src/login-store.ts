import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { CliError, EXIT } from './exit-codes';

/** Where `weft login` keeps the server address and key, and which one a command uses. */

export interface CliEnv {
  HOME?: string;
  XDG_CONFIG_HOME?: string;
  WEFT_URL?: string;
  WEFT_API_KEY?: string;
}

export interface Target {
  url: string;
  key: string;
}

/** `$XDG_CONFIG_HOME/weft/config.json`, else `~/.config/weft/config.json`. */
export function loginFilePath(env: CliEnv): string {
  const base = env.XDG_CONFIG_HOME || (env.HOME ? join(env.HOME, '.config') : null);
  if (!base) throw new CliError('cannot tell where to keep the login: set HOME or XDG_CONFIG_HOME', EXIT.usage);
  return join(base, 'weft', 'config.json');
}

export async function readLogin(path: string): Promise<Partial<Target>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return {};
  }
  try {
    const v = JSON.parse(text) as Partial<Record<keyof Target, unknown>>;
    return {
      ...(typeof v.url === 'string' ? { url: v.url } : {}),
      ...(typeof v.key === 'string' ? { key: v.key } : {}),
    };
  } catch {
    throw new CliError(`${path} is not valid JSON: run weft login again`, EXIT.usage);
  }
}

/** Written readable by the owner only (0600, in a 0700 folder): the key is a password. */
export async function writeLogin(path: string, target: Target): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  await writeFile(path, `${JSON.stringify({ url: target.url, key: target.key }, null, 2)}\n`, { mode: 0o600 });
  // `mode` applies only when the file is created; an older file keeps its mode otherwise.
  await chmod(path, 0o600);
}

/** A server address: http(s) only, without a trailing slash. */
export function normalizeUrl(raw: string, from: string): string {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new CliError(`${from}: "${raw}" is not a URL (e.g. https://weft.example.com)`, EXIT.usage);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:')
    throw new CliError(`${from}: must be an http:// or https:// URL`, EXIT.usage);
  return u.toString().replace(/\/+$/, '');
}

/** Flags override the environment, which overrides the login file. */
export function resolveTarget(flags: { url?: string; key?: string }, env: CliEnv, stored: Partial<Target>): Target {
  const url = pick([flags.url, '--url'], [env.WEFT_URL, 'WEFT_URL'], [stored.url, 'the login file']);
  const key = pick([flags.key, '--key'], [env.WEFT_API_KEY, 'WEFT_API_KEY'], [stored.key, 'the login file']);
  if (!url || !key) {
    const missing = [!url ? 'server URL' : null, !key ? 'API key' : null].filter(Boolean).join(' and ');
    throw new CliError(
      `no ${missing}: run weft login, or set WEFT_URL and WEFT_API_KEY, or pass --url and --key`,
      EXIT.usage,
    );
  }
  return { url: normalizeUrl(url[0], url[1]), key: key[0] };
}

function pick(...candidates: Array<[string | undefined, string]>): [string, string] | undefined {
  const found = candidates.find(([v]) => v !== undefined && v !== '');
  return found as [string, string] | undefined;
}
