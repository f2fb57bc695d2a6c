import 'server-only';
import type { AuthUser } from '../auth/auth-user';
import type { Services } from '../composition';
import { getExecutionWithAllSteps } from './executions';

type Detail = Awaited<ReturnType<typeof getExecutionWithAllSteps>>;

const TERMINAL = new Set(['succeeded', 'failed', 'canceled', 'timed_out']);
/** Re-check even without a notification: pub/sub is fire-and-forget and may drop one. */
const RECHECK_MS = 2_000;
const KEEPALIVE_MS = 15_000;

/**
 * Server-Sent Events for one execution: `snapshot` (the full execution with steps), then
 * `step` for each new or changed step, `execution` when its status/summary changes, and
 * `end` once it is terminal. Each Redis notification triggers a re-read and a diff against
 * what this client was sent, so events are exact API shapes and nothing is missed.
 */
export async function executionEventStream(services: Services, user: AuthUser, executionId: string, signal: AbortSignal): Promise<Response> {
  const first = await getExecutionWithAllSteps(services.prisma, user, executionId); // 404 before the stream opens
  const encoder = new TextEncoder();
  let closed = false;
  let unsubscribe: (() => void) | undefined;
  const timers: ReturnType<typeof setInterval>[] = [];

  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (event: string, data: unknown) => {
        if (!closed) controller.enqueue(encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`));
      };
      const close = () => {
        if (closed) return;
        closed = true;
        unsubscribe?.();
        for (const t of timers) clearInterval(t);
        try {
          controller.close();
        } catch {
          // already closed by the client
        }
      };
      signal.addEventListener('abort', close);

      const sentSteps = new Map(first.steps.map((s) => [s.id, stepKey(s)]));
      let sentSummary = summaryKey(first);
      send('snapshot', first);
      if (TERMINAL.has(first.status)) {
        send('end', { status: first.status });
        return close();
      }

      let checking = false;
      let again = false;
      const check = async () => {
        if (closed) return;
        if (checking) {
          again = true;
          return;
        }
        checking = true;
        try {
          do {
            again = false;
            const current: Detail = await getExecutionWithAllSteps(services.prisma, user, executionId);
            for (const step of current.steps) {
              const key = stepKey(step);
              if (sentSteps.get(step.id) !== key) {
                sentSteps.set(step.id, key);
                send('step', step);
              }
            }
            const summary = summaryKey(current);
            if (summary !== sentSummary) {
              sentSummary = summary;
              const { steps: _steps, stepsNextCursor: _cursor, ...execution } = current;
              send('execution', execution);
            }
            if (TERMINAL.has(current.status)) {
              send('end', { status: current.status });
              close();
            }
          } while (again && !closed);
        } catch (err) {
          services.logger.warn({ err, executionId }, 'live execution check failed');
        } finally {
          checking = false;
        }
      };

      unsubscribe = await services.executionEvents().subscribe(executionId, () => void check());
      timers.push(setInterval(() => void check(), RECHECK_MS));
      timers.push(setInterval(() => !closed && controller.enqueue(encoder.encode(': keepalive\n\n')), KEEPALIVE_MS));
      // Anything that happened between the snapshot and the subscription.
      await check();
    },
    cancel() {
      closed = true;
      unsubscribe?.();
      for (const t of timers) clearInterval(t);
    },
  });

  return new Response(stream, {
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store, no-transform',
      connection: 'keep-alive',
      // Proxies (nginx) must not buffer the stream.
      'x-accel-buffering': 'no',
    },
  });
}

function stepKey(s: Detail['steps'][number]): string {
  return `${s.status}|${s.finishedAt ?? ''}|${s.startedAt}`;
}

function summaryKey(e: Detail): string {
  return `${e.status}|${e.nodesExecuted}|${e.finishedAt ?? ''}`;
}
