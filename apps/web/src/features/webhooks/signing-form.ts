import type { ApiErrorDetail } from '@weft/contracts/client';
import { checkSecret } from './signature-schemes';
import type { SignatureScheme } from './types';

/**
 * The signature part of the create form, the settings form and "Paste a new secret": what
 * each sends, checked first in the browser with the server's rules. A secret field left
 * empty is not sent (the server would take `""` as a secret, and refuse it).
 */

export type SigningField = 'signatureScheme' | 'secret';
export type SigningErrors = Partial<Record<SigningField, string>>;

export interface CreateSigning {
  signatureScheme: SignatureScheme;
  secret?: string;
}

/** The create body's signature fields, or what is wrong with the secret. */
export function createSigningBody(
  scheme: SignatureScheme,
  secretText: string,
): { ok: true; body: CreateSigning } | { ok: false; errors: SigningErrors } {
  const secret = secretText.trim();
  const problem = checkSecret(scheme, secret);
  if (problem) return { ok: false, errors: { secret: problem } };
  return { ok: true, body: secret ? { signatureScheme: scheme, secret } : { signatureScheme: scheme } };
}

/** The settings form's signature part as typed; the secret field shows once the scheme changes. */
export interface SigningDraft {
  scheme: SignatureScheme;
  secret: string;
}

export type SigningPatch = { signatureScheme?: SignatureScheme; secret?: string; rotateSecret?: true };

export function signingDirty(d: SigningDraft, saved: SignatureScheme): boolean {
  return d.scheme !== saved;
}

/**
 * Nothing while the scheme is unchanged (rotation has its own buttons). A new scheme takes the
 * pasted secret, or — where Weft may make one — a generated one (shown once): the current
 * secret was made for another sender.
 */
export function signingToPatch(
  d: SigningDraft,
  saved: SignatureScheme,
): { ok: true; patch: SigningPatch } | { ok: false; errors: SigningErrors } {
  if (!signingDirty(d, saved)) return { ok: true, patch: {} };
  const secret = d.secret.trim();
  const problem = checkSecret(d.scheme, secret);
  if (problem) return { ok: false, errors: { secret: problem } };
  return {
    ok: true,
    patch: secret ? { signatureScheme: d.scheme, secret } : { signatureScheme: d.scheme, rotateSecret: true },
  };
}

/** "Paste a new secret": one is required whatever the scheme. */
export function pastedSecret(
  scheme: SignatureScheme,
  text: string,
): { ok: true; secret: string } | { ok: false; error: string } {
  const secret = text.trim();
  if (secret === '') return { ok: false, error: 'Paste the new secret.' };
  const problem = checkSecret(scheme, secret);
  return problem ? { ok: false, error: problem } : { ok: true, secret };
}

/** The server's messages are fragments ("is required for …"); give them their subject. */
function withSubject(subject: string, message: string): string {
  return /^[a-z]/.test(message) ? `${subject} ${message}` : message;
}

/**
 * Server `details` → the signature field each names, in the server's words. `body.rotateSecret`
 * lands on the secret: that is where the person acts (paste one instead). First message per
 * field wins.
 */
export function signingErrorsFromDetails(details: readonly ApiErrorDetail[]): SigningErrors {
  const out: SigningErrors = {};
  for (const d of details) {
    if (!d.path || !d.message) continue;
    const key = d.path.split('.')[1];
    const field: SigningField | null =
      key === 'signatureScheme' ? 'signatureScheme' : key === 'secret' || key === 'rotateSecret' ? 'secret' : null;
    if (field && out[field] === undefined)
      out[field] = withSubject(field === 'secret' ? 'The secret' : 'The scheme', d.message);
  }
  return out;
}
