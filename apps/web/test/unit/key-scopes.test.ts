// The scope rules of API keys and JWTs (docs/access.md): which scopes a route needs, how a JWT's
// `scope` claim is read, and what a key or token may mint. Pure functions; the integration files
// (api-keys, jwt, trigger-permissions) hold the same rules through the real routes.
import { requiredScopes } from '@weft/contracts';
import { describe, expect, it } from 'vitest';
import { boundedByMinter } from '../../src/server/auth/api-keys';
import { scopesOfClaim } from '../../src/server/auth/jwt';

describe('requiredScopes', () => {
  it('read for GET, write for other changes, execute for starting runs, both for arming a trigger', () => {
    expect(requiredScopes('public', 'POST')).toEqual([]);
    expect(requiredScopes('signed-in', 'GET')).toEqual(['read']);
    expect(requiredScopes('admin', 'PATCH')).toEqual(['write']);
    expect(requiredScopes({ workflow: 'view' }, 'get')).toEqual(['read']);
    expect(requiredScopes({ workflow: 'edit' }, 'PUT')).toEqual(['write']);
    expect(requiredScopes({ workflow: 'execute' }, 'POST')).toEqual(['execute']);
    expect(requiredScopes({ workflow: ['edit', 'execute'] }, 'POST')).toEqual(['write', 'execute']);
    expect(requiredScopes({ webhook: ['execute', 'edit'] }, 'PATCH')).toEqual(['write', 'execute']);
  });
});

describe('a JWT scope claim', () => {
  it('is a space-separated string or an array of strings; absent means the user’s full rights', () => {
    expect(scopesOfClaim(undefined)).toBeUndefined();
    expect(scopesOfClaim('execute read')).toEqual(['read', 'execute']);
    expect(scopesOfClaim(['read'])).toEqual(['read']);
    expect(scopesOfClaim(['read write', 'execute'])).toEqual(['read', 'write', 'execute']);
  });
  it('of any other type is unreadable (null: the token is refused)', () => {
    for (const claim of [null, 1, true, {}, ['read', 2], [null]])
      expect(scopesOfClaim(claim), JSON.stringify(claim)).toBeNull();
  });
  it('ignores names it does not know, and never widens: none known is no scope at all', () => {
    expect(scopesOfClaim('read admin')).toEqual(['read']);
    expect(scopesOfClaim(['openid', 'profile'])).toEqual([]);
    expect(scopesOfClaim('')).toEqual([]);
  });
});

describe('what a key or token may mint', () => {
  const now = new Date('2030-01-01T00:00:00Z');
  const later = (ms: number) => new Date(now.getTime() + ms);
  const session = { id: 'u', via: 'session' as const };

  it('a session: every scope and no expiry by default, anything it asks for', () => {
    expect(boundedByMinter(session, {}, now)).toEqual({ scopes: ['read', 'write', 'execute'], expiresAt: null });
    expect(boundedByMinter(session, { scopes: ['read'], expiresAt: later(1000) }, now)).toEqual({
      scopes: ['read'],
      expiresAt: later(1000),
    });
  });

  it('a key or token: its own scopes and expiry by default; a wider scope or a later (or no) expiry is 403 naming the field', () => {
    const key = { id: 'u', via: 'api_key' as const, scopes: ['read', 'write'] as const, expiresAt: later(60_000) };
    expect(boundedByMinter(key, {}, now)).toEqual({ scopes: ['read', 'write'], expiresAt: later(60_000) });
    expect(() => boundedByMinter(key, { scopes: ['execute'] }, now)).toThrow(
      expect.objectContaining({ code: 'FORBIDDEN', details: [expect.objectContaining({ path: 'body.scopes' })] }),
    );
    expect(() => boundedByMinter(key, { expiresAt: later(60_001) }, now)).toThrow(
      expect.objectContaining({ code: 'FORBIDDEN', details: [expect.objectContaining({ path: 'body.expiresAt' })] }),
    );
    expect(() => boundedByMinter(key, { expiresAt: null }, now)).toThrow(
      expect.objectContaining({ code: 'FORBIDDEN' }),
    );
    const jwt = { id: 'u', via: 'jwt' as const, expiresAt: later(60_000) };
    expect(boundedByMinter(jwt, {}, now)).toEqual({ scopes: ['read', 'write', 'execute'], expiresAt: later(60_000) });
  });

  it('a token already past its exp (inside the clock tolerance) mints nothing: 400 naming body.expiresAt', () => {
    const stale = { id: 'u', via: 'jwt' as const, expiresAt: later(-5_000) };
    expect(() => boundedByMinter(stale, {}, now)).toThrow(
      expect.objectContaining({
        code: 'VALIDATION_ERROR',
        details: [expect.objectContaining({ path: 'body.expiresAt' })],
      }),
    );
  });
});
