import { describe, expect, it } from 'vitest';
import { publicOrigin } from '../../src/server/http/public-origin';

const req = (headers: Record<string, string> = {}) => new Request('http://0.0.0.0:3000/api/x', { headers });

describe('publicOrigin (webhook URLs)', () => {
  it('prefers PUBLIC_URL', () => {
    expect(publicOrigin(req({ host: 'a.test' }), { publicUrl: 'https://weft.example.com', trustProxy: false })).toBe(
      'https://weft.example.com',
    );
  });
  it('uses the Host header, not the bound address', () => {
    expect(publicOrigin(req({ host: 'weft.local:3000' }), { publicUrl: null, trustProxy: false })).toBe(
      'http://weft.local:3000',
    );
  });
  it('believes X-Forwarded-Host/Proto only behind a trusted proxy', () => {
    const r = req({ host: 'internal:3000', 'x-forwarded-host': 'weft.example.com', 'x-forwarded-proto': 'https' });
    expect(publicOrigin(r, { publicUrl: null, trustProxy: true })).toBe('https://weft.example.com');
    expect(publicOrigin(r, { publicUrl: null, trustProxy: false })).toBe('http://internal:3000');
  });
});
