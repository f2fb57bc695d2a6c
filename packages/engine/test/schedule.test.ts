import { describe, expect, it } from 'vitest';
import {
  checkCron,
  checkTimezone,
  fireTimesBetween,
  nextFireTimes,
  planFires,
  zonedIso,
  type SchedulePolicy,
} from '../src/schedule';

const iso = (ds: Date[]) => ds.map((d) => d.toISOString());
const at = (s: string) => new Date(s);

describe('cron fire times across DST', () => {
  // Europe/Berlin: 2026-03-29 02:00 CET → 03:00 CEST; 2026-10-25 03:00 CEST → 02:00 CET.
  const berlin = { cron: '30 2 * * *', timezone: 'Europe/Berlin' };
  it('a daily 02:30 in Europe/Berlin runs once on the spring-forward day, at 03:30 CEST (02:30 + the gap)', () => {
    const runs = nextFireTimes(berlin, at('2026-03-27T12:00:00Z'), 4);
    expect(iso(runs)).toEqual([
      '2026-03-28T01:30:00.000Z',
      '2026-03-29T01:30:00.000Z',
      '2026-03-30T00:30:00.000Z',
      '2026-03-31T00:30:00.000Z',
    ]);
    expect(zonedIso(runs[1]!, 'Europe/Berlin')).toBe('2026-03-29T03:30:00+02:00');
    expect(fireTimesBetween(berlin, at('2026-03-28T22:00:00Z'), at('2026-03-29T22:00:00Z'), 10)).toHaveLength(1);
  });
  it('a daily 02:30 in Europe/Berlin runs once on the fall-back day, at the first 02:30 (CEST)', () => {
    const day = fireTimesBetween(berlin, at('2026-10-24T22:00:00Z'), at('2026-10-25T23:00:00Z'), 10);
    expect(iso(day)).toEqual(['2026-10-25T00:30:00.000Z']);
    expect(zonedIso(day[0]!, 'Europe/Berlin')).toBe('2026-10-25T02:30:00+02:00');
    expect(iso(nextFireTimes(berlin, day[0]!, 1))).toEqual(['2026-10-26T01:30:00.000Z']);
  });
  // America/New_York: 2026-03-08 02:00 EST → 03:00 EDT; 2026-11-01 02:00 EDT → 01:00 EST.
  it('a daily 02:30 in America/New_York: once at 03:30 EDT in spring, once in autumn', () => {
    const ny = { cron: '30 2 * * *', timezone: 'America/New_York' };
    expect(iso(nextFireTimes(ny, at('2026-03-07T12:00:00Z'), 2))).toEqual([
      '2026-03-08T07:30:00.000Z',
      '2026-03-09T06:30:00.000Z',
    ]);
    expect(zonedIso(at('2026-03-08T07:30:00Z'), 'America/New_York')).toBe('2026-03-08T03:30:00-04:00');
    expect(iso(fireTimesBetween(ny, at('2026-11-01T04:00:00Z'), at('2026-11-02T04:00:00Z'), 10))).toEqual([
      '2026-11-01T07:30:00.000Z',
    ]);
  });
  it('a daily 01:30 in America/New_York runs once on the fall-back day although 01:30 happens twice', () => {
    const ny = { cron: '30 1 * * *', timezone: 'America/New_York' };
    const day = fireTimesBetween(ny, at('2026-11-01T04:00:00Z'), at('2026-11-02T04:00:00Z'), 10);
    expect(iso(day)).toEqual(['2026-11-01T05:30:00.000Z']);
    expect(zonedIso(day[0]!, 'America/New_York')).toBe('2026-11-01T01:30:00-04:00');
  });
  it('an hourly schedule never fires the same instant twice where 02:00 is skipped to 03:00', () => {
    const hourly = { cron: '0 * * * *', timezone: 'Europe/Berlin' };
    const runs = nextFireTimes(hourly, at('2026-03-28T23:30:00Z'), 3);
    expect(iso(runs)).toEqual(['2026-03-29T00:00:00.000Z', '2026-03-29T01:00:00.000Z', '2026-03-29T02:00:00.000Z']);
  });
  it(
    'an hourly schedule in Europe/Berlin runs 23 times on the spring-forward day and 24 (the repeated hour ' +
      'once) on the fall-back day',
    () => {
      const hourly = { cron: '0 * * * *', timezone: 'Europe/Berlin' };
      // Local midnight to midnight: 2026-03-29 is 23 h long, 2026-10-25 is 25 h long.
      expect(fireTimesBetween(hourly, at('2026-03-28T22:59:59Z'), at('2026-03-29T21:59:59Z'), 100)).toHaveLength(23);
      expect(fireTimesBetween(hourly, at('2026-10-24T21:59:59Z'), at('2026-10-25T22:59:59Z'), 100)).toHaveLength(24);
      const fiveMin = fireTimesBetween(
        { cron: '*/5 * * * *', timezone: 'Europe/Berlin' },
        at('2026-10-25T00:50:00Z'),
        at('2026-10-25T02:10:00Z'),
        100,
      );
      // 02:55 CEST (00:55 UTC), then the repeated 02:00-02:59 CET (01:00-01:59 UTC) is not run again: next is 03:00 CET.
      expect(iso(fiveMin.slice(0, 2))).toEqual(['2026-10-25T00:55:00.000Z', '2026-10-25T02:00:00.000Z']);
    },
  );
  it('fire times are in the zone: 09:00 on weekdays in Europe/Berlin is 08:00 UTC in winter, 07:00 in summer', () => {
    const weekday = { cron: '0 9 * * 1-5', timezone: 'Europe/Berlin' };
    expect(iso(nextFireTimes(weekday, at('2026-12-04T12:00:00Z'), 2))).toEqual([
      '2026-12-07T08:00:00.000Z',
      '2026-12-08T08:00:00.000Z',
    ]);
    expect(iso(nextFireTimes(weekday, at('2026-06-05T12:00:00Z'), 1))).toEqual(['2026-06-08T07:00:00.000Z']);
  });
});

describe('cron expressions', () => {
  it('6 fields put seconds first', () => {
    expect(checkCron('*/15 * * * * *')).toBeNull();
    expect(iso(nextFireTimes({ cron: '*/15 * * * * *', timezone: 'UTC' }, at('2026-01-01T00:00:01Z'), 3))).toEqual([
      '2026-01-01T00:00:15.000Z',
      '2026-01-01T00:00:30.000Z',
      '2026-01-01T00:00:45.000Z',
    ]);
    expect(
      iso(
        fireTimesBetween(
          { cron: '* * * * * *', timezone: 'UTC' },
          at('2026-01-01T00:00:00Z'),
          at('2026-01-01T00:00:05Z'),
          100,
        ),
      ),
    ).toHaveLength(5);
  });
  it('names what is wrong with a bad expression', () => {
    expect(checkCron('* * * *')).toMatch(/5 fields .* or 6 with seconds first; got 4/);
    expect(checkCron('* * * * * * *')).toMatch(/got 7/);
    expect(checkCron('61 * * * *')).toMatch(/minute: 61/);
    expect(checkCron('* 24 * * *')).toMatch(/hour/);
    expect(checkCron('0 0 30 2 *')).toBe('never fires (no date matches every field)');
    expect(checkCron('every day')).not.toBeNull();
    expect(checkCron('')).toMatch(/got 0/);
  });
  it('accepts IANA zones and rejects others', () => {
    expect(checkTimezone('Europe/Berlin')).toBeNull();
    expect(checkTimezone('UTC')).toBeNull();
    expect(checkTimezone('Mars/Olympus')).toMatch(/not an IANA time zone/);
    expect(checkTimezone('')).toMatch(/IANA/);
  });
});

describe('planFires', () => {
  const policy: SchedulePolicy = {
    cron: '* * * * *',
    timezone: 'UTC',
    overlap: 'skip',
    maxInstances: 1,
    coalesce: true,
    catchUpWindowSec: 3600,
  };
  const now = at('2026-01-01T12:00:00.050Z');
  const base = {
    lastDueAt: at('2026-01-01T11:59:00Z'),
    wokenFor: at('2026-01-01T12:00:00Z'),
    now,
    active: 0,
    pending: false,
  };

  it('starts the due time it was woken for', () => {
    expect(planFires(policy, base)).toEqual({
      decisions: [{ scheduledAt: at('2026-01-01T12:00:00Z'), outcome: 'start', missed: 0 }],
      lastDueAt: at('2026-01-01T12:00:00Z'),
      tooLate: false,
    });
  });
  it('does nothing for a due time already handled (a second delivery of the same fire)', () => {
    expect(planFires(policy, { ...base, lastDueAt: at('2026-01-01T12:00:00Z') }).decisions).toEqual([]);
  });
  it('fires a due time a little ahead of the local clock', () => {
    const plan = planFires(policy, { ...base, now: at('2026-01-01T11:59:59.900Z') });
    expect(plan.decisions.map((d) => d.outcome)).toEqual(['start']);
  });
  it('skip: records a skip while maxInstances runs are active', () => {
    const plan = planFires({ ...policy, maxInstances: 2 }, { ...base, active: 2 });
    expect(plan.decisions).toEqual([
      {
        scheduledAt: at('2026-01-01T12:00:00Z'),
        outcome: 'skip',
        reason: '2 run(s) still queued or running (maxInstances 2)',
      },
    ]);
    expect(planFires({ ...policy, maxInstances: 2 }, { ...base, active: 1 }).decisions[0]!.outcome).toBe('start');
  });
  it('allow: starts however many are active', () => {
    expect(planFires({ ...policy, overlap: 'allow' }, { ...base, active: 50 }).decisions[0]!.outcome).toBe('start');
  });
  it('queue: holds one run back, then skips', () => {
    expect(planFires({ ...policy, overlap: 'queue' }, { ...base, active: 1 }).decisions[0]!.outcome).toBe('pending');
    const skipped = planFires({ ...policy, overlap: 'queue' }, { ...base, active: 1, pending: true }).decisions[0]!;
    expect(skipped).toMatchObject({ outcome: 'skip', reason: expect.stringMatching(/one already waiting/) });
  });
  it('catch-up with coalesce: one run for the latest missed due time, saying how many it stands for', () => {
    const plan = planFires(policy, {
      ...base,
      lastDueAt: at('2026-01-01T11:30:00Z'),
      wokenFor: at('2026-01-01T11:31:00Z'),
    });
    expect(plan.decisions).toEqual([{ scheduledAt: at('2026-01-01T12:00:00Z'), outcome: 'start', missed: 29 }]);
    expect(plan.lastDueAt).toEqual(at('2026-01-01T12:00:00Z'));
  });
  it('catch-up without coalesce: every missed due time in order, each meeting the overlap policy', () => {
    const allow = planFires(
      { ...policy, coalesce: false, overlap: 'allow' },
      { ...base, lastDueAt: at('2026-01-01T11:57:00Z') },
    );
    expect(allow.decisions.map((d) => [d.scheduledAt.toISOString(), d.outcome])).toEqual([
      ['2026-01-01T11:58:00.000Z', 'start'],
      ['2026-01-01T11:59:00.000Z', 'start'],
      ['2026-01-01T12:00:00.000Z', 'start'],
    ]);
    const skip = planFires({ ...policy, coalesce: false }, { ...base, lastDueAt: at('2026-01-01T11:57:00Z') });
    expect(skip.decisions.map((d) => d.outcome)).toEqual(['start', 'skip', 'skip']);
  });
  it('passes over due times older than the catch-up window', () => {
    const plan = planFires(
      { ...policy, coalesce: false, overlap: 'allow', catchUpWindowSec: 120 },
      { ...base, lastDueAt: at('2026-01-01T08:00:00Z') },
    );
    expect(plan.decisions.map((d) => d.scheduledAt.toISOString())).toEqual([
      '2026-01-01T11:59:00.000Z',
      '2026-01-01T12:00:00.000Z',
    ]);
    expect(plan.tooLate).toBe(true);
  });
  it('a zero catch-up window still runs a due time fired a little late', () => {
    const plan = planFires(
      { ...policy, catchUpWindowSec: 0 },
      { ...base, now: at('2026-01-01T12:00:02Z'), lastDueAt: at('2026-01-01T10:00:00Z') },
    );
    expect(plan.decisions).toEqual([{ scheduledAt: at('2026-01-01T12:00:00Z'), outcome: 'start', missed: 0 }]);
    expect(plan.tooLate).toBe(true);
  });
});
