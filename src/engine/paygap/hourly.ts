/**
 * Hourly pay of a full-pay relevant employee (standards.md §8.1, Schedule 1 para 6 / reg 6 structure):
 *
 *   periodPay  = ordinaryPay + bonusInPeriod      (the bonus is taken as already pro-rated to the period)
 *   weeklyPay  = periodPay x 7 / daysInPayPeriod  (the record's own period length when given, else the
 *                                                  `paygap.daysInPayPeriod` setting: monthly 30.44, ...)
 *   hourlyRate = weeklyPay / weeklyHours          (contracted hours)
 *
 * Unrounded; shown to the penny. Example (TV15): £2,500 monthly, 37.5 hours a week ->
 * weekly 2500 x 7 / 30.44 = £574.90; hourly 574.9014... / 37.5 = £15.33.
 */
import type { PayRecord } from '../records.js';
import { known, missing, type Computed } from '../stats/values.js';

export type HourlyInput = Pick<
  PayRecord,
  'ordinaryPay' | 'bonusInPeriod' | 'payPeriod' | 'periodDays' | 'weeklyHours'
>;

/** Weekly pay: (ordinary pay + bonus in period) x 7 / days in the pay period. */
export function weeklyPay(record: HourlyInput, daysInPeriod: Readonly<Record<string, number>>): Computed {
  const days = record.periodDays ?? daysInPeriod[record.payPeriod];
  if (days === undefined || !(days > 0)) return missing('ZERO_DENOMINATOR');
  const periodPay = record.ordinaryPay + (record.bonusInPeriod ?? 0);
  return known((periodPay * 7) / days);
}

/** Hourly pay: weekly pay / contracted weekly hours; missing when hours are zero or absent. */
export function hourlyRate(record: HourlyInput, daysInPeriod: Readonly<Record<string, number>>): Computed {
  const weekly = weeklyPay(record, daysInPeriod);
  if (weekly.value === null) return weekly;
  if (typeof record.weeklyHours !== 'number' || !(record.weeklyHours > 0)) return missing('ZERO_DENOMINATOR');
  return known(weekly.value / record.weeklyHours);
}

/**
 * The value of `hourlyRate` alone (null where it has none), without building its result: read once per
 * pay record by the engine's columns.
 */
export function hourlyValue(
  record: HourlyInput,
  daysInPeriod: Readonly<Record<string, number>>,
): number | null {
  const days = record.periodDays ?? daysInPeriod[record.payPeriod];
  if (days === undefined || !(days > 0)) return null;
  const weekly = ((record.ordinaryPay + (record.bonusInPeriod ?? 0)) * 7) / days;
  if (!Number.isFinite(weekly)) return null;
  if (typeof record.weeklyHours !== 'number' || !(record.weeklyHours > 0)) return null;
  const hourly = weekly / record.weeklyHours;
  return Number.isFinite(hourly) ? hourly : null;
}
