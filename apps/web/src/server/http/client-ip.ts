import 'server-only';
import { timingSafeEqual } from 'node:crypto';
import ipaddr from 'ipaddr.js';

/**
 * Who is calling: the one answer used by webhook IP allowlists, login throttling and audit
 * records.
 *
 * A route handler's Request carries no socket, so Weft's own server (scripts/web-server.mjs)
 * writes the TCP peer address into `x-weft-peer-ip` as `<proof> <address>`, overwriting
 * whatever a client sent. `<proof>` is a random value that server made at start-up and left
 * on `globalThis`; a request that did not pass through it (plain `next start`, or a forged
 * header) has no matching proof, so its peer is unknown — and an allowlisted webhook then
 * refuses it rather than trusting the client's word.
 */
export const PEER_HEADER = 'x-weft-peer-ip';
const PROOF = Symbol.for('weft.peerProof');

type ProofHolder = { [PROOF]?: string };

/** The TCP peer address that Weft's server recorded for this request; null when unproven. */
export function peerAddress(headers: Headers): string | null {
  const value = headers.get(PEER_HEADER);
  const proof = (globalThis as ProofHolder)[PROOF];
  if (!value || !proof) return null;
  const space = value.indexOf(' ');
  if (space <= 0) return null;
  const given = Buffer.from(value.slice(0, space));
  const expected = Buffer.from(proof);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return normalise(value.slice(space + 1));
}

/**
 * The client's address. With `hops` trusted reverse proxies (TRUST_PROXY), it is the entry
 * that many places from the right of X-Forwarded-For: each proxy appends the address it
 * received from, so entries further left were written by the client and prove nothing
 * (taking the leftmost one let any client pick its address). Without trusted proxies it is
 * the TCP peer. Null when unknown.
 */
export function clientIp(req: { headers: Headers }, hops: number): string | null {
  const peer = peerAddress(req.headers);
  if (hops <= 0) return peer;
  const chain = (req.headers.get('x-forwarded-for') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  // The nearest proxy is the peer itself; the address it saw is the last entry, and so on.
  const candidate = chain.length === 0 ? null : chain[Math.max(0, chain.length - hops)]!;
  return candidate === null ? peer : normalise(candidate);
}

/** A bare, canonical address (`[::1]:80` → `::1`, `::ffff:1.2.3.4` → `1.2.3.4`), or null. */
function normalise(raw: string): string | null {
  let s = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(s);
  if (bracketed) s = bracketed[1]!;
  else if (/^[\d.]+:\d+$/.test(s)) s = s.slice(0, s.lastIndexOf(':'));
  try {
    return ipaddr.process(s).toString();
  } catch {
    return null;
  }
}
