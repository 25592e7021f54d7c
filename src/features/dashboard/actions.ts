/**
 * The action plan beside the figures: for each indicator, how many of the plan's linked actions are on
 * track, slipping, critical or complete, and the actions themselves. Read through the plans slice's
 * query (plans.queries.ts); the dashboard has already checked that the person may see the organisation.
 */
import type { Db } from '../../storage/database.js';
import { actionsByIndicator, type IndicatorActionSummary, type RagStatus } from '../plans/plans.queries.js';

export type { IndicatorActionSummary };

export interface RagCounts {
  total: number;
  on_track: number;
  slippage: number;
  critical: number;
  complete: number;
  unrated: number;
  /** The organisation's own words for each status, where it has set them. */
  labels: Partial<Record<RagStatus, string>>;
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

export function ragCounts(actions: readonly IndicatorActionSummary[]): RagCounts {
  const counts: RagCounts = {
    total: actions.length,
    on_track: 0,
    slippage: 0,
    critical: 0,
    complete: 0,
    unrated: 0,
    labels: {},
  };
  for (const a of actions) {
    if (a.rag === null) counts.unrated++;
    else {
      counts[a.rag]++;
      if (a.ragLabel) counts.labels[a.rag] = a.ragLabel;
    }
  }
  return counts;
}

/** "2024/25" */
