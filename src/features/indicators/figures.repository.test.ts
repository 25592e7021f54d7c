import { describe, expect, it } from 'vitest';
import type { IndicatorResults } from '../../engine/index.js';
import { figuresJson } from './figures.repository.js';

const results = (value: number) =>
  ({
    engineVersion: 'x',
    year: 2024,
    indicators: [{ id: 'A', value }],
    local: [],
  }) as unknown as IndicatorResults;

describe('figures kept as JSON', () => {
  it('writes results whose every number JSON carries', () => {
    expect(JSON.parse(figuresJson(results(1.25))!)).toEqual(results(1.25));
  });

  it('refuses results holding a number JSON would turn into null', () => {
    for (const v of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])
      expect(figuresJson(results(v))).toBeNull();
  });
});
