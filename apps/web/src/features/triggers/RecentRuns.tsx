'use client';

import type { UseQueryResult } from '@tanstack/react-query';
import Link from 'next/link';
import type { ReactNode } from 'react';

interface RecentRunsProps<T> {
  query: UseQueryResult<T[]>;
  title: string;
  headingId: string;
  /** "Loading fires…" */
  loading: string;
  /** "Could not load the fires" (the error's message follows). */
  errorTitle: string;
  empty: ReactNode;
  listTestId: string;
  /** One `<li>` per item (a `RunRow`). */
  children: (item: T) => ReactNode;
  /** Under the list ("The last 20, newest first."). */
  footer?: ReactNode;
}

/** A trigger's recent runs (a schedule's fires, a webhook's deliveries), newest first, in a card's column. */
export function RecentRuns<T>({
  query,
  title,
  headingId,
  loading,
  errorTitle,
  empty,
  listTestId,
  children,
  footer,
}: RecentRunsProps<T>) {
  let body: ReactNode;
  if (query.isPending)
    body = (
      <p className="muted small" role="status">
        {loading}
      </p>
    );
  else if (query.isError && !query.data)
    body = (
      <p className="field-error" role="alert">
        {errorTitle}: {query.error.message}
      </p>
    );
  else if (query.data.length === 0) body = <p className="muted small">{empty}</p>;
  else
    body = (
      <ul className="ui-run-list" data-testid={listTestId}>
        {query.data.map(children)}
      </ul>
    );
  return (
    <section aria-labelledby={headingId} className="ui-section">
      <h3 id={headingId} className="ui-section-title">
        {title}
      </h3>
      {body}
      {footer}
    </section>
  );
}

/** A run's status pill (or outcome), linked to its execution: the row's first cell. */
export function RunLink({ executionId, label, children }: { executionId: string; label: string; children: ReactNode }) {
  return (
    <Link href={`/executions/${executionId}`} className="ui-run-link" aria-label={label}>
      {children}
    </Link>
  );
}
