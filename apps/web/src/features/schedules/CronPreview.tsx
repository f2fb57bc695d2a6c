'use client';

import { useMemo } from 'react';
import { hasSeconds, previewCron, PREVIEW_COUNT } from './cron-preview';
import { FireTimesTable } from './FireTimesTable';
import { useNow } from './use-now';

interface CronPreviewProps {
  cron: string;
  timezone: string;
  /** A unique prefix for the ids inside. */
  id: string;
}

/**
 * The cron in words and its next fire times, in the schedule's zone and in UTC, recomputed
 * as you type (and as time passes). Errors are the form's to show, next to their fields.
 */
export function CronPreview({ cron, timezone, id }: CronPreviewProps) {
  // A seconds cron's next times go stale within a second; a minute one within a minute.
  const now = useNow(hasSeconds(cron) ? 1_000 : 15_000);
  const preview = useMemo(() => previewCron(cron, timezone, now), [cron, timezone, now]);
  const zone = timezone.trim();

  return (
    <div className="sc-preview" data-testid="cron-preview">
      <p className="sc-description" data-testid="cron-description" aria-live="polite">
        {preview.cronError ? (
          <span className="muted">
            {cron.trim() === ''
              ? 'Type a cron expression to see when it fires.'
              : 'Fix the expression to see when it fires.'}
          </span>
        ) : (
          <>
            {preview.description ?? <code className="mono">{cron.trim()}</code>}
            {!preview.timezoneError ? <span className="muted"> · {zone}</span> : null}
          </>
        )}
      </p>
      {preview.times.length > 0 ? (
        <FireTimesTable
          id={`${id}-times`}
          caption={`Next ${PREVIEW_COUNT} fire times`}
          timezone={zone}
          times={preview.times}
        />
      ) : preview.cronError !== null ? null : preview.timezoneError !== null ? (
        <p className="muted small">Fix the time zone to see when it fires.</p>
      ) : (
        <p className="muted small">It never fires after now.</p>
      )}
    </div>
  );
}
