/**
 * Browsers and addresses that signed in to an account before ("device cookies", OWASP). An attacker
 * guessing an account's password from elsewhere makes that account wait; the owner, from a browser or an
 * address that has signed in to it successfully, is counted under keys of their own and is not kept out.
 *
 * - A browser keeps a **device mark** per account, set on a successful password sign-in: an issue day, a
 *   random nonce and an HMAC of both with the account's id under the installation secret. It cannot be
 *   made or moved to another account without the secret; a browser shared by a ward holds the marks of up
 *   to ten accounts. Attempts with a valid mark count under `device:<nonce>` only.
 * - The database remembers, as a keyed hash of account and address, where each account last signed in.
 *   Attempts from such an address count under that pair and the address, not under the account.
 *
 * Both expire `loginDeviceDays` after the sign-in that made them. Neither replaces the password.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from '../../storage/database.js';
import { keyedHash } from './throttle.js';

const DAY_MS = 86_400_000;
const MAX_MARKS = 10;
const MARK = /^([0-9a-z]{1,8})\.([\w-]{16})\.([\w-]{22})$/;

export function knownClients(secret: string, settings: { deviceDays: number }) {
  const mac = (userId: string, issued: string, nonce: string): string =>
    createHmac('sha256', secret)
      .update(`parity device|${userId}|${issued}|${nonce}`)
      .digest('base64url')
      .slice(0, 22);

  const marksOf = (cookie: string | undefined): string[] =>
    cookie && cookie.length <= 1000 ? cookie.split('~').slice(0, MAX_MARKS) : [];

  const today = (now: Date): number => Math.floor(now.getTime() / DAY_MS);

  /** The nonce of a mark that is this account's and still current, or null. */
  function nonceFor(mark: string, userId: string, now: Date): string | null {
    const m = MARK.exec(mark);
    if (!m) return null;
    const [, issued, nonce, presented] = m as unknown as [string, string, string, string];
    const age = today(now) - parseInt(issued, 36);
    if (age < 0 || age >= settings.deviceDays) return null;
    const expected = Buffer.from(mac(userId, issued, nonce));
    const given = Buffer.from(presented);
    return given.length === expected.length && timingSafeEqual(given, expected) ? nonce : null;
  }

  const addressKey = (userId: string, ip: string) => keyedHash(secret, 'known-address', `${userId}|${ip}`);

  return {
    /** The nonce of the browser's current mark for this account, or null when it has none. */
    deviceOf(cookie: string | undefined, userId: string, now: Date): string | null {
      for (const mark of marksOf(cookie)) {
        const nonce = nonceFor(mark, userId, now);
        if (nonce) return nonce;
      }
      return null;
    },

    /** The browser's marks after this account signed in: a fresh one for it first, then the others. */
    markDevice(cookie: string | undefined, userId: string, now: Date): string {
      const issued = today(now).toString(36);
      const nonce = randomBytes(12).toString('base64url');
      const others = marksOf(cookie).filter((m) => MARK.test(m) && nonceFor(m, userId, now) === null);
      return [`${issued}.${nonce}.${mac(userId, issued, nonce)}`, ...others].slice(0, MAX_MARKS).join('~');
    },

    /** How long a browser keeps its marks, in seconds. */
    cookieMaxAge: settings.deviceDays * 86_400,

    async isKnownAddress(db: Db, userId: string, ip: string, now: Date): Promise<boolean> {
      const cutoff = new Date(now.getTime() - settings.deviceDays * DAY_MS).toISOString();
      const row = await db
        .selectFrom('login_known_addresses')
        .select('key')
        .where('key', '=', addressKey(userId, ip))
        .where('last_success_at', '>', cutoff)
        .executeTakeFirst();
      return row !== undefined;
    },

    /** Remembers a successful sign-in's address, and forgets the expired ones. Call in its transaction. */
    async rememberAddress(db: Db, userId: string, ip: string, now: Date): Promise<void> {
      const at = now.toISOString();
      await db
        .insertInto('login_known_addresses')
        .values({ key: addressKey(userId, ip), last_success_at: at })
        .onConflict((oc) => oc.column('key').doUpdateSet({ last_success_at: at }))
        .execute();
      const cutoff = new Date(now.getTime() - settings.deviceDays * DAY_MS).toISOString();
      await db.deleteFrom('login_known_addresses').where('last_success_at', '<=', cutoff).execute();
    },
  };
}

export type KnownClients = ReturnType<typeof knownClients>;
