/**
 * Who Parity can email about a plan. An action's lead is mailed only through an explicit link to an account
 * (chosen on the action form): a lead written as text ("Head of Employee Relations") is never matched to an
 * account by name. The account must be active, hold a role in the organisation that may post updates, and
 * have an email address. The actions none of whose leads can be mailed are listed on the plan page, with
 * the reason for each lead, so the EDI lead can link the accounts or chase those people themselves.
 */
import type { Db } from '../../storage/database.js';
import { isComplete, type Action } from '../plans/plan.js';
import { roleHas } from '../users/roles.js';
import type { User } from '../users/user.js';
import { usersRepository } from '../users/users.repository.js';

export interface Mailable {
  userId: string;
  displayName: string;
  email: string;
}

/** The organisation's accounts that can be mailed as action leads, by user id. */
export async function mailableLeads(db: Db, organisationId: string): Promise<Map<string, Mailable>> {
  const out = new Map<string, Mailable>();
  for (const { membership, user } of await usersRepository(db).membersOf(organisationId))
    if (user.isActive && user.email && roleHas(membership.role, 'plans.update'))
      out.set(user.id, { userId: user.id, displayName: user.displayName, email: user.email });
  return out;
}

/**
 * Who may receive a plan's digest of late updates: active accounts with an organisation-wide role that
 * manages plans (the digest names every late action, whichever unit owns it) and an email address.
 */
export async function ownerCandidates(db: Db, organisationId: string): Promise<Mailable[]> {
  const out = new Map<string, Mailable>();
  for (const { membership, user } of await usersRepository(db).membersOf(organisationId))
    if (user.isActive && user.email && membership.unitId === null && roleHas(membership.role, 'plans.manage'))
      out.set(user.id, { userId: user.id, displayName: user.displayName, email: user.email });
  return [...out.values()].sort((a, b) => a.displayName.localeCompare(b.displayName, 'en-GB'));
}

/** An unfinished action that no reminder can reach, and why, lead by lead. */
export interface Unmailable {
  action: Action;
  reasons: string[];
}

/**
 * The unfinished actions none of whose leads Parity can email. `accounts` are the linked accounts (to tell
 * an account without an address from one that lost its role).
 */
export function unmailableActions(
  actions: readonly Action[],
  mailable: ReadonlyMap<string, Mailable>,
  accounts: ReadonlyMap<string, User>,
): Unmailable[] {
  const out: Unmailable[] = [];
  for (const action of actions) {
    if (isComplete(action)) continue;
    if (action.leads.some((l) => l.userId !== null && mailable.has(l.userId))) continue;
    const reasons =
      action.leads.length === 0
        ? ['No lead is named']
        : action.leads.map((l) => {
            if (l.userId === null) return `“${l.name}” is not linked to a Parity account`;
            const user = accounts.get(l.userId);
            if (!user || !user.isActive) return `${l.name}’s account is switched off`;
            if (!user.email) return `${l.name}’s account has no email address`;
            return `${l.name} no longer holds a role here that may post updates`;
          });
    out.push({ action, reasons });
  }
  return out;
}

/** The unfinished actions of a plan that no reminder can reach (see `unmailableActions`). */
export async function actionsNobodyCanBeMailedFor(
  db: Db,
  organisationId: string,
  actions: readonly Action[],
): Promise<Unmailable[]> {
  const mailable = await mailableLeads(db, organisationId);
  const linked = [...new Set(actions.flatMap((a) => a.leads.map((l) => l.userId)))].filter(
    (id): id is string => id !== null && !mailable.has(id),
  );
  const users = usersRepository(db);
  const accounts = new Map<string, User>();
  for (const id of linked) {
    const user = await users.findById(id);
    if (user) accounts.set(id, user);
  }
  return unmailableActions(actions, mailable, accounts);
}
