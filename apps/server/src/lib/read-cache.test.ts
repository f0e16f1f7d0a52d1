import { describe, expect, it } from 'vitest';
import { cacheKey, createReadCache, memoUntilWrite } from './read-cache.ts';

describe('read cache', () => {
  it('computes a key once and serves it after that', async () => {
    const cache = createReadCache<number>({ maxEntries: 10 });
    let calls = 0;
    const compute = async () => ++calls;
    expect(await cache.get('a', compute)).toBe(1);
    expect(await cache.get('a', compute)).toBe(1);
    expect(await cache.get('b', compute)).toBe(2);
    expect(cache.stats()).toMatchObject({ entries: 2, hits: 1, misses: 2 });
  });

  it('shares one computation between concurrent misses of a key', async () => {
    const cache = createReadCache<string>({ maxEntries: 10 });
    let calls = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const compute = async () => {
      calls++;
      await gate;
      return 'page';
    };
    const all = Promise.all(Array.from({ length: 50 }, () => cache.get('k', compute)));
    release();
    expect(await all).toEqual(Array(50).fill('page'));
    expect(calls).toBe(1);
  });

  it('keeps no failed computation: the next call tries again', async () => {
    const cache = createReadCache<number>({ maxEntries: 10 });
    await expect(cache.get('k', async () => {
      throw new Error('database away');
    })).rejects.toThrow('database away');
    expect(await cache.get('k', async () => 7)).toBe(7);
  });

  it('drops the least recently used entry first, by count and by bytes', async () => {
    const cache = createReadCache<string>({ maxEntries: 2 });
    await cache.get('a', async () => 'A');
    await cache.get('b', async () => 'B');
    await cache.get('a', async () => 'A2'); // a used again: b is now the oldest
    await cache.get('c', async () => 'C');
    expect(await cache.get('a', async () => 'A3')).toBe('A');
    expect(await cache.get('b', async () => 'B2')).toBe('B2');

    const bytes = createReadCache<string>({ maxEntries: 100, maxBytes: 10, sizeOf: (s) => s.length });
    await bytes.get('x', async () => '123456');
    await bytes.get('y', async () => '7890');
    expect(bytes.stats()).toMatchObject({ entries: 2, bytes: 10 });
    await bytes.get('z', async () => '1');
    expect(bytes.stats()).toMatchObject({ entries: 2, bytes: 5 });
    // Larger than the whole budget: answered, not kept.
    expect(await bytes.get('big', async () => '12345678901')).toBe('12345678901');
    expect(bytes.stats().entries).toBe(2);
  });

  it('makes one key of the same parts whatever the order of object keys, and two of different parts', () => {
    expect(cacheKey('v1', { b: 1, a: [2, 3] })).toBe(cacheKey('v1', { a: [2, 3], b: 1, c: undefined }));
    expect(cacheKey('v1', { a: 1 })).not.toBe(cacheKey('v2', { a: 1 }));
    expect(cacheKey('v1', { a: [1, 2] })).not.toBe(cacheKey('v1', { a: [2, 1] }));
  });
});

describe('memoUntilWrite', () => {
  it('reads again after a write, and every time where the database has other writers', async () => {
    let epoch = 0;
    let reads = 0;
    const read = async () => ++reads;
    const memo = memoUntilWrite({ writeEpoch: () => epoch }, read, 60_000);
    expect([await memo(), await memo(), await memo()]).toEqual([1, 1, 1]);
    epoch++;
    expect(await memo()).toBe(2);
    // A write that finishes while the read is under way: what was read is not reused.
    const during = memoUntilWrite({ writeEpoch: () => epoch }, async () => {
      epoch++;
      return ++reads;
    }, 60_000);
    const first = await during();
    expect(await during()).toBe(first + 1);

    const shared = memoUntilWrite({}, read);
    const a = await shared();
    expect(await shared()).toBe(a + 1);
  });

  it('reads again once the answer is older than its limit', async () => {
    let reads = 0;
    const memo = memoUntilWrite({ writeEpoch: () => 0 }, async () => ++reads, 0);
    await memo();
    expect(await memo()).toBe(2);
  });
});
