import { describe, expect, it } from 'vitest';
import type { Organisation } from '../organisations/organisation.js';
import type { Role } from '../users/roles.js';
import type { Membership, User } from '../users/user.js';
import { accessibleOrganisations, can, lineage, orgAccess, unitScope, type Principal } from './access.js';

const org = (id: string, parentId: string | null = null): Organisation => ({
  id,
  odsCode: id.toUpperCase(),
  name: `Org ${id}`,
  kind: parentId ? 'trust' : 'ics',
  parentId,
  createdAt: '2026-01-01T00:00:00Z',
});
const icb = org('icb');
const trustA = org('a', 'icb');
const trustB = org('b', 'icb');
const other = org('z');
const all = [icb, trustA, trustB, other];
const byId = new Map(all.map((o) => [o.id, o]));

const user: User = {
  id: 'u1',
  username: 'u1',
  displayName: 'U One',
  email: null,
  ssoSubject: null,
  hasPassword: true,
  isActive: true,
  createdAt: '',
  lastSignInAt: null,
};
const principal = (...grants: [string, string | null, Role][]): Principal => ({
  user,
  memberships: grants.map(([organisationId, unitId, role], i): Membership => ({
    id: `m${i}`,
    userId: 'u1',
    organisationId,
    unitId,
    role,
    createdAt: '',
  })),
});

describe('access', () => {
  it('follows the organisation tree upwards', () => {
    expect(lineage(trustA, byId).map((o) => o.id)).toEqual(['a', 'icb']);
    const cyclic = new Map([
      ['x', { ...org('x', 'y') }],
      ['y', { ...org('y', 'x') }],
    ]);
    expect(lineage(cyclic.get('x')!, cyclic).map((o) => o.id)).toEqual(['x', 'y']);
  });

  it('lets an ICS role reach the trusts below it, but not unrelated organisations', () => {
    const p = principal(['icb', null, 'viewer']);
    expect(can(orgAccess(p, trustA, byId), 'org.view', 'organisation')).toBe(true);
    expect(can(orgAccess(p, trustB, byId), 'org.view', 'organisation')).toBe(true);
    expect(can(orgAccess(p, other, byId), 'org.view', 'any')).toBe(false);
  });

  it('never lets a trust role reach its ICS or a sibling trust', () => {
    const p = principal(['a', null, 'admin']);
    expect(can(orgAccess(p, icb, byId), 'org.view', 'any')).toBe(false);
    expect(can(orgAccess(p, trustB, byId), 'org.view', 'any')).toBe(false);
    expect(can(orgAccess(p, trustA, byId), 'users.manage', 'organisation')).toBe(true);
  });

  it('limits a care-group role to that unit, and never to organisation-wide permissions', () => {
    const p = principal(['a', 'cg1', 'admin']);
    const access = orgAccess(p, trustA, byId);
    expect(can(access, 'org.view', 'any')).toBe(true);
    expect(can(access, 'org.view', 'organisation')).toBe(false);
    expect(can(access, 'users.manage', 'organisation')).toBe(false);
    expect(unitScope(access, 'org.view')).toEqual(['cg1']);
    // A unit role in trust A says nothing about trust B.
    expect(can(orgAccess(p, trustB, byId), 'org.view', 'any')).toBe(false);
  });

  it('gives each role only its own permissions', () => {
    const expectations: [Role, boolean, boolean][] = [
      ['admin', true, true],
      ['analyst', false, false],
      ['action_lead', false, false],
      ['viewer', false, false],
    ];
    for (const [role, manage, audit] of expectations) {
      const access = orgAccess(principal(['a', null, role]), trustA, byId);
      expect(can(access, 'org.view', 'organisation'), role).toBe(true);
      expect(can(access, 'users.manage', 'organisation'), role).toBe(manage);
      expect(can(access, 'audit.view', 'organisation'), role).toBe(audit);
      expect(unitScope(access, 'org.view')).toBe('all');
    }
  });

  it('lists the organisations a person can open, by name', () => {
    const p = principal(['icb', null, 'viewer'], ['z', 'unit-9', 'analyst']);
    const list = accessibleOrganisations(p, all);
    expect(list.map((e) => e.organisation.id)).toEqual(['a', 'b', 'icb', 'z']);
    expect(list.find((e) => e.organisation.id === 'z')).toMatchObject({ roles: ['analyst'], unitOnly: true });
    expect(accessibleOrganisations(principal(), all)).toEqual([]);
  });
});
