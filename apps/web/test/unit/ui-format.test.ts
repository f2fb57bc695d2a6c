import { describe, expect, it } from 'vitest';
import { formatDuration, formatRelative } from '@/ui/format';

const now = Date.parse('2026-12-07T16:50:00Z');
const at = (offsetSeconds: number) => new Date(now + offsetSeconds * 1000).toISOString();

describe('formatRelative', () => {
  it('knows the future from the past', () => {
    expect(formatRelative(at(48), now)).toBe('in 48 s');
    expect(formatRelative(at(-48), now)).toBe('48 s ago');
  });

  it('picks the largest whole unit', () => {
    expect(formatRelative(at(-5 * 60 - 20), now)).toBe('5 min ago');
    expect(formatRelative(at(3 * 3600 + 10), now)).toBe('in 3 h');
    expect(formatRelative(at(-2 * 86400), now)).toBe('2 days ago');
    expect(formatRelative(at(14 * 86400), now)).toBe('in 2 weeks');
  });

  it('says "now" within half a second', () => {
    expect(formatRelative(at(0), now)).toBe('now');
    expect(formatRelative(new Date(now + 400).toISOString(), now)).toBe('now');
  });
});

describe('formatDuration', () => {
  it('reads at every scale', () => {
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(12_345)).toBe('12.3 s');
    expect(formatDuration(245_000)).toBe('4 min 05 s');
  });
});
