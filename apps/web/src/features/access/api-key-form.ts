import type { ApiKeyScope } from './types';

export interface ApiKeyDraft {
  name: string;
  scopes: ApiKeyScope[];
  /** `YYYY-MM-DD` from a date input, or '' for no expiry. */
  expires: string;
}

export type ApiKeyBody = { name: string; scopes: ApiKeyScope[]; expiresAt?: string };

/**
 * The POST body, or the field errors the form can tell without the server. An expiry date
 * means the key works through that whole day (local time), so it ends at the next midnight.
 */
export function apiKeyBody(
  draft: ApiKeyDraft,
  now = new Date(),
): { ok: true; body: ApiKeyBody } | { ok: false; errors: Partial<Record<'name' | 'scopes' | 'expiresAt', string>> } {
  const errors: Partial<Record<'name' | 'scopes' | 'expiresAt', string>> = {};
  const name = draft.name.trim();
  if (!name) errors.name = 'Give the key a name';
  if (draft.scopes.length === 0) errors.scopes = 'Pick at least one scope';
  let expiresAt: string | undefined;
  if (draft.expires) {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(draft.expires);
    const end = m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + 1) : null;
    if (!end || Number.isNaN(end.getTime())) errors.expiresAt = 'Pick a date';
    else if (end.getTime() <= now.getTime()) errors.expiresAt = 'Pick today or a later date';
    else expiresAt = end.toISOString();
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, body: { name, scopes: draft.scopes, ...(expiresAt ? { expiresAt } : {}) } };
}
