'use client';

import { useEffect, useRef, useState } from 'react';
import {
  ACTIVE_OPTIONS,
  LAST_RUN_OPTIONS,
  type ActiveFilter,
  type LastRunFilter,
  type WorkflowFilters,
} from './list-filters';

const SEARCH_DEBOUNCE_MS = 300;

interface ToolbarProps {
  filters: WorkflowFilters;
  onChange: (next: Partial<WorkflowFilters>) => void;
  /** True while a new search's results are on their way. */
  searching: boolean;
}

/** Search by name (debounced into `?q=`), status filter, last-execution filter. */
export function WorkflowsToolbar({ filters, onChange, searching }: ToolbarProps) {
  const [text, setText] = useState(filters.q);
  const sent = useRef(filters.q);
  const onChangeRef = useRef(onChange);
  useEffect(() => {
    onChangeRef.current = onChange;
  });

  // The URL changed under us (back/forward, "Clear filters"): show what it says.
  useEffect(() => {
    if (filters.q !== sent.current) {
      sent.current = filters.q;
      setText(filters.q);
    }
  }, [filters.q]);

  useEffect(() => {
    if (text.trim() === sent.current.trim()) return;
    const timer = setTimeout(() => {
      sent.current = text;
      onChangeRef.current({ q: text });
    }, SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text]);

  return (
    <div className="wf-toolbar" role="search" aria-label="Filter workflows">
      <div className="wf-search">
        <label htmlFor="workflow-search" className="visually-hidden">
          Search workflows by name
        </label>
        <svg className="wf-search-icon" viewBox="0 0 20 20" aria-hidden="true" focusable="false">
          <circle cx="8.5" cy="8.5" r="5.5" fill="none" stroke="currentColor" strokeWidth="2" />
          <path d="M13 13l4 4" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
        </svg>
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
            if (e.key === 'Enter') {
              sent.current = text;
              onChange({ q: text });
            }
          }}
        />
        {searching ? <span className="wf-search-spinner" role="status" aria-label="Searching" /> : null}
      </div>
      <div className="wf-filter">
        <label htmlFor="workflow-active">Status</label>
        <select
          id="workflow-active"
          className="ui-input"
          value={filters.active}
          onChange={(e) => onChange({ active: e.target.value as ActiveFilter })}
        >
          {ACTIVE_OPTIONS.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </div>
      <div className="wf-filter">
        <label htmlFor="workflow-last-run">Last run</label>
        <select
          id="workflow-last-run"
          className="ui-input"
          value={filters.last}
          onChange={(e) => onChange({ last: e.target.value as LastRunFilter })}
        >
          {LAST_RUN_OPTIONS.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}
