/**
 * Undo/redo as a pure value: `past` holds states before each change, `future` the states
 * undone. Typing into one field records once: a change carrying the same `key` as the
 * previous one is coalesced (the inspector seals the key when the field loses focus).
 */
export interface History<T> {
  past: T[];
  future: T[];
  lastKey: string | null;
}

export const HISTORY_LIMIT = 100;

export function emptyHistory<T>(): History<T> {
  return { past: [], future: [], lastKey: null };
}

/** Records `before` (the state just before a change). */
export function recordChange<T>(
  h: History<T>,
  before: T,
  key: string | null = null,
  limit = HISTORY_LIMIT,
): History<T> {
  if (key !== null && key === h.lastKey) return h.future.length ? { ...h, future: [] } : h;
  const past = [...h.past, before];
  if (past.length > limit) past.splice(0, past.length - limit);
  return { past, future: [], lastKey: key };
}

/** Ends coalescing, so the next change with the same key records a new entry. */
export function sealHistory<T>(h: History<T>): History<T> {
  return h.lastKey === null ? h : { ...h, lastKey: null };
}

export function undoChange<T>(h: History<T>, current: T): { history: History<T>; state: T } | null {
  const state = h.past[h.past.length - 1];
  if (state === undefined) return null;
  return { history: { past: h.past.slice(0, -1), future: [current, ...h.future], lastKey: null }, state };
}

export function redoChange<T>(h: History<T>, current: T): { history: History<T>; state: T } | null {
  const [state, ...future] = h.future;
  if (state === undefined) return null;
  return { history: { past: [...h.past, current], future, lastKey: null }, state };
}
