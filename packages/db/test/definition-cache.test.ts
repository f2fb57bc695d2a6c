import { describe, expect, it } from 'vitest';
import { DefinitionCache } from '../src/definition-cache';

const raw = (name: string) => ({ name, nodes: [{ id: 'start', type: 'trigger', parameters: {} }] });

describe('DefinitionCache', () => {
  it('reads and parses a version once, however many ask at the same time', async () => {
    const cache = new DefinitionCache();
    let reads = 0;
    const read = async () => {
      reads++;
      return raw('a');
    };
    const [a, b] = await Promise.all([cache.get('v1', read), cache.get('v1', read)]);
    expect(a).toBe(b);
    expect(a.name).toBe('a');
    expect(await cache.get('v1', read)).toBe(a);
    expect(reads).toBe(1);
  });

  it('forgets a failed read, so the next asks again', async () => {
    const cache = new DefinitionCache();
    await expect(cache.get('v1', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    await expect(cache.get('v1', () => ({ nodes: 'not a list' }))).rejects.toThrow();
    expect((await cache.get('v1', () => raw('back'))).name).toBe('back');
  });

  it('evicts the least recently used version when full', async () => {
    const cache = new DefinitionCache(2);
    await cache.get('v1', () => raw('1'));
    await cache.get('v2', () => raw('2'));
    await cache.get('v1', () => raw('unused'));
    await cache.get('v3', () => raw('3'));
    expect((await cache.get('v1', () => raw('again'))).name).toBe('1');
    expect((await cache.get('v2', () => raw('reread'))).name).toBe('reread');
  });
});
