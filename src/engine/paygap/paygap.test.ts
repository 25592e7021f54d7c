import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gapPercent, mean, median } from './gaps.js';
import { hourlyRate, hourlyValue, weeklyPay } from './hourly.js';
import { allocateQuartiles, quartileSizes } from './quartiles.js';

const DAYS = { weekly: 7, fortnightly: 14, four_weekly: 28, monthly: 30.44, annual: 365.25 };

describe('hourly pay', () => {
  it('TV15: £2,500 monthly, 37.5 hours -> weekly £574.90, hourly £15.33', () => {
    const record = {
      ordinaryPay: 2500,
      bonusInPeriod: 0,
      payPeriod: 'monthly' as const,
      periodDays: null,
      weeklyHours: 37.5,
    };
    expect(weeklyPay(record, DAYS).value!.toFixed(2)).toBe('574.90');
    expect(hourlyRate(record, DAYS).value!.toFixed(2)).toBe('15.33');
  });

  it('adds the bonus in the period, uses the record period length, and refuses zero hours', () => {
    const base = {
      ordinaryPay: 700,
      bonusInPeriod: 70,
      payPeriod: 'weekly' as const,
      periodDays: null,
      weeklyHours: 35,
    };
    expect(hourlyRate(base, DAYS).value).toBeCloseTo(22);
    expect(hourlyRate({ ...base, periodDays: 14 }, DAYS).value).toBeCloseTo(11);
    expect(hourlyRate({ ...base, weeklyHours: 0 }, DAYS)).toEqual({
      value: null,
      reason: 'ZERO_DENOMINATOR',
    });
  });

  it('hourlyValue is exactly the value of hourlyRate, for any record', () => {
    const amount = fc.oneof(fc.double(), fc.constantFrom(0, -1, 1e308, Number.NaN, Infinity));
    fc.assert(
      fc.property(
        fc.record({
          ordinaryPay: amount,
          bonusInPeriod: fc.option(amount),
          payPeriod: fc.constantFrom('weekly', 'fortnightly', 'four_weekly', 'monthly', 'annual', 'daily'),
          periodDays: fc.option(amount),
          weeklyHours: fc.option(amount),
        }),
        (record) => {
          const r = record as never;
          expect(hourlyValue(r, DAYS)).toBe(hourlyRate(r, DAYS).value);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('gaps', () => {
  it('mean, median (even count: mean of the middle two) and the gap formula', () => {
    expect(mean([10, 20, 30])).toBe(20);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([5, 1, 3])).toBe(3);
    expect(median([])).toBeNull();
    expect(gapPercent(20, 18).value).toBeCloseTo(10);
    expect(gapPercent(18, 20).value).toBeCloseTo(-11.1111, 4);
    expect(gapPercent(0, 5).reason).toBe('ZERO_REFERENCE');
    expect(gapPercent(null, 5).reason).toBe('EMPTY_GROUP');
  });
});

describe('quartiles', () => {
  it.each([
    [8, 'LOWER_THEN_UPPER_MIDDLE', [2, 2, 2, 2]],
    [9, 'LOWER_THEN_UPPER_MIDDLE', [3, 2, 2, 2]],
    [10, 'LOWER_THEN_UPPER_MIDDLE', [3, 2, 3, 2]],
    [11, 'LOWER_THEN_UPPER_MIDDLE', [3, 3, 3, 2]],
    [10, 'LOWEST_FIRST', [3, 3, 2, 2]],
    [0, 'LOWEST_FIRST', [0, 0, 0, 0]],
  ] as const)('sizes for %d people (%s)', (n, rule, sizes) => {
    expect(quartileSizes(n, rule)).toEqual(sizes);
  });

  it('shares a tie across a boundary so each band has the same mix (reg 13(2))', () => {
    const entries = [
      ...Array.from({ length: 3 }, () => ({ value: 1, group: 'M' })),
      ...Array.from({ length: 3 }, () => ({ value: 1, group: 'F' })),
      { value: 2, group: 'M' },
      { value: 2, group: 'F' },
    ];
    const a = allocateQuartiles(entries, ['M', 'F'], 'LOWER_THEN_UPPER_MIDDLE');
    expect(a.bands.map((b) => b.counts)).toEqual([
      { M: 1, F: 1 },
      { M: 1, F: 1 },
      { M: 1, F: 1 },
      { M: 1, F: 1 },
    ]);
  });

  it('property: bands have their sizes, every person is placed once, ranks are respected', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ value: fc.integer({ min: 1, max: 6 }), group: fc.constantFrom('M', 'F', 'X') }),
          { maxLength: 60 },
        ),
        (entries) => {
          const a = allocateQuartiles(entries, ['M', 'F', 'X'], 'LOWER_THEN_UPPER_MIDDLE');
          a.bands.forEach((b, j) =>
            expect(Object.values(b.counts).reduce((x, y) => x + y, 0)).toBe(a.sizes[j]),
          );
          for (const g of ['M', 'F', 'X'])
            expect(a.bands.reduce((s, b) => s + (b.counts[g] ?? 0), 0)).toBe(
              entries.filter((e) => e.group === g).length,
            );
          for (let j = 1; j < 4; j++) {
            const lo = a.bands[j - 1]!.max;
            const hi = a.bands[j]!.min;
            if (lo !== null && hi !== null) expect(lo).toBeLessThanOrEqual(hi);
          }
          const shuffled = [...entries].reverse();
          expect(allocateQuartiles(shuffled, ['M', 'F', 'X'], 'LOWER_THEN_UPPER_MIDDLE')).toEqual(a);
        },
      ),
    );
  });
});
