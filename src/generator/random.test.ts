import { describe, expect, it } from 'vitest';
import { Categorical, Rng, drawIndex, streamKey } from './random.js';

const take = (rng: Rng, n: number) => Array.from({ length: n }, () => rng.uint32());

describe('the seeded generator', () => {
  it('gives the same sequence for the same key and different ones for different keys', () => {
    expect(take(Rng.for(1, 'DHF', 'people', 2024), 20)).toEqual(take(Rng.for(1, 'DHF', 'people', 2024), 20));
    expect(take(Rng.for(1, 'DHF', 'people', 2024), 20)).not.toEqual(
      take(Rng.for(2, 'DHF', 'people', 2024), 20),
    );
    expect(take(Rng.for(1, 'DHF', 'people', 2024), 20)).not.toEqual(
      take(Rng.for(1, 'DHF', 'people', 2023), 20),
    );
    expect(streamKey(7, 'DCM', 'cases', 2022)).toBe('parity-generate/v1|7|DCM|cases|2022');
  });

  it('draws uniform numbers, whole numbers in range and counts with the right mean', () => {
    const rng = Rng.for(1, 'test');
    const xs = Array.from({ length: 20_000 }, () => rng.next());
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(xs.reduce((a, b) => a + b, 0) / xs.length).toBeCloseTo(0.5, 1);
    const ints = Array.from({ length: 5_000 }, () => rng.between(3, 7));
    expect(new Set(ints)).toEqual(new Set([3, 4, 5, 6, 7]));
    const p = Array.from({ length: 5_000 }, () => rng.poisson(4));
    expect(p.reduce((a, b) => a + b, 0) / p.length).toBeCloseTo(4, 0);
    const b = Array.from({ length: 2_000 }, () => rng.binomial(200, 0.25));
    expect(b.reduce((a, c) => a + c, 0) / b.length).toBeCloseTo(50, -1);
    expect(rng.binomial(0, 0.5)).toBe(0);
  });

  it('draws categories in proportion to their weights', () => {
    const rng = Rng.for(1, 'categorical');
    const c = new Categorical([
      ['a', 1],
      ['b', 3],
      ['none', 0],
    ]);
    const counts: Record<string, number> = { a: 0, b: 0, none: 0 };
    for (let i = 0; i < 8_000; i++) counts[c.draw(rng)]!++;
    expect(counts.none).toBe(0);
    expect(counts.b! / counts.a!).toBeGreaterThan(2.6);
    expect(counts.b! / counts.a!).toBeLessThan(3.4);
    expect(drawIndex(rng, [0, 0, 5])).toBe(2);
    expect(() => new Categorical([['x', 0]])).toThrow(RangeError);
  });
});
