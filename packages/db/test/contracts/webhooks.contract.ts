import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { unique, type MakeStore } from './harness';
import { WEBHOOK_DEFAULTS } from './rows';
import { seedFor } from './seed';

export function contract(make: MakeStore) {
  const seed = seedFor();

  describe('WebhookRepository', () => {
    it('creates with the table defaults, stores the secret as given, finds it and lists newest first', async () => {
      const h = make();
      const wf = await seed(h).workflow();
      const a = await h.store.webhooks.create({ workflowId: wf, token: unique('tok'), secretEncrypted: 'sealed-a' });
      expect(a).toMatchObject({ workflowId: wf, secretEncrypted: 'sealed-a', ...WEBHOOK_DEFAULTS });
      const b = await h.store.webhooks.create({
        workflowId: wf,
        token: unique('tok'),
        secretEncrypted: 'sealed-b',
        signatureScheme: 'github',
        ipAllowlist: ['10.0.0.0/8'],
        responseMode: 'sync',
        enabled: false,
      });
      expect(b).toMatchObject({ signatureScheme: 'github', ipAllowlist: ['10.0.0.0/8'], responseMode: 'sync' });
      expect(await h.store.webhooks.find(a.id)).toEqual(a);
      expect(await h.store.webhooks.find(randomUUID())).toBeNull();
      expect((await h.store.webhooks.listForWorkflow(wf)).map((w) => w.id)).toEqual([b.id, a.id]);
    });

    it('refuses a token already taken as a unique violation (P2002)', async () => {
      const h = make();
      const wf = await seed(h).workflow();
      const token = unique('tok');
      await h.store.webhooks.create({ workflowId: wf, token, secretEncrypted: 's' });
      await expect(h.store.webhooks.create({ workflowId: wf, token, secretEncrypted: 's' })).rejects.toMatchObject({
        code: 'P2002',
      });
    });

    it('updates settings, rotates the secret keeping the previous one, and is null for no such webhook', async () => {
      const h = make();
      const wf = await seed(h).workflow();
      const w = await h.store.webhooks.create({ workflowId: wf, token: unique('tok'), secretEncrypted: 'old' });
      const settings = await h.store.webhooks.update(w.id, { rateLimitMax: 5, ipAllowlist: ['10.0.0.1/32'] });
      expect(settings).toMatchObject({ rateLimitMax: 5, ipAllowlist: ['10.0.0.1/32'], secretEncrypted: 'old' });
      const until = new Date('2030-01-01T00:00:00.000Z');
      const rotated = await h.store.webhooks.update(
        w.id,
        { enabled: false },
        { secretEncrypted: 'new', previousSecretEncrypted: 'old', previousSecretExpiresAt: until },
      );
      expect(rotated).toMatchObject({
        enabled: false,
        rateLimitMax: 5,
        secretEncrypted: 'new',
        previousSecretEncrypted: 'old',
        previousSecretExpiresAt: until,
      });
      expect(await h.store.webhooks.find(w.id)).toEqual(rotated);
      expect(await h.store.webhooks.update(randomUUID(), { enabled: true })).toBeNull();
    });

    it('counts deliveries from the executions a webhook started, with the latest', async () => {
      const h = make();
      const s = seed(h);
      const wf = await s.workflow();
      const w = await h.store.webhooks.create({ workflowId: wf, token: unique('tok'), secretEncrypted: 's' });
      const quiet = await h.store.webhooks.create({ workflowId: wf, token: unique('tok'), secretEncrypted: 's' });
      await s.execution(wf, { webhookId: w.id });
      const last = await s.execution(wf, { webhookId: w.id }, 'failed');
      const stats = await h.store.webhooks.deliveryStats([w.id, quiet.id]);
      expect([...stats.keys()]).toEqual([w.id]);
      expect(stats.get(w.id)).toEqual({ count: 2, lastAt: last.createdAt, lastExecutionId: last.id });
      expect(await h.store.webhooks.deliveryStats([])).toEqual(new Map());
    });

    it('deletes a webhook (no deliveries count for it after); false when there is none', async () => {
      const h = make();
      const s = seed(h);
      const wf = await s.workflow();
      const w = await h.store.webhooks.create({ workflowId: wf, token: unique('tok'), secretEncrypted: 's' });
      await s.execution(wf, { webhookId: w.id });
      expect(await h.store.webhooks.delete(w.id)).toBe(true);
      expect(await h.store.webhooks.find(w.id)).toBeNull();
      expect(await h.store.webhooks.deliveryStats([w.id])).toEqual(new Map());
      expect(await h.store.webhooks.delete(w.id)).toBe(false);
    });
  });
}
