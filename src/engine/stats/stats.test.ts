import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareValues } from './change.js';
import { fixed, formatPoints, roundHalfAwayFromZero } from './format.js';
import { katzInterval, koopmanInterval, normalQuantile } from './intervals.js';
import { nonAdverseBand, ratioOfRates, relativeLikelihood, type LikelihoodOptions } from './likelihood.js';
import { divide, percent } from './values.js';

const options: LikelihoodOptions = {
  range: { lower: 0.8, upper: 1.25, inclusive: true },
  lowCountThreshold: 10,
  interval: { method: 'KOOPMAN_SCORE', level: 0.95 },
};
const rl = (tn: number, td: number, bn: number, bd: number, o = options) =>
  relativeLikelihood(
    { group: 'T', numerator: tn, denominator: td },
    { group: 'B', numerator: bn, denominator: bd },
    o,
  );

describe('standards.md §11 test vectors', () => {
  it('TV1: W 200/1000, BME 100/800 -> rates 0.2 and 0.125, RL 1.60, ADVERSE', () => {
    const r = rl(200, 1000, 100, 800);
    expect(r.top.value).toBe(0.2);
    expect(r.bottom.value).toBe(0.125);
    expect(r.value).toBeCloseTo(1.6, 12);
    expect(fixed(r.value, 2)).toBe('1.60');
    expect(r.band).toBe('ADVERSE');
    expect(r.flags).toEqual([]);
  });

  it('TV3: The Christie, rates 46.99% and 14.65% -> RL 3.2075', () => {
    expect(ratioOfRates(0.4699, 0.1465).value).toBeCloseTo(3.2075, 4);
  });

  it('TV4: KMPT indicator 3, rates 1.2% and 0.7% -> RL 1.714; 9 BME and 17 White staff -> LOW_N', () => {
    expect(ratioOfRates(0.012, 0.007).value).toBeCloseTo(1.714, 3);
    const r = rl(9, 750, 17, 2429);
    expect(fixed(r.value, 2)).toBe('1.71');
    expect(r.flags).toContain('LOW_N');
  });

  it('TV7: 990 / 6307 / 125 of 7422 -> 13.34% / 84.98% / 1.68%', () => {
    expect([990, 6307, 125].map((n) => fixed(percent(n, 7422).value, 2))).toEqual(['13.34', '84.98', '1.68']);
  });

  it('TV5: board BAME 17%, workforce 21% -> -4.0 pp', () => {
    expect(formatPoints(17 - 21, 1)).toBe('-4.0 pp');
  });
});

describe('relative likelihood edge cases (standards.md §4)', () => {
  it.each([
    ['bottom group empty', [1, 10, 0, 0], null, 'ZERO_DENOMINATOR'],
    ['top group empty', [0, 0, 1, 10], null, 'ZERO_DENOMINATOR'],
    ['bottom numerator 0', [3, 10, 0, 10], null, 'ZERO_BOTTOM_RATE'],
    ['top numerator 0 is a valid 0', [0, 10, 3, 10], 0, null],
  ] as const)('%s', (_, [a, b, c, d], value, reason) => {
    const r = rl(a, b, c, d);
    expect(r.value).toBe(value);
    expect(r.reason).toBe(reason);
    expect(Number.isNaN(r.value)).toBe(false);
  });

  it('flags a numerator above its denominator (appointed > shortlisted) and still computes', () => {
    const r = rl(12, 10, 5, 10);
    expect(r.flags).toContain('DATA_QUALITY');
    expect(r.value).toBeCloseTo(2.4);
    expect(r.interval).toBeNull();
  });

  it.each([
    [1.25, 'NON_ADVERSE'],
    [1.2500001, 'ADVERSE'],
    [0.8, 'NON_ADVERSE'],
    [0.7999, 'FAVOURS_PROTECTED_GROUP'],
    [1, 'NON_ADVERSE'],
  ] as const)('places %d in the non-adverse range as %s (inclusive bounds)', (v, band) => {
    expect(nonAdverseBand(v, options.range)).toBe(band);
  });

  it('exclusive bounds make the bounds themselves adverse or favourable', () => {
    const range = { lower: 0.8, upper: 1.25, inclusive: false };
    expect(nonAdverseBand(1.25, range)).toBe('ADVERSE');
    expect(nonAdverseBand(0.8, range)).toBe('FAVOURS_PROTECTED_GROUP');
  });

  it('property: swapping the two groups inverts the relative likelihood', () => {
    const count = fc.integer({ min: 0, max: 500 });
    fc.assert(
      fc.property(count, count, count, count, (x1, extra1, x2, extra2) => {
        const a = rl(x1, x1 + extra1, x2, x2 + extra2);
        const b = rl(x2, x2 + extra2, x1, x1 + extra1);
        if (a.value !== null && b.value !== null && a.value > 0) expect(a.value * b.value).toBeCloseTo(1, 10);
        if (a.interval?.lower && a.interval.upper && b.interval?.lower && b.interval.upper) {
          expect(a.interval.lower * b.interval.upper).toBeCloseTo(1, 6);
          expect(a.interval.upper * b.interval.lower).toBeCloseTo(1, 6);
        }
      }),
    );
  });

  it('property: never NaN or Infinity, the interval contains the estimate', () => {
    const count = fc.integer({ min: 0, max: 300 });
    fc.assert(
      fc.property(
        count,
        count,
        count,
        count,
        fc.constantFrom('KOOPMAN_SCORE', 'KATZ_LOG'),
        (x1, e1, x2, e2, method) => {
          const r = rl(x1, x1 + e1, x2, x2 + e2, { ...options, interval: { method, level: 0.95 } });
          for (const v of [r.value, r.interval?.lower, r.interval?.upper, r.top.value, r.bottom.value])
            if (typeof v === 'number') expect(Number.isFinite(v)).toBe(true);
          if (r.value !== null && r.interval && method === 'KOOPMAN_SCORE') {
            expect(r.interval.lower!).toBeLessThanOrEqual(r.value * (1 + 1e-9));
            if (r.interval.upper !== null)
              expect(r.interval.upper).toBeGreaterThanOrEqual(r.value * (1 - 1e-9));
          }
        },
      ),
    );
  });
});

describe('confidence intervals', () => {
  it('computes the standard normal quantile', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 14);
    expect(normalQuantile(0.3)).toBeCloseTo(-0.5244005127080407, 14);
    expect(normalQuantile(1e-10)).toBeCloseTo(-6.361340902404056, 12);
  });

  // Reference values: statsmodels confint_proportions_2indep(method='score', compare='ratio', correction=False),
  // which is the Koopman interval.
  it.each([
    [7, 34, 1, 34, 1.2208528535148115, 42.57571760976041],
    [200, 1000, 100, 800, 1.284249566034999, 1.997487826099283],
    [9, 750, 17, 2429, 0.7823077002834429, 3.748750246277196],
    [1, 5, 1, 5, 0.1219061066061159, 8.203034514350033],
  ])('Koopman interval for %d/%d over %d/%d', (x1, n1, x2, n2, lower, upper) => {
    const ci = koopmanInterval(x1, n1, x2, n2, 0.95);
    expect(ci.lower).toBeCloseTo(lower, 8);
    expect(ci.upper).toBeCloseTo(upper, 8);
  });

  it('handles zero cells: x1 = 0 gives a lower bound of 0, x2 = 0 an unbounded upper bound', () => {
    expect(koopmanInterval(0, 20, 5, 30, 0.95)).toMatchObject({ lower: 0, upperReason: null });
    expect(koopmanInterval(0, 20, 5, 30, 0.95).upper).toBeCloseTo(1.0349916966206345, 8);
    const unbounded = koopmanInterval(5, 30, 0, 20, 0.95);
    expect(unbounded.lower).toBeCloseTo(0.9661913262348996, 8);
    expect(unbounded).toMatchObject({ upper: null, upperReason: 'UNBOUNDED' });
    expect(koopmanInterval(0, 10, 0, 10, 0.95)).toMatchObject({ lower: 0, upper: null });
    expect(koopmanInterval(1, 0, 1, 10, 0.95)).toMatchObject({
      lower: null,
      lowerReason: 'ZERO_DENOMINATOR',
    });
  });

  it('Katz log interval, with 0.5 added when a cell is zero', () => {
    const ci = katzInterval(200, 1000, 100, 800, 0.95);
    const se = Math.sqrt(1 / 200 - 1 / 1000 + 1 / 100 - 1 / 800);
    expect(ci.lower).toBeCloseTo(1.6 * Math.exp(-1.959963984540054 * se), 10);
    const z = katzInterval(0, 20, 5, 30, 0.95);
    expect(z.lower).toBeCloseTo(
      (0.5 / 21 / (5.5 / 31)) * Math.exp(-1.959963984540054 * Math.sqrt(1 / 0.5 - 1 / 21 + 1 / 5.5 - 1 / 31)),
      10,
    );
  });
});

describe('display rounding is separate from computation', () => {
  it.each([
    [1.005, 2, 1.01],
    [1.605, 2, 1.61],
    [-4.05, 1, -4.1],
    [2.5, 0, 3],
    [-2.5, 0, -3],
    [13.33872, 2, 13.34],
    [0.0001, 2, 0],
  ])('rounds %d to %d places as %d (half away from zero)', (x, dp, out) => {
    expect(roundHalfAwayFromZero(x, dp)).toBe(out);
  });

  it('divides safely', () => {
    expect(divide(1, 0)).toEqual({ value: null, reason: 'ZERO_DENOMINATOR' });
    expect(percent(0, 0).value).toBeNull();
  });
});

describe('change against the previous period', () => {
  it.each([
    ['TOWARDS_PARITY', 1.6, 1.4, 2, 'improved'],
    ['TOWARDS_PARITY', 1.4, 1.6, 2, 'worsened'],
    ['TOWARDS_PARITY', 1.25, 0.8, 2, 'unchanged'],
    ['TOWARDS_PARITY', 1.2, 0.7, 2, 'worsened'],
    ['TOWARDS_PARITY', 1.234, 1.231, 2, 'unchanged'],
    ['LOWER_IS_BETTER', 1.2, 0.7, 2, 'improved'],
    ['LOWER_IS_BETTER', 25.04, 25.01, 1, 'unchanged'],
    ['HIGHER_IS_BETTER', 45, 47, 1, 'improved'],
    ['TOWARDS_ZERO', -13.3, -8.3, 1, 'improved'],
    ['TOWARDS_ZERO', 5, -8, 1, 'worsened'],
    ['NONE', 1, 2, 1, 'not comparable'],
  ] as const)('%s: %d -> %d at %d dp is %s', (direction, before, after, dp, status) => {
    expect(compareValues('m', before, after, direction, dp).status).toBe(status);
  });

  it('is not comparable without a previous value', () => {
    expect(compareValues('m', null, 1.2, 'LOWER_IS_BETTER', 2)).toMatchObject({
      status: 'not comparable',
      difference: null,
    });
  });
});
