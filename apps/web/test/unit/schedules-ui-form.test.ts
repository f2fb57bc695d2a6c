import { describe, expect, it } from 'vitest';
import * as form from '../../src/features/schedules/schedule-form';
import type { Schedule } from '../../src/features/schedules/types';
import { SCHEDULE_DEFAULTS } from '../../../../packages/db/test/contracts/rows';

const stored: Schedule = {
  id: 's1',
  workflowId: 'w1',
  ...SCHEDULE_DEFAULTS,
  cron: '0 9 * * 1-5',
  timezone: 'Europe/Berlin',
  input: { report: 'daily', limit: 5 },
  firing: true,
  notFiringCode: null,
  notFiringReason: null,
  canEdit: true,
  nextRunAt: '2026-12-03T08:00:00.000Z',
  nextRuns: [],
  nextRunsLocal: [],
  pendingRunAt: null,
  createdAt: '2026-12-01T00:00:00.000Z',
  updatedAt: '2026-12-01T00:00:00.000Z',
};

describe('draftToSettings', () => {
  it('turns the new-schedule defaults plus a cron into the API defaults', () => {
    const r = form.draftToSettings({ ...form.NEW_SCHEDULE_DRAFT, cron: ' 0   9 * * 1-5 ' });
    expect(r).toEqual({
      ok: true,
      settings: {
        cron: '0 9 * * 1-5',
        timezone: 'UTC',
        overlap: 'skip',
        maxInstances: 1,
        coalesce: true,
        catchUpWindowSec: 3600,
        input: {},
      },
    });
  });

  it('lists every wrong field at once, with the engine’s own cron and zone messages', () => {
    const r = form.draftToSettings({
      cron: '61 * * * *',
      timezone: 'Nowhere/City',
      overlap: 'queue',
      maxInstances: '0',
      coalesce: false,
      catchUpWindowSec: '-5',
      input: '[1]',
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.cron).toBe('Invalid value for minute: 61');
    expect(r.errors.timezone).toContain('Nowhere/City');
    expect(r.errors.maxInstances).toMatch(/at least 1/);
    expect(r.errors.catchUpWindowSec).toMatch(/whole number/);
    expect(r.errors.input).toMatch(/JSON object/);
  });

  it('asks for a cron when it is empty', () => {
    const r = form.draftToSettings(form.NEW_SCHEDULE_DRAFT);
    expect(!r.ok && r.errors.cron).toMatch(/enter a cron expression/);
  });
});

describe('parseInput', () => {
  it('takes an object, and an empty field as {}', () => {
    expect(form.parseInput('{"a": 1}')).toEqual({ ok: true, value: { a: 1 } });
    expect(form.parseInput('  ')).toEqual({ ok: true, value: {} });
  });

  it('refuses bad JSON and non-objects, saying why', () => {
    expect(form.parseInput('{a: 1}')).toMatchObject({ ok: false, error: expect.stringMatching(/^not valid JSON/) });
    expect(form.parseInput('null')).toMatchObject({ ok: false });
    expect(form.parseInput('"x"')).toMatchObject({ ok: false });
    expect(form.parseInput('[]')).toMatchObject({ ok: false });
  });

  it('keeps a "__proto__" key as data', () => {
    const r = form.parseInput('{"__proto__": {"x": 1}}');
    expect(r.ok && Object.keys(r.value)).toEqual(['__proto__']);
  });
});

describe('editing a stored schedule', () => {
  it('starts clean, with the input pretty-printed', () => {
    const d = form.draftFromSchedule(stored);
    expect(d.input).toBe('{\n  "report": "daily",\n  "limit": 5\n}');
    expect(form.isDirty(d, stored)).toBe(false);
  });

  it('is not dirty for spacing in the cron or key order in the input', () => {
    const d = { ...form.draftFromSchedule(stored), cron: '0  9 * * 1-5 ', input: '{"limit":5,"report":"daily"}' };
    expect(form.isDirty(d, stored)).toBe(false);
  });

  it('is dirty while something does not parse', () => {
    expect(form.isDirty({ ...form.draftFromSchedule(stored), input: '{' }, stored)).toBe(true);
  });

  it('PATCHes only what changed (never `enabled`, which the switch owns)', () => {
    const r = form.draftToSettings({
      ...form.draftFromSchedule(stored),
      overlap: 'queue',
      maxInstances: '2',
      input: '{"report":"daily","limit":6}',
    });
    expect(r.ok && form.changedSettings(r.settings, stored)).toEqual({
      overlap: 'queue',
      maxInstances: 2,
      input: { report: 'daily', limit: 6 },
    });
  });
});

describe('scheduleErrorsFromDetails', () => {
  it('puts the server’s messages on their fields; the first per field wins', () => {
    expect(
      form.scheduleErrorsFromDetails([
        { path: 'body.cron', message: 'Invalid value for minute: 61' },
        { path: 'body.cron', message: 'second message' },
        { path: 'body.timezone', message: 'unknown zone' },
        { path: 'body.input.limit', message: 'too big' },
        { path: 'body.other', message: 'ignored' },
        { message: 'no path' },
      ]),
    ).toEqual({ cron: 'Invalid value for minute: 61', timezone: 'unknown zone', input: 'limit: too big' });
  });
});
