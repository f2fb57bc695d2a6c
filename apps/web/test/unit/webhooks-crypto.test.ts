import { describe, expect, it } from 'vitest';
import { isAllowed, invalidAllowlistEntries, normaliseEntry } from '@weft/config';
import { randomToken } from '../../src/server/auth/tokens';
import { parseSignatureHeader, signPayload, verifySignature } from '../../src/server/webhooks/signature';

describe('random tokens (webhook tokens and generated secrets)', () => {
  it('makes 256-bit URL-safe tokens', () => {
    const t = randomToken();
    expect(t).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(randomToken()).not.toBe(t);
  });
});

describe('X-Weft-Signature', () => {
  const token = 'tok';
  const body = '{"a":1}';
  const now = 1_800_000_000;
  const header = (t: number, secret = 'whsec', b = body) => `t=${t},v1=${signPayload(secret, t, token, b)}`;

  it('accepts a valid signature, also with the previous secret during a rotation', () => {
    expect(verifySignature(header(now), { secrets: ['whsec'], token, rawBody: body, nowSeconds: now })).toEqual({
      ok: true,
    });
    expect(
      verifySignature(header(now, 'old'), { secrets: ['new', 'old'], token, rawBody: body, nowSeconds: now }),
    ).toEqual({ ok: true });
  });

  it.each([
    ['missing', null, /missing/],
    ['malformed', 'sha256=abc', /malformed/],
    ['non-hex v1', 't=1800000000,v1=zz', /malformed/],
    ['wrong secret', header(now, 'nope'), /does not match/],
    ['tampered body', header(now, 'whsec', '{"a":2}'), /does not match/],
    ['301 s old', header(now - 301), /more than 300 s/],
    ['301 s in the future', header(now + 301), /more than 300 s/],
  ])('rejects %s', (_name, h, reason) => {
    const r = verifySignature(h, { secrets: ['whsec'], token, rawBody: body, nowSeconds: now });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toMatch(reason);
  });

  it('is bound to the token (a signature for one webhook fails on another)', () => {
    const r = verifySignature(header(now), { secrets: ['whsec'], token: 'other', rawBody: body, nowSeconds: now });
    expect(r.ok).toBe(false);
  });

  it('parses several v1 values', () => {
    const a = 'a'.repeat(64);
    const b = 'B'.repeat(64);
    expect(parseSignatureHeader(`t=5, v1=${a}, v1=${b}`)).toEqual({ t: 5, v1: [a, b.toLowerCase()] });
  });
});

describe('IP allowlist', () => {
  it('matches IPv4, IPv6, CIDRs and IPv4-mapped IPv6; empty allows all', () => {
    const list = ['10.0.0.0/8', '192.168.1.7', '2001:db8::/32'].map(normaliseEntry);
    expect(isAllowed('10.1.2.3', list)).toBe(true);
    expect(isAllowed('192.168.1.7', list)).toBe(true);
    expect(isAllowed('192.168.1.8', list)).toBe(false);
    expect(isAllowed('2001:db8:1::5', list)).toBe(true);
    expect(isAllowed('2001:db9::1', list)).toBe(false);
    expect(isAllowed('::ffff:10.9.9.9', list)).toBe(true);
    expect(isAllowed(null, list)).toBe(false);
    expect(isAllowed('garbage', list)).toBe(false);
    expect(isAllowed('1.2.3.4', [])).toBe(true);
  });

  it('reports invalid entries', () => {
    expect(invalidAllowlistEntries(['10.0.0.0/8', 'nope', '1.2.3.4/33', '::1'])).toEqual(['nope', '1.2.3.4/33']);
  });
});
