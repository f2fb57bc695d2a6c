import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Secrets at rest (webhook secrets; credentials later): AES-256-GCM under a key derived
 * (HKDF-SHA256) from WEFT_SECRET_KEY, so a database dump alone reveals nothing.
 *
 * Formats (base64url parts):
 * - `v2.<kid>.<iv>.<tag>.<ciphertext>`: what `seal` writes. `kid` names the key (a fingerprint
 *   of the derived key, never the key), so `open` picks the key instead of guessing and the
 *   rotation (`rotateSealedColumns`) can tell what is not yet under the current key.
 * - `v1.<iv>.<tag>.<ciphertext>`: written before key ids; opened by trying each key.
 *
 * The ring holds the current key and, during a rotation, the previous one
 * (WEFT_SECRET_KEY_PREVIOUS): values sealed under either still open.
 */

/** A sealed value no key of the ring opens: unknown key, tampered, or not a sealed value. */
export class SecretUnreadableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretUnreadableError';
  }
}

interface DerivedKey {
  kid: string;
  key: Buffer;
}

export interface SecretKeys {
  /** WEFT_SECRET_KEY: seals, and opens. */
  current: string;
  /** WEFT_SECRET_KEY_PREVIOUS: only opens (during a key rotation). */
  previous?: string | undefined;
}

// HKDF showed in the web process's profile when it ran per delivery: the ring derives each key
// once, when it is built (once per process, in the composition root).
function derive(secretKey: string): DerivedKey {
  const key = Buffer.from(hkdfSync('sha256', secretKey, 'weft', 'webhook-secret', 32));
  const kid = createHash('sha256').update(key).digest('base64url').slice(0, 8);
  return { kid, key };
}

export class SecretBox {
  private readonly current: DerivedKey;
  private readonly keys: DerivedKey[];

  constructor({ current, previous }: SecretKeys) {
    this.current = derive(current);
    this.keys = previous === undefined ? [this.current] : [this.current, derive(previous)];
  }

  /** The current key's id, as it appears in values sealed now. */
  get kid(): string {
    return this.current.kid;
  }

  seal(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.current.key, iv);
    const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return ['v2', this.current.kid, ...[iv, cipher.getAuthTag(), data].map((b) => b.toString('base64url'))].join('.');
  }

  /** The plain value; throws SecretUnreadableError when no key of the ring opens it. */
  open(sealed: string): string {
    const parts = sealed.split('.');
    if (parts[0] === 'v2' && parts.length === 5) {
      const [, kid, iv, tag, data] = parts as [string, string, string, string, string];
      const key = this.keys.find((k) => k.kid === kid);
      if (!key) {
        throw new SecretUnreadableError(
          `secret sealed under key ${kid}, which is neither WEFT_SECRET_KEY (${this.current.kid}) ` +
            `nor WEFT_SECRET_KEY_PREVIOUS${this.keys[1] ? ` (${this.keys[1].kid})` : ' (not set)'}`,
        );
      }
      const plain = decrypt(key, iv, tag, data);
      if (plain === null)
        throw new SecretUnreadableError(`secret sealed under key ${kid} does not authenticate (altered?)`);
      return plain;
    }
    if (parts[0] === 'v1' && parts.length === 4) {
      const [, iv, tag, data] = parts as [string, string, string, string];
      for (const key of this.keys) {
        const plain = decrypt(key, iv, tag, data);
        if (plain !== null) return plain;
      }
      throw new SecretUnreadableError('v1 secret opens under neither WEFT_SECRET_KEY nor WEFT_SECRET_KEY_PREVIOUS');
    }
    throw new SecretUnreadableError('unrecognised secret format');
  }

  /** True when `sealed` is in the current format under the current key (nothing for a rotation to do). */
  isCurrent(sealed: string): boolean {
    return sealed.startsWith(`v2.${this.current.kid}.`);
  }
}

/** The plain text, or null when the key does not authenticate the value. */
function decrypt({ key }: DerivedKey, iv: string, tag: string, data: string): string | null {
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}
