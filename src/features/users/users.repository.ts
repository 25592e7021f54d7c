import type { Selectable } from 'kysely';
import { readOnce } from '../../shared/read-scope.js';
import type { Db } from '../../storage/database.js';
import type { MembershipsTable, UsersTable } from '../../storage/schema.js';
import { isRole } from './roles.js';
import type { Membership, User } from './user.js';

export function userFromRow(row: Selectable<UsersTable>): User {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    email: row.email,
    ssoSubject: row.sso_subject,
    hasPassword: row.password_hash !== null,
    isActive: row.is_active === 1,
    createdAt: row.created_at,
    lastSignInAt: row.last_sign_in_at,
  };
}

export function membershipFromRow(row: Selectable<MembershipsTable>): Membership {
  if (!isRole(row.role)) throw new Error(`membership ${row.id} has unknown role '${row.role}'`);
  return {
    id: row.id,
    userId: row.user_id,
    organisationId: row.organisation_id,
    unitId: row.unit_id,
    role: row.role,
    createdAt: row.created_at,
  };
}

export interface NewUser {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  ssoSubject: string | null;
  passwordHash: string | null;
  createdAt: string;
}

/** Users and memberships as stored. Works on the database or inside a transaction. */
export function usersRepository(db: Db) {
  return {
    async insert(user: NewUser): Promise<void> {
      await db
        .insertInto('users')
        .values({
          id: user.id,
          username: user.username,
          display_name: user.displayName,
          email: user.email,
          sso_subject: user.ssoSubject,
          password_hash: user.passwordHash,
          is_active: 1,
          created_at: user.createdAt,
          updated_at: user.createdAt,
          last_sign_in_at: null,
        })
        .execute();
    },

    async findById(id: string): Promise<User | null> {
      const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? userFromRow(row) : null;
    },

    async findByUsername(username: string): Promise<User | null> {
      const row = await db
        .selectFrom('users')
        .selectAll()
        .where('username', '=', username.trim().toLowerCase())
        .executeTakeFirst();
      return row ? userFromRow(row) : null;
    },

    /** Finds a user by the field single sign-on matches a claim against (case-insensitive for email). */
    async findByField(field: 'email' | 'username' | 'sso_subject', value: string): Promise<User | null> {
      const q = db.selectFrom('users').selectAll();
      const row =
        field === 'sso_subject'
          ? await q.where('sso_subject', '=', value).executeTakeFirst()
          : await q.where(field, '=', value.trim().toLowerCase()).executeTakeFirst();
      return row ? userFromRow(row) : null;
    },

    async passwordHashOf(userId: string): Promise<string | null> {
      const row = await db
        .selectFrom('users')
        .select('password_hash')
        .where('id', '=', userId)
        .executeTakeFirst();
      return row?.password_hash ?? null;
    },

    async setPasswordHash(userId: string, hash: string, at: string): Promise<void> {
      await db
        .updateTable('users')
        .set({ password_hash: hash, updated_at: at })
        .where('id', '=', userId)
        .execute();
    },

    async setActive(userId: string, active: boolean, at: string): Promise<void> {
      await db
        .updateTable('users')
        .set({ is_active: active ? 1 : 0, updated_at: at })
        .where('id', '=', userId)
        .execute();
    },

    async recordSignIn(userId: string, at: string): Promise<void> {
      await db.updateTable('users').set({ last_sign_in_at: at }).where('id', '=', userId).execute();
    },

    async list(): Promise<User[]> {
      const rows = await db.selectFrom('users').selectAll().orderBy('username').execute();
      return rows.map(userFromRow);
    },

    async insertMembership(m: Membership): Promise<void> {
      await db
        .insertInto('memberships')
        .values({
          id: m.id,
          user_id: m.userId,
          organisation_id: m.organisationId,
          unit_id: m.unitId,
          scope_key: m.unitId ?? '',
          role: m.role,
          created_at: m.createdAt,
        })
        .execute();
    },

    async findMembership(id: string): Promise<Membership | null> {
      const row = await db.selectFrom('memberships').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? membershipFromRow(row) : null;
    },

    async findMembershipByScope(
      userId: string,
      organisationId: string,
      unitId: string | null,
    ): Promise<Membership | null> {
      const row = await db
        .selectFrom('memberships')
        .selectAll()
        .where('user_id', '=', userId)
        .where('organisation_id', '=', organisationId)
        .where('scope_key', '=', unitId ?? '')
        .executeTakeFirst();
      return row ? membershipFromRow(row) : null;
    },

    async updateMembershipRole(id: string, role: string): Promise<void> {
      await db.updateTable('memberships').set({ role }).where('id', '=', id).execute();
    },

    async deleteMembership(id: string): Promise<void> {
      await db.deleteFrom('memberships').where('id', '=', id).execute();
    },

    async membershipsOfUser(userId: string): Promise<Membership[]> {
      const rows = await db
        .selectFrom('memberships')
        .selectAll()
        .where('user_id', '=', userId)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(membershipFromRow);
    },

    /** Members of one organisation with their user, ordered by name. */
    async membersOf(organisationId: string): Promise<{ membership: Membership; user: User }[]> {
      const rows = await db
        .selectFrom('memberships as m')
        .innerJoin('users as u', 'u.id', 'm.user_id')
        .selectAll('m')
        .select([
          'u.username',
          'u.display_name',
          'u.email',
          'u.sso_subject',
          'u.password_hash',
          'u.is_active',
          'u.created_at as user_created_at',
          'u.updated_at',
          'u.last_sign_in_at',
        ])
        .where('m.organisation_id', '=', organisationId)
        .orderBy('u.display_name')
        .orderBy('m.id')
        .execute();
      return rows.map((r) => ({
        membership: membershipFromRow(r),
        user: userFromRow({
          id: r.user_id,
          username: r.username,
          display_name: r.display_name,
          email: r.email,
          sso_subject: r.sso_subject,
          password_hash: r.password_hash,
          is_active: r.is_active,
          created_at: r.user_created_at,
          updated_at: r.updated_at,
          last_sign_in_at: r.last_sign_in_at,
        }),
      }));
    },

    /** The unit memberships of an organisation's active accounts: who holds which role in which unit. */
    async unitGrantsOf(organisationId: string): Promise<{ userId: string; unitId: string; role: string }[]> {
      return readOnce(`users.unitGrantsOf:${organisationId}`, async () => {
        const rows = await db
          .selectFrom('memberships as m')
          .innerJoin('users as u', 'u.id', 'm.user_id')
          .select(['m.user_id', 'm.unit_id', 'm.role'])
          .where('m.organisation_id', '=', organisationId)
          .where('m.unit_id', 'is not', null)
          .where('u.is_active', '=', 1)
          .orderBy('m.user_id')
          .orderBy('m.unit_id')
          .execute();
        return rows.map((r) => ({ userId: r.user_id, unitId: r.unit_id!, role: r.role }));
      });
    },

    async countAdminsOf(organisationId: string): Promise<number> {
      const row = await db
        .selectFrom('memberships')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('organisation_id', '=', organisationId)
        .where('role', '=', 'admin')
        .where('unit_id', 'is', null)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}

export type UsersRepository = ReturnType<typeof usersRepository>;
