'use client';

import { Search } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { ACTIVE_OPTIONS, LAST_RUN_OPTIONS, type WorkflowFilters } from './list-filters';

const SEARCH_DEBOUNCE_MS = 300;

interface ToolbarProps {
  filters: WorkflowFilters;
  onChange: (next: Partial<WorkflowFilters>) => void;
  /** True while a new search's results are on their way. */
  searching: boolean;
}

/** Search by name (debounced into `?q=`), status filter, last-execution filter. */
export function WorkflowsToolbar({ filters, onChange, searching }: ToolbarProps) {
  return (
    <div className="wf-toolbar" role="search" aria-label="Filter workflows">
      <SearchBox query={filters.q} onSearch={(q) => onChange({ q })} searching={searching} />
      <FilterSelect
        id="workflow-active"
        label="Status"
        value={filters.active}
        options={ACTIVE_OPTIONS}
        onChange={(active) => onChange({ active })}
      />
      <FilterSelect
        id="workflow-last-run"
        label="Last run"
        value={filters.last}
        options={LAST_RUN_OPTIONS}
        onChange={(last) => onChange({ last })}
      />
    </div>
  );
}

/**
 * The search text as typed, sent `SEARCH_DEBOUNCE_MS` after the last key (Enter sends at
 * once); when the URL's query changes under it (back/forward, "Clear filters") it shows that.
 */
function useDebouncedSearch(query: string, onSearch: (q: string) => void) {
  const [text, setText] = useState(query);
  const sent = useRef(query);
  const onSearchRef = useRef(onSearch);
  useEffect(() => {
    onSearchRef.current = onSearch;
  });

  useEffect(() => {
    if (query !== sent.current) {
      sent.current = query;
      setText(query);
    }
  }, [query]);

  useEffect(() => {
    if (text.trim() === sent.current.trim()) return;
    const timer = setTimeout(() => {
      sent.current = text;
      onSearchRef.current(text);
    }, SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text]);

  const sendNow = () => {
    sent.current = text;
    onSearch(text);
  };
  return { text, setText, sendNow };
}

function SearchBox(props: { query: string; onSearch: (q: string) => void; searching: boolean }) {
  const { text, setText, sendNow } = useDebouncedSearch(props.query, props.onSearch);
  return (
    <div className="wf-search">
      <label htmlFor="workflow-search" className="visually-hidden">
        Search workflows by name
      </label>
      <Search className="wf-search-icon" size={16} aria-hidden="true" />
      <input
        id="workflow-search"
        type="search"
        className="ui-input wf-search-input"
        placeholder="Search by name…"
        value={text}
        maxLength={200}
        autoComplete="off"
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') sendNow();
        }}
      />
      {props.searching ? <span className="wf-search-spinner" role="status" aria-label="Searching" /> : null}
    </div>
  );
}

interface FilterSelectProps<V extends string> {
  id: string;
  label: string;
  value: V;
  options: ReadonlyArray<{ value: V; label: string }>;
  onChange: (value: V) => void;
}

function FilterSelect<V extends string>({ id, label, value, options, onChange }: FilterSelectProps<V>) {
  return (
    <div className="wf-filter">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        className="ui-input"
        value={value} // The options are the only values the select can hold.
        onChange={(e) => onChange(e.target.value as V)}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}
