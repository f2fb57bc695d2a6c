import { ErrorBody } from '../common';
import {
  OPERATIONS,
  type InputOf,
  type JsonOperationId,
  type Operation,
  type OperationId,
  type OutputOf,
} from '../openapi/operations';
import { ApiClientError } from './errors';

/**
 * The typed client of the HTTP API, built from the operations table: the URL from the path
 * template, JSON in, and every JSON answer parsed with the operation's own response schema, so a
 * server that drifted from the contract fails loudly here instead of as `undefined` in a page.
 * Runs in the browser, in Node (the CLI) and in tests: it needs only `fetch`.
 */

export interface ApiClientOptions {
  /** `https://weft.example.com`; `''` (the default) for same-origin calls from the browser. */
  baseUrl?: string;
  fetch?: typeof fetch;
  /** Sent with every call (an API key's `authorization`), or computed per call. */
  headers?: Record<string, string> | (() => Record<string, string>);
  /** Extra `fetch` options for every call (`credentials`, `redirect`). */
  init?: Omit<RequestInit, 'method' | 'body' | 'headers' | 'signal'>;
}

export type CallInput<K extends OperationId> = InputOf<K> & { signal?: AbortSignal; headers?: Record<string, string> };

/** `[input]` when something is required (params or body), `[input?]` otherwise. */
type Args<K extends OperationId> = object extends InputOf<K> ? [input?: CallInput<K>] : [input: CallInput<K>];

export interface ApiClient {
  /** Calls a JSON operation and returns its answer parsed with the operation's response schema. */
  call<K extends JsonOperationId>(id: K, ...args: Args<K>): Promise<OutputOf<K>>;
  /** Calls any operation and returns the successful `Response` unread (streams, downloads, text); failures throw like `call`. */
  raw<K extends OperationId>(id: K, ...args: Args<K>): Promise<Response>;
  /** The URL `call` would request (for `EventSource`, links). */
  url<K extends OperationId>(id: K, ...args: Args<K>): string;
}

const NETWORK_MESSAGE = 'Could not reach the server. Check your connection and try again.';

/** `/api/workflows/{id}` with `{ id: 'a b' }` and `{ limit: 5 }` → `/api/workflows/a%20b?limit=5`. */
function buildPath(op: Operation, params?: object, query?: object): string {
  const values = (params ?? {}) as Record<string, unknown>;
  const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined || value === null) throw new TypeError(`${op.path}: missing path parameter "${name}"`);
    return encodeURIComponent(String(value));
  });
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null) continue;
    for (const v of Array.isArray(value) ? value : [value]) search.append(key, String(v));
  }
  const qs = search.toString();
  return qs ? `${path}?${qs}` : path;
}

/** `definition.nodes.0.id: expected string` for the first few issues of a failed parse. */
function describeIssues(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): string {
  const shown = issues.slice(0, 3).map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`);
  return shown.join('; ') + (issues.length > 3 ? ` (and ${issues.length - 3} more)` : '');
}

async function readJson(res: Response): Promise<{ ok: true; value: unknown } | { ok: false }> {
  const text = await res.text();
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

async function toError(id: string, res: Response): Promise<ApiClientError> {
  const payload = await readJson(res);
  const body = payload.ok ? ErrorBody.safeParse(payload.value) : undefined;
  if (body?.success) {
    const { code, message, details } = body.data.error;
    return new ApiClientError(res.status, code, message, details ?? [], id);
  }
  return new ApiClientError(
    res.status,
    'HTTP_ERROR',
    `The server answered ${res.status} ${res.statusText}`.trim(),
    [],
    id,
  );
}

/** A success parsed with the schema its operation declares for that status (`undefined` for a 204). */
async function parseAnswer(id: JsonOperationId, res: Response): Promise<unknown> {
  const declared = OPERATIONS[id].responses.find((r) => r.status === res.status);
  if (!declared) {
    throw new ApiClientError(
      res.status,
      'RESPONSE_MISMATCH',
      `${id}: the server answered ${res.status}, which the contract does not list`,
      [],
      id,
    );
  }
  if (!('schema' in declared) || !declared.schema) {
    await res.body?.cancel();
    return undefined;
  }
  const payload = await readJson(res);
  if (!payload.ok) {
    throw new ApiClientError(res.status, 'RESPONSE_MISMATCH', `${id}: the answer is not JSON`, [], id);
  }
  const parsed = declared.schema.safeParse(payload.value);
  if (!parsed.success) {
    throw new ApiClientError(
      res.status,
      'RESPONSE_MISMATCH',
      `${id}: the answer does not match the contract: ${describeIssues(parsed.error.issues)}`,
      [],
      id,
    );
  }
  return parsed.data;
}

export function createApiClient(options: ApiClientOptions = {}): ApiClient {
  const baseUrl = (options.baseUrl ?? '').replace(/\/+$/, '');
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));

  function url(id: OperationId, input: Partial<CallInput<OperationId>> = {}): string {
    return baseUrl + buildPath(OPERATIONS[id], input.params, input.query);
  }

  async function send(id: OperationId, input: Partial<CallInput<OperationId>> = {}, accept: string): Promise<Response> {
    const op: Operation = OPERATIONS[id];
    const hasBody = 'body' in input && input.body !== undefined;
    const common = typeof options.headers === 'function' ? options.headers() : options.headers;
    let res: Response;
    try {
      res = await doFetch(url(id, input), {
        ...options.init,
        method: op.method.toUpperCase(),
        signal: input.signal,
        headers: {
          accept,
          ...(hasBody ? { 'content-type': 'application/json' } : {}),
          ...common,
          ...input.headers,
        },
        body: hasBody ? JSON.stringify(input.body) : undefined,
      });
    } catch (err) {
      if (input.signal?.aborted || (err as { name?: unknown })?.name === 'AbortError') throw err;
      throw new ApiClientError(0, 'NETWORK_ERROR', NETWORK_MESSAGE, [], id, { cause: err });
    }
    if (!res.ok) throw await toError(id, res);
    return res;
  }

  async function call(id: JsonOperationId, input?: Partial<CallInput<OperationId>>): Promise<unknown> {
    return parseAnswer(id, await send(id, input, 'application/json'));
  }

  return {
    call: call as ApiClient['call'],
    raw: ((id: OperationId, input?: Partial<CallInput<OperationId>>) => send(id, input, '*/*')) as ApiClient['raw'],
    url: url as ApiClient['url'],
  };
}
