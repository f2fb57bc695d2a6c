import { IdParams, Page } from '../../common';
import {
  EventStreamQuery,
  ExecutionDetail,
  ExecutionListQuery,
  ExecutionSummary,
  StepPageQuery,
} from '../../executions';
import { HookAccepted, HookParams } from '../../webhooks';
import { defineOperation, ok, throttled, queueDown, Executions, type Method, type Operation } from '../operation';

/** `/api/hooks/{token}` answers every method alike; the sync 200 is whatever the workflow's `respond` node says. */
function hookDelivery<const M extends Method>(method: M) {
  return defineOperation({
    method,
    path: '/api/hooks/{token}',
    tag: 'Webhook deliveries',
    summary: `Deliver to a webhook (${method.toUpperCase()})`,
    permission: 'public',
    security: 'none',
    params: HookParams,
    description:
      "Starts the workflow's active version with `{ method, webhookId, headers, query, body }`. The token, the " +
      "signature (per the webhook's scheme) and the IP allowlist are the authentication. A delivery id " +
      "(`Idempotency-Key`, or the provider's) starts at most one run.",
    responses: [
      { status: 202, description: 'Accepted (response mode `async`).', schema: HookAccepted },
      {
        status: 200,
        description:
          "Response mode `sync`: the workflow's `respond` node's answer (any status, headers and body), or its output as JSON.",
      },
    ],
    errors: [
      { status: 401, description: 'Signature missing, wrong or too old.' },
      { status: 403, description: 'The caller is not on the IP allowlist.' },
      { status: 404, description: 'Unknown or disabled webhook, or the workflow has no active version.' },
      { status: 413, description: 'The body is larger than MAX_PAYLOAD_BYTES.' },
      throttled,
      queueDown,
    ],
  });
}

/** Executions and their live events, and webhook deliveries (what starts one from outside). */
export const EXECUTION_OPERATIONS = {
  // Executions
  getExecutions: defineOperation({
    method: 'get',
    path: '/api/executions',
    tag: Executions,
    summary: 'Executions the caller may view, newest first',
    permission: 'signed-in',
    query: ExecutionListQuery,
    description: 'Summaries: no trigger data, output or steps (read one execution for those).',
    responses: [ok(Page(ExecutionSummary))],
  }),
  getExecutionsById: defineOperation({
    method: 'get',
    path: '/api/executions/{id}',
    tag: Executions,
    summary: 'An execution with a page of its steps, in the order they started',
    permission: { execution: 'view' },
    params: IdParams,
    query: StepPageQuery,
    responses: [ok(ExecutionDetail)],
  }),
  getExecutionsByIdEvents: defineOperation({
    method: 'get',
    path: '/api/executions/{id}/events',
    tag: Executions,
    summary: 'Live changes (Server-Sent Events)',
    permission: { execution: 'view' },
    params: IdParams,
    query: EventStreamQuery,
    description:
      'Events, each for one numbered change of the execution: `snapshot` (ExecutionDetail with the first 100 ' +
      'steps; page the rest with `GET /api/executions/{id}?cursor=`), then for each change its new `step`s (Step) and ' +
      'one `execution` (ExecutionChangeEvent: the summary and the nodes running now, `id:` = its `seq`), then `end` ' +
      '(ExecutionEndEvent) once it is final. With `Last-Event-ID` (or `?lastEventId=`) only the changes after it are ' +
      'sent, no snapshot. At most `MAX_EVENT_STREAMS_PER_USER` streams per user are open at once.',
    responses: [
      { status: 200, description: 'An event stream.', contentType: 'text/event-stream' },
      {
        status: 204,
        description: 'Resuming a final execution with nothing left to send (EventSource stops reconnecting).',
      },
    ],
    errors: [
      {
        status: 429,
        description:
          'The caller already has `MAX_EVENT_STREAMS_PER_USER` streams open; `Retry-After` says when one lapses at the latest.',
      },
    ],
  }),

  // Webhook deliveries
  getHooksByToken: hookDelivery('get'),
  postHooksByToken: hookDelivery('post'),
  putHooksByToken: hookDelivery('put'),
  patchHooksByToken: hookDelivery('patch'),
  deleteHooksByToken: hookDelivery('delete'),
} satisfies Record<string, Operation>;
