// The webhook management use cases on the in-memory store (@weft/db/memory): who may do what (404
// hidden, 403 visible but not allowed, naming the field that needs execute), secrets stored sealed and
// shown once, rotation keeping the previous secret, and the audit record of every change.
import { SecretBox, type Execution } from '@weft/db';
import { createMemoryStore, newId } from '@weft/db/memory';
import { describe, expect, it } from 'vitest';
import { createWebhook, deleteWebhook, listWebhooks, updateWebhook } from '@/server/webhooks/webhooks';
import { auditActions, caller, grant, seedWorkflow, type MemoryStore } from './trigger-fixtures';

const secrets = new SecretBox({ current: 'a-secret-key-for-the-webhook-unit-tests' });
const origin = 'https://weft.example.com';
const owner = caller('owner');

function setup() {
  const store = createMemoryStore();
  return { store, workflowId: seedWorkflow(store, { active: true }), deps: { store, secrets } };
}

/** A run the webhook started (what its delivery count is read from). */
function deliver(store: MemoryStore, workflowId: string, webhookId: string): Execution {
  const row = { id: newId(), workflowId, webhookId, createdAt: new Date() } as Execution;
  store.tables.executions.set(row.id, row);
  return row;
}

describe('createWebhook', () => {
  it('answers the generated secret once, stores it sealed, and shows the token to who may execute', async () => {
    const { store, workflowId, deps } = setup();
    const w = await createWebhook(deps, owner, workflowId, { responseMode: 'sync' }, origin, '10.0.0.1');
    expect(w).toMatchObject({ workflowId, responseMode: 'sync', enabled: true, signatureScheme: 'weft' });
    expect(w.url).toBe(`${origin}/api/hooks/${w.token}`);
    const row = store.tables.webhooks.get(w.id)!;
    expect(row.secretEncrypted).not.toContain(w.secret!);
    expect(secrets.open(row.secretEncrypted)).toBe(w.secret);
    expect(await auditActions(store, w.id)).toEqual(['webhook.create']);

    const pasted = await createWebhook(deps, owner, workflowId, { secret: 'my-own-secret' }, origin, null);
    expect(pasted).not.toHaveProperty('secret');
    expect(secrets.open(store.tables.webhooks.get(pasted.id)!.secretEncrypted)).toBe('my-own-secret');
  });

  it('is 404 to who cannot see the workflow and 403 to an editor without execute; nothing is written', async () => {
    const { store, workflowId, deps } = setup();
    const member = caller('member');
    await expect(createWebhook(deps, member, workflowId, {}, origin, null)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    grant(store, workflowId, member, ['canEdit']);
    await expect(createWebhook(deps, member, workflowId, {}, origin, null)).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(store.tables.webhooks.size).toBe(0);
    expect(store.tables.audit.size).toBe(0);
  });
});

describe('listWebhooks', () => {
  it('lists newest first with delivery counts; a viewer gets neither token nor URL', async () => {
    const { store, workflowId, deps } = setup();
    const a = await createWebhook(deps, owner, workflowId, {}, origin, null);
    const b = await createWebhook(deps, owner, workflowId, {}, origin, null);
    deliver(store, workflowId, a.id);
    const last = deliver(store, workflowId, a.id);
    const viewer = caller('member');
    grant(store, workflowId, viewer, ['canEdit']);
    const list = await listWebhooks(store, viewer, workflowId, origin);
    expect(list.items.map((w) => [w.id, w.token, w.url, w.triggerCount, w.lastExecutionId])).toEqual([
      [b.id, null, null, 0, null],
      [a.id, null, null, 2, last.id],
    ]);
    expect(list.items[1]!.lastTriggeredAt).toBe(last.createdAt.toISOString());
    expect(list.items[0]).not.toHaveProperty('secret');
    expect((await listWebhooks(store, owner, workflowId, origin)).items[0]!.token).toBe(b.token);
  });
});

describe('updateWebhook', () => {
  it('rotates the secret keeping the old one for 24 h, recorded as a rotation', async () => {
    const { store, workflowId, deps } = setup();
    const w = await createWebhook(deps, owner, workflowId, {}, origin, null);
    const rotated = await updateWebhook(deps, owner, w.id, { rotateSecret: true }, origin, null);
    expect(rotated.secret).toEqual(expect.any(String));
    expect(rotated.secret).not.toBe(w.secret);
    expect(Date.parse(rotated.secretRotatingUntil!)).toBeGreaterThan(Date.now() + 23 * 3600_000);
    const row = store.tables.webhooks.get(w.id)!;
    expect(secrets.open(row.secretEncrypted)).toBe(rotated.secret);
    expect(secrets.open(row.previousSecretEncrypted!)).toBe(w.secret);
    const settings = await updateWebhook(deps, owner, w.id, { rateLimitMax: 5 }, origin, null);
    expect(settings).toMatchObject({ rateLimitMax: 5 });
    expect(settings).not.toHaveProperty('secret');
    expect(await auditActions(store, w.id)).toEqual(['webhook.update', 'webhook.rotate_secret', 'webhook.create']);
  });

  it('refuses what the scheme cannot take, naming the field, and changes nothing', async () => {
    const { store, workflowId, deps } = setup();
    const w = await createWebhook(deps, owner, workflowId, {}, origin, null);
    const switched = await updateWebhook(deps, owner, w.id, { signatureScheme: 'standard' }, origin, null).catch(
      (e: unknown) => e,
    );
    expect(switched).toMatchObject({ code: 'VALIDATION_ERROR', details: [{ path: 'body.secret' }] });
    const stripe = await createWebhook(
      deps,
      owner,
      workflowId,
      { signatureScheme: 'stripe', secret: 'whsec_abcdefghijklmnop1234' },
      origin,
      null,
    );
    const rotate = await updateWebhook(deps, owner, stripe.id, { rotateSecret: true }, origin, null).catch(
      (e: unknown) => e,
    );
    expect(rotate).toMatchObject({ code: 'VALIDATION_ERROR', details: [{ path: 'body.rotateSecret' }] });
    expect(store.tables.webhooks.get(w.id)!.signatureScheme).toBe('weft');
    expect(await auditActions(store, w.id)).toEqual(['webhook.create']);
  });

  it('lets an editor without execute change settings and turn it off, not enable it or set the secret (403, the field)', async () => {
    const { store, workflowId, deps } = setup();
    const w = await createWebhook(deps, owner, workflowId, {}, origin, null);
    const editor = caller('member');
    grant(store, workflowId, editor, ['canEdit']);
    expect(await updateWebhook(deps, editor, w.id, { enabled: false }, origin, null)).toMatchObject({
      enabled: false,
      token: null,
    });
    for (const [body, path] of [
      [{ enabled: true }, 'body.enabled'],
      [{ rotateSecret: true }, 'body.rotateSecret'],
      [{ secret: 'another-secret' }, 'body.secret'],
    ] as const) {
      const refused = await updateWebhook(deps, editor, w.id, body, origin, null).catch((e: unknown) => e);
      expect(refused, path).toMatchObject({ code: 'FORBIDDEN', details: [{ path }] });
    }
    expect(store.tables.webhooks.get(w.id)).toMatchObject({ enabled: false, previousSecretEncrypted: null });
    await expect(updateWebhook(deps, caller('member'), w.id, { enabled: false }, origin, null)).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: 'Webhook not found',
    });
  });
});

describe('deleteWebhook', () => {
  it('deletes it with an audit record; 403 to a viewer, 404 once gone', async () => {
    const { store, workflowId, deps } = setup();
    const w = await createWebhook(deps, owner, workflowId, {}, origin, null);
    const viewer = caller('member');
    grant(store, workflowId, viewer, []);
    await expect(deleteWebhook(store, viewer, w.id, null)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await deleteWebhook(store, owner, w.id, null);
    expect(store.tables.webhooks.has(w.id)).toBe(false);
    expect(await auditActions(store, w.id)).toEqual(['webhook.delete', 'webhook.create']);
    await expect(deleteWebhook(store, owner, w.id, null)).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: 'Webhook not found',
    });
  });
});
