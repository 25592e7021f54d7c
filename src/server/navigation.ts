/** The organisation's section navigation: each item appears only to those its permission reaches. */
import { can, type AccessScope, type OrgAccess } from '../features/auth/access.js';
import type { Permission } from '../features/users/roles.js';

interface NavigationEntry {
  label: string;
  /** Path below /o/<ods>. */
  path: string;
  permission: Permission;
  scope: AccessScope;
}

export const ORG_NAVIGATION: readonly NavigationEntry[] = [
  { label: 'Overview', path: '', permission: 'org.view', scope: 'any' },
  { label: 'Dashboard', path: '/dashboard', permission: 'indicators.view', scope: 'any' },
  { label: 'Indicators', path: '/indicators', permission: 'indicators.view', scope: 'any' },
  { label: 'Action plan', path: '/plans', permission: 'plans.view', scope: 'any' },
  { label: 'My actions', path: '/plans/mine', permission: 'plans.update', scope: 'any' },
  { label: 'Publication', path: '/publication', permission: 'indicators.view', scope: 'any' },
  { label: 'Meetings', path: '/meetings', permission: 'plans.manage', scope: 'organisation' },
  { label: 'Data', path: '/data', permission: 'data.view', scope: 'organisation' },
  { label: 'People', path: '/people', permission: 'users.manage', scope: 'organisation' },
  { label: 'Audit trail', path: '/audit', permission: 'audit.view', scope: 'organisation' },
];

export interface NavigationItem {
  text: string;
  href: string;
  current: boolean;
  active: boolean;
}

export function navigationFor(access: OrgAccess, currentPath: string): NavigationItem[] {
  const base = `/o/${encodeURIComponent(access.organisation.odsCode)}`;
  const items = ORG_NAVIGATION.filter((e) => can(access, e.permission, e.scope)).map((e) => ({
    ...e,
    href: base + e.path,
  }));
  // The longest matching prefix is the section the page belongs to.
  const active = items
    .filter((i) => currentPath === i.href || currentPath.startsWith(`${i.href}/`))
    .sort((a, b) => b.href.length - a.href.length)[0];
  return items.map((i) => ({
    text: i.label,
    href: i.href,
    current: i === active && currentPath === i.href,
    active: i === active,
  }));
}
