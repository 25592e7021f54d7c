/**
 * SQL for the pay gaps (standards.md §8) on the 31 March pay records: hourly pay per full-pay relevant
 * employee, mean and median gaps, bonus gaps and the proportion receiving a bonus, for the gender pay gap,
 * the ethnicity pay gap (White British against ethnic minorities) and the disability pay gap (each for the
 * trust and every care group, the care group being the person's in the workforce), and the four gender pay
 * quartiles with the remainder rule and the exact tie rule of paygap/quartiles.ts (largest-remainder
 * sharing of each tied hourly rate between the bands it straddles, men first).
 */
import {
  CARE_GROUP,
  count,
  rateColumns,
  rateExpressions,
  rateFigures,
  text,
  value,
  type Add,
  type RateSpec,
  type Row,
  type SqlQuery,
  type Tables,
} from './sql-common.js';
import { WHOLE_TRUST } from './figures.js';

/** A pay gap comparison: the standard's prefix, the group column of `payAt`, and its groups. */
interface GapSpec {
  standard: 'GPG' | 'EPG' | 'DPG';
  groupColumn: string;
  reference: string;
  comparison: string;
  /** Every group of the scheme (the proportion receiving a bonus is shown for each). */
  groups: readonly string[];
}

const GAP_SPECS: readonly GapSpec[] = [
  { standard: 'GPG', groupColumn: 'sg', reference: 'M', comparison: 'F', groups: ['M', 'F', 'X', 'UNKNOWN'] },
  {
    standard: 'EPG',
    groupColumn: 'eg',
    reference: 'WHITE_BRITISH',
    comparison: 'ETHNIC_MINORITY',
    groups: ['WHITE_BRITISH', 'ETHNIC_MINORITY', 'UNKNOWN'],
  },
  {
    standard: 'DPG',
    groupColumn: 'dg',
    reference: 'NON_DISABLED',
    comparison: 'DISABLED',
    groups: ['NON_DISABLED', 'DISABLED', 'UNKNOWN'],
  },
];

/** The four gap measures: indicator suffix, aggregate, value column, and who counts. */
const MEASURES: readonly (readonly [string, 'avg' | 'median', string, string])[] = [
  ['MEAN', 'avg', 'hourly', 'fullPayRelevant = true'],
  ['MEDIAN', 'median', 'hourly', 'fullPayRelevant = true'],
  ['BONUS_MEAN', 'avg', 'bonus12Months', 'bonus12Months > 0'],
  ['BONUS_MEDIAN', 'median', 'bonus12Months', 'bonus12Months > 0'],
];

/** The proportion receiving a bonus, by every group of a gap's scheme. */
const bonusProportion = (g: GapSpec): RateSpec => ({
  prefix: `${g.standard.toLowerCase()}_bonus`,
  indicator: `${g.standard}_BONUS_PROPORTION`,
  groups: g.groups,
  groupColumn: g.groupColumn,
  population: 'true',
  events: 'bonus12Months > 0',
});

const PROPORTIONS = GAP_SPECS.map(bonusProportion);

/**
 * Mean and median hourly pay and bonus gaps and the proportion receiving a bonus, for the gender,
 * ethnicity (White British against ethnic minorities) and disability pay gaps.
 */
const gaps: SqlQuery = {
  indicators: [
    ...GAP_SPECS.flatMap((g) => MEASURES.map(([m]) => `${g.standard}_${m}`)),
    ...PROPORTIONS.map((p) => p.indicator),
  ],
  sql: (t: Tables) => {
    const columns = GAP_SPECS.flatMap((g) =>
      MEASURES.flatMap(([m, fn, column, where]) => {
        const id = `${g.standard}_${m}`;
        return [
          count(where, `${id}_rows`),
          ...[g.reference, g.comparison].flatMap((group, k) => [
            `count(${column}) filter (where ${where} and ${g.groupColumn} = '${group}') as ${id}_${k}_n`,
            `${fn}(${column}) filter (where ${where} and ${g.groupColumn} = '${group}') as ${id}_${k}_value`,
          ]),
        ];
      }),
    );
    const gapColumns = GAP_SPECS.flatMap((g) =>
      MEASURES.map(([m]) => {
        const id = `${g.standard}_${m}`;
        return `case when ${id}_0_value is null or ${id}_1_value is null or ${id}_0_value = 0 then null
          else (${id}_0_value - ${id}_1_value) / ${id}_0_value * 100 end as ${id}_1_gap`;
      }),
    );
    return `
      with counted as (
        select trust, ${CARE_GROUP}, ${[...columns, ...PROPORTIONS.flatMap(rateColumns)].join(', ')}
        from ${t.payAt} group by grouping sets ((trust, cg), (trust))
      )
      select *, ${[...gapColumns, ...PROPORTIONS.flatMap(rateExpressions)].join(', ')} from counted`;
  },
  figures(row: Row, add: Add) {
    const cg = text(row.cg);
    for (const g of GAP_SPECS) {
      for (const [m] of MEASURES) {
        const id = `${g.standard}_${m}`;
        if (value(row[`${id}_rows`]) === 0) continue;
        [g.reference, g.comparison].forEach((group, k) => {
          add(cg, id, `${group}:n`, value(row[`${id}_${k}_n`]));
          add(cg, id, `${group}:value`, value(row[`${id}_${k}_value`]));
        });
        add(cg, id, `${g.comparison}:gap`, value(row[`${id}_1_gap`]));
      }
    }
    for (const p of PROPORTIONS) rateFigures(p, row, add);
  },
};

const BANDS = ['LOWER', 'LOWER_MIDDLE', 'UPPER_MIDDLE', 'UPPER'] as const;

/** Pay quartiles: seats 0..n-1 by hourly pay; ties shared between bands by largest remainders, men first. */
const quartiles: SqlQuery = {
  indicators: ['GPG_QUARTILES'],
  sql: (t: Tables) => `
    with entries as (
      select trust, hourly as v, sg from ${t.payAt}
      where fullPayRelevant = true and hourly is not null and sg in ('M', 'F')
    ),
    sizes as (
      select trust, n, n // 4 + (n % 4 >= 1)::int as s1, n // 4 + (n % 4 = 3)::int as s2,
        n // 4 + (n % 4 >= 2)::int as s3, n // 4 as s4
      from (select trust, count(*) as n from entries group by trust)
    ),
    bands as (
      select trust, j, [s1, s2, s3, s4][j + 1] as size, edges[j + 1] as lo, edges[j + 2] as hi
      from (select *, [0, s1, s1 + s2, s1 + s2 + s3, n] as edges from sizes), range(4) r(j)
    ),
    ties as (
      select trust, v, t, m, sum(t) over (partition by trust order by v rows unbounded preceding) - t as start
      from (select trust, v, count(*) as t, count(*) filter (where sg = 'M') as m from entries group by trust, v)
    ),
    shares as (
      select ties.trust, ties.v, ties.t, ties.m, bands.j,
        least(ties.start + ties.t, bands.hi) - greatest(ties.start, bands.lo) as cap
      from ties join bands on ties.trust = bands.trust and bands.lo < ties.start + ties.t and bands.hi > ties.start
    ),
    floors as (select *, m * cap // t as fl, m * cap - (m * cap // t) * t as rem from shares),
    seated as (
      select trust, j, cap, fl + case when row_number() over (partition by trust, v order by rem desc, j)
        <= m - sum(fl) over (partition by trust, v) then 1 else 0 end as men
      from floors
    ),
    counted as (select trust, j, sum(men) as n_m, sum(cap - men) as n_f from seated group by trust, j)
    select bands.trust, bands.j, bands.size, coalesce(n_m, 0) as n_m, coalesce(n_f, 0) as n_f,
      case when bands.size = 0 then null else coalesce(n_m, 0) / bands.size * 100 end as pct_m,
      case when bands.size = 0 then null else coalesce(n_f, 0) / bands.size * 100 end as pct_f
    from bands left join counted using (trust, j)`,
  figures(row: Row, add: Add) {
    const band = BANDS[value(row.j)!]!;
    add(WHOLE_TRUST, 'GPG_QUARTILES', `${band}:size`, value(row.size));
    for (const g of ['M', 'F']) {
      add(WHOLE_TRUST, 'GPG_QUARTILES', `${band}:${g}:count`, value(row[`n_${g.toLowerCase()}`]));
      add(WHOLE_TRUST, 'GPG_QUARTILES', `${band}:${g}:pct`, value(row[`pct_${g.toLowerCase()}`]));
    }
  },
};

export const PAY_QUERIES: SqlQuery[] = [gaps, quartiles];
