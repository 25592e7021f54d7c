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

/** The days of the record's pay period (its own, else the setting's for its period), or null. */
function periodDays(record: HourlyInput, daysInPeriod: Readonly<Record<string, number>>): number | null {
  const days = record.periodDays ?? daysInPeriod[record.payPeriod];
  return days !== undefined && days > 0 ? days : null;
}

/** Contracted weekly hours, or null when they are zero or absent. */
function weeklyHours(record: HourlyInput): number | null {
  return typeof record.weeklyHours === 'number' && record.weeklyHours > 0 ? record.weeklyHours : null;
}

const periodPay = (record: HourlyInput): number => record.ordinaryPay + (record.bonusInPeriod ?? 0);

/** Weekly pay: (ordinary pay + bonus in period) x 7 / days in the pay period. */
export function weeklyPay(record: HourlyInput, daysInPeriod: Readonly<Record<string, number>>): Computed {
  const days = periodDays(record, daysInPeriod);
  if (days === null) return missing('ZERO_DENOMINATOR');
  return known((periodPay(record) * 7) / days);
}

/** Hourly pay: weekly pay / contracted weekly hours; missing when hours are zero or absent. */
export function hourlyRate(record: HourlyInput, daysInPeriod: Readonly<Record<string, number>>): Computed {
  const weekly = weeklyPay(record, daysInPeriod);
  if (weekly.value === null) return weekly;
  const hours = weeklyHours(record);
  if (hours === null) return missing('ZERO_DENOMINATOR');
  return known(weekly.value / hours);
}

/**
 * The value of `hourlyRate` alone (null where it has none), without building its result: read once per
 * pay record by the engine's columns.
 */
export function hourlyValue(
  record: HourlyInput,
  daysInPeriod: Readonly<Record<string, number>>,
): number | null {
  const days = periodDays(record, daysInPeriod);
  const hours = weeklyHours(record);
  if (days === null || hours === null) return null;
  const weekly = (periodPay(record) * 7) / days;
  const hourly = weekly / hours;
  return Number.isFinite(weekly) && Number.isFinite(hourly) ? hourly : null;
}
