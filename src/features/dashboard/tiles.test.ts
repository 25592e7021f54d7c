/**
 * Tiles as a reader sees them: the direction a tile states is the one its change is judged by, and a
 * tile names its figure once. On the fixture trust (reporting years 2023 and 2024) with local metrics.
 */
import path from 'node:path';
import nunjucks from 'nunjucks';
import { describe, expect, it } from 'vitest';
import { fixtureTrust } from '../../engine/__golden__/trust.fixture.js';
import type { Datasets } from '../../engine/algebra/context.js';
import type { WorkforceRecord } from '../../engine/records.js';
import {
  computeIndicators,
  toPublication,
  type IndicatorResults,
  type LocalMetricDefinition,
} from '../../engine/index.js';
import type { Period } from './context.js';
import { trendSpec } from './charts.js';
import { BETTER_WHEN } from './figures.js';
import { tileFor, type Tile, type TilePeriods } from './pages/tiles.js';

/** Staff in post with a disability recorded, by ethnicity: a rate whose level is better when higher. */
const RECORDED: LocalMetricDefinition = {
  id: 'disability-recorded-by-ethnicity',
  title: 'Disability recorded, by ethnicity',
  population: { dataset: 'workforce', at: { type: 'snapshot' } },
  characteristic: 'wres',
  outcome: { type: 'condition', where: [{ field: 'wdesGroup', op: 'ne', value: 'UNKNOWN' }] },
  statistic: { type: 'rate' },
  adverseDirection: 'HIGHER_IS_BETTER',
};
/** The same rate with no direction set. */
const UNDIRECTED: LocalMetricDefinition = {
  ...RECORDED,
  id: 'disability-recorded-no-direction',
  adverseDirection: 'NONE',
};

function period(label: string, results: IndicatorResults): Period {
  return {
    label,
    results,
    published: new Map(toPublication(results, { suppress: false }).map((p) => [p.id, p])),
    at: { unit: 'ALL', period: label },
  };
}

const localMetrics = [RECORDED, UNDIRECTED];
const datasets = fixtureTrust();
const periods: TilePeriods = {
  current: period('2024', computeIndicators({ year: 2024, datasets, localMetrics, previous: 'compute' })),
  previous: period('2023', computeIndicators({ year: 2023, datasets, localMetrics })),
  quarter: null,
};
const tiles = (local: boolean): Tile[] =>
  (local ? periods.current.results.local : periods.current.results.indicators).map((i) =>
    tileFor(i.id, periods, local)!,
  );

describe('a tile’s direction and its change', () => {
  it('judges a local rate by the direction the tile states: higher is better, so compared', () => {
    const t = tiles(true).find((x) => x.id === RECORDED.id)!;
    expect(t.headline.label).toBe('Rate for BME');
    expect(t.betterWhen).toBe('Higher is better');
    expect(t.change.status).not.toBe('not comparable');
    expect(t.change.reason).toBeNull();
  });

  it('says no direction is better where the change is not judged for want of one', () => {
    const t = tiles(true).find((x) => x.id === UNDIRECTED.id)!;
    expect(t.betterWhen).toBe(BETTER_WHEN.NONE);
    expect(t.change.reason).toBe('no direction is better for this figure');
  });

  it('never states a direction beside “no direction is better”, on any tile', () => {
    const all = [...tiles(true), ...tiles(false)];
    expect(all.length).toBeGreaterThan(20);
    const disagree = all
      .filter((t) =>
        t.change.reason === 'no direction is better for this figure'
          ? t.betterWhen !== BETTER_WHEN.NONE
          : t.betterWhen === BETTER_WHEN.NONE &&
            (t.change.status === 'improved' || t.change.status === 'worsened'),
      )
      .map((t) => `${t.id}: "${t.betterWhen}" beside "${t.change.label}: ${t.change.reason ?? ''}"`);
    expect(disagree).toEqual([]);
  });
});

describe('a tile’s markup', () => {
  const env = new nunjucks.Environment(
    new nunjucks.FileSystemLoader(path.resolve(import.meta.dirname, '..')),
    { autoescape: true },
  );
  const render = (t: Tile) =>
    env.renderString('{% from "dashboard/views/_macros.njk" import tile %}{{ tile(t, "/x", "2024/25") }}', {
      t,
    });
  const heading = (html: string) =>
    (/<h3[^>]*>([\s\S]*?)<\/h3>/.exec(html)?.[1] ?? '')
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
  const times = (text: string, part: string) => text.split(part).length - 1;

  it('names a local metric once: its title is the heading, not name and title both', () => {
    for (const t of tiles(true)) {
      const html = render(t);
      expect(heading(html), t.id).toBe(t.fullTitle);
      expect(times(html, t.fullTitle), t.id).toBe(1);
      expect(t.heading, t.id).toBe(t.fullTitle);
    }
  });

  it('names a national indicator by its number and short title', () => {
    const wres2 = tiles(false).find((t) => t.id === 'WRES2')!;
    expect(heading(render(wres2))).toBe(`WRES 2 ${wres2.title}`);
    expect(wres2.heading).toBe(`WRES 2: ${wres2.title}`);
    for (const t of tiles(false)) expect(times(heading(render(t)), t.title), t.id).toBe(1);
  });
});

describe('a percentage’s trend', () => {
  /** The value axis's domain of a trend's specification. */
  const domainOf = (values: number[]) => {
    const spec = trendSpec({
      rows: values.map((value, i) => ({ period: String(2020 + i), series: 'A', value, label: `${value}%` })),
      periods: values.map((_, i) => String(2020 + i)),
      series: [{ key: 'A', label: 'Rate' }],
      yTitle: 'Rate',
      domain: [0, 100],
    }) as unknown as { layer: { encoding: { y: { scale: { domain: number[] } } } }[] };
    return spec.layer[0]!.encoding.y.scale.domain;
  };

  it('is a share of a whole on the tile of a rate of people', () => {
    expect(tiles(true).find((t) => t.id === RECORDED.id)!.headline.percent).toBe(true);
    expect(tiles(false).find((t) => t.id === 'WRES2')!.headline.percent).toBe(false);
  });

  it('stops its axis at 100, and still fits the data below it', () => {
    expect(domainOf([86.2, 94.4])).toEqual([0, 100]);
    expect(domainOf([3.1, 8.7])).toEqual([0, 12]);
  });
});

/**
 * A trust of a few staff whose published counts round away from the exact ones (threshold 7, base 5): 10
 * of 12 in post at 31 March 2023 are substantive (83.3%; published 10 of 10, 100.0%), 11 of 13 at 31 March
 * 2024 (84.6%; published 10 of 15, 66.7%). Exactly, the share rose; as published, it fell.
 */
function smallTrust(): Datasets {
  const person = (id: string, snapshotDate: string, bankOnly: boolean): WorkforceRecord => ({
    personId: id,
    snapshotDate,
    unitPath: ['Medicine'],
    staffGroup: 'ADMIN_CLERICAL',
    occupation: null,
    grade: 'AFC_5',
    contract: bankOnly ? 'bank' : 'permanent',
    bankOnly,
    fte: bankOnly ? null : 1,
    age: 40,
    startDate: null,
    assignments: 1,
    ethnicity: 'A',
    disability: 'N',
    sex: 'F',
  });
  const year = (date: string, substantive: number, bank: number) =>
    Array.from({ length: substantive + bank }, (_, i) => person(`P${i}`, date, i >= substantive));
  return { workforce: [...year('2023-03-31', 10, 2), ...year('2024-03-31', 11, 2)] };
}

/** Staff in post who are substantive, for the whole trust: no characteristic, higher is better. */
const SUBSTANTIVE: LocalMetricDefinition = {
  id: 'substantive-share',
  title: 'Substantive share of staff in post',
  population: { dataset: 'workforce', at: { type: 'snapshot' } },
  characteristic: 'none',
  outcome: { type: 'condition', where: [{ field: 'bankOnly', op: 'eq', value: false }] },
  statistic: { type: 'rate' },
  adverseDirection: 'HIGHER_IS_BETTER',
};

describe('the publication view’s tiles', () => {
  const small = smallTrust();
  const published = (label: string, results: IndicatorResults): Period => ({
    ...period(label, results),
    published: new Map(toPublication(results, { suppress: true }).map((p) => [p.id, p])),
  });
  const view = (suppress: boolean): TilePeriods => {
    const make = suppress ? published : period;
    const localMetrics = [SUBSTANTIVE];
    return {
      current: make(
        '2024',
        computeIndicators({ year: 2024, datasets: small, localMetrics, previous: 'compute' }),
      ),
      previous: make('2023', computeIndicators({ year: 2023, datasets: small, localMetrics })),
      quarter: null,
    };
  };

  it('labels the change by the figures the reader sees, not the unrounded ones', () => {
    const full = tileFor(SUBSTANTIVE.id, view(false), true)!;
    expect([full.previous.text, full.headline.current.text, full.change.label]).toEqual([
      '83.3%',
      '84.6%',
      'Improved',
    ]);
    const pub = tileFor(SUBSTANTIVE.id, view(true), true)!;
    expect([pub.previous.text, pub.headline.current.text, pub.change.label]).toEqual([
      '100.0%',
      '66.7%',
      'Worsened',
    ]);
    expect(pub.change.colour).toBe('red');
  });

  it('shows a figure with no characteristic once: one “All” row in its table and its counts', () => {
    for (const suppress of [false, true]) {
      const t = tileFor(SUBSTANTIVE.id, view(suppress), true)!;
      expect(t.headline.counts.map((c) => c.label)).toEqual(['All']);
      const pub = toPublication(view(suppress).current.results, { suppress }).find(
        (p) => p.id === SUBSTANTIVE.id,
      )!;
      expect(pub.parts[0]!.tables[0]!.rows.map((r) => r.label)).toEqual(['All']);
    }
  });
});
