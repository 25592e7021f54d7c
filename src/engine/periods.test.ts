import { describe, expect, it } from 'vitest';
import {
  FINANCIAL_YEAR_MONTHS,
  formatMonth,
  isMonthNumber,
  monthRange,
  monthsOfQuarter,
  quarterOfMonth,
  financialYearOf,
  financialYearRange,
  financialYearLabel,
  formatFinancialYear,
  formatQuarter,
  inRange,
  parseFinancialYear,
  parseIsoDate,
  parseQuarter,
  quarterOf,
  quarterRange,
  standardsReportingWindow,
} from './periods.js';

describe('financial years', () => {
  it.each([
    ['2024/25', 2024],
    ['2024-25', 2024],
    ['2024/2025', 2024],
    ['FY2024/25', 2024],
    ['fy 24/25', 2024],
    ['1999/00', 1999],
  ])('reads %s', (text, startYear) => {
    expect(parseFinancialYear(text)).toEqual({ startYear });
  });

  it.each(['2024/26', '2024', '24', '2024/2026', 'Q4 2024/25', ''])('refuses %s', (text) => {
    expect(parseFinancialYear(text)).toBeNull();
  });

  it('formats and spans 1 April to 31 March', () => {
    expect(formatFinancialYear({ startYear: 2024 })).toBe('2024/25');
    expect(formatFinancialYear({ startYear: 1999 })).toBe('1999/00');
    expect(financialYearLabel(2009)).toBe('2009/10');
    expect(financialYearLabel(2099)).toBe('2099/00');
    expect(financialYearRange({ startYear: 2023 })).toEqual({ start: '2023-04-01', end: '2024-03-31' });
  });

  it('places dates on either side of 1 April', () => {
    expect(financialYearOf('2024-03-31')).toEqual({ startYear: 2023 });
    expect(financialYearOf('2024-04-01')).toEqual({ startYear: 2024 });
    expect(() => financialYearOf('2024-02-30')).toThrow(RangeError);
  });
});

describe('quarters', () => {
  it.each([
    ['2024-04-01', 'Q1 2024/25'],
    ['2024-06-30', 'Q1 2024/25'],
    ['2024-07-01', 'Q2 2024/25'],
    ['2024-12-31', 'Q3 2024/25'],
    ['2025-01-01', 'Q4 2024/25'],
    ['2025-03-31', 'Q4 2024/25'],
  ])('%s is in %s', (date, label) => {
    expect(formatQuarter(quarterOf(date))).toBe(label);
  });

  it('gives each quarter its calendar range, with leap years', () => {
    expect(quarterRange({ year: { startYear: 2023 }, quarter: 4 })).toEqual({
      start: '2024-01-01',
      end: '2024-03-31',
    });
    expect(quarterRange({ year: { startYear: 2024 }, quarter: 1 })).toEqual({
      start: '2024-04-01',
      end: '2024-06-30',
    });
    expect(quarterRange({ year: { startYear: 2024 }, quarter: 3 })).toEqual({
      start: '2024-10-01',
      end: '2024-12-31',
    });
  });

  it('reads quarters as the action plans write them', () => {
    expect(parseQuarter('Q4 2023/24')).toEqual({ year: { startYear: 2023 }, quarter: 4 });
    expect(parseQuarter('q2 24/25')).toEqual({ year: { startYear: 2024 }, quarter: 2 });
    expect(parseQuarter('2025/26 Q1')).toEqual({ year: { startYear: 2025 }, quarter: 1 });
    expect(parseQuarter('Q5 2023/24')).toBeNull();
    expect(parseQuarter('March 2024')).toBeNull();
  });

  it('round-trips every day of a leap financial year', () => {
    let count = 0;
    for (let m = 0; m < 12; m++) {
      const month = ((m + 3) % 12) + 1;
      const year = month >= 4 ? 2023 : 2024;
      for (let d = 1; d <= 31; d++) {
        const date = `${year}-${String(month).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
        if (!parseIsoDate(date)) continue;
        const q = quarterOf(date);
        expect(inRange(date, quarterRange(q))).toBe(true);
        expect(q.year.startYear).toBe(2023);
        count++;
      }
    }
    expect(count).toBe(366);
  });
});

describe('months of a financial year', () => {
  it('runs April to March, April to December in the first calendar year', () => {
    expect(FINANCIAL_YEAR_MONTHS).toEqual([4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3]);
    expect(monthRange({ year: { startYear: 2023 }, month: 4 })).toEqual({
      start: '2023-04-01',
      end: '2023-04-30',
    });
    expect(monthRange({ year: { startYear: 2023 }, month: 12 })).toEqual({
      start: '2023-12-01',
      end: '2023-12-31',
    });
    expect(monthRange({ year: { startYear: 2023 }, month: 2 })).toEqual({
      start: '2024-02-01',
      end: '2024-02-29',
    });
    expect(monthRange({ year: { startYear: 2024 }, month: 2 })).toEqual({
      start: '2025-02-01',
      end: '2025-02-28',
    });
    expect(formatMonth({ year: { startYear: 2023 }, month: 4 })).toBe('April 2023');
    expect(formatMonth({ year: { startYear: 2023 }, month: 3 })).toBe('March 2024');
  });

  it('puts three months in each quarter, and every day of a leap year in one month of it', () => {
    expect(([1, 2, 3, 4] as const).map(monthsOfQuarter)).toEqual([
      [4, 5, 6],
      [7, 8, 9],
      [10, 11, 12],
      [1, 2, 3],
    ]);
    for (const m of FINANCIAL_YEAR_MONTHS) expect(monthsOfQuarter(quarterOfMonth(m))).toContain(m);
    let days = 0;
    for (const month of FINANCIAL_YEAR_MONTHS) {
      const r = monthRange({ year: { startYear: 2023 }, month });
      const q = quarterRange({ year: { startYear: 2023 }, quarter: quarterOfMonth(month) });
      expect(inRange(r.start, q) && inRange(r.end, q)).toBe(true);
      days += Number(r.end.slice(8)) - Number(r.start.slice(8)) + 1;
    }
    expect(days).toBe(366);
  });

  it('knows a calendar month number', () => {
    expect([1, 12].every(isMonthNumber)).toBe(true);
    expect([0, 13, 4.5, '4', null].some(isMonthNumber)).toBe(false);
  });
});

describe('WRES/WDES reporting window', () => {
  it('uses the 31 March snapshot, the financial year to it, and the survey of the autumn before', () => {
    expect(standardsReportingWindow(2024)).toEqual({
      snapshotDate: '2024-03-31',
      processPeriod: { start: '2023-04-01', end: '2024-03-31' },
      surveyYear: 2023,
    });
  });
});
