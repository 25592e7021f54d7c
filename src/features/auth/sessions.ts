/**
 * Sessions live in the database so several server processes share them. The cookie holds a random token;
 * the table holds only its SHA-256, so a copy of the table cannot be used to sign in.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../../storage/database.js';
import type { Clock } from '../../shared/clock.js';
import { usersRepository } from '../users/users.repository.js';
import type { Principal } from './access.js';

export type AuthMethod = 'password' | 'oidc';

export interface SessionSettings {
  sessionHours: number;
  sessionIdleMinutes: number;
}

export interface ActiveSession {
  /** The stored id (hash of the token); also binds form tokens to this session. */
  id: string;
  principal: Principal;
  authMethod: AuthMethod;
}

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/** How stale `last_seen_at` may get before a request refreshes it (saves a write on most requests). */
const TOUCH_INTERVAL_MS = 60_000;

export function sessionStore(db: Db, clock: Clock, settings: SessionSettings) {
  return {
    /** Creates a session and returns the cookie token. Call inside the sign-in transaction. */
    async create(
      tx: Db,
      input: { userId: string; authMethod: AuthMethod; ip: string | null; userAgent: string | null },
    ): Promise<{ token: string; id: string; expiresAt: Date }> {
      const token = randomBytes(32).toString('base64url');
      const id = hashToken(token);
      const now = clock.now();
      const expiresAt = new Date(now.getTime() + settings.sessionHours * 3_600_000);
      await tx
        .insertInto('sessions')
        .values({
          id,
          user_id: input.userId,
          auth_method: input.authMethod,
          created_at: now.toISOString(),
          expires_at: expiresAt.toISOString(),
          last_seen_at: now.toISOString(),
          ip: input.ip,
          user_agent: input.userAgent?.slice(0, 500) ?? null,
        })
        .execute();
      return { token, id, expiresAt };
    },

    /** The live session for a cookie token, or null when it is unknown, expired, idle too long or the user is disabled. */
    async resolve(token: string): Promise<ActiveSession | null> {
      if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
      const id = hashToken(token);
      const row = await db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) return null;
      const now = clock.now();
      const idleLimit = new Date(row.last_seen_at).getTime() + settings.sessionIdleMinutes * 60_000;
      if (new Date(row.expires_at) <= now || idleLimit <= now.getTime()) {
        await db.deleteFrom('sessions').where('id', '=', id).execute();
        return null;
      }
      const users = usersRepository(db);
      const user = await users.findById(row.user_id);
      if (!user || !user.isActive) return null;
      if (now.getTime() - new Date(row.last_seen_at).getTime() > TOUCH_INTERVAL_MS) {
        await db
          .updateTable('sessions')
          .set({ last_seen_at: now.toISOString() })
          .where('id', '=', id)
          .execute();
      }
      const memberships = await users.membershipsOfUser(user.id);
      return {
        id,
        principal: { user, memberships },
        authMethod: row.auth_method === 'oidc' ? 'oidc' : 'password',
      };
    },

    async destroy(tx: Db, id: string): Promise<void> {
      await tx.deleteFrom('sessions').where('id', '=', id).execute();
    },

    /** Ends every session of a user except, optionally, one (after a password change). */
    async destroyAllOf(tx: Db, userId: string, exceptId?: string): Promise<void> {
      let q = tx.deleteFrom('sessions').where('user_id', '=', userId);
      if (exceptId) q = q.where('id', '!=', exceptId);
      await q.execute();
    },

    async purgeExpired(): Promise<number> {
      const now = clock.now();
      const idleCutoff = new Date(now.getTime() - settings.sessionIdleMinutes * 60_000).toISOString();
      const result = await db
        .deleteFrom('sessions')
        .where((eb) =>
          eb.or([eb('expires_at', '<=', now.toISOString()), eb('last_seen_at', '<=', idleCutoff)]),
        )
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}

export type SessionStore = ReturnType<typeof sessionStore>;
