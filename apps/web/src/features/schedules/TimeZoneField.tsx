'use client';

import { useMemo, useSyncExternalStore } from 'react';
import { FormField } from '@/ui/form/FormField';
import { browserTimeZone, timeZoneNames } from './time-zones';

interface TimeZoneFieldProps {
  id: string;
  value: string;
  onChange(value: string): void;
  error: string | null;
}

const noSubscribe = () => () => {};

/** An IANA zone name: type it, pick from the browser's list, or take UTC / the browser's own zone in one click. */
export function TimeZoneField({ id, value, onChange, error }: TimeZoneFieldProps) {
  const zones = useMemo(timeZoneNames, []);
  // The browser's zone is only known in the browser (null while server-rendering).
  const mine = useSyncExternalStore(noSubscribe, browserTimeZone, () => null);
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
    <FormField
      id={id}
      name="timezone"
      label="Time zone"
      hint="Fire times are wall-clock times in this zone, through daylight-saving changes."
      error={error}
      extra={
        <>
          <datalist id={`${id}-zones`}>
            {zones.map((z) => (
              <option key={z} value={z} />
            ))}
          </datalist>
          <div className="sc-zone-picks">
            {pick('UTC')}
            {mine && mine !== 'UTC' ? pick(mine) : null}
          </div>
        </>
      }
    >
      {(control) => (
        <input
          {...control}
          className="ui-input"
          list={`${id}-zones`}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          autoComplete="off"
          spellCheck={false}
        />
      )}
    </FormField>
  );
}
