import { describe, expect, it } from 'vitest';
import {
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

describe('WRES/WDES reporting window', () => {
  it('uses the 31 March snapshot, the financial year to it, and the survey of the autumn before', () => {
    expect(standardsReportingWindow(2024)).toEqual({
      snapshotDate: '2024-03-31',
      processPeriod: { start: '2023-04-01', end: '2024-03-31' },
      surveyYear: 2023,
    });
  });
});
