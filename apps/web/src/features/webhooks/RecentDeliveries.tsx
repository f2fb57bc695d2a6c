'use client';

import { StatusBadge } from '@/ui/StatusBadge';
import { formatDateTime, formatDuration, formatRelative } from '@/ui/format';
import { RecentRuns, RunLink } from '@/features/triggers/RecentRuns';
import { useDeliveries } from './api';
import type { Delivery } from './types';

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
  return (
    <RecentRuns
      query={useDeliveries(webhookId)}
      title="Recent deliveries"
      headingId={headingId}
      loading="Loading deliveries…"
      errorTitle="Could not load deliveries"
      empty={emptyText}
      listTestId="webhook-deliveries"
    >
      {(d) => <DeliveryRow key={d.id} delivery={d} />}
    </RecentRuns>
  );
}

function DeliveryRow({ delivery: d }: { delivery: Delivery }) {
  return (
    <li className="ui-run" data-testid="webhook-delivery" data-status={d.status}>
      <RunLink executionId={d.id} label={`Execution ${d.status}, ${formatRelative(d.createdAt)} — open`}>
        <StatusBadge status={d.status} />
      </RunLink>
      <time dateTime={d.createdAt} title={formatDateTime(d.createdAt)} className="small">
        {formatRelative(d.createdAt)}
      </time>
      <span className="muted small ui-run-duration">{formatDuration(d.durationMs)}</span>
    </li>
  );
}
