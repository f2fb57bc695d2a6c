import { describe, expect, it } from 'vitest';
import { LIVE_STATUSES } from '@weft/engine';
import { statusIn } from '../src/status-sql';

describe('statusIn', () => {
  it('spells a status set as an IN list', () => {
    expect(statusIn('e.status', LIVE_STATUSES)).toBe(`e.status IN ('queued', 'running')`);
  });

  it('refuses an empty set (a guard that never matches) and anything that is not a status name', () => {
    expect(() => statusIn('status', [])).toThrow(/never match/);
    expect(() => statusIn('status', ["x') OR (1=1" as never])).toThrow(/not a status/);
  });
});
