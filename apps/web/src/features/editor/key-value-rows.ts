/** A name → value row of the key-value editor (transform `fields`, http `headers`/`query`). */
export interface Row {
  key: string;
  value: unknown;
}

export const toRows = (v: unknown): Row[] =>
  v && typeof v === 'object' && !Array.isArray(v)
    ? Object.entries(v as Record<string, unknown>).map(([key, value]) => ({ key, value }))
    : [];

/**
 * The record the rows stand for: empty names left out, the first of duplicate names kept. Built
 * with own properties only, so a field named `constructor`, `toString` or `__proto__` is kept as
 * typed (an `in` check on a plain object dropped the first two; assigning the third set the
 * prototype).
 */
export function rowsToRecord(rows: readonly Row[]): Record<string, unknown> {
  const seen = new Set<string>();
  const entries: Array<[string, unknown]> = [];
  for (const r of rows) {
    if (r.key === '' || seen.has(r.key)) continue;
    seen.add(r.key);
    entries.push([r.key, r.value]);
  }
  return Object.fromEntries(entries);
}
