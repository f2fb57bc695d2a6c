/** One API error detail: a dotted path (`body.rateLimitMax`) and what is wrong there. */
export interface FieldDetail {
  path?: string | undefined;
  message?: string | undefined;
}

/**
 * Server `details` → the form field each names (`body.cron`, `body.ipAllowlist.2`). The first
 * message per field wins; whatever follows the field in the path is handed to `withRest`
 * (default: "rest.of.path: message").
 */
export function fieldErrorsFromDetails<F extends string>(
  details: readonly FieldDetail[],
  fields: readonly F[],
  withRest: (rest: string[], message: string) => string = (rest, message) => `${rest.join('.')}: ${message}`,
): Partial<Record<F, string>> {
  const out: Partial<Record<F, string>> = {};
  for (const d of details) {
    if (!d.path || !d.message) continue;
    const parts = d.path.split('.');
    const i = parts.findIndex((p) => (fields as readonly string[]).includes(p));
    if (i < 0) continue;
    const field = parts[i] as F;
    const rest = parts.slice(i + 1);
    if (out[field] === undefined) out[field] = rest.length ? withRest(rest, d.message) : d.message;
  }
  return out;
}

/** A typed whole number ("12", " 3 "), or null for anything else. */
export function wholeNumber(text: string): number | null {
  const t = text.trim();
  return /^\d+$/.test(t) ? Number(t) : null;
}
