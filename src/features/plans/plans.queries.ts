/**
 * Read-only questions other slices ask of the action plans (the dashboard shows, per indicator, the plan's
 * RAG counts and the actions linked to it, each with its one status). Callers check access themselves: these functions answer for
 * any organisation they are given, for the part of it (`units`) the reader's view covers.
 */
import type { Db } from '../../storage/database.js';
import { organisationsRepository } from '../organisations/organisations.repository.js';
import { titleOf } from './markup.js';
import type { RagStatus } from './plan.js';
import { plansRepository } from './plans.repository.js';
import { actionState, type ActionState } from './status.js';
import { reachOfUnits, reaches, type ActionReach } from './visibility.js';

export type { RagStatus } from './plan.js';

export interface IndicatorActionSummary {
  /** An indicator reference: WRES1..WRES9, WDES1..WDES10 and sub-metric ids, pay gap ids, local:<id>, EDS:<code>, HIA1..HIA6. */
  indicator: string;
  actionId: string;
  planId: string;
  /** The financial year's starting calendar year: 2024 for 2024/25. */
  planYear: number;
  /** A one-line plain-text title of the action. */
  title: string;
  status: 'new' | 'continued' | 'ongoing' | 'completed';
  /** The latest RAG (null: never rated). */
  rag: RagStatus | null;
  /** The organisation's configured label for it. */
  ragLabel: string | null;
  /** Display names of the leads. */
  leads: string[];
  /** ISO date of the latest progress update. */
  lastUpdateOn: string | null;
  /** Where it stands on `today`, with the reasons: the one status every page shows (status.ts). */
  state: ActionState;
}

/**
 * The actions of the organisation's plan for that financial year, once per linked indicator: every action
 * for the whole organisation (`units` 'all'), or for a view of some units (their paths, as the dashboard's
 * scope names them) the trust-wide actions and those units' own, as visibility.ts decides. `today` (an ISO
 * date) is the day each action's status is worked out for.
 */
export async function actionsByIndicator(
  db: Db,
  organisationId: string,
  planYear: number,
  units: 'all' | readonly string[],
  today: string,
): Promise<IndicatorActionSummary[]> {
  const repo = plansRepository(db);
  const plan = await repo.findPlanByYear(organisationId, planYear);
  if (!plan) return [];
  let reach: ActionReach = 'all';
  if (units !== 'all') {
    const all = await organisationsRepository(db).unitsOf(organisationId);
    reach = reachOfUnits(
      all,
      all.filter((u) => units.includes(u.path)).map((u) => u.id),
    );
  }
  const [actions, labels] = await Promise.all([repo.listActions(plan.id), repo.ragLabels(organisationId)]);
  return actions
    .filter((a) => reaches(reach, a))
    .flatMap((a) => {
      const state = actionState(a, { today, planYear: plan.year, labels });
      return a.indicators.map((indicator) => ({
        indicator,
        actionId: a.id,
        planId: plan.id,
        planYear: plan.year,
        title: titleOf(a.text),
        status: a.status,
        rag: a.rag,
        ragLabel: a.rag ? labels[a.rag] : null,
        leads: a.leads.map((l) => l.name),
        lastUpdateOn: a.lastUpdateOn,
        state,
      }));
    });
}
