'use client';

import { useMemo } from 'react';
import { fireTimeView, hasSeconds, previewCron, PREVIEW_COUNT } from './cron-preview';
import { FireTimesTable } from './FireTimesTable';
import { describeCatchUp, describeOverlap, inputPreview } from './schedule-summary';
import type { Schedule } from './types';
import { useNow } from './use-now';

/** A stored schedule's settings in words, and its next fire times. */
export function ScheduleSummary({ schedule: s, id }: { schedule: Schedule; id: string }) {
  const seconds = hasSeconds(s.cron);
  const now = useNow(seconds ? 1_000 : 15_000);
  // Computed here with the engine's cron code, so they stay current between polls (a
  // seconds cron's `nextRuns` is stale within a second); the API's list if that fails.
  const times = useMemo(() => {
    const computed = previewCron(s.cron, s.timezone, now).times;
    return computed.length > 0
      ? computed
      : s.nextRuns.map((iso) => fireTimeView(new Date(iso), s.timezone, { seconds }));
  }, [s.cron, s.timezone, s.nextRuns, now, seconds]);
  const input = inputPreview(s.input);

  return (
    <div className="sc-summary">
      {times.length > 0 ? (
        <FireTimesTable
          id={`${id}-times`}
          caption={s.firing ? `Next ${PREVIEW_COUNT} fire times` : `Next ${PREVIEW_COUNT} fire times, once it fires`}
          timezone={s.timezone}
          times={times}
        />
      ) : (
        <p className="muted small">It never fires after now.</p>
      )}
      <dl className="sc-settings" data-testid="schedule-settings">
        <div>
          <dt>When a run is still going</dt>
          <dd data-testid="schedule-overlap">{describeOverlap(s)}</dd>
        </div>
        <div>
          <dt>Missed runs</dt>
          <dd data-testid="schedule-catch-up">{describeCatchUp(s)}</dd>
        </div>
        <div>
          <dt>Input</dt>
          <dd data-testid="schedule-input">
            {input ? <code className="mono break-anywhere">{input}</code> : <span className="muted">none</span>}
          </dd>
        </div>
      </dl>
    </div>
  );
}
