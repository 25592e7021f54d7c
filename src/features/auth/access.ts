/**
 * Who may do what where. Pure functions over a principal (a user and their memberships) and the
 * organisation tree; the server calls them for every route, and the pages use them to decide what to show.
 */
import type { Organisation } from '../organisations/organisation.js';
import { roleHas, type Permission, type Role } from '../users/roles.js';
import type { Membership, User } from '../users/user.js';

export interface Principal {
  user: User;
  memberships: readonly Membership[];
}

/** What a principal holds in one organisation. */
export interface OrgAccess {
  organisation: Organisation;
  /** Roles held for the whole organisation, directly or through an organisation above it. */
  orgRoles: ReadonlySet<Role>;
  /** Roles held for single units of this organisation (each reaching that unit and the units below it). */
  unitGrants: readonly { unitId: string; role: Role }[];
}

export type AccessScope = 'organisation' | 'any';

/** The organisation and those above it, nearest first. Stops on a cycle. */
export function lineage(org: Organisation, byId: ReadonlyMap<string, Organisation>): Organisation[] {
  const out: Organisation[] = [];
  const seen = new Set<string>();
  let cur: Organisation | undefined = org;
  while (cur && !seen.has(cur.id)) {
    out.push(cur);
    seen.add(cur.id);
    cur = cur.parentId ? byId.get(cur.parentId) : undefined;
  }
  return out;
}

export function orgAccess(
  principal: Principal,
  org: Organisation,
  byId: ReadonlyMap<string, Organisation>,
): OrgAccess {
  const lineageIds = new Set(lineage(org, byId).map((o) => o.id));
  const orgRoles = new Set<Role>();
  const unitGrants: { unitId: string; role: Role }[] = [];
  for (const m of principal.memberships) {
    if (m.unitId === null && lineageIds.has(m.organisationId)) orgRoles.add(m.role);
    else if (m.unitId !== null && m.organisationId === org.id)
      unitGrants.push({ unitId: m.unitId, role: m.role });
  }
  return { organisation: org, orgRoles, unitGrants };
}

/**
 * Whether the access allows a permission. Scope `organisation` needs an organisation-wide role; scope `any`
 * is also met by a unit role (the route then limits what it shows to the unit, see `unitScope`).
 */
export function can(access: OrgAccess, permission: Permission, scope: AccessScope): boolean {
  for (const role of access.orgRoles) if (roleHas(role, permission)) return true;
  if (scope === 'organisation') return false;
  return access.unitGrants.some((g) => roleHas(g.role, permission));
}

/**
 * The units a permission reaches: `all` with an organisation-wide role, otherwise the units granted
 * (callers widen them to their subtrees with `unitSubtree`).
 */
export function unitScope(access: OrgAccess, permission: Permission): 'all' | string[] {
  for (const role of access.orgRoles) if (roleHas(role, permission)) return 'all';
  return access.unitGrants.filter((g) => roleHas(g.role, permission)).map((g) => g.unitId);
}

/** Every organisation the principal can open, with the roles that reach it, sorted by name. */
export function accessibleOrganisations(
  principal: Principal,
  organisations: readonly Organisation[],
): { organisation: Organisation; roles: Role[]; unitOnly: boolean }[] {
  const byId = new Map(organisations.map((o) => [o.id, o]));
  const out: { organisation: Organisation; roles: Role[]; unitOnly: boolean }[] = [];
  for (const org of organisations) {
    const access = orgAccess(principal, org, byId);
    if (!can(access, 'org.view', 'any')) continue;
    const roles = new Set<Role>([...access.orgRoles, ...access.unitGrants.map((g) => g.role)]);
    out.push({ organisation: org, roles: [...roles], unitOnly: access.orgRoles.size === 0 });
  }
  return out.sort((a, b) => a.organisation.name.localeCompare(b.organisation.name, 'en-GB'));
}

/**
 * Whether an administrator may give a role to an existing account they name by username. Usernames are
 * unique across the installation, so without a rule an administrator of one trust could attach another
 * trust's account, and so learn that it exists and see its name and email. The rule: the account holds no
 * role anywhere (a new or orphaned account, as the command line makes), or it holds a role in at least one
 * organisation the administrator manages people of as a whole (directly, or through an organisation above
 * it, as an ICB's administrator manages its trusts): then the administrator could already see it there. A
 * refused account must be answered exactly as an unknown username is.
 */
export function mayAttachAccount(
  administrator: Principal,
  accountMemberships: readonly Membership[],
  organisations: readonly Organisation[],
): boolean {
  if (accountMemberships.length === 0) return true;
  const byId = new Map(organisations.map((o) => [o.id, o]));
  return accountMemberships.some((m) => {
    const org = byId.get(m.organisationId);
    return org !== undefined && can(orgAccess(administrator, org, byId), 'users.manage', 'organisation');
  });
}
