import { describe, expect, it } from 'vitest';
import { assertSameOrigin, isFormContentType, isUnsafeMethod } from '../../src/server/auth/csrf';
import { ApiError } from '../../src/server/http/errors';

const NO_PROXY = { trustProxy: false, publicUrl: null };
const post = (headers: Record<string, string>, url = 'http://0.0.0.0:3000/api/x') =>
  new Request(url, { method: 'POST', headers });

function refusal(req: Request, config: { trustProxy: boolean; publicUrl: string | null } = NO_PROXY): ApiError | null {
  try {
    assertSameOrigin(req, config);
    return null;
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
}

describe('assertSameOrigin', () => {
  it('passes Sec-Fetch-Site same-origin and none whatever the Origin says', () => {
    expect(refusal(post({ 'sec-fetch-site': 'same-origin', origin: 'https://evil.example' }))).toBeNull();
    expect(refusal(post({ 'sec-fetch-site': 'none' }))).toBeNull();
  });

  it('passes a request with neither header (not a browser)', () => {
    expect(refusal(post({}))).toBeNull();
  });

  it('refuses cross-site and same-site without a matching Origin, naming the check', () => {
    for (const site of ['cross-site', 'same-site']) {
      const err = refusal(post({ 'sec-fetch-site': site }));
      expect(err?.code).toBe('FORBIDDEN');
      expect(err?.message).toMatch(/Sec-Fetch-Site/);
    }
    const foreign = refusal(post({ origin: 'https://evil.example' }));
    expect(foreign?.code).toBe('FORBIDDEN');
    expect(foreign?.message).toMatch(/Origin header \("https:\/\/evil\.example"\)/);
  });

  it('compares origins exactly: scheme, host and port, default ports normalised', () => {
    expect(refusal(post({ origin: 'http://weft.local:3000', host: 'weft.local:3000' }))).toBeNull();
    expect(
      refusal(post({ origin: 'https://weft.local', host: 'weft.local:443' }, 'https://weft.local/api/x')),
    ).toBeNull();
    expect(refusal(post({ origin: 'http://weft.local:3001', host: 'weft.local:3000' }))).not.toBeNull();
    expect(refusal(post({ origin: 'https://weft.local:3000', host: 'weft.local:3000' }))).not.toBeNull();
    expect(refusal(post({ origin: 'http://weft.local.evil.example', host: 'weft.local' }))).not.toBeNull();
    expect(refusal(post({ origin: 'null' }))).not.toBeNull();
  });

  it('believes X-Forwarded-Host/Proto only behind a trusted proxy', () => {
    const spoofed = post({
      origin: 'https://evil.example',
      host: 'internal:3000',
      'x-forwarded-host': 'evil.example',
      'x-forwarded-proto': 'https',
    });
    expect(refusal(spoofed, NO_PROXY)).not.toBeNull();
    expect(refusal(spoofed, { trustProxy: true, publicUrl: null })).toBeNull();
  });

  it('accepts PUBLIC_URL’s origin', () => {
    const req = post({ origin: 'https://weft.example.com', host: 'internal:3000' });
    expect(refusal(req, NO_PROXY)).not.toBeNull();
    expect(refusal(req, { trustProxy: false, publicUrl: 'https://weft.example.com/weft' })).toBeNull();
  });
});

describe('isFormContentType / isUnsafeMethod', () => {
  it('knows the types a cross-site form can send', () => {
    expect(isFormContentType('application/x-www-form-urlencoded')).toBe(true);
    expect(isFormContentType('Multipart/Form-Data; boundary=x')).toBe(true);
    expect(isFormContentType('text/plain;charset=UTF-8')).toBe(true);
    expect(isFormContentType('application/json')).toBe(false);
    expect(isFormContentType(null)).toBe(false);
  });
  it('treats only POST, PUT, PATCH and DELETE as unsafe', () => {
    expect(['POST', 'put', 'PATCH', 'DELETE'].every(isUnsafeMethod)).toBe(true);
    expect(['GET', 'HEAD', 'OPTIONS'].some(isUnsafeMethod)).toBe(false);
  });
});
