import { describe, expect, it } from 'vitest';
import {
  draftFromWebhook,
  draftToPatch,
  isDirty,
  parseAllowlist,
  settingsErrorsFromDetails,
} from '../../src/features/webhooks/settings-form';
import type { Webhook } from '../../src/features/webhooks/types';

const hook: Webhook = {
  id: 'w1',
  workflowId: 'wf1',
  token: 't',
  url: 'http://x/api/hooks/t',
  enabled: true,
  requireSignature: true,
  signatureScheme: 'weft',
  signatureHeader: 'x-weft-signature',
  signatureFormat: 't=<unix seconds>,v1=<hex HMAC-SHA256>',
  deliveryIdFrom: 'Idempotency-Key',
  ipAllowlist: ['10.0.0.0/8', '203.0.113.7'],
  rateLimitMax: 60,
  rateLimitWindowSec: 60,
  responseMode: 'async',
  syncTimeoutMs: 30000,
  secretRotatingUntil: null,
  lastTriggeredAt: null,
  triggerCount: 0,
  lastExecutionId: null,
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-01-01T00:00:00.000Z',
};

describe('webhook settings form', () => {
  it('round-trips a webhook through the draft', () => {
    const d = draftFromWebhook(hook);
    expect(d.ipAllowlist).toBe('10.0.0.0/8\n203.0.113.7');
    expect(isDirty(d, hook)).toBe(false);
    expect(draftToPatch(d)).toEqual({
      ok: true,
      patch: {
        requireSignature: true,
        responseMode: 'async',
        syncTimeoutMs: 30000,
        rateLimitMax: 60,
        rateLimitWindowSec: 60,
        ipAllowlist: ['10.0.0.0/8', '203.0.113.7'],
      },
    });
  });

  it('reads the allowlist one entry per line, ignoring blanks and spaces', () => {
    expect(parseAllowlist(' 1.2.3.4 \r\n\n  ::1\n')).toEqual(['1.2.3.4', '::1']);
    expect(parseAllowlist('')).toEqual([]);
    expect(isDirty({ ...draftFromWebhook(hook), ipAllowlist: '10.0.0.0/8\n\n 203.0.113.7 ' }, hook)).toBe(false);
  });

  it('flags numbers that are not whole numbers before sending', () => {
    const r = draftToPatch({ ...draftFromWebhook(hook), rateLimitMax: '', syncTimeoutMs: '1.5' });
    expect(r).toEqual({
      ok: false,
      errors: { rateLimitMax: 'must be a whole number', syncTimeoutMs: 'must be a whole number' },
    });
  });

  it('maps server details to fields, first message wins, item index as a line', () => {
    expect(
      settingsErrorsFromDetails([
        { path: 'body.rateLimitMax', message: 'must be >= 1' },
        { path: 'body.rateLimitMax', message: 'second' },
        { path: 'body.ipAllowlist.1', message: 'too long' },
        { path: 'body.other', message: 'ignored' },
        { message: 'no path' },
      ]),
    ).toEqual({ rateLimitMax: 'must be >= 1', ipAllowlist: 'line 2: too long' });
  });
});
