/**
 * Filters kept in the URL's query (workflows, executions, audit): how a page's filters are read
 * from and written to it, and how one change makes the next query. Pure, so it is unit-tested;
 * the hook that applies it is use-url-filters.ts.
 */

/** What `URLSearchParams` and Next's `ReadonlyURLSearchParams` both offer. */
export interface ReadableParams {
  get(name: string): string | null;
  getAll(name: string): string[];
}

export interface UrlFilterCodec<F> {
  /** Every query parameter `write` may set: each change replaces them, any other is kept. */
  readonly keys: readonly string[];
  /** URL → filters; unknown or malformed values fall back to the defaults rather than erroring. */
  read(params: ReadableParams): F;
  /** Filters → their query parameters, defaults left out (a clean list has a clean URL). */
  write(filters: F): URLSearchParams;
}

/** A change: the fields that change, or a function of the filters as the URL has them now (a toggle). */
export type FilterChange<F> = Partial<F> | ((current: F) => Partial<F>);

/**
 * The query (`?…`, or `''` for none) after `change`, built from `search` — the URL as it is at
 * the moment of the change, never filters remembered from an earlier render: a second change
 * made before the page re-rendered must not undo the first (issue 19, item 10).
 */
export function nextSearch<F>(search: string, codec: UrlFilterCodec<F>, change: FilterChange<F>): string {
  const params = new URLSearchParams(search);
  const current = codec.read(params);
  const next = { ...current, ...(typeof change === 'function' ? change(current) : change) };
  for (const key of codec.keys) params.delete(key);
  for (const [key, value] of codec.write(next)) params.append(key, value);
  const query = params.toString();
  return query ? `?${query}` : '';
}
