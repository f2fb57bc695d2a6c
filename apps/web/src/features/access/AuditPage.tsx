'use client';

import { LoadErrorPanel, LoadingPanel } from '@/ui/QueryState';
import { useUrlFilters } from '@/lib/use-url-filters';
import { useId, useMemo, useState, type FormEvent } from 'react';
import { useAudit } from './api';
import {
  AUDIT_FILTERS,
  describeTarget,
  formatDetails,
  targetNamesFrom,
  NO_AUDIT_FILTERS,
  type AuditFilters,
} from './audit-query';
import type { AuditEvent } from './types';
import './access.css';

/**
 * `/audit` (owners and admins): who did what, newest first, filtered by action and result.
 * The filters are in the URL; the action is typed first and applied with Apply (or Enter).
 */
export function AuditPage() {
  const uid = useId();
  const [filters, setFilters] = useUrlFilters(AUDIT_FILTERS);
  const [draft, setDraft] = useState(filters.action);
  // The URL changed under the field (back/forward, Clear): show what it says.
  const [shown, setShown] = useState(filters.action);
  if (shown !== filters.action) {
    setShown(filters.action);
    setDraft(filters.action);
  }
  const audit = useAudit(filters);
  const items = useMemo(() => audit.data?.pages.flatMap((p) => p.items) ?? [], [audit.data]);
  const targetNames = useMemo(() => targetNamesFrom(items), [items]);

  const apply = (event: FormEvent) => {
    event.preventDefault();
    setFilters({ action: draft });
  };

  return (
    <section aria-labelledby="audit-title" className="ac-page">
      <div className="page-header">
        <div>
          <h1 id="audit-title">Audit log</h1>
          <p className="muted">Sign-ins, user, API key, workflow, webhook and schedule changes, newest first.</p>
        </div>
      </div>
      <form className="ac-filters" onSubmit={apply} aria-label="Filter the audit log">
        <div className="field">
          <label htmlFor={`${uid}-action`}>Action</label>
          <input
            id={`${uid}-action`}
            className="ac-input"
            value={draft}
            placeholder="user.create or webhook."
            onChange={(e) => setDraft(e.target.value)}
            aria-describedby={`${uid}-action-hint`}
          />
          <p id={`${uid}-action-hint`} className="field-hint">
            Exact, or a prefix ending in “.”
          </p>
        </div>
        <div className="field">
          <label htmlFor={`${uid}-result`}>Result</label>
          <select
            id={`${uid}-result`}
            className="ac-input"
            value={filters.result}
            // A result applies at once, with the action typed so far.
            onChange={(e) => setFilters({ action: draft, result: e.target.value as AuditFilters['result'] })}
          >
            <option value="">Any</option>
            <option value="success">Success</option>
            <option value="failure">Failure</option>
          </select>
          <p className="field-hint">&nbsp;</p>
        </div>
        <div className="field">
          <div className="ac-inline">
            <button type="submit" className="button button-primary">
              Apply
            </button>
            <button
              type="button"
              className="button"
              onClick={() => {
                setDraft('');
                setFilters(NO_AUDIT_FILTERS);
              }}
            >
              Clear
            </button>
          </div>
          <p className="field-hint">&nbsp;</p>
        </div>
      </form>

      {audit.isPending ? (
        <LoadingPanel>Loading the audit log…</LoadingPanel>
      ) : audit.isError && items.length === 0 ? (
        <LoadErrorPanel
          title="Could not load the audit log"
          message={audit.error.message}
          onRetry={() => void audit.refetch()}
        />
      ) : items.length === 0 ? (
        <div className="panel panel-empty">
          <p className="panel-title">No entries</p>
          <p className="muted">
            {filters.action || filters.result ? 'Nothing matches these filters.' : 'Nothing has been recorded yet.'}
          </p>
        </div>
      ) : (
        <>
          <div className="panel ac-table-wrap">
            <table className="table ac-table" aria-label="Audit log">
              <thead>
                <tr>
                  <th scope="col">Time</th>
                  <th scope="col">Actor</th>
                  <th scope="col">Action</th>
                  <th scope="col">Target</th>
                  <th scope="col">Result</th>
                  <th scope="col">IP</th>
                  <th scope="col">Details</th>
                </tr>
              </thead>
              <tbody>
                {items.map((e) => (
                  <AuditRow key={e.id} entry={e} targetNames={targetNames} />
                ))}
              </tbody>
            </table>
          </div>
          {audit.isError ? (
            <p className="field-error" role="alert">
              {audit.error.message}
            </p>
          ) : null}
          {audit.hasNextPage ? (
            <div className="ac-more">
              <button
                type="button"
                className="button"
                onClick={() => void audit.fetchNextPage()}
                disabled={audit.isFetchingNextPage}
              >
                {audit.isFetchingNextPage ? 'Loading…' : 'Load more'}
              </button>
            </div>
          ) : null}
        </>
      )}
    </section>
  );
}

function AuditRow({ entry, targetNames }: { entry: AuditEvent; targetNames: ReadonlyMap<string, string> }) {
  const details = formatDetails(entry.details);
  const at = new Date(entry.createdAt);
  return (
    <tr data-testid="audit-row">
      <td className="nowrap small">
        <time dateTime={entry.createdAt} title={at.toISOString()}>
          {at.toLocaleString()}
        </time>
      </td>
      <td>
        {entry.actor ? (
          <span title={entry.actor.email ?? undefined}>{entry.actor.name ?? entry.actor.id}</span>
        ) : (
          <span className="muted">{entry.actorType}</span>
        )}
      </td>
      <td className="ac-mono" data-testid="audit-action">
        {entry.action}
      </td>
      <td className="small" title={entry.targetId ?? undefined}>
        {describeTarget(entry, targetNames)}
      </td>
      <td className={entry.result === 'failure' ? 'ac-result-failure' : undefined}>{entry.result}</td>
      <td className="ac-mono">{entry.ip ?? '—'}</td>
      <td>
        {details ? (
          <details className="ac-details">
            <summary>Show</summary>
            <pre>{details}</pre>
          </details>
        ) : (
          <span className="muted">—</span>
        )}
      </td>
    </tr>
  );
}
