/**
 * Creating people and giving them roles. Every change validates its whole input first (listing every
 * problem), then writes the change and its audit event in one transaction.
 */
import type { Db } from '../../storage/database.js';
import type { Clock } from '../../shared/clock.js';
import { forbidden, invalidInput, notFound, ParityError, type Problem } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { auditRepository, type Actor } from '../audit/audit.js';
import { mayAttachAccount, type Principal } from '../auth/access.js';
import type { SessionStore } from '../auth/sessions.js';
import { describeWait, type LoginThrottle } from '../auth/throttle.js';
import { organisationsRepository } from '../organisations/organisations.repository.js';
import { hashPassword, passwordProblems, verifyPassword } from './passwords.js';
import { parseRole, ROLE_LABELS, type Role } from './roles.js';
import type { Membership, User } from './user.js';
import { usersRepository } from './users.repository.js';

export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._@-]{1,99}$/;
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The problem reported for a username already in use. */
export const usernameTaken = (username: string): Problem => ({
  field: 'username',
  message: `The username ${username} is already taken`,
});

export interface NewUserInput {
  username: string;
  displayName: string;
  email?: string | null;
  /** null for an account that signs in only through single sign-on. */
  password: string | null;
  ssoSubject?: string | null;
}

export interface GrantInput {
  userId: string;
  organisationId: string;
  /** A unit path ("Care group > Directorate"), or null for the whole organisation. */
  unitPath: string | null;
  role: string;
}

export function usersService(deps: {
  db: Db;
  clock: Clock;
  sessions: SessionStore;
  throttle: LoginThrottle;
}) {
  const { db, clock } = deps;

  async function validateNewUser(input: NewUserInput): Promise<Problem[]> {
    const problems: Problem[] = [];
    const username = input.username.trim().toLowerCase();
    if (!USERNAME_PATTERN.test(username))
      problems.push({
        field: 'username',
        message: 'Enter a username of 2 to 100 characters: letters, digits, dots, hyphens, underscores or @',
      });
    if (input.displayName.trim() === '')
      problems.push({ field: 'displayName', message: 'Enter the person’s full name' });
    if (input.displayName.length > 200)
      problems.push({ field: 'displayName', message: 'Full name must be 200 characters or fewer' });
    const email = input.email?.trim() ?? '';
    if (email !== '' && !EMAIL_PATTERN.test(email))
      problems.push({
        field: 'email',
        message: 'Enter an email address in the correct format, like name@nhs.net',
      });
    if (input.password !== null)
      for (const message of await passwordProblems(input.password, username))
        problems.push({ field: 'password', message: `Password ${message}` });
    const users = usersRepository(db);
    if (USERNAME_PATTERN.test(username) && (await users.findByUsername(username)))
      problems.push(usernameTaken(username));
    if (email !== '' && (await users.findByField('email', email)))
      problems.push({ field: 'email', message: `Another account already uses ${email.toLowerCase()}` });
    return problems;
  }

  return {
    validateNewUser,

    /** The people who hold a role in an organisation, each with the role. */
    membersOf: (organisationId: string) => usersRepository(db).membersOf(organisationId),

    /**
     * The account with `username` if `administrator` may give it a role (see `mayAttachAccount`), else null:
     * an account they may not attach is treated as if it did not exist.
     */
    async attachableAccount(administrator: Principal, username: string): Promise<User | null> {
      const users = usersRepository(db);
      const found = await users.findByUsername(username);
      if (!found) return null;
      const [memberships, organisations] = await Promise.all([
        users.membershipsOfUser(found.id),
        organisationsRepository(db).list(),
      ]);
      return mayAttachAccount(administrator, memberships, organisations) ? found : null;
    },

    /** A person's roles, each with the organisation and unit it applies to. */
    async rolesOf(userId: string) {
      const orgRepo = organisationsRepository(db);
      const [organisations, memberships] = await Promise.all([
        orgRepo.list(),
        usersRepository(db).membershipsOfUser(userId),
      ]);
      const byId = new Map(organisations.map((o) => [o.id, o]));
      const roles = [];
      for (const m of memberships) {
        const unit = m.unitId
          ? (await orgRepo.unitsOf(m.organisationId)).find((u) => u.id === m.unitId)
          : null;
        roles.push({
          organisation: byId.get(m.organisationId) ?? null,
          unitPath: unit?.path ?? null,
          role: m.role,
        });
      }
      return roles;
    },

    async createUser(actor: Actor, input: NewUserInput, organisationId: string | null = null): Promise<User> {
      const problems = await validateNewUser(input);
      if (problems.length > 0) throw invalidInput('The account details have problems', problems);
      const now = clock.now();
      const id = newId();
      const passwordHash = input.password === null ? null : await hashPassword(input.password);
      await db.transaction().execute(async (tx) => {
        const email = input.email?.trim().toLowerCase() || null;
        await usersRepository(tx).insert({
          id,
          username: input.username.trim().toLowerCase(),
          displayName: input.displayName.trim(),
          email,
          ssoSubject: input.ssoSubject?.trim() || null,
          passwordHash,
          createdAt: now.toISOString(),
        });
        await auditRepository(tx).record(actor, now, {
          action: 'user.create',
          organisationId,
          entityType: 'user',
          entityId: id,
          summary: `Created account ${input.username.trim().toLowerCase()} (${input.displayName.trim()})`,
          after: {
            username: input.username.trim().toLowerCase(),
            displayName: input.displayName.trim(),
            email,
            sso: input.password === null,
          },
        });
      });
      const user = await usersRepository(db).findById(id);
      if (!user) throw new Error('user vanished after insert');
      return user;
    },

    /** Grants a role; when the user already holds one at that scope, changes it instead. */
    async grantRole(actor: Actor, input: GrantInput): Promise<Membership> {
      const problems: Problem[] = [];
      const role = parseRole(input.role);
      if (!role)
        problems.push({ field: 'role', message: `Choose a role: ${Object.values(ROLE_LABELS).join(', ')}` });
      const orgs = organisationsRepository(db);
      const org = await orgs.findById(input.organisationId);
      if (!org) throw notFound('Organisation not found');
      let unitId: string | null = null;
      if (input.unitPath !== null && input.unitPath.trim() !== '') {
        const unit = await orgs.findUnitByPath(org.id, input.unitPath.trim());
        if (!unit)
          problems.push({
            field: 'unit',
            message: `${org.name} has no unit called '${input.unitPath.trim()}'`,
          });
        else unitId = unit.id;
      }
      const users = usersRepository(db);
      const user = await users.findById(input.userId);
      if (!user) problems.push({ field: 'user', message: 'That account does not exist' });
      if (problems.length > 0 || !role || !user) throw invalidInput('The role cannot be granted', problems);

      const now = clock.now();
      const existing = await users.findMembershipByScope(user.id, org.id, unitId);
      const scopeLabel = input.unitPath?.trim() ? `${org.name} – ${input.unitPath.trim()}` : org.name;
      return db.transaction().execute(async (tx) => {
        const audit = auditRepository(tx);
        if (existing) {
          if (existing.role === role) return existing;
          await usersRepository(tx).updateMembershipRole(existing.id, role);
          await audit.record(actor, now, {
            action: 'membership.change_role',
            organisationId: org.id,
            entityType: 'membership',
            entityId: existing.id,
            summary: `${user.username}: ${ROLE_LABELS[existing.role]} → ${ROLE_LABELS[role]} for ${scopeLabel}`,
            before: { role: existing.role },
            after: { role },
          });
          return { ...existing, role };
        }
        const membership: Membership = {
          id: newId(),
          userId: user.id,
          organisationId: org.id,
          unitId,
          role,
          createdAt: now.toISOString(),
        };
        await usersRepository(tx).insertMembership(membership);
        await audit.record(actor, now, {
          action: 'membership.grant',
          organisationId: org.id,
          entityType: 'membership',
          entityId: membership.id,
          summary: `${user.username} is now ${ROLE_LABELS[role]} for ${scopeLabel}`,
          after: { user: user.username, role, unit: input.unitPath?.trim() || null },
        });
        return membership;
      });
    },

    /** Changes the role of one membership of `organisationId`. */
    async changeRole(
      actor: Actor,
      organisationId: string,
      membershipId: string,
      roleText: string,
    ): Promise<void> {
      const role = parseRole(roleText);
      if (!role)
        throw invalidInput('Choose a role', [
          { field: 'role', message: `Choose a role: ${Object.values(ROLE_LABELS).join(', ')}` },
        ]);
      const users = usersRepository(db);
      const membership = await users.findMembership(membershipId);
      if (!membership || membership.organisationId !== organisationId)
        throw notFound('That role assignment does not exist');
      if (membership.role === role) return;
      guardOwnAdmin(actor, membership, role);
      const user = await users.findById(membership.userId);
      const now = clock.now();
      await db.transaction().execute(async (tx) => {
        await usersRepository(tx).updateMembershipRole(membership.id, role);
        await auditRepository(tx).record(actor, now, {
          action: 'membership.change_role',
          organisationId,
          entityType: 'membership',
          entityId: membership.id,
          summary: `${user?.username ?? membership.userId}: ${ROLE_LABELS[membership.role]} → ${ROLE_LABELS[role]}`,
          before: { role: membership.role },
          after: { role },
        });
      });
    },

    async revoke(actor: Actor, organisationId: string, membershipId: string): Promise<void> {
      const users = usersRepository(db);
      const membership = await users.findMembership(membershipId);
      if (!membership || membership.organisationId !== organisationId)
        throw notFound('That role assignment does not exist');
      guardOwnAdmin(actor, membership, null);
      const user = await users.findById(membership.userId);
      const now = clock.now();
      await db.transaction().execute(async (tx) => {
        await usersRepository(tx).deleteMembership(membership.id);
        await auditRepository(tx).record(actor, now, {
          action: 'membership.revoke',
          organisationId,
          entityType: 'membership',
          entityId: membership.id,
          summary: `${user?.username ?? membership.userId} no longer holds ${ROLE_LABELS[membership.role]}`,
          before: { user: user?.username ?? null, role: membership.role, unitId: membership.unitId },
        });
      });
    },

    /**
     * A user changes their own password; their other sessions end. The current password is throttled
     * like sign-in, under the account's own key: someone holding a session cannot guess it at speed.
     */
    async changeOwnPassword(
      actor: Actor & { userId: string },
      sessionId: string,
      current: string,
      next: string,
    ): Promise<void> {
      const users = usersRepository(db);
      const user = await users.findById(actor.userId);
      if (!user) throw notFound('Account not found');
      const hash = await users.passwordHashOf(user.id);
      const problems: Problem[] = [];
      const now = clock.now();
      const key = deps.throttle.keys.currentPassword(user.id);
      const reservation = await deps.throttle.reserve(db, [key], now);
      if (!reservation.ok)
        throw waiting(
          `Too many wrong current passwords. You can try again in ${describeWait(reservation.retryAt.getTime() - now.getTime())}.`,
        );
      if (hash && (await verifyPassword(current, hash))) await deps.throttle.reset(db, [key.key]);
      else if (reservation.delay)
        throw waiting(
          `Your current password is not correct. You can try again in ${describeWait(reservation.delay.until.getTime() - now.getTime())}.`,
        );
      else problems.push({ field: 'currentPassword', message: 'Your current password is not correct' });
      for (const message of await passwordProblems(next, user.username))
        problems.push({ field: 'newPassword', message: `New password ${message}` });
      if (problems.length > 0) throw invalidInput('Your password was not changed', problems);
      await setPassword(actor, user, next, sessionId, 'user.password_change');
    },

    /** An administrator (or the command line) sets a new password; all the user's sessions end. */
    async resetPassword(actor: Actor, userId: string, next: string): Promise<void> {
      const user = await usersRepository(db).findById(userId);
      if (!user) throw notFound('Account not found');
      const problems = (await passwordProblems(next, user.username)).map((message) => ({
        field: 'password',
        message: `Password ${message}`,
      }));
      if (problems.length > 0) throw invalidInput('The password was not reset', problems);
      await setPassword(actor, user, next, undefined, 'user.password_reset');
    },
  };

  async function setPassword(
    actor: Actor,
    user: User,
    password: string,
    keepSessionId: string | undefined,
    action: 'user.password_change' | 'user.password_reset',
  ): Promise<void> {
    const hash = await hashPassword(password);
    const now = clock.now();
    await db.transaction().execute(async (tx) => {
      await usersRepository(tx).setPasswordHash(user.id, hash, now.toISOString());
      await deps.sessions.destroyAllOf(tx, user.id, keepSessionId);
      await auditRepository(tx).record(actor, now, {
        action,
        entityType: 'user',
        entityId: user.id,
        summary: `${action === 'user.password_change' ? 'Changed' : 'Reset'} the password of ${user.username}`,
      });
    });
  }
}

/** Refuses a current-password check while its key waits (the message says until when). */
function waiting(message: string): ParityError {
  return new ParityError('RATE_LIMITED', message, [{ field: 'currentPassword', message }]);
}

/** Administrators cannot remove or lower their own organisation-wide administrator role (no lock-out). */
function guardOwnAdmin(actor: Actor, membership: Membership, newRole: Role | null): void {
  if (
    actor.userId === membership.userId &&
    membership.role === 'admin' &&
    membership.unitId === null &&
    newRole !== 'admin'
  )
    throw forbidden('You cannot remove your own administrator role; ask another administrator');
}

export type UsersService = ReturnType<typeof usersService>;
