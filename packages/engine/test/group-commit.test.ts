import { describe, expect, it } from 'vitest';
import { GroupCommit } from '../src/group-commit';

describe('GroupCommit', () => {
  it('writes the first item at once and batches what arrives while writes are in flight', async () => {
    const batches: number[][] = [];
    const release: Array<() => void> = [];
    const g = new GroupCommit<number, number>(
      (items) => {
        batches.push(items);
        return new Promise((resolve) => release.push(() => resolve(items.map((i) => i * 10))));
      },
      { maxBatch: 3, maxInFlight: 1 },
    );
    const results = [1, 2, 3, 4, 5, 6].map((i) => g.submit(i));
    expect(batches).toEqual([[1]]);
    release.shift()!();
    await new Promise((r) => setImmediate(r));
    expect(batches).toEqual([[1], [2, 3, 4]]);
    release.shift()!();
    await new Promise((r) => setImmediate(r));
    release.shift()!();
    expect(await Promise.all(results)).toEqual([10, 20, 30, 40, 50, 60]);
    expect(batches).toEqual([[1], [2, 3, 4], [5, 6]]);
  });

  it('a failed batch is retried item by item, so only the bad item fails', async () => {
    const g = new GroupCommit<number, number>(
      async (items) => {
        await new Promise((r) => setTimeout(r, 1));
        if (items.includes(13)) throw new Error(`bad batch ${items.join(',')}`);
        return items;
      },
      { maxBatch: 10, maxInFlight: 1 },
    );
    const out = await Promise.allSettled([1, 12, 13, 14].map((i) => g.submit(i)));
    expect(out.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect((out[2] as PromiseRejectedResult).reason.message).toBe('bad batch 13');
  });
});
