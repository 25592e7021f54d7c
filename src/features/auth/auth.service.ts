/**
 * Signing in and out. Every attempt leaves an audit event; a successful one creates a database session in
 * the same transaction. Password attempts are throttled (throttle.ts): each takes its place in the count
 * before its password is checked, and nothing typed into the username box is stored unless it names an
 * account (otherwise a keyed hash stands for it).
 */
import type { Db } from '../../storage/database.js';
import type { Clock } from '../../shared/clock.js';
import type { OidcUserField } from '../../config/config.js';
import { auditRepository, type Actor } from '../audit/audit.js';
import { decoyHash, verifyPassword } from '../users/passwords.js';
import { usersRepository } from '../users/users.repository.js';
import type { User } from '../users/user.js';
import type { KnownClients } from './known-clients.js';
import type { AuthMethod, SessionStore } from './sessions.js';
import { describeWait, type LoginThrottle, type ThrottleKey } from './throttle.js';

export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
}

export type SignInResult =
  /** `deviceCookie`: the browser's device marks after this sign-in (password sign-in only). */
  | { ok: true; token: string; expiresAt: Date; user: User; deviceCookie: string | null }
  /** `retryAt`: set when this failure made the next attempt wait. */
  | { ok: false; reason: 'invalid'; retryAt: Date | null }
  /** Refused without checking the password: the account, browser or address must wait. */
  | { ok: false; reason: 'delayed'; retryAt: Date }
  | { ok: false; reason: 'unknown_identity' };

export function authService(deps: {
  db: Db;
  clock: Clock;
  sessions: SessionStore;
  throttle: LoginThrottle;
  clients: KnownClients;
}) {
  const { db, clock, sessions, throttle, clients } = deps;

  async function startSession(
    user: User,
    method: AuthMethod,
    client: ClientInfo,
    summary: string,
    onSuccess?: (tx: Db) => Promise<void>,
  ): Promise<{ token: string; expiresAt: Date }> {
    const now = clock.now();
    return db.transaction().execute(async (tx) => {
      const session = await sessions.create(tx, { userId: user.id, authMethod: method, ...client });
      await usersRepository(tx).recordSignIn(user.id, now.toISOString());
      await onSuccess?.(tx);
      await auditRepository(tx).record({ userId: user.id, label: user.username, ip: client.ip }, now, {
        action: 'auth.sign_in',
        entityType: 'user',
        entityId: user.id,
        summary,
      });
      return { token: session.token, expiresAt: session.expiresAt };
    });
  }

  return {
    /**
     * Checks a username and password. The keys counted: with a valid device mark for the account, that
     * browser's key only; otherwise the account (or, from an address the account signed in from before,
     * the account at that address) and the address.
     */
    async signInWithPassword(
      input: { username: string; password: string; deviceCookie?: string } & ClientInfo,
    ): Promise<SignInResult> {
      const username = input.username.trim().toLowerCase().slice(0, 200);
      const now = clock.now();
      const users = usersRepository(db);
      const user = username === '' ? null : await users.findByUsername(username);
      const device = user ? clients.deviceOf(input.deviceCookie, user.id, now) : null;
      // Asked for unknown usernames too, so the time taken does not tell which usernames exist.
      const knownAddress =
        !device && input.ip ? await clients.isKnownAddress(db, user?.id ?? '', input.ip, now) : false;
      const addressKey = input.ip ? throttle.keys.address(input.ip) : null;
      const keys: ThrottleKey[] = device
        ? [throttle.keys.device(device)]
        : [
            user && knownAddress && input.ip
              ? throttle.keys.accountAtAddress(user.id, input.ip)
              : throttle.keys.account(username),
            ...(addressKey ? [addressKey] : []),
          ];
      // What was typed is kept only when it names an account; otherwise a keyed hash lets repeated attempts
      // be matched without keeping text that may be someone's password.
      const actor: Actor = {
        userId: user?.id ?? null,
        label: user ? user.username : `unknown account ${throttle.fingerprint(username)}`,
        ip: input.ip,
      };
      const audit = auditRepository(db);

      const reservation = await throttle.reserve(db, keys, now);
      if (!reservation.ok) {
        await audit.record(actor, now, {
          action: 'auth.sign_in_failed',
          entityType: 'user',
          entityId: user?.id ?? null,
          summary: `Sign-in refused without checking the password: waiting ${describeWait(reservation.retryAt.getTime() - now.getTime())} after repeated failures`,
        });
        return { ok: false, reason: 'delayed', retryAt: reservation.retryAt };
      }

      const hash = user?.isActive ? await users.passwordHashOf(user.id) : null;
      const valid = await verifyPassword(input.password, hash ?? (await decoyHash()));
      if (user && hash && valid) {
        const session = await startSession(
          user,
          'password',
          input,
          'Signed in with a password',
          async (tx) => {
            // A success clears the keys it was counted under and its address's; the account's own key stays
            // when the owner came through a device mark, so an attacker's wait is not lifted by it.
            const cleared = new Set(keys.map((k) => k.key));
            if (addressKey) cleared.add(addressKey.key);
            await throttle.reset(tx, [...cleared]);
            await throttle.purge(tx, now);
            if (input.ip) await clients.rememberAddress(tx, user.id, input.ip, now);
          },
        );
        return {
          ok: true,
          ...session,
          user,
          deviceCookie: clients.markDevice(input.deviceCookie, user.id, now),
        };
      }

      await db.transaction().execute(async (tx) => {
        const txAudit = auditRepository(tx);
        await txAudit.record(actor, now, {
          action: 'auth.sign_in_failed',
          entityType: 'user',
          entityId: user?.id ?? null,
          summary: !user
            ? 'Unknown username'
            : !user.isActive
              ? 'Account disabled'
              : !hash
                ? 'Account has no password (single sign-on only)'
                : 'Wrong password',
        });
        if (reservation.delay)
          await txAudit.record(actor, now, {
            action: 'auth.sign_in_paused',
            entityType: 'user',
            entityId: user?.id ?? null,
            summary: `Sign-in delayed ${describeWait(reservation.delay.until.getTime() - now.getTime())} after ${reservation.delay.failures} failed attempts`,
          });
      });
      return { ok: false, reason: 'invalid', retryAt: reservation.delay?.until ?? null };
    },

    /** Signs in the user whose `field` matches an identity-provider claim. */
    async signInWithIdentity(
      input: { field: OidcUserField; value: string; issuer: string } & ClientInfo,
    ): Promise<SignInResult> {
      const user = await usersRepository(db).findByField(input.field, input.value);
      if (!user || !user.isActive) {
        await auditRepository(db).record(
          { userId: user?.id ?? null, label: input.value.slice(0, 200), ip: input.ip },
          clock.now(),
          {
            action: 'auth.sign_in_failed',
            entityType: 'user',
            entityId: user?.id ?? input.value.slice(0, 100),
            summary: user
              ? 'Single sign-on for a disabled account'
              : `Single sign-on identity not set up in Parity (${input.field})`,
          },
        );
        return { ok: false, reason: 'unknown_identity' };
      }
      const session = await startSession(user, 'oidc', input, `Signed in through ${input.issuer}`);
      return { ok: true, ...session, user, deviceCookie: null };
    },

    async signOut(sessionId: string, actor: Actor): Promise<void> {
      await db.transaction().execute(async (tx) => {
        await sessions.destroy(tx, sessionId);
        await auditRepository(tx).record(actor, clock.now(), {
          action: 'auth.sign_out',
          entityType: 'user',
          entityId: actor.userId,
          summary: 'Signed out',
        });
      });
    },
  };
}

export type AuthService = ReturnType<typeof authService>;
