import { SIGNATURE_SCHEMES, type SignatureScheme } from '@weft/contracts';

/**
 * What the panel says about each signature scheme, and the browser's copy of the server's
 * secret rules (server/webhooks/schemes.ts `checkSecret`, which is server-only): the same
 * rules, in words that name what is wrong. A unit test holds the two to the same verdicts.
 * The header, its format and the delivery id come from the webhook view, not from here.
 */

export interface SchemeText {
  label: string;
  /** Who makes the secret: Weft may generate it, or only the provider can (it must be pasted). */
  secretBy: 'weft' | 'provider';
  /** One line under the scheme select: who signs, who makes the secret. */
  blurb: string;
  /** A note for the create form, where making the webhook first needs a detour. */
  createNote?: string;
  /** Where, at the provider, the URL and the secret go; null for Weft's own scheme. */
  setup: string | null;
  /** Where to find the secret to paste (provider-made), or what a pasted one looks like. */
  pasteHint: string;
  /** How to get a new secret at the provider, for "Paste a new secret". */
  rollHint: string;
}

export const SCHEMES: Record<SignatureScheme, SchemeText> = {
  weft: {
    label: 'Weft',
    secretBy: 'weft',
    blurb: 'Your own code signs each request; Weft makes the secret.',
    setup: null,
    pasteHint: 'Or paste your own: at least 16 characters.',
    rollHint: 'Paste the secret your sender will sign with: at least 16 characters.',
  },
  github: {
    label: 'GitHub',
    secretBy: 'weft',
    blurb: 'Weft makes a secret to paste at GitHub, or paste the one GitHub has.',
    setup:
      'In the repository (or organization): Settings → Webhooks → Add webhook. Payload URL: this URL; Content ' +
      'type: application/json; Secret: the signing secret.',
    pasteHint: 'Or paste the one already set at GitHub: at least 16 characters.',
    rollHint: 'At GitHub, edit the webhook (Settings → Webhooks) and set a new Secret; paste the same one here.',
  },
  stripe: {
    label: 'Stripe',
    secretBy: 'provider',
    blurb: 'Stripe makes the secret when you add the endpoint.',
    // Stripe makes an endpoint's secret only once it has the URL, which Weft makes only with the secret.
    createNote:
      'No endpoint at Stripe yet? Create the webhook with the Weft scheme to get its URL, add the endpoint at ' +
      'Stripe with it, then switch this webhook to Stripe in its Settings and paste the secret.',
    setup:
      'In the Stripe Dashboard: Developers → Webhooks → Add endpoint, with this URL as the endpoint URL. Then ' +
      'open the endpoint and reveal its Signing secret (whsec_…).',
    pasteHint:
      'Paste the signing secret from Stripe: Developers → Webhooks → your endpoint → Signing secret → Reveal. It starts with whsec_.',
    rollHint:
      'At Stripe, open the endpoint (Developers → Webhooks) and roll its signing secret; paste the new whsec_… here.',
  },
  slack: {
    label: 'Slack',
    secretBy: 'provider',
    blurb: 'Slack makes the secret: your app’s Signing Secret.',
    setup:
      'In the Slack app’s settings (api.slack.com/apps): Event Subscriptions → Request URL: this URL (Weft ' +
      'answers Slack’s check without starting a run). The secret is under Basic Information → App Credentials → Signing Secret.',
    pasteHint:
      'Paste the Signing Secret from Slack: your app → Basic Information → App Credentials. It is 32 hex characters.',
    rollHint: 'At Slack, regenerate the Signing Secret (Basic Information → App Credentials); paste the new one here.',
  },
  shopify: {
    label: 'Shopify',
    secretBy: 'provider',
    blurb: 'Shopify makes the secret (for an app: its client secret).',
    setup:
      'In the Shopify admin: Settings → Notifications → Webhooks → Create webhook, format JSON, with this URL; ' +
      'the secret is shown there (“Your webhooks will be signed with …”). ' +
      'An app’s webhooks are signed with the app’s client secret instead.',
    pasteHint:
      'Paste the signing secret from Shopify: Settings → Notifications → Webhooks (“Your webhooks will be signed ' +
      'with …”), or your app’s client secret.',
    rollHint: 'At Shopify, rotate the app’s client secret (or use the new webhook secret); paste it here.',
  },
  standard: {
    label: 'Standard Webhooks',
    secretBy: 'weft',
    blurb: 'Svix and other Standard Webhooks senders. Weft makes a whsec_ secret, or paste the sender’s.',
    setup:
      'In the sender’s endpoint settings (Svix, or any Standard Webhooks sender): add this URL as an endpoint ' +
      'and give it the signing secret (whsec_…), or paste the one the sender made.',
    pasteHint: 'Or paste the sender’s: whsec_ followed by the base64 key.',
    rollHint: 'Rotate the endpoint’s secret at the sender; paste the new whsec_… here.',
  },
};

/** In the order the select lists them. */
export const SCHEME_ORDER: readonly SignatureScheme[] = SIGNATURE_SCHEMES;

export function isSignatureScheme(value: string): value is SignatureScheme {
  return (SCHEME_ORDER as readonly string[]).includes(value);
}

export function isProviderMade(scheme: SignatureScheme): boolean {
  return SCHEMES[scheme].secretBy === 'provider';
}

const STANDARD_PREFIX = 'whsec_';
const MAX_SECRET_LENGTH = 1024;

/** Bytes a padded base64 string decodes to (it has already passed the alphabet check). */
function base64Bytes(b64: string): number {
  const padding = b64.endsWith('==') ? 2 : b64.endsWith('=') ? 1 : 0;
  return (b64.length / 4) * 3 - padding;
}

/**
 * null when `secret` is acceptable for `scheme`, else what is wrong with it. `''` means none
 * was given: fine where Weft generates one, required where only the provider makes it.
 * Callers trim first (a pasted secret often brings a space or newline along; the server
 * refuses those, and no provider's secret has one).
 */
export function checkSecret(scheme: SignatureScheme, secret: string): string | null {
  const { label } = SCHEMES[scheme];
  if (secret === '')
    return isProviderMade(scheme) ? `Required: ${label} makes this secret, so paste it from ${label}.` : null;
  if (secret.length > MAX_SECRET_LENGTH)
    return `Too long: at most ${MAX_SECRET_LENGTH} characters (this one has ${secret.length}).`;
  if (scheme === 'standard') {
    if (!secret.startsWith(STANDARD_PREFIX))
      return 'A Standard Webhooks secret starts with whsec_ followed by the base64 key.';
    const key = secret.slice(STANDARD_PREFIX.length);
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(key) || key.length % 4 !== 0)
      return 'After whsec_ must come base64: A–Z, a–z, 0–9, + and /, padded with = to a multiple of 4 characters.';
    const bytes = base64Bytes(key);
    if (bytes < 24 || bytes > 64) return `The key after whsec_ must decode to 24–64 bytes (this one is ${bytes}).`;
    return null;
  }
  if (scheme === 'stripe') {
    if (!secret.startsWith('whsec_'))
      return (
        `A Stripe signing secret starts with ` +
        `whsec_${/^(sk|pk|rk)_/.test(secret) ? ' — this looks like an API key, not the endpoint’s signing secret' : ''}.`
      );
    if (!/^whsec_[A-Za-z0-9]{16,}$/.test(secret))
      return 'After whsec_ come only letters and digits, at least 16 of them.';
  }
  if (scheme === 'slack' && !/^[0-9a-f]{32}$/i.test(secret)) {
    return secret.length === 32
      ? 'Slack’s Signing Secret has only hex characters (0–9, a–f).'
      : `Slack’s Signing Secret is 32 hex characters (this one has ${secret.length}).`;
  }
  if (secret.length < 16) return `Too short: at least 16 characters (this one has ${secret.length}).`;
  return null;
}
