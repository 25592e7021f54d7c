/**
 * The action plan beside the figures: for each indicator, how many of the plan's linked actions stand at
 * each status (complete, overdue, on track...), and the actions themselves. Read through the plans slice's
 * query (plans.queries.ts); the dashboard has already checked that the person may see the organisation.
 */
import type { Db } from '../../storage/database.js';
import { actionsByIndicator, type IndicatorActionSummary } from '../plans/plans.queries.js';
import {
  ACTION_STATE_LABELS,
  ACTION_STATE_TAGS,
  ACTION_STATES,
  type ActionStateKey,
} from '../plans/status.js';

export type { IndicatorActionSummary };

/** How many of an indicator's linked actions stand at each status (status.ts), in the order of the states. */
export interface StatusCounts {
  total: number;
  /** The states held by at least one action, each with its words, tag colour and count. */
  states: { key: ActionStateKey; label: string; tag: string; count: number }[];
}

/** The indicator reference a plan uses for a result id: national ids as they are, local metrics prefixed. */
export function indicatorRef(id: string, local: boolean): string {
  return local ? `local:${id}` : id;
}

export interface PlanActions {
  planYear: number;
  byIndicator: Map<string, IndicatorActionSummary[]>;
}

/**
 * The plan of the financial year a reporting year's figures feed (2024 figures: the 2024/25 plan), as the
 * view's part of the organisation sees it: a care group's view counts the trust-wide actions and its own.
 * Each action carries its status on `today`.
 */
export async function planActions(
  db: Db,
  organisationId: string,
  planYear: number,
  scope: 'all' | readonly string[],
  today: string,
): Promise<PlanActions> {
  const all = await actionsByIndicator(db, organisationId, planYear, scope, today);
  const byIndicator = new Map<string, IndicatorActionSummary[]>();
  for (const a of all) {
    const list = byIndicator.get(a.indicator) ?? [];
    list.push(a);
    byIndicator.set(a.indicator, list);
  }
  return { planYear, byIndicator };
}

export function statusCounts(actions: readonly IndicatorActionSummary[]): StatusCounts {
  const by = new Map<ActionStateKey, number>();
  for (const a of actions) by.set(a.state.key, (by.get(a.state.key) ?? 0) + 1);
  return {
    total: actions.length,
    states: ACTION_STATES.filter((k) => by.has(k)).map((key) => ({
      key,
      label: ACTION_STATE_LABELS[key],
      tag: ACTION_STATE_TAGS[key],
      count: by.get(key)!,
    })),
  };
}

/** "2024/25" */
