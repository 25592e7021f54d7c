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

  it('explains what is wrong with a weak password', async () => {
    expect(await passwordProblems('short', 'sam')).toEqual(['must be at least 12 characters long']);
    expect(await passwordProblems('sam-okoro-password', 'okoro')).toEqual(['must not contain the username']);
    expect(await passwordProblems('aaaaaaaaaaaaaaa', 'sam')).toEqual(['must not be one character repeated']);
    expect(await passwordProblems('a long and unrelated phrase', 'sam')).toEqual([]);
  });

  it('refuses common passwords and their usual variations, without repeating them', async () => {
    const common =
      'must not be a commonly used password, or one with only digits or symbols added or letters swapped for look-alikes';
    for (const weak of [
      'password1234', // on the list as it is
      'Password123!', // capitals, digits and a symbol added
      'QWERTYUIOP!!', // in capitals
      '!!qwertyuiop', // symbols before
      'P@ssw0rd2026', // look-alikes: @ for a, 0 for o
      'l3tm3in12345', // 3 for e
      'pa$$word2026', // $ for s
      'i10veyou2026', // 1 for l, 0 for o
      'Trustno1!!!!', // on the list with its digit, symbols added
      'dragon-2026-!', // digits and symbols with separators
    ]) {
      const problems = await passwordProblems(weak, 'sam');
      expect(problems, weak).toEqual([common]);
      expect(problems.join(' '), weak).not.toContain(weak);
    }
    for (const service of ['parity2026!!', 'Parity-123456', 'P@r1ty202620']) {
      expect(await passwordProblems(service, 'sam'), service).toEqual([
        'must not be the name of this service with only digits or symbols added',
      ]);
    }
    // Common words inside a longer phrase are fine: the list is of whole passwords.
    for (const fine of ['password in a long phrase', 'dragon lemon tuesday', 'parity-demo-password'])
      expect(await passwordProblems(fine, 'sam'), fine).toEqual([]);
  });

  it('generates passwords that pass its own rules', async () => {
    for (let i = 0; i < 50; i++) {
      const p = generatePassword();
      expect(p).toHaveLength(20);
      expect(await passwordProblems(p, 'someone')).toEqual([]);
    }
  });
});
