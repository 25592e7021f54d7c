/**
 * Password hashing with scrypt (node:crypto). The stored form names its parameters, so they can be raised
 * later without invalidating existing hashes: `scrypt$<N>$<r>$<p>$<salt b64url>$<hash b64url>`.
 */
import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const KEY_LENGTH = 64;
const DEFAULT_PARAMS = { N: 2 ** 15, r: 8, p: 1 };
export const MIN_PASSWORD_LENGTH = 12;

function scrypt(password: string, salt: Buffer, params: typeof DEFAULT_PARAMS): Promise<Buffer> {
  const options: ScryptOptions = { ...params, maxmem: 128 * params.N * params.r * 2 };
  return new Promise((resolve, reject) => {
    scryptCallback(password.normalize('NFC'), salt, KEY_LENGTH, options, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, DEFAULT_PARAMS);
  const { N, r, p } = DEFAULT_PARAMS;
  return ['scrypt', N, r, p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  const salt = Buffer.from(parts[4] ?? '', 'base64url');
  const expected = Buffer.from(parts[5] ?? '', 'base64url');
  if (!N || !r || !p || expected.length !== KEY_LENGTH) return false;
  const actual = await scrypt(password, salt, { N, r, p });
  return timingSafeEqual(actual, expected);
}

/** A hash of a random password, checked against when a username is unknown, so timing does not tell. */
let decoy: Promise<string> | null = null;
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword(randomBytes(16).toString('hex'));
  return decoy;
}

/** The service's own name: "parity2026" is among the first guesses against it. */
const SERVICE_NAME = 'parity';

/**
 * The common-password list (`@zxcvbn-ts/language-common`: 49,233 passwords seen most often in breaches),
 * loaded on first use and kept as a set.
 */
let common: Promise<ReadonlySet<string>> | null = null;
function commonPasswords(): Promise<ReadonlySet<string>> {
  common ??= import('@zxcvbn-ts/language-common').then(
    ({ dictionary }) => new Set(dictionary['passwords-common']),
  );
  return common;
}

/** Look-alike characters people put in place of letters, undone. "1" reads as both "i" and "l". */
const LOOK_ALIKES: readonly [RegExp, string][] = [
  [/@|4/g, 'a'],
  [/0/g, 'o'],
  [/3/g, 'e'],
  [/\$|5/g, 's'],
  [/7/g, 't'],
  [/!/g, 'i'],
];

/**
 * The forms a guesser tries first for a password: lowercased; without the digits and symbols added at its
 * end (or start); with look-alike characters read as letters.
 */
export function guessableForms(password: string): Set<string> {
  const lower = password.normalize('NFC').toLowerCase();
  const forms = new Set<string>();
  for (const base of [
    lower,
    lower.replace(/[^\p{L}]+$/u, ''),
    lower.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, ''),
  ]) {
    if (base === '') continue;
    let plain = base;
    for (const [from, to] of LOOK_ALIKES) plain = plain.replace(from, to);
    for (const form of [base, plain, plain.replace(/1/g, 'i'), plain.replace(/1/g, 'l')]) {
      forms.add(form);
      // Look-alikes at the end are often the added digits and symbols themselves ("passw0rd!1").
      const stripped = form.replace(/[^\p{L}]+$/u, '');
      if (stripped !== '') forms.add(stripped);
    }
  }
  return forms;
}

/** Problems with a proposed password, empty when it is acceptable. Never repeats the password. */
export async function passwordProblems(password: string, username: string): Promise<string[]> {
  const problems: string[] = [];
  if (password.length < MIN_PASSWORD_LENGTH)
    problems.push(`must be at least ${MIN_PASSWORD_LENGTH} characters long`);
  if (password.length > 200) problems.push('must be at most 200 characters long');
  const name = username.trim().toLowerCase();
  if (name !== '' && password.toLowerCase().includes(name)) problems.push('must not contain the username');
  if (/^(.)\1*$/.test(password)) problems.push('must not be one character repeated');
  // Checked only for an otherwise acceptable password: one reason to choose another is enough.
  if (problems.length === 0) {
    const forms = guessableForms(password);
    const list = await commonPasswords();
    if (forms.has(SERVICE_NAME))
      problems.push('must not be the name of this service with only digits or symbols added');
    else if ([...forms].some((form) => list.has(form)))
      problems.push(
        'must not be a commonly used password, or one with only digits or symbols added or letters swapped for look-alikes',
      );
  }
  return problems;
}

/** A random password for a new account, shown once. */
export function generatePassword(): string {
  return randomBytes(15).toString('base64url');
}
