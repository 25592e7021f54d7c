/**
 * Whether a plan is missing that should exist by now: the plan for the financial year under way, or, from
 * `warningDays` days before this year ends (the setting `nextPlanWarningDays`), next year's. A plan takes
 * months from draft to board approval, so the warning comes while there is time to write it. Pure: the
 * date is given.
 */
import { formatDate } from '../../engine/index.js';
import { financialYearLabel, financialYearOf } from './plan.js';

export interface MissingPlan {
  /** The financial year (by its starting year) that has no plan. */
  year: number;
  message: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);

/** The plan that should exist and does not, given the years the organisation has plans for; or null. */
export function missingPlan(
  years: readonly number[],
  today: string,
  warningDays: number,
): MissingPlan | null {
  const current = financialYearOf(today);
  // An organisation with no plan at all is told so by the plans page itself.
  if (years.length === 0) return null;
  if (!years.includes(current))
    return {
      year: current,
      message: `There is no plan for ${financialYearLabel(current)}, the financial year under way since ${formatDate(`${current}-04-01`)}.`,
    };
  const end = `${current + 1}-03-31`;
  const left = daysBetween(today, end);
  if (years.includes(current + 1) || left > warningDays) return null;
  return {
    year: current + 1,
    message: `There is no plan for ${financialYearLabel(current + 1)} yet, and ${financialYearLabel(current)} ends on ${formatDate(end)}, ${left === 0 ? 'today' : left === 1 ? 'tomorrow' : `in ${left} days`}.`,
  };
}
