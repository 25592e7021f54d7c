/**
 * Roles and what each may do. A role is granted by a membership, scoped to a whole organisation (and the
 * organisations below it, such as the trusts of an ICS) or to one organisation unit (a care group and
 * everything inside it). Routes ask for a permission; they never test role names themselves.
 */
export const ROLES = ['admin', 'analyst', 'action_lead', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  admin: 'Administrator',
  analyst: 'Analyst (EDI lead)',
  action_lead: 'Action lead',
  viewer: 'Viewer',
};

export const PERMISSIONS = {
  /** See the organisation, its structure and (later) its indicators, within the membership's scope. */
  'org.view': ['admin', 'analyst', 'action_lead', 'viewer'],
  /** Add people, change their roles, remove them. */
  'users.manage': ['admin'],
  /** See WRES, WDES, pay gaps and local metrics, within the membership's scope. */
  'indicators.view': ['admin', 'analyst', 'action_lead', 'viewer'],
  /** Define local metrics and change indicator settings. */
  'metrics.manage': ['admin', 'analyst'],
  /** See loaded data: versions, data quality, issues found. */
  'data.view': ['admin', 'analyst'],
  /** Load data and delete loaded versions. */
  'data.import': ['admin', 'analyst'],
  /** Read the audit trail. */
  'audit.view': ['admin'],
  /** See the action plans, their actions, updates and exports. */
  'plans.view': ['admin', 'analyst', 'action_lead', 'viewer'],
  /** Write and change plans and actions, import, carry forward, approve and publish. */
  'plans.manage': ['admin', 'analyst'],
  /** Post progress updates: action leads on the actions they lead, those who manage plans on any. */
  'plans.update': ['admin', 'analyst', 'action_lead'],
  /** Record that the board approved a year's report and plan (freezes a revision of both). */
  'publication.approve': ['admin', 'analyst'],
  /** Publish an approved revision on the public page, withdraw it, turn the public page on or off. */
  'publication.publish': ['admin'],
} as const satisfies Record<string, readonly Role[]>;
export type Permission = keyof typeof PERMISSIONS;

export function roleHas(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** Parses the role names people type: "Action lead", "action-lead", "ACTION_LEAD". */
export function parseRole(value: string): Role | null {
  const key = value
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  return isRole(key) ? key : null;
}
