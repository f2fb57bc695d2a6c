// Provider signature schemes against the providers' own published example vectors.
import { describe, expect, it } from 'vitest';
import { checkSecret, slackChallenge, verifyScheme } from '../../src/server/webhooks/schemes';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('published example vectors', () => {
  // https://api.slack.com/authentication/verifying-requests-from-slack (worked example)
  const slackBody = [
    'token=xyzz0WbapA4vBCDEFasx0q6G',
    'team_id=T1DC2JH3J',
    'team_domain=testteamnow',
    'channel_id=G8PSS9T3V',
    'channel_name=foobar',
    'user_id=U2CERLKJA',
    'user_name=roadrunner',
    'command=%2Fwebhook-collect',
    'text=',
    'response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN',
    'trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c',
  ].join('&');
  const slackHeaders = new Headers({
    'x-slack-signature': 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
    'x-slack-request-timestamp': '1531420618',
  });
  it("Slack's worked example verifies at its time, and not 301 s later", () => {
    const input = {
      secrets: ['8f742231b10e8888abcd99yyyzzz85a5'],
      token: 't',
      rawBody: bytes(slackBody),
      headers: slackHeaders,
    };
    expect(verifyScheme('slack', { ...input, nowSeconds: 1531420618 })).toEqual({ ok: true, deliveryId: null });
    expect(verifyScheme('slack', { ...input, nowSeconds: 1531420618 + 301 })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/300 s/),
    });
    expect(verifyScheme('slack', { ...input, rawBody: bytes(`${slackBody}&x=1`), nowSeconds: 1531420618 })).toEqual({
      ok: false,
      reason: 'signature does not match',
    });
  });
  // https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries#testing-the-webhook-payload-validation
  it("GitHub's test values verify", () => {
    const headers = new Headers({
      'x-hub-signature-256': 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17',
      'x-github-delivery': 'd1',
    });
    expect(
      verifyScheme('github', {
        secrets: ["It's a Secret to Everybody"],
        token: 't',
        rawBody: bytes('Hello, World!'),
        headers,
        nowSeconds: 0,
      }),
    ).toEqual({ ok: true, deliveryId: 'd1' });
    expect(
      verifyScheme('github', {
        secrets: ['other'],
        token: 't',
        rawBody: bytes('Hello, World!'),
        headers,
        nowSeconds: 0,
      }),
    ).toEqual({ ok: false, reason: 'signature does not match' });
  });
});

describe('malformed headers are named', () => {
  const base = { secrets: ['s'.repeat(20)], token: 't', rawBody: bytes('{}'), nowSeconds: 1_000 };
  it.each([
    ['github', { 'x-hub-signature-256': 'sha1=abc' }, /malformed X-Hub-Signature-256/],
    ['stripe', { 'stripe-signature': 'v1=zz' }, /malformed Stripe-Signature/],
    ['slack', { 'x-slack-signature': 'v0=ab', 'x-slack-request-timestamp': '1000' }, /malformed X-Slack-Signature/],
    ['slack', { 'x-slack-signature': 'v0=ab' }, /missing X-Slack-Request-Timestamp/],
    ['shopify', { 'x-shopify-hmac-sha256': 'not base64!' }, /malformed X-Shopify-Hmac-Sha256/],
    [
      'standard',
      { 'webhook-id': 'm', 'webhook-timestamp': '1000', 'webhook-signature': 'v2,abc' },
      /malformed webhook-signature/,
    ],
    ['standard', { 'webhook-timestamp': '1000', 'webhook-signature': 'v1,abc' }, /missing webhook-id/],
  ] as const)('%s %j', (scheme, headers, reason) => {
    expect(verifyScheme(scheme, { ...base, headers: new Headers(headers) })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(reason),
    });
  });
});

describe('secrets and the Slack handshake', () => {
  it('checks a pasted secret against the scheme', () => {
    expect(checkSecret('stripe', undefined)).toMatch(/required/);
    expect(checkSecret('weft', undefined)).toBeNull();
    expect(checkSecret('github', ' padded-secret-value ')).toMatch(/spaces/);
    expect(checkSecret('standard', 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw')).toBeNull();
  });
  it('recognises url_verification only', () => {
    expect(slackChallenge(bytes('{"type":"url_verification","challenge":"abc"}'))).toBe('abc');
    expect(slackChallenge(bytes('{"type":"event_callback","challenge":"abc"}'))).toBeNull();
    expect(slackChallenge(bytes('token=x'))).toBeNull();
  });
});
