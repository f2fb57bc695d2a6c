'use client';

import { useSearchParams } from 'next/navigation';
import { useCallback, useMemo } from 'react';
import { nextSearch, type FilterChange, type UrlFilterCodec } from './url-filters';

/**
 * A page's filters, kept in the URL's query: `[filters, setFilters]`. Every list page with
 * filters (workflows, executions, audit) uses this, so they survive a reload and can be shared.
 *
 * Each change is built from `window.location` at that moment and written with
 * `history.replaceState`, which updates the address bar synchronously (Next's router follows it:
 * useSearchParams re-renders). `router.replace` only updates the URL once a server round trip
 * lands, so a second quick change read the old URL and undid the first (a CI run came back with
 * Status = Inactive after "All" then "Never run"). No navigation is needed: these pages filter on
 * the client. `codec` must be stable (a module constant).
 */
export function useUrlFilters<F>(codec: UrlFilterCodec<F>): [F, (change: FilterChange<F>) => void] {
  const searchParams = useSearchParams();
  const filters = useMemo(() => codec.read(searchParams), [codec, searchParams]);
  const setFilters = useCallback(
    (change: FilterChange<F>) => {
      const { pathname, search, hash } = window.location;
      const next = nextSearch(search, codec, change);
      if (next !== search) window.history.replaceState(null, '', `${pathname}${next}${hash}`);
    },
    [codec],
  );
  return [filters, setFilters];
}
