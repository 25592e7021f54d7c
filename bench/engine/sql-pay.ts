/**
 * SQL for the gender pay gap (standards.md §8.1) on the 31 March pay records: hourly pay per full-pay
 * relevant employee, mean and median gaps, bonus gaps and the proportion receiving a bonus (each for the
 * trust and every care group, the care group being the person's in the workforce), and the four pay
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

const GAPS: readonly (readonly [string, 'avg' | 'median', string, string])[] = [
  ['GPG_MEAN', 'avg', 'hourly', 'fullPayRelevant = true'],
  ['GPG_MEDIAN', 'median', 'hourly', 'fullPayRelevant = true'],
  ['GPG_BONUS_MEAN', 'avg', 'bonus12Months', 'bonus12Months > 0'],
  ['GPG_BONUS_MEDIAN', 'median', 'bonus12Months', 'bonus12Months > 0'],
];

const BONUS_PROPORTION: RateSpec = {
  prefix: 'bonus',
  indicator: 'GPG_BONUS_PROPORTION',
  groups: ['M', 'F', 'X', 'UNKNOWN'],
  groupColumn: 'sg',
  population: 'true',
  events: 'bonus12Months > 0',
};

const gaps: SqlQuery = {
  indicators: [...GAPS.map(([id]) => id), BONUS_PROPORTION.indicator],
  sql: (t: Tables) => {
    const columns = GAPS.flatMap(([id, fn, column, where]) => [
      count(where, `${id}_rows`),
      ...['M', 'F'].flatMap((g) => [
        `count(${column}) filter (where ${where} and sg = '${g}') as ${id}_${g}_n`,
        `${fn}(${column}) filter (where ${where} and sg = '${g}') as ${id}_${g}_value`,
      ]),
    ]);
    const gapColumns = GAPS.map(
      ([id]) => `case when ${id}_M_value is null or ${id}_F_value is null or ${id}_M_value = 0 then null
        else (${id}_M_value - ${id}_F_value) / ${id}_M_value * 100 end as ${id}_F_gap`,
    );
    return `
      with counted as (
        select trust, ${CARE_GROUP}, ${[...columns, ...rateColumns(BONUS_PROPORTION)].join(', ')}
        from ${t.payAt} group by grouping sets ((trust, cg), (trust))
      )
      select *, ${[...gapColumns, ...rateExpressions(BONUS_PROPORTION)].join(', ')} from counted`;
  },
  figures(row: Row, add: Add) {
    const cg = text(row.cg);
    for (const [id] of GAPS) {
      if (value(row[`${id}_rows`]) === 0) continue;
      for (const detail of ['M_n', 'M_value', 'F_n', 'F_value', 'F_gap'])
        add(cg, id, detail.replace('_', ':'), value(row[`${id}_${detail}`]));
    }
    rateFigures(BONUS_PROPORTION, row, add);
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
