/**
 * Reporting periods, as plain calendar arithmetic on ISO dates ("2024-03-31"): NHS financial years
 * (1 April to 31 March), their quarters (Q1 = April to June) and months, and the windows a WRES/WDES
 * year draws on.
 * Nothing here reads the clock; the caller passes every date.
 */
import { MONTHS } from './stats/format.js';

/** A financial year, named by the calendar year it starts in: 2024 is 2024/25 (1 Apr 2024 - 31 Mar 2025). */
export interface FinancialYear {
  readonly startYear: number;
}

export type QuarterNumber = 1 | 2 | 3 | 4;

export interface FinancialQuarter {
  readonly year: FinancialYear;
  readonly quarter: QuarterNumber;
}

/** An inclusive date range. */
export interface DateRange {
  readonly start: string;
  readonly end: string;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Splits an ISO date, or returns null when it is not a real calendar date. */
export function parseIsoDate(value: string): { year: number; month: number; day: number } | null {
  const m = ISO_DATE.exec(value);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

export function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/**
 * "2024/25": the financial year starting 1 April `startYear`, the one way Parity writes a financial year
 * (a reporting year N's events are those of `financialYearLabel(N - 1)`).
 */
export function financialYearLabel(startYear: number): string {
  return `${startYear}/${pad((startYear + 1) % 100)}`;
}

/** "2024/25" for the year starting 1 April 2024. */
export function formatFinancialYear(fy: FinancialYear): string {
  return financialYearLabel(fy.startYear);
}

/**
 * Reads a financial year as people write it: "2024/25", "2024-25", "2024/2025", "FY2024/25", "FY 24/25".
 * The second year must follow the first. Returns null for anything else.
 */
export function parseFinancialYear(text: string): FinancialYear | null {
  const m = /^\s*(?:FY\s*)?(\d{2}|\d{4})\s*[/-]\s*(\d{2}|\d{4})\s*$/i.exec(text);
  if (!m) return null;
  const first = m[1]!.length === 2 ? 2000 + Number(m[1]) : Number(m[1]);
  const second = Number(m[2]);
  const expected = first + 1;
  const ok = m[2]!.length === 4 ? second === expected : second === expected % 100;
  return ok ? { startYear: first } : null;
}

export function financialYearRange(fy: FinancialYear): DateRange {
  return { start: `${fy.startYear}-04-01`, end: `${fy.startYear + 1}-03-31` };
}

/** The financial year an ISO date falls in: 2024-03-31 is in 2023/24, 2024-04-01 in 2024/25. */
export function financialYearOf(date: string): FinancialYear {
  const d = parseIsoDate(date);
  if (!d) throw new RangeError(`not an ISO date: ${date}`);
  return { startYear: d.month >= 4 ? d.year : d.year - 1 };
}

/** The financial quarter of an ISO date: Q1 April-June ... Q4 January-March. */
export function quarterOf(date: string): FinancialQuarter {
  const d = parseIsoDate(date);
  if (!d) throw new RangeError(`not an ISO date: ${date}`);
  const shifted = (d.month + 8) % 12; // April -> 0 ... March -> 11
  return { year: financialYearOf(date), quarter: (Math.floor(shifted / 3) + 1) as QuarterNumber };
}

export function quarterRange(q: FinancialQuarter): DateRange {
  const startMonth = (((q.quarter - 1) * 3 + 3) % 12) + 1; // 4, 7, 10, 1
  const year = q.quarter === 4 ? q.year.startYear + 1 : q.year.startYear;
  const endMonth = startMonth + 2;
  return {
    start: `${year}-${pad(startMonth)}-01`,
    end: `${year}-${pad(endMonth)}-${pad(daysInMonth(year, endMonth))}`,
  };
}

/** "Q4 2023/24". */
export function formatQuarter(q: FinancialQuarter): string {
  return `Q${q.quarter} ${formatFinancialYear(q.year)}`;
}

/** Reads "Q4 2023/24", "Q4 23/24" or "2023/24 Q4". */
export function parseQuarter(text: string): FinancialQuarter | null {
  const m = /^\s*Q([1-4])\s+(.+?)\s*$/i.exec(text) ?? /^\s*(.+?)\s+Q([1-4])\s*$/i.exec(text);
  if (!m) return null;
  const [quarterText, yearText] = /^Q/i.test(text.trim()) ? [m[1]!, m[2]!] : [m[2]!, m[1]!];
  const year = parseFinancialYear(yearText);
  return year ? { year, quarter: Number(quarterText) as QuarterNumber } : null;
}

/** A calendar month: 1 is January, 12 December. */
export type MonthNumber = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12;

/**
 * A calendar month of a financial year: April to December of its first calendar year, January to March
 * of its second.
 */
export interface FinancialMonth {
  readonly year: FinancialYear;
  readonly month: MonthNumber;
}

/** The months of a financial year in order, April first. */
export const FINANCIAL_YEAR_MONTHS: readonly MonthNumber[] = [4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3];

/** Whether a value is a calendar month number (1 to 12). */
export function isMonthNumber(value: unknown): value is MonthNumber {
  return Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 12;
}

/** The calendar year a month of a financial year falls in: January to March are in the second. */
export function calendarYearOf(m: FinancialMonth): number {
  return m.month <= 3 ? m.year.startYear + 1 : m.year.startYear;
}

/**
 * The dates of a month of a financial year. Example: monthRange({ year: { startYear: 2023 }, month: 2 })
 * -> 2024-02-01 to 2024-02-29 (a leap year); month 4 of the same year -> 2023-04-01 to 2023-04-30.
 */
export function monthRange(m: FinancialMonth): DateRange {
  const year = calendarYearOf(m);
  return {
    start: `${year}-${pad(m.month)}-01`,
    end: `${year}-${pad(m.month)}-${pad(daysInMonth(year, m.month))}`,
  };
}

/** The financial quarter of a calendar month: April to June are Q1 ... January to March Q4. */
export function quarterOfMonth(month: MonthNumber): QuarterNumber {
  return (Math.floor(((month + 8) % 12) / 3) + 1) as QuarterNumber;
}

/** The three months of a financial quarter, in order: Q1 -> April, May, June. */
export function monthsOfQuarter(quarter: QuarterNumber): MonthNumber[] {
  return FINANCIAL_YEAR_MONTHS.slice((quarter - 1) * 3, quarter * 3);
}

/** "April 2023" for month 4 of 2023/24, "March 2024" for month 3 of it. */
export function formatMonth(m: FinancialMonth): string {
  return `${MONTHS[m.month - 1]!} ${calendarYearOf(m)}`;
}

/**
 * What "WRES/WDES year N" draws on (standards §0): the workforce snapshot at 31 March N; process data
 * (recruitment, disciplinary and capability cases, training) for the financial year ending that day; and the
 * NHS Staff Survey fielded in the autumn of N-1.
 *
 * Example: year 2024 -> snapshot 2024-03-31, process 2023-04-01..2024-03-31, survey 2023.
 */
export function standardsReportingWindow(year: number): {
  snapshotDate: string;
  processPeriod: DateRange;
  surveyYear: number;
} {
  return {
    snapshotDate: `${year}-03-31`,
    processPeriod: financialYearRange({ startYear: year - 1 }),
    surveyYear: year - 1,
  };
}

/** Whether an ISO date lies in an inclusive range (ISO dates compare as text). */
export function inRange(date: string, range: DateRange): boolean {
  return date >= range.start && date <= range.end;
}
