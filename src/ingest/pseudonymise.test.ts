import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createPseudonymiser } from './pseudonymise.js';

describe('pseudonyms', () => {
  const key = 'a-test-key-that-is-long-enough-for-parity';
  const pseudonymise = createPseudonymiser(key);

  it('are the keyed HMAC-SHA-256 of the normalised staff number', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 20 }), (id) => {
        const normal = id.trim().replace(/\.0+$/, '').toUpperCase();
        expect(pseudonymise(id)).toBe(
          `p_${createHmac('sha256', key).update(normal).digest('base64url').slice(0, 22)}`,
        );
      }),
    );
    const longKey = 'x'.repeat(100);
    expect(createPseudonymiser(longKey)('123')).toBe(
      `p_${createHmac('sha256', longKey).update('123').digest('base64url').slice(0, 22)}`,
    );
  });

  it('treat the same number written differently as the same person, and differ by key', () => {
    expect(pseudonymise(' 12345678 ')).toBe(pseudonymise('12345678'));
    expect(pseudonymise('12345678.0')).toBe(pseudonymise('12345678'));
    expect(pseudonymise('ab12')).toBe(pseudonymise('AB12'));
    expect(pseudonymise('12345678')).not.toBe(pseudonymise('12345679'));
    expect(createPseudonymiser('another-key-that-is-long-enough-for-it')('12345678')).not.toBe(
      pseudonymise('12345678'),
    );
    expect(() => createPseudonymiser('short')).toThrow(/at least 32/);
  });
});
