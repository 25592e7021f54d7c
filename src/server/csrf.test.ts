import { describe, expect, it } from 'vitest';
import { csrfToken, csrfValid, newAnonymousBinding } from './csrf.js';

describe('form tokens', () => {
  const secret = 's'.repeat(40);

  it('accepts the token made for the same binding only', () => {
    const binding = newAnonymousBinding();
    const token = csrfToken(secret, binding);
    expect(csrfValid(secret, binding, token)).toBe(true);
    expect(csrfValid(secret, newAnonymousBinding(), token)).toBe(false);
    expect(csrfValid('t'.repeat(40), binding, token)).toBe(false);
  });

  it('refuses missing, empty, non-string and truncated tokens', () => {
    const token = csrfToken(secret, 'b');
    expect(csrfValid(secret, 'b', undefined)).toBe(false);
    expect(csrfValid(secret, 'b', '')).toBe(false);
    expect(csrfValid(secret, 'b', [token])).toBe(false);
    expect(csrfValid(secret, 'b', token.slice(1))).toBe(false);
    expect(csrfValid(secret, null, token)).toBe(false);
  });
});
