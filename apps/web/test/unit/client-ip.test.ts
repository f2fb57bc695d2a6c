import { describe, expect, it } from 'vitest';
import { clientIp, peerAddress } from '../../src/server/http/client-ip';
import { peerHeader } from '../peer';

const req = (headers: Record<string, string>) => ({ headers: new Headers(headers) });

describe('peerAddress', () => {
  it('believes x-weft-peer-ip only with the server’s proof', () => {
    expect(peerAddress(new Headers(peerHeader('198.51.100.7')))).toBe('198.51.100.7');
    expect(peerAddress(new Headers({ 'x-weft-peer-ip': '198.51.100.7' }))).toBeNull();
    expect(peerAddress(new Headers({ 'x-weft-peer-ip': 'wrong 198.51.100.7' }))).toBeNull();
    expect(peerAddress(new Headers())).toBeNull();
  });

  it('normalises IPv4-mapped IPv6 and rejects garbage', () => {
    expect(peerAddress(new Headers(peerHeader('::ffff:203.0.113.4')))).toBe('203.0.113.4');
    expect(peerAddress(new Headers(peerHeader('not-an-ip')))).toBeNull();
  });
});

describe('clientIp', () => {
  const peer = peerHeader('10.0.0.2'); // the reverse proxy

  it('without trusted proxies is the TCP peer, whatever X-Forwarded-For says', () => {
    expect(clientIp(req({ ...peer, 'x-forwarded-for': '198.51.100.20' }), 0)).toBe('10.0.0.2');
  });

  it('with one trusted proxy is the rightmost X-Forwarded-For entry, not the client-written leftmost', () => {
    // The client sent "X-Forwarded-For: 1.1.1.1"; the proxy appended the address it saw.
    expect(clientIp(req({ ...peer, 'x-forwarded-for': '1.1.1.1, 203.0.113.9' }), 1)).toBe('203.0.113.9');
  });

  it('with N trusted proxies is N entries from the right', () => {
    expect(clientIp(req({ ...peer, 'x-forwarded-for': '1.1.1.1, 203.0.113.9, 10.0.0.1' }), 2)).toBe('203.0.113.9');
    // Fewer entries than hops: the furthest one there is.
    expect(clientIp(req({ ...peer, 'x-forwarded-for': '203.0.113.9' }), 3)).toBe('203.0.113.9');
  });

  it('strips ports and brackets, and falls back to the peer when the header is absent', () => {
    expect(clientIp(req({ ...peer, 'x-forwarded-for': '[2001:db8::1]:443' }), 1)).toBe('2001:db8::1');
    expect(clientIp(req({ ...peer, 'x-forwarded-for': '203.0.113.9:5123' }), 1)).toBe('203.0.113.9');
    expect(clientIp(req(peer), 1)).toBe('10.0.0.2');
    expect(clientIp(req({ ...peer, 'x-forwarded-for': 'garbage' }), 1)).toBeNull();
  });
});
