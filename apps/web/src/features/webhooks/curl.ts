/**
 * The ready-to-paste shell command that signs and sends a test delivery (SPEC §5):
 * `X-Weft-Signature: t=<unix seconds>,v1=<hex HMAC_SHA256(secret, "<t>.<token>.<raw body>")>`.
 * Pure, so the exact text is unit-tested.
 */

export const SAMPLE_BODY = '{"hello":"world"}';

/** `'…'` for POSIX shells: a `'` inside becomes `'\''`. */
export function shellSingleQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** Escapes what is special inside `"…"` (`\`, `"`, `$`, backtick). */
function escapeForDoubleQuotes(value: string): string {
  return value.replace(/[\\"$`]/g, (c) => `\\${c}`);
}

export interface SignedCurlInput {
  url: string;
  token: string;
  secret: string;
  /** The raw JSON body to send (default `{"hello":"world"}`). */
  body?: string;
}

export function signedCurlCommand({ url, token, secret, body = SAMPLE_BODY }: SignedCurlInput): string {
  return [
    `BODY=${shellSingleQuote(body)}`,
    'T=$(date +%s)',
    `SIG=$(printf '%s' "$T.${escapeForDoubleQuotes(token)}.$BODY" | openssl dgst -sha256 -hmac ` +
      `${shellSingleQuote(secret)} -hex | sed 's/^.* //')`,
    `curl -sS -X POST ${shellSingleQuote(url)} -H 'Content-Type: application/json' -H "X-Weft-Signature: t=$T,v1=$SIG" -d "$BODY"`,
  ].join('; ');
}
