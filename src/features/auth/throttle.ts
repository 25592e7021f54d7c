/**
 * Throttling of password checks, kept in the database so every server process sees the same counts.
 *
 * Each key (an account, a browser, an address, an account's current-password check) has a count of
 * failures. An attempt takes its place in the count before its password is checked, in one conditional
 * upsert per key inside one transaction: parallel attempts, from any number of processes, can never check
 * more passwords than the count allows. A success then clears the keys it used; a failure is already
 * counted. The first `limit` failures are free; from then on each failure makes the key wait before its
 * next attempt is checked, twice as long each time up to a cap. Attempts during a wait are refused without
 * being counted, so an attacker cannot stretch a wait beyond the cap, and a key's count is forgotten once it
 * has been quiet for a window after its last wait. A wait is never a lock-out an attacker can hold: the
 * account's owner signs in from a browser or address that signed in before under keys of their own (see
 * known-clients.ts).
 *
 * A whole trust often reaches the internet through one proxy address, so the limit per address is many
 * times the limit per account: one person's typos never delay their colleagues.
 */
import { createHmac } from 'node:crypto';
import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../storage/database.js';

export interface ThrottleSettings {
  /** Failures allowed per key before each further attempt must wait (per address: 20 times this). */
  maxAttempts: number;
  /** The longest wait; a key's failures are forgotten after this long without one, from the end of its wait. */
  windowMinutes: number;
  /** The wait after the last free failure; it doubles with each further failure. */
  delaySeconds: number;
}

/** Failures allowed from one address, as a multiple of those allowed for one account. */
export const ADDRESS_LIMIT_FACTOR = 20;

export interface ThrottleKey {
  key: string;
  /** Failures allowed before the key must wait. */
  limit: number;
}

export type Reservation =
  /** The attempt may be checked. `delay`: the wait this attempt starts if it fails. */
  | { ok: true; delay: { until: Date; failures: number } | null }
  /** A key is waiting: nothing was counted or checked. */
  | { ok: false; retryAt: Date };

/** A keyed hash (HMAC-SHA256 under the installation secret), so what was typed is never stored. */
export function keyedHash(secret: string, purpose: string, value: string): string {
  return createHmac('sha256', secret).update(`parity ${purpose}|${value}`).digest('hex').slice(0, 32);
}

/** How long a key waits after its `failures`-th failure, in milliseconds (0: no wait). */
export function waitAfter(failures: number, limit: number, settings: ThrottleSettings): number {
  if (failures < limit) return 0;
  const cap = settings.windowMinutes * 60_000;
  return Math.min(settings.delaySeconds * 1000 * 2 ** Math.min(failures - limit, 30), cap);
}

/** A wait in words for people: "30 seconds", "1 minute", "15 minutes" (rounded up). */
export function describeWait(ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}

/** Thrown inside the reservation transaction to roll it back when a key is waiting. */
class Waiting extends Error {
  constructor() {
    super('waiting after repeated failures');
  }
}

export function loginThrottle(settings: ThrottleSettings, secret: string) {
  const windowMs = settings.windowMinutes * 60_000;
  const accountLimit = settings.maxAttempts;
  const iso = (ms: number) => new Date(ms).toISOString();

  /** Counts one attempt for a key unless it is waiting; returns its new count and wait, or null. */
  async function reserveKey(
    tx: Db,
    { key, limit }: ThrottleKey,
    now: Date,
  ): Promise<{ failures: number; delayed_until: string | null } | null> {
    const t = now.getTime();
    const nowIso = now.toISOString();
    // The new count, from the stored row: 1 again once the row's quiet window has passed.
    const n = sql<number>`(case when login_throttle.forget_at <= ${nowIso} then 1 else login_throttle.failures + 1 end)`;
    // The waits for counts limit, limit + 1, ... until the cap, as literal times: the database only picks one.
    const steps: number[] = [];
    for (let f = limit; ; f++) {
      const w = waitAfter(f, limit, settings);
      steps.push(w);
      if (w >= settings.windowMinutes * 60_000 || steps.length > 40) break;
    }
    /** `case` over the new count: `none` below the limit, else `at(wait)` for the count's wait. */
    function pick<T>(none: RawBuilder<T>, at: (wait: number) => string): RawBuilder<T | string> {
      const parts: RawBuilder<unknown>[] = [sql`case when ${n} < ${sql.lit(limit)} then ${none}`];
      steps.forEach((w, i) => parts.push(sql` when ${n} = ${sql.lit(limit + i)} then ${at(w)}`));
      parts.push(sql` else ${at(steps[steps.length - 1]!)} end`);
      return sql<T | string>`(${sql.join(parts, sql``)})`;
    }
    const firstWait = waitAfter(1, limit, settings);
    const row = await tx
      .insertInto('login_throttle')
      .values({
        key,
        failures: 1,
        delayed_until: firstWait > 0 ? iso(t + firstWait) : null,
        forget_at: iso(t + firstWait + windowMs),
      })
      .onConflict((oc) =>
        oc
          .column('key')
          .doUpdateSet({
            failures: n,
            delayed_until: pick(sql<null>`null`, (w) => iso(t + w)),
            forget_at: pick(sql<string>`${iso(t + windowMs)}`, (w) => iso(t + w + windowMs)),
          })
          .where(
            sql<boolean>`(login_throttle.delayed_until is null or login_throttle.delayed_until <= ${nowIso})`,
          ),
      )
      .returning(['failures', 'delayed_until'])
      .executeTakeFirst();
    return row ?? null;
  }

  return {
    keys: {
      /** An account, named as typed (existing or not), by its keyed hash. */
      account: (username: string): ThrottleKey => ({
        key: `account:${keyedHash(secret, 'account', username)}`,
        limit: accountLimit,
      }),
      /** An account at an address it signed in from before: failures elsewhere do not reach it. */
      accountAtAddress: (userId: string, ip: string): ThrottleKey => ({
        key: `account-address:${keyedHash(secret, 'account-address', `${userId}|${ip}`)}`,
        limit: accountLimit,
      }),
      address: (ip: string): ThrottleKey => ({
        key: `address:${ip.slice(0, 100)}`,
        limit: accountLimit * ADDRESS_LIMIT_FACTOR,
      }),
      /** A browser that signed in to the account before (its device mark's nonce). */
      device: (nonce: string): ThrottleKey => ({ key: `device:${nonce}`, limit: accountLimit }),
      /** The current-password check of a signed-in account (changing the password). */
      currentPassword: (userId: string): ThrottleKey => ({
        key: `current-password:${userId}`,
        limit: accountLimit,
      }),
    },

    /** A short keyed hash of a typed username, for the audit trail: repeats can be matched, not read. */
    fingerprint: (username: string): string => keyedHash(secret, 'account', username).slice(0, 12),

    /**
     * Takes a place in the count of every key for one attempt, all or none: refused (nothing counted) when
     * any key is waiting. Keys are taken in one order so concurrent transactions cannot deadlock.
     */
    async reserve(db: Db, keys: readonly ThrottleKey[], now: Date): Promise<Reservation> {
      const sorted = [...keys].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      try {
        return await db.transaction().execute(async (tx) => {
          let delay: { until: Date; failures: number } | null = null;
          for (const k of sorted) {
            const row = await reserveKey(tx, k, now);
            if (!row) throw new Waiting();
            if (row.delayed_until) {
              const until = new Date(row.delayed_until);
              if (!delay || until > delay.until) delay = { until, failures: Number(row.failures) };
            }
          }
          return { ok: true as const, delay };
        });
      } catch (error) {
        if (!(error instanceof Waiting)) throw error;
      }
      // Refused, and rolled back: the attempt may come again once no key waits, as they now stand.
      const rows = await db
        .selectFrom('login_throttle')
        .select('delayed_until')
        .where(
          'key',
          'in',
          sorted.map((k) => k.key),
        )
        .execute();
      const latest = Math.max(0, ...rows.map((r) => (r.delayed_until ? Date.parse(r.delayed_until) : 0)));
      // A wait that ended (or a row cleared by a success) in the meantime: try again at once, give or take.
      return { ok: false, retryAt: new Date(Math.max(latest, now.getTime() + 1000)) };
    },

    /** Clears keys after a success. Call inside the transaction that records it. */
    async reset(db: Db, keys: readonly string[]): Promise<void> {
      if (keys.length > 0) await db.deleteFrom('login_throttle').where('key', 'in', keys).execute();
    },

    /** Removes counts already forgotten, so the table holds only live ones. */
    async purge(db: Db, now: Date): Promise<void> {
      await db.deleteFrom('login_throttle').where('forget_at', '<=', now.toISOString()).execute();
    },
  };
}

export type LoginThrottle = ReturnType<typeof loginThrottle>;
