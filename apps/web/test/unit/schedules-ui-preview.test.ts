import { describe, expect, it } from 'vitest';
import {
  cronSummary,
  describeCron,
  fireTimeView,
  hasSeconds,
  offsetOf,
  previewCron,
} from '../../src/features/schedules/cron-preview';

// A Wednesday, in Berlin's winter time (UTC+01:00).
const NOW = new Date('2026-12-02T10:00:00Z');

describe('previewCron', () => {
  it('words a weekday cron with its zone and lists five times at 09:00 local', () => {
    const p = previewCron('0 9 * * 1-5', 'Europe/Berlin', NOW, { locale: 'en-US' });
    expect(p.cronError).toBeNull();
    expect(p.timezoneError).toBeNull();
    expect(p.description).toBe('At 09:00, Monday through Friday');
    expect(p.times.map((t) => t.localIso)).toEqual([
      '2026-12-03T09:00:00+01:00',
      '2026-12-04T09:00:00+01:00',
      '2026-12-07T09:00:00+01:00', // the weekend is skipped
      '2026-12-08T09:00:00+01:00',
      '2026-12-09T09:00:00+01:00',
    ]);
    expect(p.times[0]).toEqual({
      utcIso: '2026-12-03T08:00:00.000Z',
      localIso: '2026-12-03T09:00:00+01:00',
      local: 'Thu, Dec 3, 2026, 09:00',
      offset: '+01:00',
      utc: 'Thu, Dec 3, 2026, 08:00',
    });
  });

  it('names what is wrong with the cron and lists nothing', () => {
    expect(previewCron('0 9 * *', 'UTC', NOW)).toMatchObject({
      cronError: expect.stringContaining('got 4'),
      description: null,
      times: [],
    });
    expect(previewCron('61 * * * *', 'UTC', NOW).cronError).toBe('Invalid value for minute: 61');
    expect(previewCron('0 0 30 2 *', 'UTC', NOW).cronError).toMatch(/never fires/);
    expect(previewCron('   ', 'UTC', NOW).cronError).toMatch(/enter a cron expression/);
  });

  it('still words a valid cron when only the zone is wrong', () => {
    const p = previewCron('0 9 * * *', 'Mars/Base', NOW);
    expect(p.timezoneError).toContain('"Mars/Base" is not an IANA time zone name');
    expect(p.description).toBe('At 09:00');
    expect(p.times).toEqual([]);
  });

  it('shows seconds for a 6-field cron and starts strictly after now', () => {
    const p = previewCron('*/10 * * * * *', 'UTC', NOW, { locale: 'en-US', count: 2 });
    expect(p.times.map((t) => t.utcIso)).toEqual(['2026-12-02T10:00:10.000Z', '2026-12-02T10:00:20.000Z']);
    expect(p.times[0]!.local).toBe('Wed, Dec 2, 2026, 10:00:10');
    expect(p.times[0]!.offset).toBe('+00:00');
  });

  it('follows the engine through a spring-forward gap (02:30 runs at 03:30 CEST)', () => {
    const [t] = previewCron('30 2 29 3 *', 'Europe/Berlin', new Date('2026-03-01T00:00:00Z'), {
      locale: 'en-US',
      count: 1,
    }).times;
    expect(t).toMatchObject({
      localIso: '2026-03-29T03:30:00+02:00',
      utcIso: '2026-03-29T01:30:00.000Z',
      offset: '+02:00',
    });
  });

  it('trims the zone name', () => {
    expect(previewCron('0 9 * * *', ' Asia/Tokyo ', NOW, { count: 1 }).times[0]!.localIso).toBe(
      '2026-12-03T09:00:00+09:00',
    );
  });
});

describe('helpers', () => {
  it('describeCron gives null rather than throwing', () => {
    expect(describeCron('* * * * * *')).toBe('Every second');
    expect(describeCron('not a cron')).toBeNull();
  });

  it('cronSummary appends the zone, falling back to the bare expression', () => {
    expect(cronSummary('0 9 * * 1-5', 'Europe/Berlin')).toBe('At 09:00, Monday through Friday · Europe/Berlin');
    expect(cronSummary('bogus', 'UTC')).toBe('bogus · UTC');
  });

  it('hasSeconds counts fields, whatever the spacing', () => {
    expect(hasSeconds(' 0  9 * * 1-5 ')).toBe(false);
    expect(hasSeconds('0 0 9 * * 1-5')).toBe(true);
  });

  it('offsetOf reads the offset of a zoned ISO string', () => {
    expect(offsetOf('2026-12-07T09:00:00+01:00')).toBe('+01:00');
    expect(offsetOf('2026-12-07T09:00:00-05:30')).toBe('-05:30');
    expect(offsetOf('2026-12-07T09:00:00Z')).toBe('+00:00');
  });

  it('fireTimeView matches the API’s nextRunsLocal format', () => {
    expect(fireTimeView(new Date('2026-07-01T07:00:00Z'), 'Europe/Berlin', { locale: 'en-US' })).toMatchObject({
      localIso: '2026-07-01T09:00:00+02:00',
      local: 'Wed, Jul 1, 2026, 09:00',
    });
  });
});
