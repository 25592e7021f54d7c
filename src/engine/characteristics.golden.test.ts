/**
 * Golden file of every other protected characteristic and of crossed views, on the twenty-person fixture
 * of `__golden__/characteristics.fixture.ts`; every number in `__golden__/characteristics-2024.json` is
 * derived by hand in `__golden__/CHARACTERISTICS.md`. Regenerate deliberately with
 * UPDATE_GOLDEN=1 npx vitest run src/engine/characteristics.golden.test.ts, then check it by hand.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { computeIndicators } from './compute.js';
import type { StatisticResult } from './algebra/results.js';
import { characteristicsTrust } from './__golden__/characteristics.fixture.js';
import type { CharacteristicScheme, Condition, PopulationSpec } from './algebra/types.js';

const r6 = (x: number | null): number | null => (x === null ? null : Math.round(x * 1e6) / 1e6);

/** Counts and values of a result, as golden.test.ts projects them (distributions and rates only here). */
function project(result: StatisticResult): unknown {
  switch (result.type) {
    case 'distribution': {
      const row = (x: typeof result.overall) => ({
        total: x.total,
        ...Object.fromEntries(x.groups.map((g) => [g.group, [g.count, r6(g.percent)]])),
      });
      return {
        rows: Object.fromEntries(result.rows.map((x) => [x.key, row(x)])),
        overall: row(result.overall),
      };
    }
    case 'rate':
    case 'relativeLikelihood': {
      const groups = Object.fromEntries(
        [...result.groups, result.all].map((g) => [g.group, [g.numerator, g.denominator, r6(g.value)]]),
      );
      if (result.type === 'rate') return { groups };
      const rl = result.relativeLikelihood;
      return { groups, rl: r6(rl.value), top: rl.top.group, bottom: rl.bottom.group };
    }
    default:
      throw new Error(`no projection for ${result.type}`);
  }
}

const GOLDEN = path.join(import.meta.dirname, '__golden__');

const staffInPost: PopulationSpec = {
  dataset: 'workforce',
  where: [{ field: 'bankOnly', op: 'eq', value: false }],
  at: { type: 'snapshot' },
};
const appraised = {
  type: 'linked',
  dataset: 'appraisals',
  where: [{ field: 'status', op: 'eq', value: 'completed' }],
  at: { type: 'financialYear', dateField: 'date' },
} as const;

/** Each characteristic: its scheme, its record field (none for age), and its metrics' id. */
const SCHEMES: [CharacteristicScheme, string | null, string][] = [
  ['sexualOrientation', 'sexualOrientation', 'sexual-orientation'],
  ['religion', 'religion', 'religion'],
  ['genderIdentity', 'genderIdentity', 'gender-identity'],
  ['marriage', 'maritalStatus', 'marriage'],
  ['pregnancy', 'pregnancyMaternity', 'pregnancy'],
  ['ageBand', null, 'age-band'],
];

const declared = (field: string): Condition[] => [{ field, op: 'notIn', value: ['NOT_STATED', 'UNKNOWN'] }];

/** Local metrics: each characteristic's make-up, its declaration rate, and appraisal crossed two ways. */
const LOCAL = [
  ...SCHEMES.flatMap(([scheme, field, slug]) => [
    {
      id: `makeup-${slug}`,
      title: `Staff in post by ${scheme}`,
      population: staffInPost,
      characteristic: scheme,
      statistic: { type: 'distribution' },
    },
    ...(field === null
      ? []
      : [
          {
            id: `declared-${slug}`,
            title: `${scheme} recorded`,
            population: staffInPost,
            characteristic: 'none',
            outcome: { type: 'condition', where: declared(field) },
            statistic: { type: 'rate' },
          },
        ]),
  ]),
  {
    id: 'appraisal-by-sexual-orientation',
    title: 'Appraisal by sexual orientation (reference from the setting)',
    population: staffInPost,
    characteristic: 'sexualOrientation',
    outcome: appraised,
    statistic: { type: 'relativeLikelihood', outcomeIs: 'favourable' },
  },
  {
    id: 'appraisal-by-ethnicity-crossed',
    title: 'Appraisal by ethnicity, crossed with sex and with disability',
    population: staffInPost,
    characteristic: 'wres',
    outcome: appraised,
    statistic: { type: 'relativeLikelihood', outcomeIs: 'favourable' },
    breakdown: ['sex', 'wdesGroup'],
  },
];

function golden(name: string, actual: unknown): void {
  const file = path.join(GOLDEN, name);
  const text = `${JSON.stringify(actual, null, 2)}\n`;
  if (process.env.UPDATE_GOLDEN === '1') {
    writeFileSync(file, text);
    return;
  }
  if (!existsSync(file)) throw new Error(`missing golden file ${file}: run UPDATE_GOLDEN=1 to create it`);
  expect(JSON.parse(text)).toEqual(JSON.parse(readFileSync(file, 'utf8')));
}

describe('golden: other protected characteristics and crossed views, reporting year 2024', () => {
  const local = computeIndicators({ year: 2024, datasets: characteristicsTrust(), localMetrics: LOCAL });
  // National figures crossed with a second characteristic: WRES 1 by sex and by disability, WDES 1 by sex
  // and by ethnicity.
  const national = (id: string, second: string) =>
    computeIndicators({
      year: 2024,
      datasets: characteristicsTrust(),
      only: [id],
      breakdown: [['sex'], [second]],
    }).indicators;
  const results = {
    localProblems: local.localProblems,
    indicators: [...national('WRES1', 'wdesGroup'), ...national('WDES1', 'wresGroup')],
    local: local.local,
  };

  it('computes every characteristic and crossed view as derived by hand', () => {
    expect(results.localProblems).toEqual([]);
    const out: Record<string, unknown> = {};
    for (const ind of [...results.indicators, ...results.local]) {
      const m = ind.parts[0]!.metric;
      out[ind.id] = {
        ...(project(m.result) as object),
        ...Object.fromEntries(
          m.breakdowns.map((b) => [
            `by ${b.by.join(' x ')}`,
            Object.fromEntries(b.rows.map((r) => [r.key, project(r.result)])),
          ]),
        ),
      };
    }
    golden('characteristics-2024.json', out);
  });

  it('has a hand derivation for every figure', () => {
    const derivation = readFileSync(path.join(GOLDEN, 'CHARACTERISTICS.md'), 'utf8');
    for (const ind of [...results.indicators, ...results.local])
      expect(derivation, ind.id).toContain(`\`${ind.id}\``);
  });

  it('adds every crossed cell up to the single-characteristic counts and the total', () => {
    const ind = results.local.find((i) => i.id === 'appraisal-by-ethnicity-crossed')!;
    const m = ind.parts[0]!.metric;
    if (m.result.type !== 'relativeLikelihood') throw new Error('not a relative likelihood');
    const whole = m.result;
    for (const table of m.breakdowns) {
      for (const g of whole.groups) {
        const rows = table.rows.map((r) => {
          if (r.result.type !== 'relativeLikelihood') throw new Error('row type');
          return r.result.groups.find((x) => x.group === g.group)!;
        });
        expect(
          rows.reduce((s, x) => s + x.denominator, 0),
          `${table.by.join(' x ')} ${g.group}`,
        ).toBe(g.denominator);
        expect(
          rows.reduce((s, x) => s + x.numerator, 0),
          `${table.by.join(' x ')} ${g.group}`,
        ).toBe(g.numerator);
      }
      expect(
        table.rows.reduce(
          (s, r) => s + (r.result.type === 'relativeLikelihood' ? r.result.all.denominator : 0),
          0,
        ),
      ).toBe(whole.all.denominator);
    }
  });

  it('keeps prefer not to say apart from not recorded, and both out of comparisons', () => {
    const ind = results.local.find((i) => i.id === 'appraisal-by-sexual-orientation')!;
    const r = ind.parts[0]!.metric.result;
    if (r.type !== 'relativeLikelihood') throw new Error('not a relative likelihood');
    expect(r.relativeLikelihood.top.group).toBe('HETEROSEXUAL');
    expect(r.groups.map((g) => g.group)).toContain('NOT_STATED');
    expect(r.groups.map((g) => g.group)).toContain('UNKNOWN');
    expect([r.relativeLikelihood.top.group, r.relativeLikelihood.bottom.group]).not.toContain('NOT_STATED');
  });

  it('takes the reference group from the setting', () => {
    const other = computeIndicators({
      year: 2024,
      datasets: characteristicsTrust(),
      localMetrics: LOCAL,
      only: ['appraisal-by-sexual-orientation'],
      settings: {
        'characteristics.referenceGroups': {
          sexualOrientation: 'GAY_LESBIAN',
          religion: 'CHRISTIANITY',
          genderIdentity: 'SAME_AS_BIRTH',
          marriage: 'SINGLE',
          pregnancy: 'NOT_PREGNANT_OR_MATERNITY',
          ageBand: '35_44',
        },
      },
    });
    const r = other.local[0]!.parts[0]!.metric.result;
    if (r.type !== 'relativeLikelihood') throw new Error('not a relative likelihood');
    expect(r.relativeLikelihood.top.group).toBe('GAY_LESBIAN');
    expect(r.relativeLikelihood.bottom.group).toBe('HETEROSEXUAL');
  });
});
