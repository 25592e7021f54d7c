/**
 * Signing in and out. Every attempt leaves an audit event; a successful one creates a database session in
 * the same transaction.
 */
import type { Db } from '../../storage/database.js';
import type { Clock } from '../../shared/clock.js';
import type { OidcUserField } from '../../config/config.js';
import { auditRepository, type Actor } from '../audit/audit.js';
import { decoyHash, verifyPassword } from '../users/passwords.js';
import { usersRepository } from '../users/users.repository.js';
import type { User } from '../users/user.js';
import type { AuthMethod, SessionStore } from './sessions.js';
import { throttleKeys, type LoginThrottle, type ThrottleSettings } from './throttle.js';

export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
}

export type SignInResult =
  | { ok: true; token: string; expiresAt: Date; user: User }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'paused'; retryAfterMinutes: number }
  | { ok: false; reason: 'unknown_identity' };

export function authService(deps: {
  db: Db;
  clock: Clock;
  sessions: SessionStore;
  throttle: LoginThrottle;
  throttleSettings: ThrottleSettings;
}) {
  const { db, clock, sessions, throttle } = deps;

  async function startSession(
    user: User,
    method: AuthMethod,
    client: ClientInfo,
    summary: string,
  ): Promise<SignInResult> {
    const now = clock.now();
    const created = await db.transaction().execute(async (tx) => {
      const session = await sessions.create(tx, { userId: user.id, authMethod: method, ...client });
      await usersRepository(tx).recordSignIn(user.id, now.toISOString());
      if (method === 'password') await throttle.reset(tx, `user:${user.username}`);
      await auditRepository(tx).record({ userId: user.id, label: user.username, ip: client.ip }, now, {
        action: 'auth.sign_in',
        entityType: 'user',
        entityId: user.id,
        summary,
      });
      return session;
    });
    return { ok: true, token: created.token, expiresAt: created.expiresAt, user };
  }

  return {
    async signInWithPassword(
      input: { username: string; password: string } & ClientInfo,
    ): Promise<SignInResult> {
      const username = input.username.trim().toLowerCase();
      const now = clock.now();
      const keys = throttleKeys(username, input.ip, deps.throttleSettings);
      const pausedUntil = await throttle.pausedUntil(db, keys, now);
      if (pausedUntil) {
        await auditRepository(db).record(
          { userId: null, label: username.slice(0, 200) || '(blank)', ip: input.ip },
          now,
          {
            action: 'auth.sign_in_failed',
            entityType: 'user',
            entityId: username.slice(0, 100),
            summary: 'Sign-in refused while paused after repeated failures',
          },
        );
        return {
          ok: false,
          reason: 'paused',
          retryAfterMinutes: Math.ceil((pausedUntil.getTime() - now.getTime()) / 60_000),
        };
      }

      const users = usersRepository(db);
      const user = username === '' ? null : await users.findByUsername(username);
      const hash = user?.isActive ? await users.passwordHashOf(user.id) : null;
      const valid = await verifyPassword(input.password, hash ?? (await decoyHash()));
      if (user && hash && valid) return startSession(user, 'password', input, 'Signed in with a password');

      const pausedNow = await db.transaction().execute(async (tx) => {
        const paused = await throttle.recordFailure(tx, keys, now);
        const actor: Actor = {
          userId: user?.id ?? null,
          label: username.slice(0, 200) || '(blank)',
          ip: input.ip,
        };
        const audit = auditRepository(tx);
        await audit.record(actor, now, {
          action: 'auth.sign_in_failed',
          entityType: 'user',
          entityId: user?.id ?? username.slice(0, 100),
          summary: !user
            ? 'Unknown username'
            : !user.isActive
              ? 'Account disabled'
              : !hash
                ? 'Account has no password (single sign-on only)'
                : 'Wrong password',
        });
        if (paused)
          await audit.record(actor, now, {
            action: 'auth.sign_in_paused',
            entityType: 'user',
            entityId: user?.id ?? username.slice(0, 100),
            summary: `Sign-in paused for ${deps.throttleSettings.windowMinutes} minutes after repeated failures`,
          });
        return paused;
      });
      return pausedNow
        ? { ok: false, reason: 'paused', retryAfterMinutes: deps.throttleSettings.windowMinutes }
        : { ok: false, reason: 'invalid' };
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
      return startSession(user, 'oidc', input, `Signed in through ${input.issuer}`);
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
