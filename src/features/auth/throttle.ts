/**
 * Sign-in throttling, kept in the database so every server process sees the same counts. Failures are
 * counted per account and per client address within a window; reaching the limit pauses sign-in for that
 * key for one window. A whole trust often reaches the internet through one proxy address, so the limit per
 * address is many times the limit per account: one person's typos never lock out their colleagues.
 */
import type { Db } from '../../storage/database.js';

export interface ThrottleSettings {
  maxAttempts: number;
  windowMinutes: number;
}

/** Failures allowed from one address, as a multiple of those allowed for one account. */
export const ADDRESS_LIMIT_FACTOR = 20;

export interface ThrottleKey {
  key: string;
  limit: number;
}

export function throttleKeys(username: string, ip: string | null, settings: ThrottleSettings): ThrottleKey[] {
  const keys: ThrottleKey[] = [
    { key: `user:${username.trim().toLowerCase().slice(0, 150)}`, limit: settings.maxAttempts },
  ];
  if (ip) keys.push({ key: `ip:${ip}`, limit: settings.maxAttempts * ADDRESS_LIMIT_FACTOR });
  return keys;
}

export function loginThrottle(settings: ThrottleSettings) {
  const windowMs = settings.windowMinutes * 60_000;
  return {
    /** When sign-in is paused for any of the keys: the time it resumes; otherwise null. */
    async pausedUntil(db: Db, keys: readonly ThrottleKey[], now: Date): Promise<Date | null> {
      if (keys.length === 0) return null;
      const rows = await db
        .selectFrom('login_throttle')
        .select('locked_until')
        .where(
          'key',
          'in',
          keys.map((k) => k.key),
        )
        .execute();
      let until: Date | null = null;
      for (const r of rows) {
        if (r.locked_until && new Date(r.locked_until) > now) {
          const d = new Date(r.locked_until);
          if (!until || d > until) until = d;
        }
      }
      return until;
    },

    /** Counts one failure for each key; returns true when this failure paused sign-in for some key. */
    async recordFailure(db: Db, keys: readonly ThrottleKey[], now: Date): Promise<boolean> {
      let paused = false;
      for (const { key, limit } of keys) {
        const row = await db
          .selectFrom('login_throttle')
          .selectAll()
          .where('key', '=', key)
          .executeTakeFirst();
        const windowOpen = row && new Date(row.window_started_at).getTime() + windowMs > now.getTime();
        const failures = windowOpen ? row.failures + 1 : 1;
        const lockedUntil = failures >= limit ? new Date(now.getTime() + windowMs).toISOString() : null;
        if (lockedUntil && !(row?.locked_until && new Date(row.locked_until) > now)) paused = true;
        const values = {
          failures: lockedUntil ? 0 : failures,
          window_started_at: windowOpen ? row.window_started_at : now.toISOString(),
          locked_until: lockedUntil ?? (windowOpen ? row.locked_until : null),
        };
        await db
          .insertInto('login_throttle')
          .values({ key, ...values })
          .onConflict((oc) => oc.column('key').doUpdateSet(values))
          .execute();
      }
      return paused;
    },

    async reset(db: Db, key: string): Promise<void> {
      await db.deleteFrom('login_throttle').where('key', '=', key).execute();
    },
  };
}

export type LoginThrottle = ReturnType<typeof loginThrottle>;
