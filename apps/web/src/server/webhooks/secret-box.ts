import 'server-only';
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Webhook secrets at rest: AES-256-GCM under a key derived (HKDF-SHA256) from
 * WEFT_SECRET_KEY, so rotating WEFT_SECRET_KEY invalidates them and a database dump alone
 * reveals nothing. Format: `v1.<iv>.<tag>.<ciphertext>` (base64url).
 */
const VERSION = 'v1';

// The derived key depends only on WEFT_SECRET_KEY: derive it once, not on every delivery
// (HKDF showed up in the web process's profile under webhook load).
const derived = new Map<string, Buffer>();

function keyFor(secretKey: string): Buffer {
  let key = derived.get(secretKey);
  if (!key) {
    key = Buffer.from(hkdfSync('sha256', secretKey, 'weft', 'webhook-secret', 32));
    derived.set(secretKey, key);
  }
  return key;
}

export function encryptSecret(plain: string, secretKey: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFor(secretKey), iv);
  const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return [
    VERSION,
    iv.toString('base64url'),
    cipher.getAuthTag().toString('base64url'),
    data.toString('base64url'),
  ].join('.');
}

export function decryptSecret(sealed: string, secretKey: string): string {
  const [version, iv, tag, data] = sealed.split('.');
  if (version !== VERSION || !iv || !tag || data === undefined) throw new Error('unrecognised secret format');
  const decipher = createDecipheriv('aes-256-gcm', keyFor(secretKey), Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
}

/** A new random token (URL path) or secret: 32 bytes = 256 bits, URL-safe. */
export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}
