/**
 * Reference data: the population a trust serves by ONS broad ethnic group (census 2021, England's mix
 * scaled by the trust's local factor), and the national benchmarks of standards.md §11.
 */
import { DATASETS } from '../ingest/schemas/index.js';
import type { DatasetRows } from './context.js';
import { Rng } from './random.js';
import type { TrustPlan } from './trusts.js';
import type { Cell } from './writers.js';

export const POPULATION_KEYS = DATASETS.population.fields.map((f) => f.key);
export const BENCHMARK_KEYS = DATASETS.benchmarks.fields.map((f) => f.key);

/** England and Wales, census 2021: share of each ONS broad group among people not White. */
const MINORITY_MIX: readonly [string, number][] = [
  ['Asian', 9.6],
  ['Black', 4.2],
  ['Mixed', 3.0],
  ['Other', 2.2],
];
const ENGLAND_MINORITY = 0.19;

export function populationRows(seed: number, plan: TrustPlan): DatasetRows {
  const rng = Rng.for(seed, plan.odsCode, 'population');
  const minority = Math.min(0.85, ENGLAND_MINORITY * plan.bmeFactor * (0.85 + 0.3 * rng.next()));
  const mixTotal = MINORITY_MIX.reduce((a, [, w]) => a + w, 0);
  const counts: [string, number][] = [['White', Math.round(plan.population * (1 - minority))]];
  for (const [group, w] of MINORITY_MIX)
    counts.push([group, Math.round((plan.population * minority * w * (0.8 + 0.4 * rng.next())) / mixTotal)]);
  const rows = counts.map(([group, count]) => {
    const values: Readonly<Record<string, Cell>> = { area: plan.area, year: 2021, group, count };
    return POPULATION_KEYS.map((k) => values[k] ?? null);
  });
  return { layout: { header: POPULATION_KEYS }, rows };
}

/** National values (standards.md §11, TV17 and TV18). */
export const NATIONAL_BENCHMARKS: readonly [
  indicator: string,
  year: number,
  value: number,
  source: string,
][] = [
  ['WRES2', 2022, 1.54, 'NHS England WRES 2022 data analysis report'],
  ['WRES2', 2023, 1.59, 'NHS England WRES 2023 data analysis report'],
  ['WRES3', 2022, 1.14, 'NHS England WRES 2022 data analysis report'],
  ['WDES2', 2023, 0.99, 'NHS England WDES 2023 annual report'],
  ['WDES3', 2023, 2.17, 'NHS England WDES 2023 annual report'],
];

export function benchmarkRows(): DatasetRows {
  const rows = NATIONAL_BENCHMARKS.map(([indicator, year, value, source]) => {
    const values: Readonly<Record<string, Cell>> = {
      indicator,
      year,
      scope: 'National',
      region: '',
      value,
      source,
    };
    return BENCHMARK_KEYS.map((k) => values[k] ?? null);
  });
  return { layout: { header: BENCHMARK_KEYS }, rows };
}
