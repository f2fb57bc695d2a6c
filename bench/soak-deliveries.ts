// What the soak sends: its workflow, and signed deliveries to its webhook with what each got back.
import { randomUUID } from 'node:crypto';
import { signature, type Hook } from './api';
import type { pool, Send } from './load';
import type { Outcome } from './soak-verify';

/** The soak workflow's http node: the step whose effect must never repeat once finished. */
export const HTTP_NODE = 'call';

export function soakWorkflow(targetUrl: string) {
  const at = (x: number) => ({ x, y: 0 });
  return {
    name: 'soak: webhook → transform → http → transform',
    nodes: [
      { id: 'start', type: 'trigger', name: 'Webhook', position: at(0), parameters: {} },
      {
        id: 'shape',
        type: 'transform',
        name: 'Shape',
        position: at(240),
        parameters: { fields: { delivery: '{{ $input.body.delivery }}' } },
      },
      {
        id: HTTP_NODE,
        type: 'http',
        name: 'Call target',
        position: at(480),
        parameters: {
          method: 'POST',
          url: targetUrl,
          headers: { 'idempotency-key': '{{ $execution.id }}' },
          body: { executionId: '{{ $execution.id }}', delivery: '{{ $input.delivery }}' },
          responseType: 'json',
        },
      },
      {
        id: 'done',
        type: 'transform',
        name: 'Done',
        position: at(720),
        parameters: { fields: { delivery: '{{ $nodes.shape.delivery }}', hits: '{{ $input.body.hits }}' } },
      },
    ],
    edges: [
      { id: 'e1', source: 'start', target: 'shape' },
      { id: 'e2', source: 'shape', target: HTTP_NODE },
      { id: 'e3', source: HTTP_NODE, target: 'done' },
    ],
    settings: { timeoutSeconds: 300, maxParallelNodes: 10 },
    variables: {},
  };
}

type Answered = { executionId?: unknown; duplicate?: unknown; error?: { code?: unknown; message?: unknown } } | null;

/**
 * Signed POSTs, each with a fresh delivery id in its body; every other one also sends it as
 * Idempotency-Key, since a keyed delivery takes another path (a Prisma transaction, not the
 * single pg INSERT). What each got back goes into `outcomes`.
 */
export function deliverySender(p: ReturnType<typeof pool>, hook: Hook, outcomes: Map<string, Outcome>): Send {
  const run = randomUUID().slice(0, 8);
  let seq = 0;
  return async (signal) => {
    const delivery = `${run}-${++seq}`;
    const body = JSON.stringify({ delivery });
    const keyed = seq % 2 === 1;
    const headers = {
      'content-type': 'application/json',
      'x-weft-signature': signature(hook, body),
      ...(keyed ? { 'idempotency-key': delivery } : {}),
    };
    let status: number;
    let parsed: Answered = null;
    try {
      const res = await p.request({ path: hook.path, method: 'POST', body, signal, headers });
      status = res.statusCode;
      const text = await res.body.text();
      try {
        parsed = JSON.parse(text) as Answered;
      } catch {
        // not JSON: refused below
      }
    } catch (err) {
      const e = err as { name?: string; code?: string };
      const why =
        e.name === 'TimeoutError' || e.name === 'AbortError' || e.code === 'UND_ERR_ABORTED'
          ? 'timeout'
          : `connection ${e.code ?? e.name ?? 'error'}`;
      outcomes.set(delivery, { kind: 'unanswered', why });
      throw err;
    }
    if (status === 202 && typeof parsed?.executionId === 'string' && parsed.duplicate !== true) {
      outcomes.set(delivery, { kind: 'accepted', executionId: parsed.executionId });
      return { ok: true };
    }
    // Which service a 503 blamed, so the report tells a Redis restart's refusals from Postgres's.
    const message = typeof parsed?.error?.message === 'string' ? parsed.error.message : '';
    const blamed =
      status === 503
        ? /database|postgres/i.test(message)
          ? ' (Postgres)'
          : /redis|queue/i.test(message)
            ? ' (Redis)'
            : ''
        : '';
    const code = typeof parsed?.error?.code === 'string' ? ` ${parsed.error.code}${blamed}` : '';
    const answer =
      status === 202
        ? `202 ${parsed?.duplicate === true ? 'duplicate' : 'without executionId'}`
        : `status ${status}${code}`;
    const why = `${answer}${keyed ? ' (keyed)' : ''}`;
    outcomes.set(delivery, { kind: 'refused', why });
    // A sender backs off a little on 5xx rather than spinning through an outage.
    if (status >= 500) await new Promise((r) => setTimeout(r, 50));
    return { ok: false, error: why };
  };
}
