// The webhook panel's copy of the secret rules must give the server's verdicts (the server's
// checkSecret is server-only, so the browser has its own, in friendlier words).
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkSecret as serverCheck, generateSecret, SIGNATURE_SCHEMES } from '../../src/server/webhooks/schemes';
import { checkSecret, isProviderMade, SCHEME_ORDER, SCHEMES } from '../../src/features/webhooks/signature-schemes';
import {
  createSigningBody,
  pastedSecret,
  signingErrorsFromDetails,
  signingToPatch,
} from '../../src/features/webhooks/signing-form';

const b64 = (bytes: number) => randomBytes(bytes).toString('base64');
const hex = (chars: number) =>
  randomBytes(Math.ceil(chars / 2))
    .toString('hex')
    .slice(0, chars);

// Secrets of every shape the rules tell apart, tried against every scheme.
const SECRETS = [
  '',
  'short',
  'exactly-16-chars',
  'fifteen-chars!!',
  'x'.repeat(1024),
  'x'.repeat(1025),
  `whsec_${'a'.repeat(15)}`,
  `whsec_${'a'.repeat(16)}`,
  `whsec_${hex(40)}`,
  'whsec_abc-def_ghi_jkl_mno',
  'sk_test_51Habcdefghijklmnopqrstuv',
  hex(32),
  hex(32).toUpperCase(),
  hex(31),
  hex(33),
  `${hex(31)}g`,
  `whsec_${b64(23)}`,
  `whsec_${b64(24)}`,
  `whsec_${b64(32)}`,
  `whsec_${b64(64)}`,
  `whsec_${b64(65)}`,
  `whsec_${b64(32).replace(/=+$/, '')}`,
  'whsec_!!!!',
  'whsec_',
  `shpss_${hex(32)}`,
  'ümlaut-secret-with-unicode',
  ...SIGNATURE_SCHEMES.map((s) => generateSecret(s)).filter((s): s is string => s !== null),
];

describe('the panel’s secret rules', () => {
  it('lists exactly the server’s schemes, each with a label and text', () => {
    expect([...SCHEME_ORDER].sort()).toEqual([...SIGNATURE_SCHEMES].sort());
    for (const s of SCHEME_ORDER) expect(SCHEMES[s].label).not.toBe('');
  });

  it.each(SIGNATURE_SCHEMES)('agree with the server for %s, secret by secret', (scheme) => {
    for (const secret of SECRETS) {
      const server = serverCheck(scheme, secret === '' ? undefined : secret);
      const client = checkSecret(scheme, secret);
      expect({ secret, accepted: client === null }).toEqual({ secret, accepted: server === null });
    }
  });

  it('require a secret exactly where the server can’t generate one', () => {
    for (const s of SIGNATURE_SCHEMES) expect(isProviderMade(s), s).toBe(generateSecret(s) === null);
  });

  it('name what is wrong', () => {
    expect(checkSecret('stripe', '')).toMatch(/Required.*paste it from Stripe/);
    expect(checkSecret('stripe', 'sk_live_0123456789abcdef')).toMatch(
      /starts with whsec_ — this looks like an API key/,
    );
    expect(checkSecret('slack', hex(31))).toMatch(/32 hex characters \(this one has 31\)/);
    expect(checkSecret('slack', `${hex(31)}z`)).toMatch(/only hex characters/);
    expect(checkSecret('standard', `whsec_${b64(16)}`)).toMatch(/24–64 bytes \(this one is 16\)/);
    expect(checkSecret('standard', 'plain-secret-long-enough')).toMatch(/starts with whsec_/);
    expect(checkSecret('github', 'short')).toMatch(/at least 16 characters \(this one has 5\)/);
  });
});

describe('what the forms send', () => {
  it('create: a blank secret is left out (Weft generates one) but required for a provider; a pasted one is trimmed', () => {
    expect(createSigningBody('weft', '  ')).toEqual({ ok: true, body: { signatureScheme: 'weft' } });
    expect(createSigningBody('stripe', '')).toMatchObject({
      ok: false,
      errors: { secret: expect.stringMatching(/Required/) },
    });
    const secret = `whsec_${hex(32)}`;
    expect(createSigningBody('stripe', ` ${secret}\n`)).toEqual({
      ok: true,
      body: { signatureScheme: 'stripe', secret },
    });
  });

  it('settings: nothing while the scheme is unchanged; a switch takes the pasted secret or generates one', () => {
    expect(signingToPatch({ scheme: 'weft', secret: 'ignored' }, 'weft')).toEqual({ ok: true, patch: {} });
    expect(signingToPatch({ scheme: 'github', secret: '' }, 'weft')).toEqual({
      ok: true,
      patch: { signatureScheme: 'github', rotateSecret: true },
    });
    expect(signingToPatch({ scheme: 'slack', secret: '' }, 'weft')).toMatchObject({
      ok: false,
      errors: { secret: expect.stringMatching(/Required/) },
    });
    const secret = hex(32);
    expect(signingToPatch({ scheme: 'slack', secret }, 'stripe')).toEqual({
      ok: true,
      patch: { signatureScheme: 'slack', secret },
    });
  });

  it('paste a new secret: always required, checked against the scheme', () => {
    expect(pastedSecret('github', ' ')).toEqual({ ok: false, error: 'Paste the new secret.' });
    expect(pastedSecret('slack', 'nope')).toMatchObject({ ok: false });
    const secret = hex(32);
    expect(pastedSecret('slack', `${secret} `)).toEqual({ ok: true, secret });
  });

  it('server details land on the secret (rotateSecret too) and the scheme, in the server’s words', () => {
    expect(
      signingErrorsFromDetails([
        {
          path: 'body.rotateSecret',
          message:
            'cannot be generated for the stripe scheme: roll the secret at stripe and send the new one as secret',
        },
        { path: 'body.secret', message: 'second' },
        { path: 'body.signatureScheme', message: 'must be one of weft, github' },
        { path: 'body.rateLimitMax', message: 'not ours' },
      ]),
    ).toEqual({
      secret:
        'The secret cannot be generated for the stripe scheme: roll the secret at stripe and send the new one as secret',
      signatureScheme: 'The scheme must be one of weft, github',
    });
  });
});
