'use client';

import { StatusBadge } from '@/ui/StatusBadge';
import { RecentRuns, RunLink } from '@/features/triggers/RecentRuns';
import { formatDateTime } from '@/ui/format';
import { FIRES_SHOWN, useFires } from './api';
import { formatInZone } from './cron-preview';
import type { ScheduleFire, FireOutcome } from './types';

const OUTCOME_LABELS: Record<FireOutcome, string> = { started: 'started', skipped: 'skipped', pending: 'held back' };

/** "+0.4 s" between the due time and the moment it was handled (a catch-up run shows how late it was). */
function lateBy(fire: ScheduleFire): string {
  const ms = new Date(fire.firedAt).getTime() - new Date(fire.scheduledAt).getTime();
  if (!Number.isFinite(ms) || ms < 0) return '';
  if (ms < 1000) return `+${ms} ms`;
  if (ms < 60_000) return `+${(ms / 1000).toFixed(1)} s`;
  return `+${Math.round(ms / 60_000)} min`;
}

function FireRow({ fire, timezone, seconds }: { fire: ScheduleFire; timezone: string; seconds: boolean }) {
  const when = formatInZone(new Date(fire.scheduledAt), timezone, { seconds });
  return (
    <li className="ui-run sc-fire" data-testid="schedule-fire" data-outcome={fire.outcome}>
      <span className="sc-fire-outcome">
        {fire.executionId ? (
          <RunLink
            executionId={fire.executionId}
            label={`Execution ${fire.executionStatus ?? OUTCOME_LABELS[fire.outcome]}, due ${when} — open`}
          >
            {fire.executionStatus ? (
              <StatusBadge status={fire.executionStatus} />
            ) : (
              <span className={`sc-outcome sc-outcome-${fire.outcome}`}>{OUTCOME_LABELS[fire.outcome]}</span>
            )}
          </RunLink>
        ) : (
          <span className={`sc-outcome sc-outcome-${fire.outcome}`} data-testid="fire-outcome">
            {OUTCOME_LABELS[fire.outcome]}
          </span>
        )}
      </span>
      <span className="sc-fire-body">
        <time
          dateTime={fire.scheduledAt}
          title={`Due ${formatDateTime(fire.scheduledAt)} · handled ${formatDateTime(fire.firedAt)}`}
          className="small"
        >
          {when}
        </time>
        {fire.reason ? (
          <span className="muted small sc-fire-reason" data-testid="fire-reason">
            {fire.outcome === 'skipped' ? 'Skipped: ' : ''}
            {fire.reason}
          </span>
        ) : null}
        {fire.missedRuns > 0 ? (
          <span className="muted small sc-fire-reason" data-testid="fire-missed">
            Catch-up: also stands for {fire.missedRuns} missed due time{fire.missedRuns === 1 ? '' : 's'}
          </span>
        ) : null}
      </span>
      <span className="muted small ui-run-duration" title="How long after the due time it was handled">
        {lateBy(fire)}
      </span>
    </li>
  );
}

/** The schedule's last fires (started, skipped or held back), newest first, refreshed every few seconds. */
export function RecentFires({
  scheduleId,
  timezone,
  seconds,
  headingId,
}: {
  scheduleId: string;
  timezone: string;
  seconds: boolean;
  headingId: string;
}) {
  const fires = useFires(scheduleId);
  return (
    <RecentRuns
      query={fires}
      title="Recent fires"
      headingId={headingId}
      loading="Loading fires…"
      errorTitle="Could not load the fires"
      empty="No fires yet. Each due time shows here: the run it started, or why it was skipped."
      listTestId="schedule-fires"
      footer={
        fires.data && fires.data.length >= FIRES_SHOWN ? (
          <p className="muted small">The last {FIRES_SHOWN}, newest first.</p>
        ) : null
      }
    >
      {(f) => <FireRow key={f.id} fire={f} timezone={timezone} seconds={seconds} />}
    </RecentRuns>
  );
}
