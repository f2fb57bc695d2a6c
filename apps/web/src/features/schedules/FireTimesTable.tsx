import type { FireTimeView } from './cron-preview';

interface FireTimesTableProps {
  id: string;
  caption: string;
  timezone: string;
  times: readonly FireTimeView[];
}

/** Fire times in the schedule's zone (with its UTC offset) and, for any other zone than UTC, in UTC. */
export function FireTimesTable({ id, caption, timezone, times }: FireTimesTableProps) {
  const showUtc = timezone !== 'UTC';
  const captionId = `${id}-caption`;
  return (
    <table className="sc-times" aria-labelledby={captionId} data-testid="next-fires">
      <caption id={captionId} className="sc-times-caption">
        {caption}
      </caption>
      <thead>
        <tr>
          <th scope="col">In {timezone}</th>
          {showUtc ? <th scope="col">In UTC</th> : null}
        </tr>
      </thead>
      <tbody>
        {times.map((t) => (
          <tr key={t.utcIso} data-testid="next-fire">
            <td data-testid="next-fire-local">
              <time dateTime={t.localIso}>{t.local}</time>
              {showUtc ? <span className="muted sc-offset"> UTC{t.offset}</span> : null}
            </td>
            {showUtc ? (
              <td data-testid="next-fire-utc">
                <time dateTime={t.utcIso}>{t.utc}</time>
              </td>
            ) : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
