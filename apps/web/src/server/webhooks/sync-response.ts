import 'server-only';
import { readSyncReply } from '@weft/db';
import { syncReplyOf } from '@weft/engine';
import type { Services } from '../composition';
import { json } from '../http/json';

// Headers a workflow may not set on the HTTP response (framing is the server's business).
const FORBIDDEN_HEADERS = new Set([
  'content-length',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'upgrade',
  'set-cookie',
]);

/**
 * Sync mode: waits (on the execution's Redis notifications, with a slow poll as a safety
 * net — not a busy loop) for the first `respond` node or the end of the run, up to
 * `timeoutMs`. Returns null on timeout (the caller answers 202 with the execution id).
 */
export async function waitForSyncResponse(
  services: Services,
  executionId: string,
  timeoutMs: number,
): Promise<Response | null> {
  return new Promise<Response | null>((resolve) => {
    let done = false;
    let unsubscribe: (() => void) | undefined;
    const finish = (res: Response | null) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      clearInterval(poll);
      unsubscribe?.();
      resolve(res);
    };
    const check = async () => {
      if (done) return;
      const row = await readSyncReply(services.pool, executionId);
      if (!row) return finish(null);
      const reply = syncReplyOf(row);
      if (reply.kind === 'respond') {
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(reply.response.headers ?? {}))
          if (!FORBIDDEN_HEADERS.has(k.toLowerCase()) && sendable(k, v)) headers[k] = v;
        return finish(respondWith(reply.response.status, headers, reply.response.body, executionId));
      }
      if (reply.kind === 'output')
        return finish(json(reply.output ?? null, 200, { 'x-weft-execution-id': executionId }));
      if (reply.kind === 'failed') {
        const err = reply.error ?? {};
        return finish(
          json(
            {
              error: {
                code: 'EXECUTION_FAILED',
                message: err.message ?? `execution ${reply.status}`,
                details: [{ executionId, status: reply.status, code: err.code, nodeId: err.nodeId }],
              },
            },
            500,
            { 'x-weft-execution-id': executionId },
          ),
        );
      }
    };
    const timer = setTimeout(() => finish(null), timeoutMs);
    const poll = setInterval(() => void check().catch(() => undefined), 1_000);
    services
      .executionEvents()
      .subscribe(executionId, () => void check().catch(() => undefined))
      .then((u) => {
        if (done) u();
        else unsubscribe = u;
        return check();
      })
      .catch(() => undefined);
  });
}

/** The respond node validates headers; rows written before it did may hold unsendable ones. */
function sendable(name: string, value: unknown): value is string {
  return (
    typeof value === 'string' && /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name) && /^[\t\x20-\x7e\x80-\xff]*$/.test(value)
  );
}

function respondWith(status: number, headers: Record<string, string>, body: unknown, executionId: string): Response {
  const hasType = Object.keys(headers).some((k) => k.toLowerCase() === 'content-type');
  const text = typeof body === 'string' && hasType ? body : JSON.stringify(body ?? null);
  return new Response(status === 204 || status === 304 ? null : text, {
    status,
    headers: {
      ...(hasType ? {} : { 'content-type': 'application/json' }),
      ...headers,
      'x-weft-execution-id': executionId,
      'cache-control': 'no-store',
    },
  });
}
