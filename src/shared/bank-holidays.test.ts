import { describe, expect, it } from 'vitest';
import { bankHolidays, easterSunday, workingDays } from './bank-holidays.js';

/** As published by the UK government for each region (gov.uk/bank-holidays). */
const PUBLISHED = {
  'england-and-wales': {
    2022: [
      '2022-01-03',
      '2022-04-15',
      '2022-04-18',
      '2022-05-02',
      '2022-06-02',
      '2022-06-03',
      '2022-08-29',
      '2022-09-19',
      '2022-12-26',
      '2022-12-27',
    ],
    2023: [
      '2023-01-02',
      '2023-04-07',
      '2023-04-10',
      '2023-05-01',
      '2023-05-08',
      '2023-05-29',
      '2023-08-28',
      '2023-12-25',
      '2023-12-26',
    ],
    2024: [
      '2024-01-01',
      '2024-03-29',
      '2024-04-01',
      '2024-05-06',
      '2024-05-27',
      '2024-08-26',
      '2024-12-25',
      '2024-12-26',
    ],
    2025: [
      '2025-01-01',
      '2025-04-18',
      '2025-04-21',
      '2025-05-05',
      '2025-05-26',
      '2025-08-25',
      '2025-12-25',
      '2025-12-26',
    ],
    2026: [
      '2026-01-01',
      '2026-04-03',
      '2026-04-06',
      '2026-05-04',
      '2026-05-25',
      '2026-08-31',
      '2026-12-25',
      '2026-12-28',
    ],
    2027: [
      '2027-01-01',
      '2027-03-26',
      '2027-03-29',
      '2027-05-03',
      '2027-05-31',
      '2027-08-30',
      '2027-12-27',
      '2027-12-28',
    ],
  },
  scotland: {
    2024: [
      '2024-01-01',
      '2024-01-02',
      '2024-03-29',
      '2024-05-06',
      '2024-05-27',
      '2024-08-05',
      '2024-12-02',
      '2024-12-25',
      '2024-12-26',
    ],
    2026: [
      '2026-01-01',
      '2026-01-02',
      '2026-04-03',
      '2026-05-04',
      '2026-05-25',
      '2026-08-03',
      '2026-11-30',
      '2026-12-25',
      '2026-12-28',
    ],
  },
  'northern-ireland': {
    2025: [
      '2025-01-01',
      '2025-03-17',
      '2025-04-18',
      '2025-04-21',
      '2025-05-05',
      '2025-05-26',
      '2025-07-14',
      '2025-08-25',
      '2025-12-25',
      '2025-12-26',
    ],
  },
} as const;

describe('bank holidays', () => {
  it('find Easter Sunday by the Gregorian rule', () => {
    expect([2024, 2025, 2026, 2027, 2038].map(easterSunday)).toEqual([
      '2024-03-31',
      '2025-04-20',
      '2026-04-05',
      '2027-03-28',
      '2038-04-25',
    ]);
  });

  for (const [region, years] of Object.entries(PUBLISHED))
    for (const [year, days] of Object.entries(years))
      it(`are those published for ${region} in ${year}, substitute days included`, () => {
        expect(bankHolidays(Number(year), region as keyof typeof PUBLISHED)).toEqual(days);
      });

  it('are none where the setting says so', () => {
    expect(bankHolidays(2026, 'none')).toEqual([]);
  });

  it('leave Monday to Friday, less the holidays and the closed days, as working days', () => {
    const working = workingDays('england-and-wales', ['2027-06-04']);
    expect(['2026-04-02', '2026-04-03', '2026-04-04', '2026-04-06', '2026-04-07'].map(working)).toEqual([
      true,
      false,
      false,
      false,
      true,
    ]);
    expect(working('2027-06-04')).toBe(false);
    expect(workingDays('none')('2026-04-03')).toBe(true);
  });
});
