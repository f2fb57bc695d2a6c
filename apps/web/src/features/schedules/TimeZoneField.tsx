'use client';

import { useMemo, useSyncExternalStore } from 'react';
import { browserTimeZone, timeZoneNames } from './time-zones';

interface TimeZoneFieldProps {
  id: string;
  value: string;
  onChange(value: string): void;
  /** Shown under the field instead of the hint. */
  error: string | null;
}

const noSubscribe = () => () => {};

/** An IANA zone name: type it, pick from the browser's list, or take UTC / the browser's own zone in one click. */
export function TimeZoneField({ id, value, onChange, error }: TimeZoneFieldProps) {
  const zones = useMemo(timeZoneNames, []);
  // The browser's zone is only known in the browser (null while server-rendering).
  const mine = useSyncExternalStore(noSubscribe, browserTimeZone, () => null);
  const errId = `${id}-error`;
  const hintId = `${id}-hint`;
  const pick = (zone: string) => (
    <button
      type="button"
      className="button button-small sc-zone-pick"
      onClick={() => onChange(zone)}
      title={zone === 'UTC' ? 'Use UTC' : 'Use this browser’s time zone'}
    >
      {zone === 'UTC' ? 'UTC' : `My zone (${zone})`}
    </button>
  );
  return (
    <div className="ui-field">
      <label htmlFor={id}>Time zone</label>
      <input
        id={id}
        className="ui-input"
        list={`${id}-zones`}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        autoComplete="off"
        spellCheck={false}
        aria-invalid={error ? true : undefined}
        aria-describedby={[error ? errId : null, hintId].filter(Boolean).join(' ')}
      />
      <datalist id={`${id}-zones`}>
        {zones.map((z) => (
          <option key={z} value={z} />
        ))}
      </datalist>
      <div className="sc-zone-picks">
        {pick('UTC')}
        {mine && mine !== 'UTC' ? pick(mine) : null}
      </div>
      <p id={hintId} className="field-hint">
        Fire times are wall-clock times in this zone, through daylight-saving changes.
      </p>
      {error ? (
        <p id={errId} className="field-error" data-testid="error-timezone">
          {error}
        </p>
      ) : null}
    </div>
  );
}
