// What scripts/web-server.mjs does for every request, for tests that call route handlers
// directly: a per-process proof on globalThis, and `x-weft-peer-ip: <proof> <address>`.
import { randomBytes } from 'node:crypto';

const PROOF = Symbol.for('weft.peerProof');

export function peerHeader(address: string): Record<string, string> {
  const holder = globalThis as { [PROOF]?: string };
  holder[PROOF] ??= randomBytes(24).toString('base64url');
  return { 'x-weft-peer-ip': `${holder[PROOF]} ${address}` };
}
