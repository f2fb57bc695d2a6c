import 'server-only';
import { createHash, randomBytes } from 'node:crypto';

/** A random secret for a cookie, API key, invite, or webhook token or secret: 32 bytes (256 bits), URL-safe. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/**
 * What we store instead of a secret. A fast hash is right here (unlike passwords): the
 * secrets are 256 random bits, so there is nothing to brute-force, and lookups by hash
 * must be cheap on every request.
 */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
