import { describe, expect, it } from 'vitest';
import { parseWakeJob, wakeJobId } from '../src/wake-queue';

describe('parseWakeJob', () => {
  it('accepts { executionId } and drops anything else', () => {
    expect(parseWakeJob({ executionId: 'e1', extra: 1 })).toEqual({ executionId: 'e1' });
  });

  it.each([
    null,
    undefined,
    'e1',
    42,
    [],
    {},
    { executionId: '' },
    { executionId: 7 },
    { executionId: 'x'.repeat(201) },
  ])('refuses %j', (data) => {
    expect(() => parseWakeJob(data)).toThrow(/wake job/);
  });
});

describe('wakeJobId', () => {
  it('keeps ordinary keys as they are', () => {
    expect(wakeJobId('0195f0a0-0000-7000-8000-000000000001')).toBe('0195f0a0-0000-7000-8000-000000000001');
  });

  it('makes ids BullMQ accepts (no colon, not an integer), distinct for distinct keys', () => {
    const keys = ['a:b', 'a%3Ab', 'a%b', '%', '25', '%25', '12', '-3', '%i12', 'i12', '1e3', '007'];
    const out = keys.map(wakeJobId);
    expect(new Set(out).size).toBe(keys.length);
    for (const id of out) {
      expect(id).not.toContain(':');
      expect(`${Number.parseInt(id, 10)}`).not.toBe(id);
    }
  });
});
