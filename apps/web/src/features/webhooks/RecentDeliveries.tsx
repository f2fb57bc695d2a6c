'use client';

import Link from 'next/link';
import { StatusBadge } from '@/ui/StatusBadge';
import { formatDateTime, formatDuration, formatRelative } from '@/ui/format';
import { useDeliveries } from './api';

/** The webhook's last 10 executions, newest first, refreshed every 5 s. */
export function RecentDeliveries({
  webhookId,
  headingId,
  emptyText,
}: {
  webhookId: string;
  headingId: string;
  emptyText: string;
}) {
  const deliveries = useDeliveries(webhookId);
  let body;
  if (deliveries.isPending)
    body = (
      <p className="muted small" role="status">
        Loading deliveries…
      </p>
    );
  else if (deliveries.isError && !deliveries.data)
    body = (
      <p className="field-error" role="alert">
        Could not load deliveries: {deliveries.error.message}
      </p>
    );
  else if (deliveries.data.length === 0) body = <p className="muted small">{emptyText}</p>;
  else
    body = (
      <ul className="ui-run-list" data-testid="webhook-deliveries">
        {deliveries.data.map((d) => (
          <li key={d.id} className="ui-run" data-testid="webhook-delivery" data-status={d.status}>
            <Link
              href={`/executions/${d.id}`}
              className="ui-run-link"
              aria-label={`Execution ${d.status}, ${formatRelative(d.createdAt)} — open`}
            >
              <StatusBadge status={d.status} />
            </Link>
            <time dateTime={d.createdAt} title={formatDateTime(d.createdAt)} className="small">
              {formatRelative(d.createdAt)}
            </time>
            <span className="muted small ui-run-duration">{formatDuration(d.durationMs)}</span>
          </li>
        ))}
      </ul>
    );
  return (
    <section aria-labelledby={headingId} className="ui-section">
      <h3 id={headingId} className="ui-section-title">
        Recent deliveries
      </h3>
      {body}
    </section>
  );
}
