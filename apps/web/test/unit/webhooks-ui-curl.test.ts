import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SAMPLE_BODY, shellSingleQuote, signedCurlCommand } from '../../src/features/webhooks/curl';

const input = { url: 'http://127.0.0.1:3000/api/hooks/tok_ABC-123', token: 'tok_ABC-123', secret: 's3cr3t_XYZ-9' };

describe('signedCurlCommand', () => {
  it('builds the documented one-liner for the sample body', () => {
    expect(signedCurlCommand(input)).toBe(
      `BODY='{"hello":"world"}'; T=$(date +%s); SIG=$(printf '%s' "$T.tok_ABC-123.$BODY" | openssl dgst -sha256 ` +
        `-hmac 's3cr3t_XYZ-9' -hex | sed 's/^.* //'); ` +
        `curl -sS -X POST 'http://127.0.0.1:3000/api/hooks/tok_ABC-123' -H 'Content-Type: application/json' -H ` +
        `"X-Weft-Signature: t=$T,v1=$SIG" -d "$BODY"`,
    );
    expect(SAMPLE_BODY).toBe('{"hello":"world"}');
  });

  it('quotes a body, secret and URL holding quotes and shell characters', () => {
    const cmd = signedCurlCommand({
      url: "http://h/x?a='1'",
      token: 'a$b',
      secret: "it's",
      body: `{"q":"it's $HOME"}`,
    });
    expect(cmd).toContain(`BODY='{"q":"it'\\''s $HOME"}'`);
    expect(cmd).toContain(`-hmac 'it'\\''s'`);
    expect(cmd).toContain(`"$T.a\\$b.$BODY"`);
    expect(cmd).toContain(`-X POST 'http://h/x?a='\\''1'\\'''`);
  });

  it('shellSingleQuote wraps and escapes', () => {
    expect(shellSingleQuote('plain')).toBe(`'plain'`);
    expect(shellSingleQuote(`a'b`)).toBe(`'a'\\''b'`);
  });

  it('computes the same signature as the server scheme when run by bash', () => {
    // Run only the signing part (no network): swap `curl …` for printing $T and $SIG.
    const cmd = signedCurlCommand({ ...input, secret: "q'uote" }).replace(/; curl .*$/, '; printf "%s %s" "$T" "$SIG"');
    let out: string;
    try {
      out = execFileSync('bash', ['-c', cmd], { encoding: 'utf8' });
    } catch {
      return; // no bash/openssl here: the text tests above still hold
    }
    const [t, sig] = out.split(' ');
    expect(sig).toBe(createHmac('sha256', "q'uote").update(`${t}.${input.token}.${SAMPLE_BODY}`).digest('hex'));
  });
});
