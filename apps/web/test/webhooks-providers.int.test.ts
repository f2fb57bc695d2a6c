// Webhooks verify what real senders send (SPEC §5 signatureScheme, docs/webhooks.md): each
// request is signed by the provider's own npm library where there is one (GitHub, Stripe,
// Standard Webhooks) and by the provider's documented recipe otherwise (Slack, Shopify).
import { createHmac, randomUUID } from 'node:crypto';
import { sign as githubSign } from '@octokit/webhooks-methods';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueQueuePrefix } from './helpers';

process.env.QUEUE_PREFIX = uniqueQueuePrefix('webhook-providers');

import * as webhooksRoute from '../src/app/api/workflows/[id]/webhooks/route';
import * as webhookRoute from '../src/app/api/webhooks/[id]/route';
import * as hookRoute from '../src/app/api/hooks/[token]/route';
import { disposeServices } from '../src/server/composition';
import { createUserWithSession, errorOf, ORIGIN, request, routeParams } from './helpers';
import { importActiveWorkflow } from './webhooks';
import { testDb } from '../../../test/integration/db';

let owner: { cookie: string };
let workflowId: string;
const stripe = new Stripe('sk_test_not_used');

beforeAll(async () => {
  owner = await createUserWithSession('owner', 'providers-owner');
  workflowId = await importActiveWorkflow(owner);
});

afterAll(() => disposeServices());

type Hook = { id: string; token: string; secret?: string; signatureHeader: string };

async function createHook(body: Record<string, unknown>): Promise<Response> {
  return webhooksRoute.POST(
    request(`/api/workflows/${workflowId}/webhooks`, { body: { rateLimitMax: 10_000, ...body }, cookie: owner.cookie }),
    routeParams({ id: workflowId }),
  );
}
async function hook(body: Record<string, unknown>): Promise<Hook> {
  const res = await createHook(body);
  expect(res.status, JSON.stringify(await res.clone().json())).toBe(201);
  return (await res.json()) as Hook;
}
function deliver(h: Hook, body: string, headers: Record<string, string>): Promise<Response> {
  return hookRoute.POST(
    new Request(`${ORIGIN}/api/hooks/${h.token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    }),
    routeParams({ token: h.token }),
  );
}
const executions = (h: Hook) => testDb().execution.count({ where: { webhookId: h.id } });
const now = () => Math.floor(Date.now() / 1000);
const hmac = (key: string | Buffer, data: string, enc: 'hex' | 'base64') =>
  createHmac('sha256', key).update(data).digest(enc);

interface Scheme {
  name: string;
  create: () => Promise<{ hook: Hook; secret: string }>;
  /** Headers for `body` signed with `secret`, as the provider sends them; `id` the delivery id, `t` the timestamp. */
  sign: (
    secret: string,
    body: string,
    opts: { id: string; t: number; token: string },
  ) => Promise<Record<string, string>>;
  /** The body's delivery id lives in the body (Stripe, Slack). */
  body: (id: string) => string;
  timestamped: boolean;
  signatureHeader: string;
  /** A second valid secret, for rotation. */
  newSecret: () => string;
}

const json = (id: string) => JSON.stringify({ id, a: 20, b: 3 });
const hex32 = () => randomUUID().replace(/-/g, '');
const stripeSecret = () => `whsec_${hex32()}${hex32()}`;
const standardSecret = () =>
  `whsec_${Buffer.from(randomUUID() + randomUUID())
    .toString('base64')
    .slice(0, 44)}`;

const schemes: Scheme[] = [
  {
    name: 'github',
    async create() {
      const h = await hook({ signatureScheme: 'github' });
      return { hook: h, secret: h.secret! };
    },
    sign: async (secret, body, { id }) => ({
      'x-hub-signature-256': await githubSign(secret, body),
      'x-github-delivery': id,
      'x-github-event': 'push',
    }),
    body: json,
    timestamped: false,
    signatureHeader: 'X-Hub-Signature-256',
    newSecret: () => `gh-${hex32()}`,
  },
  {
    name: 'stripe',
    async create() {
      const secret = stripeSecret();
      const h = await hook({ signatureScheme: 'stripe', secret });
      expect(h.secret).toBeUndefined();
      return { hook: h, secret };
    },
    sign: async (secret, body, { t }) => ({
      'stripe-signature': stripe.webhooks.generateTestHeaderString({ payload: body, secret, timestamp: t }),
    }),
    body: (id) =>
      JSON.stringify({ id, object: 'event', type: 'payment_intent.succeeded', data: { object: { amount: 2000 } } }),
    timestamped: true,
    signatureHeader: 'Stripe-Signature',
    newSecret: stripeSecret,
  },
  {
    name: 'slack',
    async create() {
      const secret = hex32();
      return { hook: await hook({ signatureScheme: 'slack', secret }), secret };
    },
    // https://api.slack.com/authentication/verifying-requests-from-slack
    sign: async (secret, body, { t }) => ({
      'x-slack-signature': `v0=${hmac(secret, `v0:${t}:${body}`, 'hex')}`,
      'x-slack-request-timestamp': String(t),
    }),
    body: (id) => JSON.stringify({ type: 'event_callback', event_id: id, event: { type: 'app_mention', text: 'hi' } }),
    timestamped: true,
    signatureHeader: 'X-Slack-Signature',
    newSecret: hex32,
  },
  {
    name: 'shopify',
    async create() {
      const secret = `shpss_${hex32()}`;
      return { hook: await hook({ signatureScheme: 'shopify', secret }), secret };
    },
    // https://shopify.dev/docs/apps/build/webhooks/subscribe/https#step-5-verify-the-webhook
    sign: async (secret, body, { id }) => ({
      'x-shopify-hmac-sha256': hmac(secret, body, 'base64'),
      'x-shopify-webhook-id': id,
      'x-shopify-topic': 'orders/create',
    }),
    body: json,
    timestamped: false,
    signatureHeader: 'X-Shopify-Hmac-Sha256',
    newSecret: () => `shpss_${hex32()}`,
  },
  {
    name: 'standard',
    async create() {
      const h = await hook({ signatureScheme: 'standard' });
      expect(h.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
      return { hook: h, secret: h.secret! };
    },
    sign: async (secret, body, { id, t }) => ({
      'webhook-id': id,
      'webhook-timestamp': String(t),
      'webhook-signature': new StandardWebhook(secret).sign(id, new Date(t * 1000), body),
    }),
    body: json,
    timestamped: true,
    signatureHeader: 'webhook-signature',
    newSecret: standardSecret,
  },
];

describe.each(schemes)('signatureScheme $name', (s) => {
  it('accepts what the provider signs: 202 and one execution that gets the body', async () => {
    const { hook: h, secret } = await s.create();
    expect(h.signatureHeader).toBe(s.signatureHeader);
    const id = `evt_${randomUUID()}`;
    const body = s.body(id);
    const res = await deliver(h, body, await s.sign(secret, body, { id, t: now(), token: h.token }));
    expect(res.status, JSON.stringify(await res.clone().json())).toBe(202);
    const { executionId } = (await res.json()) as { executionId: string };
    const execution = await testDb().execution.findUniqueOrThrow({ where: { id: executionId } });
    expect((execution.triggerData as { body: unknown }).body).toEqual(JSON.parse(body));
    // SPEC §2: the signature is a credential for whoever reads the run; it is not stored.
    const stored = (execution.triggerData as { headers: Record<string, string> }).headers;
    expect(Object.keys(stored)).not.toContain(s.signatureHeader.toLowerCase());
    expect(Object.keys(stored).length).toBeGreaterThan(0);
    expect(await executions(h)).toBe(1);
  });

  it(
    'refuses a tampered body, a wrong secret, a missing header and (where signed) a stale timestamp with 401, ' +
      'starting nothing',
    async () => {
      const { hook: h, secret } = await s.create();
      const id = `evt_${randomUUID()}`;
      const body = s.body(id);
      const signed = await s.sign(secret, body, { id, t: now(), token: h.token });
      const cases: Array<[string, Promise<Response>, RegExp]> = [
        ['tampered', deliver(h, body.replace('"', ' "'), signed), /does not match/],
        [
          'wrong secret',
          deliver(h, body, await s.sign(s.newSecret(), body, { id, t: now(), token: h.token })),
          /does not match/,
        ],
        [
          'no header',
          deliver(
            h,
            body,
            Object.fromEntries(
              Object.entries(signed).filter(([k]) => k.toLowerCase() !== s.signatureHeader.toLowerCase()),
            ),
          ),
          new RegExp(`missing ${s.signatureHeader}`, 'i'),
        ],
      ];
      if (s.timestamped)
        cases.push([
          'stale',
          deliver(h, body, await s.sign(secret, body, { id, t: now() - 301, token: h.token })),
          /300 s/,
        ]);
      for (const [what, pending, reason] of cases) {
        const res = await pending;
        expect(res.status, what).toBe(401);
        expect((await errorOf(res)).message, what).toMatch(reason);
      }
      expect(await executions(h)).toBe(0);
    },
  );

  it('a redelivery of the same delivery id (also concurrent) starts one execution and answers its id', async () => {
    const { hook: h, secret } = await s.create();
    const id = `evt_${randomUUID()}`;
    const body = s.body(id);
    const headers = await s.sign(secret, body, { id, t: now(), token: h.token });
    const answers = await Promise.all([
      deliver(h, body, headers),
      deliver(h, body, headers),
      deliver(h, body, headers),
    ]);
    const ids = await Promise.all(
      answers.map(async (r) => ({
        status: r.status,
        ...((await r.json()) as { executionId: string; duplicate?: boolean }),
      })),
    );
    expect(ids.map((a) => a.status)).toEqual([202, 202, 202]);
    expect(new Set(ids.map((a) => a.executionId)).size).toBe(1);
    expect(ids.filter((a) => a.duplicate)).toHaveLength(2);
    // Later, signed afresh (a provider's retry): still the first execution.
    const again = await deliver(h, body, await s.sign(secret, body, { id, t: now(), token: h.token }));
    expect(((await again.json()) as { executionId: string }).executionId).toBe(ids[0]!.executionId);
    expect(await executions(h)).toBe(1);
  });

  it('rotation: a new secret verifies at once and the old one keeps verifying during the grace period', async () => {
    const { hook: h, secret: old } = await s.create();
    const fresh = s.newSecret();
    const res = await webhookRoute.PATCH(
      request(`/api/webhooks/${h.id}`, { method: 'PATCH', body: { secret: fresh }, cookie: owner.cookie }),
      routeParams({ id: h.id }),
    );
    expect(res.status, JSON.stringify(await res.clone().json())).toBe(200);
    const view = (await res.json()) as { secretRotatingUntil: string | null; secret?: string };
    expect(view.secret).toBeUndefined();
    expect(view.secretRotatingUntil).not.toBeNull();
    for (const secret of [fresh, old]) {
      const id = `evt_${randomUUID()}`;
      const body = s.body(id);
      expect((await deliver(h, body, await s.sign(secret, body, { id, t: now(), token: h.token }))).status).toBe(202);
    }
    // After the grace period only the new one.
    await testDb().webhook.update({
      where: { id: h.id },
      data: { previousSecretExpiresAt: new Date(Date.now() - 1000) },
    });
    const id = `evt_${randomUUID()}`;
    const body = s.body(id);
    expect((await deliver(h, body, await s.sign(old, body, { id, t: now(), token: h.token }))).status).toBe(401);
    expect(await executions(h)).toBe(2);
  });
});

describe('provider secrets', () => {
  it('a provider-made secret is required and checked against the scheme, naming the field; nothing is stored', async () => {
    const before = await testDb().webhook.count();
    const cases: Array<[Record<string, unknown>, string, RegExp]> = [
      [{ signatureScheme: 'stripe' }, 'body.secret', /required for the stripe scheme: paste .*whsec_/],
      [{ signatureScheme: 'stripe', secret: 'sk_live_123' }, 'body.secret', /whsec_/],
      [{ signatureScheme: 'slack', secret: 'not-hex' }, 'body.secret', /32-character hex/],
      [{ signatureScheme: 'shopify' }, 'body.secret', /required for the shopify scheme/],
      [{ signatureScheme: 'standard', secret: 'plain' }, 'body.secret', /whsec_/],
      [{ signatureScheme: 'standard', secret: 'whsec_c2hvcnQ=' }, 'body.secret', /24-64 bytes/],
      [{ signatureScheme: 'github', secret: 'short' }, 'body.secret', /at least 16/],
      [{ signatureScheme: 'svix' }, 'body.signatureScheme', /one of weft, github, stripe, slack, shopify, standard/],
    ];
    for (const [body, path, message] of cases) {
      const res = await createHook(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      const err = await errorOf(res);
      expect(err.details?.[0]?.path, JSON.stringify(body)).toBe(path);
      expect(err.details?.[0]?.message, JSON.stringify(body)).toMatch(message);
    }
    expect(await testDb().webhook.count()).toBe(before);
  });

  it('rotateSecret cannot generate a provider-made secret; switching scheme needs a secret that fits it', async () => {
    const { id } = await hook({ signatureScheme: 'stripe', secret: stripeSecret() });
    const patch = (body: unknown) =>
      webhookRoute.PATCH(
        request(`/api/webhooks/${id}`, { method: 'PATCH', body, cookie: owner.cookie }),
        routeParams({ id }),
      );
    const rotate = await patch({ rotateSecret: true });
    expect(rotate.status).toBe(400);
    expect((await errorOf(rotate)).details?.[0]).toMatchObject({
      path: 'body.rotateSecret',
      message: expect.stringMatching(/roll the secret at stripe/),
    });
    const toSlack = await patch({ signatureScheme: 'slack' });
    expect(toSlack.status).toBe(400);
    expect((await errorOf(toSlack)).details?.[0]?.path).toBe('body.secret');
    expect((await testDb().webhook.findUniqueOrThrow({ where: { id } })).signatureScheme).toBe('stripe');
    const ok = await patch({ signatureScheme: 'slack', secret: hex32() });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ signatureScheme: 'slack', signatureHeader: 'X-Slack-Signature' });
  });
});

describe('Slack url_verification', () => {
  it('is answered with the challenge and starts no run (signed, as Slack sends it)', async () => {
    const secret = hex32();
    const h = await hook({ signatureScheme: 'slack', secret });
    const body = JSON.stringify({
      token: 'x',
      challenge: 'chal-3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P',
      type: 'url_verification',
    });
    const t = now();
    const res = await deliver(h, body, {
      'x-slack-signature': `v0=${hmac(secret, `v0:${t}:${body}`, 'hex')}`,
      'x-slack-request-timestamp': String(t),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ challenge: 'chal-3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P' });
    expect(await executions(h)).toBe(0);
    // Unsigned, it is refused like any request.
    expect((await deliver(h, body, {})).status).toBe(401);
  });
});

// GitHub and Shopify sign the body only, with no timestamp: a captured delivery verifies forever.
// Their delivery id is required, and the signed body's digest is an idempotency key for 24 h, so
// a replay — with the id stripped, or under a fresh one — starts nothing (docs/security.md).
describe.each(schemes.filter((s) => !s.timestamped))('replays on $name (no signed timestamp)', (s) => {
  const deliveryHeader = s.name === 'github' ? 'x-github-delivery' : 'x-shopify-webhook-id';

  it('refuses a signed delivery without its delivery id header: 401 naming it, nothing started', async () => {
    const { hook: h, secret } = await s.create();
    const id = `evt_${randomUUID()}`;
    const body = s.body(id);
    const headers = Object.fromEntries(
      Object.entries(await s.sign(secret, body, { id, t: now(), token: h.token })).filter(
        ([k]) => k !== deliveryHeader,
      ),
    );
    const res = await deliver(h, body, headers);
    expect(res.status).toBe(401);
    expect((await errorOf(res)).message).toMatch(new RegExp(`missing ${deliveryHeader}`, 'i'));
    expect(await executions(h)).toBe(0);
  });

  it('a captured delivery replayed under a fresh delivery id (also concurrently) is a duplicate of the first run', async () => {
    const { hook: h, secret } = await s.create();
    const id = `evt_${randomUUID()}`;
    const body = s.body(id);
    const captured = await s.sign(secret, body, { id, t: now(), token: h.token });
    const first = await deliver(h, body, captured);
    expect(first.status).toBe(202);
    const { executionId } = (await first.json()) as { executionId: string };
    const replays = await Promise.all(
      [1, 2, 3].map(() => deliver(h, body, { ...captured, [deliveryHeader]: randomUUID() })),
    );
    for (const r of replays) {
      expect(r.status).toBe(202);
      expect(await r.json()).toEqual({ executionId, duplicate: true });
    }
    expect(await executions(h)).toBe(1);
    // Another body (another event) still runs.
    const other = s.body(`evt_${randomUUID()}`);
    expect(
      (await deliver(h, other, await s.sign(secret, other, { id: randomUUID(), t: now(), token: h.token }))).status,
    ).toBe(202);
    expect(await executions(h)).toBe(2);
  });

  it('after the idempotency window the digest no longer holds a replay back (the documented residual risk)', async () => {
    const { hook: h, secret } = await s.create();
    const id = `evt_${randomUUID()}`;
    const body = s.body(id);
    const captured = await s.sign(secret, body, { id, t: now(), token: h.token });
    expect((await deliver(h, body, captured)).status).toBe(202);
    await testDb().webhookIdempotencyKey.updateMany({
      where: { webhookId: h.id },
      data: { createdAt: new Date(Date.now() - 25 * 3600_000) },
    });
    const late = await deliver(h, body, { ...captured, [deliveryHeader]: randomUUID() });
    expect(late.status).toBe(202);
    expect(((await late.json()) as { duplicate?: boolean }).duplicate).toBeUndefined();
    expect(await executions(h)).toBe(2);
  });
});
