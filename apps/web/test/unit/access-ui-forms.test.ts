import { createApiClient } from '@weft/contracts/client';
import { describe, expect, it } from 'vitest';
import { apiKeyBody } from '../../src/features/access/api-key-form';
import { auditQuery, describeTarget, formatDetails, targetNamesFrom } from '../../src/features/access/audit-query';

describe('audit page query', () => {
  it('leaves empty filters out and keeps the cursor as given', () => {
    const url = (...args: Parameters<typeof auditQuery>) =>
      createApiClient().url('getAudit', { query: auditQuery(...args) });
    expect(url({ action: '', result: '' }, null)).toBe('/api/audit?limit=50');
    expect(url({ action: ' webhook. ', result: 'failure' }, 'abc=/+', 10)).toBe(
      '/api/audit?action=webhook.&result=failure&cursor=abc%3D%2F%2B&limit=10',
    );
  });

  it("names the target as the API does, else from a deleted workflow's recorded name, else by a shortened id", () => {
    const target = (targetType: string | null, targetId: string | null, targetName?: string | null) => ({
      targetType,
      targetId,
      targetName,
    });
    expect(describeTarget(target('workflow', '0193a5b2-1111-7000-8000-000000000000'))).toBe('workflow 0193a5b2…');
    expect(describeTarget(target('user', 'short', null))).toBe('user short');
    expect(describeTarget(target('user', 'u1', 'Rita Runner'))).toBe('user “Rita Runner”');
    const names = targetNamesFrom([
      { targetId: 'w1', details: { name: 'Nightly report' } },
      { targetId: 'w2', details: { version: 3 } },
    ]);
    expect(describeTarget(target('workflow', 'w1', null), names)).toBe('workflow “Nightly report”');
    expect(describeTarget(target('workflow', 'w1', 'Renamed'), names)).toBe('workflow “Renamed”');
    expect(describeTarget(target('workflow', 'w2'), names)).toBe('workflow w2');
    expect(describeTarget(target(null, null))).toBe('—');
  });

  it('hides empty details', () => {
    expect(formatDetails(null)).toBeNull();
    expect(formatDetails({})).toBeNull();
    expect(formatDetails({ a: 1 })).toBe('{\n  "a": 1\n}');
  });
});

describe('API key form', () => {
  const now = new Date(2026, 11, 2, 12, 0, 0);

  it('trims the name and leaves out an empty expiry', () => {
    expect(apiKeyBody({ name: ' ci ', scopes: ['read'], expires: '' }, now)).toEqual({
      ok: true,
      body: { name: 'ci', scopes: ['read'] },
    });
  });

  it('an expiry date lasts through that local day', () => {
    const r = apiKeyBody({ name: 'ci', scopes: ['read', 'execute'], expires: '2026-12-02' }, now);
    expect(r).toEqual({
      ok: true,
      body: { name: 'ci', scopes: ['read', 'execute'], expiresAt: new Date(2026, 11, 3).toISOString() },
    });
  });

  it('refuses what the server would: no name, no scope, a past day', () => {
    expect(apiKeyBody({ name: ' ', scopes: [], expires: '2026-12-01' }, now)).toEqual({
      ok: false,
      errors: {
        name: 'Give the key a name',
        scopes: 'Pick at least one scope',
        expiresAt: 'Pick today or a later date',
      },
    });
  });
});
