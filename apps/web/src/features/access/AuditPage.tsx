'use client';

import { useId, useMemo, useState, type FormEvent } from 'react';
import { LoadMore } from '@/ui/LoadMore';
import { EmptyPanel, LoadErrorPanel, LoadingPanel } from '@/ui/QueryState';
import { Cell, Table } from '@/ui/Table';
import { useUrlFilters } from '@/lib/use-url-filters';
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

const COLUMNS = ['Time', 'Actor', 'Action', 'Target', 'Result', 'IP', 'Details'] as const;

/**
 * `/audit` (owners and admins): who did what, newest first, filtered by action and result.
 * The filters are in the URL; the action is typed first and applied with Apply (or Enter).
 */
export function AuditPage() {
  const [filters, setFilters] = useUrlFilters(AUDIT_FILTERS);
  const audit = useAudit(filters);
  const items = useMemo(() => audit.data?.pages.flatMap((p) => p.items) ?? [], [audit.data]);
  const targetNames = useMemo(() => targetNamesFrom(items), [items]);
  const filtered = Boolean(filters.action || filters.result);

  return (
    <section aria-labelledby="audit-title" className="ac-page">
      <div className="page-header">
        <div>
          <h1 id="audit-title">Audit log</h1>
          <p className="muted">Sign-ins, user, API key, workflow, webhook and schedule changes, newest first.</p>
        </div>
      </div>
      <AuditFilterForm filters={filters} onChange={setFilters} />
      {audit.isPending ? (
        <LoadingPanel>Loading the audit log…</LoadingPanel>
      ) : audit.isError && items.length === 0 ? (
        <LoadErrorPanel
          title="Could not load the audit log"
          message={audit.error.message}
          onRetry={() => void audit.refetch()}
        />
      ) : (
        <Table
          label="Audit log"
          columns={COLUMNS}
          items={items}
          empty={
            <EmptyPanel title="No entries">
              {filtered ? 'Nothing matches these filters.' : 'Nothing has been recorded yet.'}
            </EmptyPanel>
          }
          footer={<LoadMore list={audit} />}
        >
          {(e) => <AuditRow key={e.id} entry={e} targetNames={targetNames} />}
        </Table>
      )}
      {audit.isError && items.length > 0 ? (
        <p className="field-error" role="alert">
          {audit.error.message}
        </p>
      ) : null}
    </section>
  );
}

/** The action as typed (applied with Apply or Enter) and the result (applied at once). */
function AuditFilterForm(props: { filters: AuditFilters; onChange: (change: Partial<AuditFilters>) => void }) {
  const { filters, onChange } = props;
  const uid = useId();
  const [draft, setDraft] = useDraftOf(filters.action);
  const apply = (event: FormEvent) => {
    event.preventDefault();
    onChange({ action: draft });
  };
  return (
    <form className="ac-filters" onSubmit={apply} aria-label="Filter the audit log">
      <div className="field">
        <label htmlFor={`${uid}-action`}>Action</label>
        <input
          id={`${uid}-action`}
          className="ui-input"
          value={draft}
          placeholder="user.create or webhook."
          onChange={(e) => setDraft(e.target.value)}
          aria-describedby={`${uid}-action-hint`}
        />
        <p id={`${uid}-action-hint`} className="field-hint">
          Exact, or a prefix ending in “.”
        </p>
      </div>
      <ResultField
        id={`${uid}-result`}
        value={filters.result}
        // A result applies at once, with the action typed so far.
        onChange={(result) => onChange({ action: draft, result })}
      />
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
              onChange(NO_AUDIT_FILTERS);
            }}
          >
            Clear
          </button>
        </div>
        <p className="field-hint">&nbsp;</p>
      </div>
    </form>
  );
}

function ResultField(props: {
  id: string;
  value: AuditFilters['result'];
  onChange: (result: AuditFilters['result']) => void;
}) {
  return (
    <div className="field">
      <label htmlFor={props.id}>Result</label>
      <select
        id={props.id}
        className="ui-input"
        value={props.value}
        onChange={(e) => props.onChange(e.target.value as AuditFilters['result'])}
      >
        <option value="">Any</option>
        <option value="success">Success</option>
        <option value="failure">Failure</option>
      </select>
      <p className="field-hint">&nbsp;</p>
    </div>
  );
}

/** A text being typed that starts as `applied` and follows it when it changes under the field (back/forward, Clear). */
function useDraftOf(applied: string) {
  const [draft, setDraft] = useState(applied);
  const [shown, setShown] = useState(applied);
  if (shown !== applied) {
    setShown(applied);
    setDraft(applied);
  }
  return [draft, setDraft] as const;
}

function AuditRow({ entry, targetNames }: { entry: AuditEvent; targetNames: ReadonlyMap<string, string> }) {
  const details = formatDetails(entry.details);
  const at = new Date(entry.createdAt);
  return (
    <tr data-testid="audit-row">
      <Cell label="Time" className="nowrap small">
        <time dateTime={entry.createdAt} title={at.toISOString()}>
          {at.toLocaleString()}
        </time>
      </Cell>
      <Cell label="Actor">
        {entry.actor ? (
          <span title={entry.actor.email ?? undefined}>{entry.actor.name ?? entry.actor.id}</span>
        ) : (
          <span className="muted">{entry.actorType}</span>
        )}
      </Cell>
      <Cell primary className="mono" data-testid="audit-action">
        {entry.action}
      </Cell>
      <Cell label="Target" className="small" title={entry.targetId ?? undefined}>
        {describeTarget(entry, targetNames)}
      </Cell>
      <Cell label="Result" className={entry.result === 'failure' ? 'ac-result-failure' : undefined}>
        {entry.result}
      </Cell>
      <Cell label="IP" className="mono">
        {entry.ip ?? '—'}
      </Cell>
      <Cell label="Details">
        {details ? (
          <details className="ac-details">
            <summary>Show</summary>
            <pre>{details}</pre>
          </details>
        ) : (
          <span className="muted">—</span>
        )}
      </Cell>
    </tr>
  );
}
