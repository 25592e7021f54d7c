import { describe, expect, it } from 'vitest';
import { computeIndicators } from '../../engine/index.js';
import { characteristicsTrust } from '../../engine/__golden__/characteristics.fixture.js';
import { breakdownViews, valueLabel } from './breakdowns.js';
import { protectionFor } from './protect.js';
import { crossedDimensions, withoutSelfCrossings } from './crossed.js';

describe('crossed views', () => {
  it('crosses a figure with every other characteristic, never its own', () => {
    expect(crossedDimensions('wres')).toEqual(['sex', 'wdesGroup']);
    expect(crossedDimensions('epg')).toEqual(['sex', 'wdesGroup']);
    expect(crossedDimensions('wdes')).toEqual(['sex', 'wresGroup']);
    expect(crossedDimensions('sex')).toEqual(['wresGroup', 'wdesGroup']);
    expect(crossedDimensions('none')).toEqual([]);
  });

  it('drops the breakdowns that cross a figure with itself, and keeps the rest', () => {
    const results = computeIndicators({
      year: 2024,
      datasets: characteristicsTrust(),
      only: ['WRES1'],
      breakdown: [['sex'], ['wresGroup'], ['wdesGroup'], ['grade']],
    });
    const m = results.indicators[0]!.parts[0]!.metric;
    expect(m.breakdowns.map((b) => b.by.join('+'))).toEqual(['sex', 'wresGroup', 'wdesGroup', 'grade']);
    expect(withoutSelfCrossings(m).breakdowns.map((b) => b.by.join('+'))).toEqual([
      'sex',
      'wdesGroup',
      'grade',
    ]);
  });

  it('labels the rows of a crossed view in words', () => {
    expect(valueLabel('sex', 'F')).toBe('Women');
    expect(valueLabel('sex', 'U')).toBe('Unknown / not stated');
    expect(valueLabel('wdesGroup', 'NON_DISABLED')).toBe('Non-disabled');
    expect(valueLabel('wresGroup', 'BME')).toBe('BME');
    expect(valueLabel('wresGroup', 'UNKNOWN')).toBe('Unknown / not stated');
  });

  it('shows a crossed view’s rows in the characteristic’s order, labelled in words', () => {
    const results = computeIndicators({
      year: 2024,
      datasets: characteristicsTrust(),
      only: ['WDES1'],
      breakdown: [['wresGroup'], ['sex']],
    });
    const exact = () => (_slot: string, n: number) => ({
      exact: n,
      value: n,
      text: String(n),
      withheld: false,
      rounded: false,
    });
    const views = breakdownViews(
      results.indicators[0]!,
      results.settings,
      exact,
      protectionFor(results.settings, false),
    );
    expect(views.map((v) => [v.title, v.rows.map((r) => r.label)])).toEqual([
      ['Ethnicity', ['White', 'BME', 'Unknown / not stated']],
      ['Sex', ['Women', 'Men']],
    ]);
    // WDES 1 by ethnicity: Disabled staff among White (2 of 10), BME (2 of 8) and unknown (0 of 2).
    expect(views[0]!.rows.map((r) => r.cells.map((c) => c.text))).toEqual([
      ['2', '10', '20.0%'],
      ['2', '8', '25.0%'],
      ['0', '2', '0.0%'],
    ]);
  });
});
