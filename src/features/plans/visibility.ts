/**
 * Which of a plan's actions a reader sees. An action is trust-wide (no owning unit) or owned by one unit
 * of its organisation: a care group, a directorate or a department. A reader whose role is limited to
 * units, or who reads one unit's view of the plan, sees the trust-wide actions and those owned by that
 * unit or any unit below it, and nothing of another unit's actions: not their text, updates or KPIs.
 *
 * This is the one rule. The plans service applies it to everything that lists or opens actions (the plan
 * pages, an action, the exports, My actions, a plan's history), the quarterly pack takes its plan from the
 * same service, and the dashboard's per-indicator query (plans.queries.ts) applies it to its counts. Pure:
 * the caller reads the organisation's units.
 */
import { unitScope, type OrgAccess } from '../auth/access.js';
import { unitSubtree, type OrgUnit } from '../organisations/organisation.js';
import type { Action } from './plan.js';

/** Every action (`all`), or the trust-wide actions and those owned by one of these units. */
export type ActionReach = 'all' | ReadonlySet<string>;

/** What an action with no owning unit is called wherever its owner is shown. */
export const TRUST_WIDE = 'Trust-wide';

/** The units and every unit below them: what a reader limited to `rootIds` reaches. */
export function reachOfUnits(units: readonly OrgUnit[], rootIds: Iterable<string>): ActionReach {
  return unitSubtree(units, rootIds);
}

/**
 * A reader's reach: every action for an organisation-wide role, otherwise their units' and the trust-wide
 * ones. `focus` narrows it to one unit's view of the plan (its actions and the trust-wide ones); null when
 * that unit is not the organisation's or lies outside the reader's own reach.
 */
export function actionReach(
  access: OrgAccess,
  units: readonly OrgUnit[],
  focus: string | null = null,
): ActionReach | null {
  const scope = unitScope(access, 'plans.view');
  const own: ActionReach = scope === 'all' ? 'all' : reachOfUnits(units, scope);
  if (focus === null) return own;
  if (!units.some((u) => u.id === focus && u.organisationId === access.organisation.id)) return null;
  if (own !== 'all' && !own.has(focus)) return null;
  return reachOfUnits(units, [focus]);
}

/** Whether an action is within a reach: trust-wide actions always are. */
export function reaches(reach: ActionReach, action: Pick<Action, 'unitId'>): boolean {
  return action.unitId === null || reach === 'all' || reach.has(action.unitId);
}

/**
 * Whether an editor may give an action this owner (null: trust-wide). An organisation-wide editor may
 * choose any unit of the organisation or none; an editor limited to units only their units or those
 * below them, never trust-wide, so they cannot write for the whole organisation or for another unit.
 */
export function mayOwn(access: OrgAccess, units: readonly OrgUnit[], unitId: string | null): boolean {
  const scope = unitScope(access, 'plans.manage');
  if (unitId !== null && !units.some((u) => u.id === unitId && u.organisationId === access.organisation.id))
    return false;
  if (scope === 'all') return true;
  return unitId !== null && unitSubtree(units, scope).has(unitId);
}

/** The owner's name as people read it: the unit's path ("Medicine and Emergency Care > Cardiology"). */
export function ownerLabel(units: readonly OrgUnit[], unitId: string | null): string {
  if (unitId === null) return TRUST_WIDE;
  return units.find((u) => u.id === unitId)?.path ?? 'Unknown unit';
}
