import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';
import { EngineError, NonRetryableError, type HttpPort, type HttpRequest, type HttpResponse } from '@weft/engine';

/**
 * The `http` node's real transport (fetch). Unless HTTP_ALLOW_PRIVATE is set, a URL whose
 * host resolves to a loopback, private, link-local or otherwise non-public address is refused
 * before any connection is made (SSRF guard; n8n and Windmill users ask for exactly this).
 */
export function createHttpClient(opts: { allowPrivate: boolean; maxResponseBytes: number }): HttpPort {
  return {
    async request(req: HttpRequest): Promise<HttpResponse> {
      const url = new URL(req.url);
      if (!opts.allowPrivate) await assertPublicHost(url.hostname);
      const timeout = AbortSignal.timeout(req.timeoutMs);
      const signal = AbortSignal.any([req.signal, timeout]);
      let res: Response;
      try {
        res = await fetch(url, { method: req.method, headers: req.headers, body: req.body, signal, redirect: opts.allowPrivate ? 'follow' : 'manual' });
      } catch (err) {
        if (timeout.aborted) throw new EngineError('TIMEOUT', `${req.method} ${req.url} timed out after ${req.timeoutMs} ms`, { retryable: true });
        if (req.signal.aborted) throw new EngineError('TIMEOUT', `${req.method} ${req.url} was aborted`, { retryable: true });
        const cause = (err as { cause?: { code?: string; message?: string } }).cause;
        throw new EngineError('NETWORK_ERROR', `${req.method} ${req.url} failed: ${cause?.code ?? cause?.message ?? (err as Error).message}`, { retryable: true });
      }
      const headers: Record<string, string> = {};
      res.headers.forEach((v, k) => (headers[k] = v));
      const body = await readCapped(res, opts.maxResponseBytes);
      return { status: res.status, headers, body };
    },
  };
}

async function readCapped(res: Response, max: number): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      await reader.cancel();
      throw new NonRetryableError('LIMIT_EXCEEDED', `response body exceeds MAX_PAYLOAD_BYTES (${max} bytes)`);
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

async function assertPublicHost(hostname: string): Promise<void> {
  const host = hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(host) ? [host] : (await lookup(host, { all: true }).catch(() => [])).map((a) => a.address);
  if (addresses.length === 0) throw new EngineError('NETWORK_ERROR', `cannot resolve host "${hostname}"`, { retryable: true });
  for (const address of addresses) {
    let parsed = ipaddr.parse(address);
    if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
    if (parsed.range() !== 'unicast') {
      throw new NonRetryableError('SANDBOX_VIOLATION', `host "${hostname}" resolves to a non-public address (${address}); set HTTP_ALLOW_PRIVATE=true to allow it`);
    }
  }
}
