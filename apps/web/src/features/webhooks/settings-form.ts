import type { ApiErrorDetail } from '@weft/contracts/client';
import { fieldErrorsFromDetails, wholeNumber } from '@/ui/form/field-errors';
import type { ResponseMode, Webhook, WebhookSettings } from './types';

/** The settings form as typed (numbers as text, the allowlist one entry per line). */
export interface SettingsDraft {
  requireSignature: boolean;
  responseMode: ResponseMode;
  syncTimeoutMs: string;
  rateLimitMax: string;
  rateLimitWindowSec: string;
  ipAllowlist: string;
}

export type SettingsField =
  | 'requireSignature'
  | 'responseMode'
  | 'syncTimeoutMs'
  | 'rateLimitMax'
  | 'rateLimitWindowSec'
  | 'ipAllowlist';
export type SettingsErrors = Partial<Record<SettingsField, string>>;

const FIELDS: readonly SettingsField[] = [
  'requireSignature',
  'responseMode',
  'syncTimeoutMs',
  'rateLimitMax',
  'rateLimitWindowSec',
  'ipAllowlist',
];

export function draftFromWebhook(w: Webhook): SettingsDraft {
  return {
    requireSignature: w.requireSignature,
    responseMode: w.responseMode,
    syncTimeoutMs: String(w.syncTimeoutMs),
    rateLimitMax: String(w.rateLimitMax),
    rateLimitWindowSec: String(w.rateLimitWindowSec),
    ipAllowlist: w.ipAllowlist.join('\n'),
  };
}

/** One entry per line; blank lines and surrounding spaces ignored. */
export function parseAllowlist(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

type Patch = Omit<WebhookSettings, 'enabled'>;

/** The PATCH body, or the fields that aren't whole numbers (the server checks the ranges). */
export function draftToPatch(d: SettingsDraft): { ok: true; patch: Patch } | { ok: false; errors: SettingsErrors } {
  const errors: SettingsErrors = {};
  const syncTimeoutMs = wholeNumber(d.syncTimeoutMs);
  const rateLimitMax = wholeNumber(d.rateLimitMax);
  const rateLimitWindowSec = wholeNumber(d.rateLimitWindowSec);
  if (syncTimeoutMs === null) errors.syncTimeoutMs = 'must be a whole number';
  if (rateLimitMax === null) errors.rateLimitMax = 'must be a whole number';
  if (rateLimitWindowSec === null) errors.rateLimitWindowSec = 'must be a whole number';
  if (syncTimeoutMs === null || rateLimitMax === null || rateLimitWindowSec === null) return { ok: false, errors };
  return {
    ok: true,
    patch: {
      requireSignature: d.requireSignature,
      responseMode: d.responseMode,
      syncTimeoutMs,
      rateLimitMax,
      rateLimitWindowSec,
      ipAllowlist: parseAllowlist(d.ipAllowlist),
    },
  };
}

/** Server `details` → the form field each names (`body.rateLimitMax`; an allowlist item's index becomes its line). */
export function settingsErrorsFromDetails(details: readonly ApiErrorDetail[]): SettingsErrors {
  return fieldErrorsFromDetails(details, FIELDS, (rest, message) =>
    /^\d+$/.test(rest[0]!) ? `line ${Number(rest[0]) + 1}: ${message}` : message,
  );
}

export function isDirty(d: SettingsDraft, w: Webhook): boolean {
  const base = draftFromWebhook(w);
  return (
    d.requireSignature !== base.requireSignature ||
    d.responseMode !== base.responseMode ||
    d.syncTimeoutMs.trim() !== base.syncTimeoutMs ||
    d.rateLimitMax.trim() !== base.rateLimitMax ||
    d.rateLimitWindowSec.trim() !== base.rateLimitWindowSec ||
    parseAllowlist(d.ipAllowlist).join('\n') !== base.ipAllowlist
  );
}
