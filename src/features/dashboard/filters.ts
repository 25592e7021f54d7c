/**
 * The dashboard's filters live in the address (?year=2024&quarter=2&careGroup=..., or &month=5 for a
 * month), so a view can be bookmarked and shared and every page works without JavaScript: the filter form
 * is a GET form. Values are checked against what exists (the years with data, the care groups a person
 * may see, months where some figure has them); anything else is a problem reported against its field,
 * and nothing is computed for it.
 */
import {
  formatMonth,
  isMonthNumber,
  monthsOfQuarter,
  quarterOfMonth,
  type MonthNumber,
  type QuarterNumber,
} from '../../engine/index.js';
import type { Problem } from '../../shared/errors.js';

export interface Filters {
  year: number;
  /** The quarter chosen, or the quarter of the month chosen. */
  quarter: QuarterNumber | null;
  /** A calendar month of the reporting year's financial year (4 = April of year - 1), or null. */
  month: MonthNumber | null;
  /** A unit path the person may see, or null for everything they may see. */
  careGroup: string | null;
}

export interface FilterOptions {
  /** Reporting years with data, newest first. */
  years: readonly number[];
  /** The care groups (unit paths) the person may choose from. */
  careGroups: readonly string[];
  /** Whether any figure has months (false: a month is refused); absent: not checked (the month is kept). */
  monthly?: boolean;
}

/** "April 2023" for month 4 of reporting year 2024. */
export function monthOption(year: number, month: MonthNumber): string {
  return formatMonth({ year: { startYear: year - 1 }, month });
}

export type Query = Record<string, string | string[] | undefined>;

const one = (q: Query, name: string): string => {
  const v = q[name];
  return (Array.isArray(v) ? (v[0] ?? '') : (v ?? '')).trim();
};

/** Reads and checks the filters; the defaults are the newest year, the whole year and everything. */
export function parseFilters(
  query: Query,
  options: FilterOptions,
): { filters: Filters | null; problems: Problem[] } {
  // An organisation with no data yet has no period to choose: its page says so whatever was asked.
  if (options.years.length === 0) return { filters: null, problems: [] };
  const problems: Problem[] = [];
  const yearText = one(query, 'year');
  let year = options.years[0] ?? null;
  if (yearText !== '') {
    const n = /^\d{4}$/.test(yearText) ? Number(yearText) : NaN;
    if (!options.years.includes(n))
      problems.push({
        field: 'year',
        message: `There is no data for the year "${yearText}": choose ${options.years.join(', ')}`,
      });
    else year = n;
  }
  const quarterText = one(query, 'quarter');
  let quarter: QuarterNumber | null = null;
  if (quarterText !== '') {
    if (/^[1-4]$/.test(quarterText)) quarter = Number(quarterText) as QuarterNumber;
    else
      problems.push({
        field: 'quarter',
        message: `"${quarterText}" is not a quarter: choose 1, 2, 3 or 4, or the whole year`,
      });
  }
  const month = parseMonth(query, options, year, quarter, quarterText, problems);
  if (month !== null) quarter = quarterOfMonth(month);
  const careText = one(query, 'careGroup');
  let careGroup: string | null = null;
  if (careText !== '') {
    if (options.careGroups.includes(careText)) careGroup = careText;
    else
      problems.push({
        field: 'careGroup',
        message: `"${careText}" is not a care group you can see: choose one from the list`,
      });
  }
  if (problems.length > 0 || year === null) return { filters: null, problems };
  return { filters: { year, quarter, month, careGroup }, problems };
}

/**
 * The month asked for, checked: a calendar month (1 to 12) where some figure has months, and in the
 * quarter when one is asked for too. Months are named in the problem as the reporting year has them.
 */
function parseMonth(
  query: Query,
  options: FilterOptions,
  year: number | null,
  quarter: QuarterNumber | null,
  quarterText: string,
  problems: Problem[],
): MonthNumber | null {
  const text = one(query, 'month');
  if (text === '') return null;
  const n = /^\d{1,2}$/.test(text) ? Number(text) : NaN;
  const range =
    year === null
      ? 'from 1 (January) to 12 (December)'
      : `from ${monthOption(year, 4)} to ${monthOption(year, 3)}`;
  if (!isMonthNumber(n)) {
    problems.push({
      field: 'month',
      message: `"${text}" is not a month: choose a month ${range}, or none for the whole quarter or year`,
    });
    return null;
  }
  if (options.monthly === false) {
    problems.push({
      field: 'month',
      message: 'Figures by month are not available here: choose a quarter or the whole year',
    });
    return null;
  }
  if (quarter !== null && quarterOfMonth(n) !== quarter) {
    const months = monthsOfQuarter(quarter).map((m) => (year === null ? String(m) : monthOption(year, m)));
    problems.push({
      field: 'month',
      message: `${year === null ? `Month ${n}` : monthOption(year, n)} is not in quarter ${quarter}: choose ${months.join(', ')}, or none for the whole quarter`,
    });
    return null;
  }
  // A wrong quarter is reported already; a month is then not checked against it.
  if (quarter === null && quarterText !== '') return null;
  return n;
}

/**
 * The query string of a view ("?year=2024&quarter=2", "?year=2024&month=5"), leaving out defaults and the
 * quarter a month implies; `extra` adds parameters.
 */
export function queryOf(filters: Filters | null, extra: Record<string, string> = {}): string {
  const p = new URLSearchParams();
  if (filters) {
    p.set('year', String(filters.year));
    if (filters.month !== null) p.set('month', String(filters.month));
    else if (filters.quarter !== null) p.set('quarter', String(filters.quarter));
    if (filters.careGroup !== null) p.set('careGroup', filters.careGroup);
  }
  for (const [k, v] of Object.entries(extra)) p.set(k, v);
  const text = p.toString();
  return text === '' ? '' : `?${text}`;
}

const MONTHS = ['April to June', 'July to September', 'October to December', 'January to March'];

/** "Q2: July to September 2023" for quarter 2 of reporting year 2024. */
export function quarterOption(year: number, quarter: QuarterNumber): string {
  const calendarYear = quarter === 4 ? year : year - 1;
  return `Q${quarter}: ${MONTHS[quarter - 1]} ${calendarYear}`;
}

/** "2024 (staff in post at 31 March 2024; April 2023 to March 2024)" */
export function yearOption(year: number): string {
  return `${year} (staff at 31 March ${year}; April ${year - 1} to March ${year})`;
}
