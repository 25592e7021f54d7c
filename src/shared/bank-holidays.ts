/**
 * UK bank holidays, worked out from the rules of the Banking and Financial Dealings Act 1971 and the royal
 * proclamations that follow them each year, so that a working day means what it means in an NHS office.
 * The rules: New Year's Day, Good Friday, Easter Monday (not in Scotland), the first Monday of May, the last
 * Monday of May, the summer holiday (the first Monday of August in Scotland, the last Monday of August
 * elsewhere), Christmas Day and Boxing Day; Scotland adds 2 January and St Andrew's Day, Northern Ireland
 * St Patrick's Day and the Battle of the Boyne. A holiday on a Saturday or Sunday gives the next weekday not
 * already a holiday ("substitute day").
 *
 * One-off changes by proclamation are listed for the years they happened (2020 to 2023) and otherwise are
 * the installation's to add (the `closedDays` setting): no rule foresees them.
 */

export const BANK_HOLIDAY_REGIONS = ['england-and-wales', 'scotland', 'northern-ireland', 'none'] as const;
export type BankHolidayRegion = (typeof BANK_HOLIDAY_REGIONS)[number];

const iso = (y: number, m: number, d: number): string =>
  `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
const weekday = (date: string): number => new Date(`${date}T00:00:00Z`).getUTCDay();
const shift = (date: string, days: number): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** Easter Sunday of a year in the Gregorian calendar (the anonymous Gregorian algorithm, "Computus"). */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return iso(year, month, day);
}

/** The first Monday of a month, or with `last`, the last. */
function monday(year: number, month: number, last = false): string {
  if (!last) {
    const first = iso(year, month, 1);
    return shift(first, (8 - weekday(first)) % 7);
  }
  const end = shift(iso(month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1, 1), -1);
  return shift(end, -((weekday(end) + 6) % 7));
}

/** Changes by royal proclamation: days moved (`from` no longer a holiday) and days added. */
const PROCLAIMED: Readonly<Record<number, { moved?: [string, string][]; added?: string[] }>> = {
  // The early May holiday moved to Friday 8 May for the 75th anniversary of VE Day.
  2020: { moved: [['2020-05-04', '2020-05-08']] },
  // The spring holiday moved to Thursday 2 June, and Friday 3 June added, for the Platinum Jubilee; the
  // State Funeral of Queen Elizabeth II on 19 September.
  2022: { moved: [['2022-05-30', '2022-06-02']], added: ['2022-06-03', '2022-09-19'] },
  // The Coronation of King Charles III.
  2023: { added: ['2023-05-08'] },
};

/** The bank holidays of a calendar year in a region, in date order. */
export function bankHolidays(year: number, region: BankHolidayRegion): string[] {
  if (region === 'none') return [];
  const taken = new Set<string>();
  /** A fixed-date holiday: on its day, or on the next weekday free of another holiday. */
  const fixed = (date: string) => {
    let day = date;
    while (weekday(day) === 0 || weekday(day) === 6 || taken.has(day)) day = shift(day, 1);
    taken.add(day);
  };
  const easter = easterSunday(year);
  taken.add(shift(easter, -2));
  if (region !== 'scotland') taken.add(shift(easter, 1));
  taken.add(monday(year, 5));
  taken.add(monday(year, 5, true));
  taken.add(region === 'scotland' ? monday(year, 8) : monday(year, 8, true));
  fixed(iso(year, 1, 1));
  if (region === 'scotland') fixed(iso(year, 1, 2));
  if (region === 'northern-ireland') {
    fixed(iso(year, 3, 17));
    fixed(iso(year, 7, 12));
  }
  if (region === 'scotland') fixed(iso(year, 11, 30));
  fixed(iso(year, 12, 25));
  fixed(iso(year, 12, 26));
  const proclaimed = PROCLAIMED[year];
  for (const [from, to] of proclaimed?.moved ?? []) if (taken.delete(from)) taken.add(to);
  for (const day of proclaimed?.added ?? []) taken.add(day);
  return [...taken].sort();
}

/**
 * Whether a day is a working day: Monday to Friday, not a bank holiday of the region and not one of the
 * installation's closed days. Years' holidays are worked out once each.
 */
export function workingDays(
  region: BankHolidayRegion,
  closedDays: readonly string[] = [],
): (date: string) => boolean {
  const closed = new Set(closedDays);
  const years = new Map<number, Set<string>>();
  return (date) => {
    const d = weekday(date);
    if (d === 0 || d === 6 || closed.has(date)) return false;
    const year = Number(date.slice(0, 4));
    let holidays = years.get(year);
    if (!holidays) years.set(year, (holidays = new Set(bankHolidays(year, region))));
    return !holidays.has(date);
  };
}
