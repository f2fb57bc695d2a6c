import { describe, expect, it } from 'vitest';
import { uuidV7 } from '../src/uuid-v7';

describe('uuidV7', () => {
  it('is a version 7, variant 10 UUID carrying the time in its first 48 bits', () => {
    const at = Date.parse('2026-12-01T19:44:43.123Z');
    const id = uuidV7(at);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16)).toBe(at);
  });

  it('ids made in one millisecond sort in the order they were made', () => {
    const later = Date.parse('2099-01-01T00:00:00.000Z'); // after every other id this process made
    const ids = Array.from({ length: 1_000 }, () => uuidV7(later));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(1_000);
  });

  it('orders by time and differs within one millisecond', () => {
    expect(uuidV7(1_000) < uuidV7(1_001)).toBe(true);
    expect(new Set(Array.from({ length: 1_000 }, () => uuidV7(5))).size).toBe(1_000);
  });
});
