'use client';

import { Workflow } from 'lucide-react';

/** Nothing at all yet: say so, and offer the two ways to start. */
export function NoWorkflows({ onNew, onImport }: { onNew: () => void; onImport: () => void }) {
  return (
    <div className="panel panel-empty wf-empty">
      <div className="wf-empty-mark" aria-hidden="true">
        <Workflow size={48} strokeWidth={1.5} />
      </div>
      <p className="panel-title">No workflows yet</p>
      <p className="muted">Start from a blank canvas, or import a definition exported from Weft.</p>
      <div className="ui-actions">
        <button type="button" className="button button-primary" onClick={onNew}>
          New workflow
        </button>
        <button type="button" className="button" onClick={onImport}>
          Import
        </button>
      </div>
    </div>
  );
}

/** Filters that match nothing (among what the server returned or what is loaded). */
export function NoMatches({
  message,
  onClear,
  onLoadMore,
}: {
  message: string;
  onClear: () => void;
  onLoadMore?: () => void;
}) {
  return (
    <div className="panel panel-empty" data-testid="no-results">
      <p className="panel-title">No matching workflows</p>
      <p className="muted">{message}</p>
      <div className="ui-actions">
        <button type="button" className="button" onClick={onClear}>
          Clear filters
        </button>
        {onLoadMore ? (
          <button type="button" className="button" onClick={onLoadMore}>
            Load more
          </button>
        ) : null}
      </div>
    </div>
  );
}
