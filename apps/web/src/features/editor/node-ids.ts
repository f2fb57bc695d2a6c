import { NODE_ID_PATTERN } from '@weft/engine';

/** Turns any text into a valid node id stem (letters, digits, _; not starting with a digit). */
export function idStem(text: string): string {
  let stem = text.replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '');
  if (stem === '') stem = 'node';
  if (/^[0-9]/.test(stem)) stem = `n_${stem}`;
  return stem.slice(0, 50);
}

/**
 * The first free `<stem>_<n>` (n ≥ 1). A trailing `_<digits>` on `base` is dropped first,
 * so copying `sum_2` gives `sum_3`, not `sum_2_1`.
 */
export function uniqueNodeId(base: string, taken: ReadonlySet<string>): string {
  const stem = idStem(base).replace(/_[0-9]+$/, '') || 'node';
  for (let n = 1; ; n++) {
    const id = `${stem}_${n}`;
    if (!taken.has(id) && NODE_ID_PATTERN.test(id)) return id;
  }
}

export function uniqueEdgeId(taken: ReadonlySet<string>): string {
  for (let n = taken.size + 1; ; n++) if (!taken.has(`e${n}`)) return `e${n}`;
}
