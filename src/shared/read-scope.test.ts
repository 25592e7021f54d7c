import { describe, expect, it } from 'vitest';
import { inReadScope, readOnce } from './read-scope.js';

describe('reads once per read scope', () => {
  it('reads a key once inside a scope, across awaits, and each time outside one', async () => {
    let reads = 0;
    const read = () => readOnce('k', () => Promise.resolve(++reads));
    await inReadScope(async () => {
      expect(await read()).toBe(1);
      await new Promise((r) => setTimeout(r, 1));
      expect(await Promise.all([read(), read()])).toEqual([1, 1]);
      expect(await readOnce('other', () => Promise.resolve('x'))).toBe('x');
    });
    expect(await read()).toBe(2);
    expect(await read()).toBe(3);
    // A new scope reads again: nothing is shared between requests.
    expect(await inReadScope(read)).toBe(4);
  });

  it('keeps no failed read: the next caller in the scope reads again', async () => {
    let calls = 0;
    await inReadScope(async () => {
      const failing = () =>
        readOnce('k', () => (++calls === 1 ? Promise.reject(new Error('gone')) : Promise.resolve(calls)));
      await expect(failing()).rejects.toThrow('gone');
      expect(await failing()).toBe(2);
      expect(await failing()).toBe(2);
    });
  });
});
