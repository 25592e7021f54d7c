import { describe, expect, it } from 'vitest';
import { generatePassword, hashPassword, passwordProblems, verifyPassword } from './passwords.js';

describe('passwords', () => {
  it('hashes with scrypt and a random salt, and verifies', async () => {
    const a = await hashPassword('correct horse battery');
    const b = await hashPassword('correct horse battery');
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{86}$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct horse battery', a)).toBe(true);
    expect(await verifyPassword('correct horse batterY', a)).toBe(false);
    expect(await verifyPassword('', a)).toBe(false);
  });

  it('treats equivalent Unicode forms as the same password', async () => {
    const composed = 'caf\u00e9-au-lait-2026';
    const decomposed = 'cafe\u0301-au-lait-2026';
    expect(await verifyPassword(decomposed, await hashPassword(composed))).toBe(true);
  });

  it('refuses malformed stored hashes without throwing', async () => {
    expect(await verifyPassword('x', 'plain-text')).toBe(false);
    expect(await verifyPassword('x', 'scrypt$0$8$1$abc$def')).toBe(false);
    expect(await verifyPassword('x', 'bcrypt$1$2$3$4$5')).toBe(false);
  });

  it('explains what is wrong with a weak password', () => {
    expect(passwordProblems('short', 'sam')).toEqual(['must be at least 12 characters long']);
    expect(passwordProblems('sam-okoro-password', 'okoro')).toEqual(['must not contain the username']);
    expect(passwordProblems('aaaaaaaaaaaaaaa', 'sam')).toEqual(['must not be one character repeated']);
    expect(passwordProblems('a long and unrelated phrase', 'sam')).toEqual([]);
  });

  it('generates passwords that pass its own rules', () => {
    const p = generatePassword();
    expect(p).toHaveLength(20);
    expect(passwordProblems(p, 'someone')).toEqual([]);
  });
});
