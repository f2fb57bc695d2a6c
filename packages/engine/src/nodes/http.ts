import { z } from 'zod';
import { EngineError, NonRetryableError } from '../errors';
import { jsonNestsDeeperThan, MAX_JSON_DEPTH, toJson, utf8Length, type Json } from '../json';
import { defineNode, OUT } from './define-node';

const Method = z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);

function buildUrl(url: string, query: Record<string, unknown> | undefined): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new NonRetryableError('VALIDATION_ERROR', `url "${url}" is not a valid absolute URL`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new NonRetryableError('VALIDATION_ERROR', `url must use http or https, got ${parsed.protocol}`);
  }
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v === undefined || v === null) continue;
    parsed.searchParams.append(k, typeof v === 'string' ? v : JSON.stringify(v));
  }
  return parsed.toString();
}

function parseBody(text: string, responseType: 'json' | 'text', contentType: string | undefined): Json {
  const wantsJson =
    responseType === 'json' && (contentType === undefined || /json/i.test(contentType) || text.trim() !== '');
  if (!wantsJson || text === '') return text;
  if (jsonNestsDeeperThan(text, MAX_JSON_DEPTH)) {
    throw new NonRetryableError(
      'LIMIT_EXCEEDED',
      `response body nests arrays and objects deeper than ${MAX_JSON_DEPTH} levels (MAX_JSON_DEPTH)`,
    );
  }
  try {
    return JSON.parse(text) as Json;
  } catch {
    // A JSON call that answered with non-JSON text still yields the text, not a failure.
    return text;
  }
}

export const httpNode = defineNode({
  type: 'http',
  label: 'HTTP Request',
  description: 'Calls a URL. Output { status, headers, body }; 4xx/5xx responses are errors (5xx and 429 are retried).',
  category: 'network',
  icon: 'globe',
  sideEffects: true,
  httpCall: true,
  params: z
    .object({
      method: Method.default('GET'),
      url: z.string().min(1),
      headers: z.record(z.string(), z.string()).optional(),
      query: z.record(z.string(), z.unknown()).optional(),
      body: z.unknown().optional(),
      timeoutMs: z.number().int().min(1).optional(),
      responseType: z.enum(['json', 'text']).default('json'),
    })
    .strict(),
  handles: () => OUT,
  run: async (ctx, params) => {
    const url = buildUrl(params.url, params.query);
    // Header names are the user's: fromEntries keeps even `__proto__` an own key.
    const headers: Record<string, string> = Object.fromEntries(
      Object.entries(params.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]),
    );
    let body: string | undefined;
    if (params.body !== undefined && params.body !== null && params.method !== 'GET' && params.method !== 'HEAD') {
      if (typeof params.body === 'string') body = params.body;
      else {
        body = JSON.stringify(params.body);
        if (!Object.hasOwn(headers, 'content-type')) headers['content-type'] = 'application/json';
      }
    }
    const timeoutMs = Math.min(params.timeoutMs ?? ctx.limits.stepTimeoutMs, ctx.limits.stepTimeoutMs);
    const res = await ctx.http.request({ method: params.method, url, headers, body, timeoutMs, signal: ctx.signal });
    if (utf8Length(res.body) > ctx.limits.maxPayloadBytes) {
      throw new NonRetryableError(
        'LIMIT_EXCEEDED',
        `response body exceeds MAX_PAYLOAD_BYTES (${ctx.limits.maxPayloadBytes} bytes)`,
      );
    }
    const parsedBody = parseBody(res.body, params.responseType, res.headers['content-type']);
    if (res.status >= 400) {
      const retryable = res.status >= 500 || res.status === 429;
      throw new EngineError('HTTP_ERROR', `${params.method} ${url} answered ${res.status}`, {
        retryable,
        details: { status: res.status, headers: res.headers, body: parsedBody },
      });
    }
    return { output: { status: res.status, headers: toJson(res.headers), body: parsedBody } };
  },
});
