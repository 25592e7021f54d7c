import { describe, expect, it } from 'vitest';
import { LruCache, PromiseCache } from './lru.js';

describe('LruCache', () => {
  it('drops the least recently used entry, a read counting as a use', () => {
    const cache = new LruCache<string, number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1);
    cache.set('c', 3);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe(1);
    expect(cache.get('c')).toBe(3);
    expect(cache.size).toBe(2);
  });

  it('keeps a stored falsy value, and replaces a key without growing', () => {
    const cache = new LruCache<string, number>(2);
    cache.set('zero', 0);
    cache.set('zero', 0);
    expect(cache.get('zero')).toBe(0);
    expect(cache.size).toBe(1);
  });

  it('forgets a key only while it holds the value named', () => {
    const cache = new LruCache<string, string>(2);
    cache.set('k', 'new');
    cache.delete('k', 'old');
    expect(cache.get('k')).toBe('new');
    cache.delete('k');
    expect(cache.get('k')).toBeUndefined();
  });

  it('refuses a capacity below one', () => {
    expect(() => new LruCache(0)).toThrow('capacity must be at least 1 (got 0)');
  });
});

describe('PromiseCache', () => {
  it('makes each value once and shares the promise', async () => {
    const cache = new PromiseCache<number>(4);
    let made = 0;
    const make = () => Promise.resolve(++made);
    const [a, b] = await Promise.all([cache.get('k', make), cache.get('k', make)]);
    expect([a, b, made]).toEqual([1, 1, 1]);
  });

  it('forgets a failed computation, so the next caller tries again', async () => {
    const cache = new PromiseCache<number>(4);
    await expect(cache.get('k', () => Promise.reject(new Error('no')))).rejects.toThrow('no');
    expect(await cache.get('k', () => Promise.resolve(2))).toBe(2);
  });

  it('keeps at most its capacity, dropping the least recently used', async () => {
    const cache = new PromiseCache<string>(2);
    await cache.get('a', () => Promise.resolve('a1'));
    await cache.get('b', () => Promise.resolve('b1'));
    await cache.get('a', () => Promise.resolve('a2'));
    await cache.get('c', () => Promise.resolve('c1'));
    expect(cache.size).toBe(2);
    expect(await cache.get('a', () => Promise.resolve('a3'))).toBe('a1');
    expect(await cache.get('b', () => Promise.resolve('b2'))).toBe('b2');
  });
});
