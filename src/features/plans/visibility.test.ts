import { describe, expect, it } from 'vitest';
import type { OrgAccess } from '../auth/access.js';
import type { Organisation, OrgUnit } from '../organisations/organisation.js';
import type { Role } from '../users/roles.js';
import { actionReach, mayOwn, ownerLabel, reaches, TRUST_WIDE } from './visibility.js';

const org: Organisation = {
  id: 'org',
  odsCode: 'RXX',
  name: 'Trust',
  kind: 'trust',
  parentId: null,
  createdAt: '2024-01-01T00:00:00.000Z',
};
const unit = (id: string, parentId: string | null, path: string, organisationId = 'org'): OrgUnit => ({
  id,
  organisationId,
  parentId,
  level: parentId === null ? 'care_group' : path.split(' > ').length === 2 ? 'directorate' : 'department',
  name: path.split(' > ').at(-1)!,
  path,
});
const UNITS = [
  unit('med', null, 'Medicine'),
  unit('emer', 'med', 'Medicine > Emergency'),
  unit('ed', 'emer', 'Medicine > Emergency > ED'),
  unit('surg', null, 'Surgery'),
  unit('elsewhere', null, 'Elsewhere', 'another-org'),
];
const wide = (role: Role = 'viewer'): OrgAccess => ({
  organisation: org,
  orgRoles: new Set([role]),
  unitGrants: [],
});
const limited = (unitId: string, role: Role = 'viewer'): OrgAccess => ({
  organisation: org,
  orgRoles: new Set(),
  unitGrants: [{ unitId, role }],
});
const seen = (access: OrgAccess, focus: string | null = null) => {
  const reach = actionReach(access, UNITS, focus);
  if (reach === null) return null;
  return [null, 'med', 'emer', 'ed', 'surg'].filter((unitId) => reaches(reach, { unitId }));
};

describe('which actions a reader sees', () => {
  it('shows an organisation-wide role every action, and a unit role the trust-wide ones and its subtree', () => {
    expect(seen(wide())).toEqual([null, 'med', 'emer', 'ed', 'surg']);
    expect(seen(limited('med'))).toEqual([null, 'med', 'emer', 'ed']);
    expect(seen(limited('emer'))).toEqual([null, 'emer', 'ed']);
    expect(seen(limited('surg'))).toEqual([null, 'surg']);
  });

  it('narrows to one unit’s view within the reader’s reach, and refuses a unit beyond it', () => {
    expect(seen(wide(), 'surg')).toEqual([null, 'surg']);
    expect(seen(limited('med'), 'emer')).toEqual([null, 'emer', 'ed']);
    expect(seen(limited('emer'), 'med')).toBeNull();
    expect(seen(limited('med'), 'surg')).toBeNull();
    expect(seen(wide(), 'elsewhere')).toBeNull();
    expect(seen(wide(), 'nothing')).toBeNull();
  });
});

describe('which owner an editor may give an action', () => {
  it('lets an organisation-wide editor choose trust-wide or any of the organisation’s units', () => {
    for (const id of [null, 'med', 'ed', 'surg']) expect(mayOwn(wide('analyst'), UNITS, id)).toBe(true);
    expect(mayOwn(wide('analyst'), UNITS, 'elsewhere')).toBe(false);
  });

  it('lets an editor limited to a unit choose only that unit or one below it', () => {
    const editor = limited('med', 'admin');
    expect([null, 'med', 'emer', 'ed', 'surg'].map((id) => mayOwn(editor, UNITS, id))).toEqual([
      false,
      true,
      true,
      true,
      false,
    ]);
    // A unit role that cannot manage plans owns nothing.
    expect(mayOwn(limited('med', 'viewer'), UNITS, 'med')).toBe(false);
  });

  it('names the owner by its path, a trust-wide action as such', () => {
    expect(ownerLabel(UNITS, 'ed')).toBe('Medicine > Emergency > ED');
    expect(ownerLabel(UNITS, null)).toBe(TRUST_WIDE);
  });
});
