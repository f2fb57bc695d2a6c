import { Agent, fetch, type Response } from 'undici';
import {
  EngineError,
  NonRetryableError,
  readBytesAtMost,
  type HttpPort,
  type HttpRequest,
  type HttpResponse,
} from '@weft/engine';
import {
  assertAllowedLiteral,
  createGuardedLookup,
  isPublicAddress,
  resolveWithSystem,
  type AddressPolicy,
  type ResolveHost,
} from './ssrf-guard';

/**
 * Redirects followed per request. Workflows call APIs, where a chain longer than one or two
 * hops (http→https, a moved host, a trailing slash) is a misconfiguration or a loop; five
 * leaves room for shortener/tracking chains while a loop fails fast with a clear message
 * instead of spending the step's whole timeout (browsers allow 20, n8n 21, got 10).
 */
export const MAX_REDIRECTS = 5;

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
// What fetch removes when a redirect turns the request into a GET without a body…
const REQUEST_BODY_HEADERS = new Set([
  'content-type',
  'content-length',
  'content-encoding',
  'content-language',
  'content-location',
]);
// …and when it crosses to another origin: credentials meant for the first server.
const CROSS_ORIGIN_DROPPED_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie']);

export interface HttpClientOptions {
  allowPrivate: boolean;
  maxResponseBytes: number;
  /** Test seam: resolves host names instead of the system resolver. */
  resolveHost?: ResolveHost;
  /** Test seam: replaces the public-address check applied when allowPrivate is false. */
  isAllowedAddress?: AddressPolicy;
  /** Called once per request (each attempt of a node; redirects are part of it): `weft_http_calls_total`. */
  onRequest?: () => void;
}

export interface HttpClient extends HttpPort {
  /** Closes the pooled connections (waits for requests in flight). Call once at shutdown. */
  close(): Promise<void>;
}

interface Hop {
  url: URL;
  method: string;
  headers: [string, string][];
  body: string | undefined;
}

/**
 * The `http` node's real transport: undici's fetch over one pooled Agent per client. Unless
 * HTTP_ALLOW_PRIVATE is set, every connection (first request and each redirect hop) goes only
 * to an address that was checked to be public: the check runs inside the socket's lookup, so
 * a second DNS answer can't send the connection elsewhere (ssrf-guard.ts). Redirects are
 * followed here, hop by hop, up to MAX_REDIRECTS.
 */
export function createHttpClient(opts: HttpClientOptions): HttpClient {
  const isAllowed: AddressPolicy = opts.allowPrivate ? () => true : (opts.isAllowedAddress ?? isPublicAddress);
  // One Agent per client, not per request: keep-alive connections are what make many small
  // API calls cheap. Its lookup validates before a socket connects.
  const agent = new Agent({
    connect: { lookup: createGuardedLookup(opts.resolveHost ?? resolveWithSystem, isAllowed) },
  });
  const send: SendHop = (req, hop, signal, timeout, redirected) =>
    sendHop({ agent, isAllowed }, req, hop, { signal, timeout, redirected });
  return {
    async request(req: HttpRequest): Promise<HttpResponse> {
      opts.onRequest?.();
      return requestFollowingRedirects(req, send, opts.maxResponseBytes);
    },
    close: () => agent.close(),
  };
}

type SendHop = (
  req: HttpRequest,
  hop: Hop,
  signal: AbortSignal,
  timeout: AbortSignal,
  redirected: boolean,
) => Promise<Response>;

/** One request of the chain, on the guarded agent; a failure becomes the node's transport error. */
async function sendHop(
  via: { agent: Agent; isAllowed: AddressPolicy },
  req: HttpRequest,
  hop: Hop,
  { signal, timeout, redirected }: { signal: AbortSignal; timeout: AbortSignal; redirected: boolean },
): Promise<Response> {
  try {
    // net.connect skips `lookup` for IP literals, so those are checked here.
    assertAllowedLiteral(hop.url, via.isAllowed);
    return await fetch(hop.url, {
      method: hop.method,
      headers: hop.headers,
      body: hop.body,
      signal,
      redirect: 'manual',
      dispatcher: via.agent,
    });
  } catch (err) {
    throw toTransportError(err, req, timeout, redirected ? hop.url : undefined);
  }
}

/** Sends the request and follows its redirects, up to MAX_REDIRECTS, under one deadline for the whole chain, body included. */
async function requestFollowingRedirects(
  req: HttpRequest,
  send: SendHop,
  maxResponseBytes: number,
): Promise<HttpResponse> {
  const timeout = AbortSignal.timeout(req.timeoutMs);
  const signal = AbortSignal.any([req.signal, timeout]);
  let hop: Hop = {
    url: parseHttpUrl(req.url),
    method: req.method,
    headers: Object.entries(req.headers),
    body: req.body,
  };
  for (let redirects = 0; ; redirects++) {
    const res = await send(req, hop, signal, timeout, redirects > 0);
    let next: Hop | undefined;
    try {
      next = nextHop(req, hop, res);
    } catch (err) {
      await res.body?.cancel().catch(() => undefined);
      throw err;
    }
    if (next === undefined) {
      try {
        return {
          status: res.status,
          headers: toPlainHeaders(res.headers),
          body: await readCapped(res, maxResponseBytes),
        };
      } catch (err) {
        throw toTransportError(err, req, timeout, redirects > 0 ? hop.url : undefined);
      }
    }
    // A redirect's body is never read; cancelling frees the connection.
    await res.body?.cancel().catch(() => undefined);
    if (redirects === MAX_REDIRECTS) {
      throw new NonRetryableError(
        'HTTP_ERROR',
        `${req.method} ${req.url} redirected more than ${MAX_REDIRECTS} times (the limit)`,
        { details: { status: res.status, url: hop.url.href, location: next.url.href } },
      );
    }
    hop = next;
  }
}

function parseHttpUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new NonRetryableError('VALIDATION_ERROR', `url "${raw}" is not a valid absolute URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new NonRetryableError('VALIDATION_ERROR', `url must use http or https, got ${url.protocol}`);
  return url;
}

/** The request a redirect asks for, or undefined when the response is the answer (fetch's rules). */
function nextHop(req: HttpRequest, hop: Hop, res: Response): Hop | undefined {
  if (!REDIRECT_STATUSES.has(res.status)) return undefined;
  const location = res.headers.get('location');
  // A 3xx without Location is a real response, not a redirect.
  if (location === null) return undefined;
  let url: URL;
  try {
    url = new URL(location, hop.url);
  } catch {
    throw new NonRetryableError(
      'HTTP_ERROR',
      `${req.method} ${req.url} redirected to an invalid Location "${location}"`,
      { details: { status: res.status } },
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new NonRetryableError(
      'HTTP_ERROR',
      `${req.method} ${req.url} redirected to ${url.protocol} (only http and https are followed)`,
      { details: { status: res.status } },
    );
  }
  let { method, body, headers } = hop;
  const upper = method.toUpperCase();
  if (
    (res.status === 303 && upper !== 'GET' && upper !== 'HEAD') ||
    ((res.status === 301 || res.status === 302) && upper === 'POST')
  ) {
    method = 'GET';
    body = undefined;
    headers = headers.filter(([name]) => !REQUEST_BODY_HEADERS.has(name.toLowerCase()));
  }
  if (url.origin !== hop.url.origin)
    headers = headers.filter(([name]) => !CROSS_ORIGIN_DROPPED_HEADERS.has(name.toLowerCase()));
  return { url, method, headers, body };
}

function toTransportError(
  err: unknown,
  req: HttpRequest,
  timeout: AbortSignal,
  redirectedTo: URL | undefined,
): EngineError {
  const guard = findEngineError(err);
  if (guard) {
    if (redirectedTo === undefined) return guard;
    const message = `${req.method} ${req.url} redirected to ${redirectedTo.href}: ${guard.message}`;
    return guard.retryable
      ? new EngineError(guard.code, message, { retryable: true, details: guard.details })
      : new NonRetryableError(guard.code, message, { details: guard.details });
  }
  if (timeout.aborted)
    return new EngineError('TIMEOUT', `${req.method} ${req.url} timed out after ${req.timeoutMs} ms`, {
      retryable: true,
    });
  if (req.signal.aborted)
    return new EngineError('TIMEOUT', `${req.method} ${req.url} was aborted`, { retryable: true });
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  const where = redirectedTo ? ` (redirected to ${redirectedTo.href})` : '';
  return new EngineError(
    'NETWORK_ERROR',
    `${req.method} ${req.url} failed: ${cause?.code ?? cause?.message ?? (err as Error).message}${where}`,
    { retryable: true },
  );
}

/** The guard's (or the body cap's) own error, possibly wrapped by fetch as `cause`. */
function findEngineError(err: unknown): EngineError | undefined {
  let e: unknown = err;
  for (let depth = 0; e instanceof Error && depth < 4; e = e.cause, depth++) {
    if (e instanceof EngineError) return e;
  }
  return undefined;
}

/** Header names come from the server: build own properties, so `__proto__` is just a name. */
function toPlainHeaders(headers: Response['headers']): Record<string, string> {
  const combined = new Map<string, string>();
  headers.forEach((value, name) => {
    const prev = combined.get(name);
    combined.set(name, prev === undefined ? value : `${prev}, ${value}`);
  });
  return Object.fromEntries(combined);
}

async function readCapped(res: Response, max: number): Promise<string> {
  if (!res.body) return '';
  const bytes = await readBytesAtMost(
    res.body.getReader(),
    max,
    () => new NonRetryableError('LIMIT_EXCEEDED', `response body exceeds MAX_PAYLOAD_BYTES (${max} bytes)`),
  );
  // Not fatal: a server's broken UTF-8 becomes U+FFFD rather than a failed step.
  return new TextDecoder('utf-8').decode(bytes);
}
