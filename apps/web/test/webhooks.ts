// Workflows with webhooks, made and called through the real route handlers as a user and a
// sender would: for the webhook path's integration tests and test/system's scenarios.
import { expect } from 'vitest';
import sumAndBranch from '../../../test/fixtures/sum-and-branch.json';
import * as importRoute from '../src/app/api/workflows/import/route';
import * as activateRoute from '../src/app/api/workflows/[id]/activate/route';
import * as webhooksRoute from '../src/app/api/workflows/[id]/webhooks/route';
import * as hookRoute from '../src/app/api/hooks/[token]/route';
import { signPayload } from '../src/server/webhooks/signature';
import { ORIGIN, request, routeParams } from './helpers';
import { peerHeader } from './peer';

type Owner = { cookie: string };
export type Hook = { id: string; token: string; secret: string };

/** Imports `definition` (sum-and-branch unless given) as `owner`: the new workflow's id. */
export async function importWorkflow(owner: Owner, definition: unknown = sumAndBranch): Promise<string> {
  const res = await importRoute.POST(request('/api/workflows/import', { body: definition, cookie: owner.cookie }));
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

export async function activateWorkflow(owner: Owner, workflowId: string): Promise<void> {
  await activateRoute.POST(
    request(`/api/workflows/${workflowId}/activate`, { body: {}, cookie: owner.cookie }),
    routeParams({ id: workflowId }),
  );
}

/** Imports `definition` (sum-and-branch unless given) and activates it: the workflow's id. */
export async function importActiveWorkflow(owner: Owner, definition: unknown = sumAndBranch): Promise<string> {
  const workflowId = await importWorkflow(owner, definition);
  await activateWorkflow(owner, workflowId);
  return workflowId;
}

/** A webhook on the workflow with `settings`: its id, token and secret. */
export async function createWebhook(
  owner: Owner,
  workflowId: string,
  settings: Record<string, unknown> = {},
): Promise<Hook> {
  const res = await webhooksRoute.POST(
    request(`/api/workflows/${workflowId}/webhooks`, { body: settings, cookie: owner.cookie }),
    routeParams({ id: workflowId }),
  );
  expect(res.status).toBe(201);
  return (await res.json()) as Hook;
}

/** A new workflow (activated unless `activate` is false) with a webhook of `settings`. */
export async function createWorkflowWithWebhook(
  owner: Owner,
  {
    definition,
    settings,
    activate = true,
  }: { definition?: unknown; settings?: Record<string, unknown>; activate?: boolean },
): Promise<Hook & { workflowId: string }> {
  const workflowId = await importWorkflow(owner, definition);
  if (activate) await activateWorkflow(owner, workflowId);
  return { workflowId, ...(await createWebhook(owner, workflowId, settings)) };
}

export interface Delivery {
  headers?: Record<string, string>;
  /** Seconds added to the signature's timestamp (a stale or future one). */
  tOffset?: number;
  /** Sign with this instead of the hook's secret. */
  secret?: string;
  method?: string;
  /** Appended to the hook's URL, e.g. `?src=test`. */
  query?: string;
  /** The client address Weft's server would have recorded. */
  peer?: string;
}

/** Calls the hook as its sender does: the body signed with the hook's secret (`x-weft-signature`). */
export function deliverSigned(
  hook: { token: string; secret: string },
  body: string | Uint8Array<ArrayBuffer>,
  opts: Delivery = {},
): Promise<Response> {
  const t = Math.floor(Date.now() / 1000) + (opts.tOffset ?? 0);
  const req = new Request(`${ORIGIN}/api/hooks/${hook.token}${opts.query ?? ''}`, {
    method: opts.method ?? 'POST',
    headers: {
      'content-type': 'application/json',
      'x-weft-signature': `t=${t},v1=${signPayload(opts.secret ?? hook.secret, t, hook.token, body)}`,
      ...(opts.peer ? peerHeader(opts.peer) : {}),
      ...opts.headers,
    },
    body: opts.method === 'GET' ? undefined : body,
  });
  return hookRoute.POST(req, routeParams({ token: hook.token }));
}
