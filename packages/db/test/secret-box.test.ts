import { describe, expect, it } from 'vitest';
import { SecretBox, SecretUnreadableError } from '../src';

const A = 'key-a-for-the-secret-box-tests-0123';
const B = 'key-b-for-the-secret-box-tests-4567';
const C = 'key-c-for-the-secret-box-tests-89ab';
// Sealed under A by the format before key ids (v1.<iv>.<tag>.<ciphertext>), as stored rows still hold it.
const V1_UNDER_A = 'v1.xjopY91upVTpOti_.IDdCQMsoRUye0wJnymcAvQ.g002Bwe8qTgpg024UA';

const kidOf = (sealed: string) => sealed.split('.')[1];

describe('SecretBox (the key ring: WEFT_SECRET_KEY and WEFT_SECRET_KEY_PREVIOUS)', () => {
  it('round-trips in the v2 format under the current key id, a fresh IV each time, never showing the plain value', () => {
    const box = new SecretBox({ current: A });
    const a = box.seal('s3cret');
    const b = box.seal('s3cret');
    expect(a).toMatch(/^v2\.[A-Za-z0-9_-]{8}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(kidOf(a)).toBe(box.kid);
    expect(a).not.toBe(b);
    expect(a).not.toContain('s3cret');
    expect(box.open(a)).toBe('s3cret');
    expect(box.open(box.seal(''))).toBe('');
  });

  it('names each key by a fingerprint that is stable and reveals neither the key nor the derived key', () => {
    const box = new SecretBox({ current: A });
    expect(new SecretBox({ current: A, previous: B }).kid).toBe(box.kid);
    expect(new SecretBox({ current: B }).kid).not.toBe(box.kid);
    expect(A).not.toContain(box.kid);
  });

  it('opens values sealed under the previous key by their key id, and seals only under the current one', () => {
    const sealedUnderA = new SecretBox({ current: A }).seal('old');
    const ring = new SecretBox({ current: B, previous: A });
    expect(ring.open(sealedUnderA)).toBe('old');
    expect(kidOf(ring.seal('new'))).toBe(new SecretBox({ current: B }).kid);
    expect(new SecretBox({ current: A, previous: B }).open(ring.seal('new'))).toBe('new');
  });

  it('still opens v1 values (no key id) under the current or the previous key', () => {
    expect(new SecretBox({ current: A }).open(V1_UNDER_A)).toBe('legacy-secret');
    expect(new SecretBox({ current: B, previous: A }).open(V1_UNDER_A)).toBe('legacy-secret');
  });

  it.each([
    [
      'a v2 value under a key the ring does not hold',
      new SecretBox({ current: A }).seal('x'),
      /key .* neither WEFT_SECRET_KEY/,
    ],
    ['a v1 value under a key the ring does not hold', V1_UNDER_A, /v1 secret opens under neither/],
    ['not a sealed value', 'plain-text', /unrecognised secret format/],
  ])('refuses %s with a SecretUnreadableError', (_name, sealed, message) => {
    const ring = new SecretBox({ current: B, previous: C });
    expect(() => ring.open(sealed)).toThrow(SecretUnreadableError);
    expect(() => ring.open(sealed)).toThrow(message);
  });

  it('refuses a tampered value (ciphertext, tag or key id changed)', () => {
    const box = new SecretBox({ current: A, previous: B });
    const parts = box.seal('s3cret').split('.');
    const flip = (s: string) => (s[0] === 'A' ? 'B' : 'A') + s.slice(1);
    for (const i of [2, 3, 4]) {
      const tampered = parts.map((p, j) => (j === i ? flip(p) : p)).join('.');
      expect(() => box.open(tampered), `part ${i}`).toThrow(SecretUnreadableError);
    }
    const otherKid = [parts[0], new SecretBox({ current: B }).kid, ...parts.slice(2)].join('.');
    expect(() => box.open(otherKid)).toThrow(/does not authenticate/);
  });

  it('isCurrent: only v2 values under the current key', () => {
    const ring = new SecretBox({ current: B, previous: A });
    expect(ring.isCurrent(ring.seal('x'))).toBe(true);
    expect(ring.isCurrent(new SecretBox({ current: A }).seal('x'))).toBe(false);
    expect(ring.isCurrent(V1_UNDER_A)).toBe(false);
    expect(ring.isCurrent(new SecretBox({ current: B }).seal('x'))).toBe(true);
  });
});
