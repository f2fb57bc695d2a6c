import { describe, expect, it } from 'vitest';
import {
  describeCatchUp,
  describeOverlap,
  formatSeconds,
  inputPreview,
} from '../../src/features/schedules/schedule-summary';

const policy = { overlap: 'skip' as const, maxInstances: 1, coalesce: true, catchUpWindowSec: 3600 };

describe('schedule summary', () => {
  it('words the catch-up window in the largest units that divide it', () => {
    expect(formatSeconds(0)).toBe('0 s');
    expect(formatSeconds(90)).toBe('90 s');
    expect(formatSeconds(900)).toBe('15 min');
    expect(formatSeconds(3600)).toBe('1 h');
    expect(formatSeconds(5400)).toBe('1 h 30 min');
    expect(formatSeconds(2 * 86_400)).toBe('2 d');
    expect(formatSeconds(86_400 + 60)).toBe('1 d 1 min');
  });

  it('says what each overlap policy does with the limit', () => {
    expect(describeOverlap(policy)).toBe('Skip while 1 run is going');
    expect(describeOverlap({ ...policy, overlap: 'queue', maxInstances: 3 })).toBe(
      'Queue one while 3 runs are going, skip any more',
    );
    expect(describeOverlap({ ...policy, overlap: 'allow', maxInstances: 3 })).toBe('Allow overlapping runs');
  });

  it('says what happens to missed runs', () => {
    expect(describeCatchUp(policy)).toBe('One run for all of them, if at most 1 h late');
    expect(describeCatchUp({ ...policy, coalesce: false, catchUpWindowSec: 600 })).toBe(
      'Each runs, oldest first, if at most 10 min late',
    );
    expect(describeCatchUp({ ...policy, catchUpWindowSec: 0 })).toBe('Not caught up');
  });

  it('shows the input on one line, cut to length, or nothing when empty', () => {
    expect(inputPreview({})).toBeNull();
    expect(inputPreview({ report: 'daily' })).toBe('{"report":"daily"}');
    const long = inputPreview({ text: 'x'.repeat(200) }, 20)!;
    expect(long).toHaveLength(20);
    expect(long.endsWith('…')).toBe(true);
  });
});
