/**
 * Legible charts (issue 13): text at least 12 px as drawn (charts are shown at the size they are drawn),
 * axes that fit the data, open-ended intervals that do not squash the rest, and pictures that fit a wide
 * screen's column.
 */
import { describe, expect, it } from 'vitest';
import {
  barDomain,
  barSpec,
  chartRenderer,
  likelihoodMax,
  likelihoodSpec,
  panelsSpec,
  stackSpec,
  TEXT_SIZE,
  trendSpec,
  wrapLabel,
} from './charts.js';

const renderer = chartRenderer();

/** Every font size in an SVG, in px. */
function fontSizes(svg: string): number[] {
  return [...svg.matchAll(/font-size="([\d.]+)px"/g)].map((m) => Number(m[1]));
}

function width(svg: string): number {
  return Number(/^<svg [^>]*\bwidth="([\d.]+)"/.exec(svg)?.[1]);
}

/** The text of every single-line text element. */
function texts(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!);
}

const CLUSTERS = [
  'Cluster 1: AfC bands under 1 to 4',
  'Cluster 4: AfC bands 8c to 9 and VSM',
  'Cluster 6: Medical and dental non-consultant career grades',
];

describe('chart axes fit the data', () => {
  it('puts disability shares of 3-9% on a 0-12 axis, not 0-100, and keeps bars zero-based', () => {
    expect(barDomain([3.1, 5.0, 9.1], [0, 100])).toEqual([0, 12]);
    expect(barDomain([56.2, 96.1], [0, 100])).toEqual([0, 100]);
    expect(barDomain([-3, 12], [-3.9, 15.6])).toEqual([-3.9, 15]);
    expect(barDomain([-9.4, 16.6])).toEqual([-12, 20]);
    expect(barDomain([])).toEqual([0, 1]);
  });

  it('keeps an unbounded or far interval from stretching a likelihood axis', () => {
    const range = { lower: 0.8, upper: 1.25 };
    const rows = [
      { value: 1.4, upper: 1.72 },
      { value: 1.58, upper: 2.93 },
      { value: 4.14, upper: null },
    ];
    expect(likelihoodMax(rows, range)).toBe(5);
    expect(likelihoodMax([...rows.slice(0, 2), { value: 1.2, upper: 250 }], range)).toBe(2);
    expect(likelihoodMax([{ value: 1.1, upper: 1.3 }], range)).toBe(2);
  });

  it('draws an unbounded interval open-ended, with a note, on an axis that ends at 5', async () => {
    const svg = await renderer.svg(
      likelihoodSpec({
        rows: [
          { category: 'WRES 2', value: 1.4, lower: 1.14, upper: 1.72, label: '1.40' },
          { category: 'WDES 3', value: 4.14, lower: 1.0, upper: null, label: '4.14' },
          { category: 'WRES 3', value: 1.58, lower: 0.85, upper: 40.7, label: '1.58' },
        ],
        categories: ['WRES 2', 'WDES 3', 'WRES 3'],
        range: { lower: 0.8, upper: 1.25 },
        xTitle: 'Relative likelihood',
      }),
      'c',
    );
    const labels = texts(svg);
    expect(labels).toContain('upper bound unbounded');
    expect(labels).toContain('upper bound 40.70, beyond the axis');
    // The axis ends at 5, where the open-ended intervals stop: not at 10.
    expect(labels.some((l) => /^5(\.0)?$/.test(l))).toBe(true);
    expect(labels.some((l) => /^(6|10)(\.0)?$/.test(l))).toBe(false);
  });
});

describe('chart text is legible as shown', () => {
  it('wraps long category labels between words, in even lines', () => {
    expect(wrapLabel('WRES 6 Harassment from staff')).toBe('WRES 6 Harassment from staff');
    const lines = wrapLabel(CLUSTERS[2]!).split('\n');
    expect(lines).toEqual(['Cluster 6: Medical and dental', 'non-consultant career grades']);
    expect(wrapLabel(CLUSTERS[0]!).split('\n')).toEqual(['Cluster 1: AfC', 'bands under 1 to 4']);
  });

  it(`draws no text under ${TEXT_SIZE} px, one class on the picture, and fits a 960 px column`, async () => {
    const series = [
      { key: 'WHITE', label: 'White staff' },
      { key: 'BME', label: 'BME staff' },
    ];
    const svgs = await Promise.all([
      renderer.svg(
        barSpec({
          rows: CLUSTERS.flatMap((category, i) => [
            { category, series: 'WHITE', value: 3 + i, label: `${3 + i}.0%` },
            { category, series: 'BME', value: 5 + i, label: `${5 + i}.0%` },
          ]),
          categories: CLUSTERS,
          series,
          xTitle: '% of the cluster',
          domain: [0, 100],
          lines: [{ value: 5, label: 'Whole workforce 5.0%' }],
          ticks: [{ category: CLUSTERS[0]!, value: 4, label: '4.0%' }],
        }),
        'a',
      ),
      renderer.svg(
        stackSpec({
          rows: CLUSTERS.flatMap((category) => [
            { category, series: 'WHITE', value: 60, label: '60%' },
            { category, series: 'BME', value: 40, label: '40%' },
          ]),
          categories: CLUSTERS,
          series,
          xTitle: '% of the quartile',
        }),
        'b',
      ),
      renderer.svg(
        trendSpec({
          rows: ['2022', '2023', '2024'].flatMap((period, i) =>
            ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'].map((s, k) => ({
              period,
              series: s,
              value: i + k,
              label: `${i + k}`,
            })),
          ),
          periods: ['2022', '2023', '2024'],
          series: ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'].map((s) => ({
            key: s,
            label: `WDES 4a (iii) Harassment, bullying or abuse from colleagues ${s}`,
          })),
          yTitle: 'Gap',
        }),
        'c',
      ),
    ]);
    for (const svg of svgs) {
      expect(Math.min(...fontSizes(svg))).toBeGreaterThanOrEqual(TEXT_SIZE);
      expect(/^<svg [^>]*>/.exec(svg)![0].match(/ class="/g)).toHaveLength(1);
      expect(width(svg)).toBeLessThanOrEqual(960);
    }
  });

  it('draws the staff survey gaps as one small panel per indicator, each labelled', async () => {
    const indicators = ['WDES 4a (i) Harassment from patients and the public', 'WDES 8 Adequate adjustments'];
    const svg = await renderer.svg(
      panelsSpec({
        rows: ['2021', '2022', '2023'].flatMap((period, i) => [
          { period, series: 'A', value: 6.5 + i, label: `+${6.5 + i} pp` },
          { period, series: 'B', value: -9.4 + i, label: `${-9.4 + i} pp` },
        ]),
        periods: ['2021', '2022', '2023'],
        series: indicators.map((label, i) => ({ key: 'AB'[i]!, label })),
        yTitle: 'Gap (pp)',
        rule: 0,
      }),
      'p',
    );
    expect(Math.min(...fontSizes(svg))).toBeGreaterThanOrEqual(TEXT_SIZE);
    expect(width(svg)).toBeLessThanOrEqual(960);
    const labels = svg.replace(/<\/tspan><tspan[^>]*>/g, ' ');
    for (const name of indicators) expect(labels).toContain(name);
    expect(texts(svg)).toEqual(expect.arrayContaining(['+6.5 pp', '-9.4 pp']));
  });
});
