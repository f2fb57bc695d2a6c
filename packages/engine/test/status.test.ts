import { describe, expect, it } from 'vitest';
import {
  canTransition,
  isTerminal,
  LIVE_STATUSES,
  statusesAllowingTransitionTo,
  TERMINAL_STATUSES,
  type ExecutionStatus,
} from '../src/status';

const ALL: ExecutionStatus[] = ['queued', 'running', 'succeeded', 'failed', 'canceled', 'timed_out'];

// SQL guards are built from these sets (packages/db status-sql.ts): they must agree with canTransition.
describe('execution status table', () => {
  it('splits every status into live or terminal', () => {
    for (const s of ALL) expect(LIVE_STATUSES.includes(s)).toBe(!isTerminal(s));
    expect([...LIVE_STATUSES, ...TERMINAL_STATUSES].sort()).toEqual([...ALL].sort());
  });

  it('lets no status leave a terminal one', () => {
    for (const from of TERMINAL_STATUSES) for (const to of ALL) expect(canTransition(from, to)).toBe(false);
  });

  it('names, for each target, exactly the statuses canTransition allows from', () => {
    for (const to of ALL)
      expect(statusesAllowingTransitionTo(to).sort()).toEqual(ALL.filter((from) => canTransition(from, to)).sort());
    // Ending a run (cancel, fail) is allowed from every live status, so the guard is the live set.
    expect(statusesAllowingTransitionTo('canceled')).toEqual([...LIVE_STATUSES]);
  });
});
