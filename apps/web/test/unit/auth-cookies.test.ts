import { describe, expect, it } from 'vitest';
import { clearedSessionCookie, isHttps, readSessionToken, sessionCookie } from '../../src/server/auth/cookies';

describe('session cookie', () => {
  it('is __Host-weft_session with Secure and Path=/ (no Domain) over https', () => {
    const value = sessionCookie('tok', { maxAgeSeconds: 60, secure: true });
    expect(value).toBe('__Host-weft_session=tok; Path=/; HttpOnly; SameSite=Lax; Max-Age=60; Secure');
    expect(clearedSessionCookie(true)).toMatch(/^__Host-weft_session=; Path=\/; .*Max-Age=0; Secure/);
  });

  it('is weft_session without Secure over http', () => {
    expect(sessionCookie('tok', { maxAgeSeconds: 60, secure: false })).toBe(
      'weft_session=tok; Path=/; HttpOnly; SameSite=Lax; Max-Age=60',
    );
  });

  it('reads only the name that fits the scheme', () => {
    const headers = new Headers({ cookie: 'weft_session=plain; __Host-weft_session=host' });
    expect(readSessionToken(headers, true)).toBe('host');
    expect(readSessionToken(headers, false)).toBe('plain');
    expect(readSessionToken(new Headers({ cookie: 'weft_session=plain' }), true)).toBeNull();
  });
});

describe('isHttps', () => {
  it('believes X-Forwarded-Proto only behind a trusted proxy', () => {
    const req = new Request('http://0.0.0.0:3000/x', { headers: { 'x-forwarded-proto': 'https' } });
    expect(isHttps(req, true)).toBe(true);
    expect(isHttps(req, false)).toBe(false);
    expect(isHttps(new Request('https://weft.example/x'), false)).toBe(true);
  });

  it('uses the X-Forwarded-Proto Next fills in when there is no URL (server components)', () => {
    expect(isHttps({ headers: new Headers({ 'x-forwarded-proto': 'https' }) }, false)).toBe(true);
    expect(isHttps({ headers: new Headers({ 'x-forwarded-proto': 'http' }) }, false)).toBe(false);
    expect(isHttps({ headers: new Headers() }, false)).toBe(false);
  });
});
