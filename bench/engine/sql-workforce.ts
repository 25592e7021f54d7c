/**
 * SQL for the workforce indicators: WRES 1 and WDES 1 (headcount at 31 March by row and group, with
 * percentages of each row; the WDES declaration rate), and WRES 9 / WDES 10 (board % minus workforce %).
 */
import { WHOLE_TRUST } from './figures.js';
import {
  CARE_GROUP,
  count,
  SNAPSHOT,
  staffThisYear,
  text,
  value,
  type Add,
  type Row,
  type SqlQuery,
  type Tables,
} from './sql-common.js';

const WRES = ['WHITE', 'BME', 'UNKNOWN'] as const;
const WDES = ['NON_DISABLED', 'DISABLED', 'UNKNOWN'] as const;

/** A distribution by row (WRES 1 / WDES 1): counts and % of the row per group, for trust and care group. */
function distribution(
  indicator: string,
  groups: readonly string[],
  groupColumn: string,
  rowKey: string,
  declaration: boolean,
): SqlQuery {
  const counts = groups.map((g) => count(`${groupColumn} = '${g}'`, `n_${g.toLowerCase()}`));
  return {
    indicators: declaration ? [indicator, `${indicator}.declaration`] : [indicator],
    sql: (t: Tables) => `
      with pop as (${staffThisYear(t)}),
      counted as (
        select trust, ${CARE_GROUP}, case when grouping(rowkey) = 1 then 'ALL' else rowkey end as rowkey,
          count(*) as total, ${counts.join(', ')}${declaration ? `, ${count(`dg <> 'UNKNOWN'`, 'declared')}` : ''}
        from (select *, ${rowKey} as rowkey from pop)
        group by grouping sets ((trust, cg, rowkey), (trust, rowkey), (trust, cg), (trust))
      )
      select *, ${groups.map((g) => `n_${g.toLowerCase()} / total * 100 as pct_${g.toLowerCase()}`).join(', ')}
        ${declaration ? ', declared / total as declaration_rate' : ''}
      from counted`,
    figures(row: Row, add: Add) {
      const cg = text(row.cg);
      const key = text(row.rowkey);
      add(cg, indicator, `${key}:total`, value(row.total));
      for (const g of groups) {
        add(cg, indicator, `${key}:${g}:count`, value(row[`n_${g.toLowerCase()}`]));
        add(cg, indicator, `${key}:${g}:pct`, value(row[`pct_${g.toLowerCase()}`]));
      }
      if (declaration && key === 'ALL')
        for (const [what, column] of [
          ['num', 'declared'],
          ['den', 'total'],
          ['rate', 'declaration_rate'],
        ] as const)
          add(cg, `${indicator}.declaration`, `ALL:${what}`, value(row[column]));
    },
  };
}

const WRES_ROW = `case when grade is null then 'GRADE_NOT_RECORDED'
  when starts_with(grade, 'MED_') then 'MEDICAL:' || grade else clinical_split(staffGroup) || ':' || grade end`;
const WDES_ROW = `case when wdes_cluster(grade) is null
    then case when grade is null then 'GRADE_NOT_RECORDED' else 'OUTSIDE_CLUSTERS' end
  when wdes_cluster(grade) >= 5 then 'MEDICAL:CLUSTER_' || wdes_cluster(grade)
  else clinical_split(staffGroup) || ':CLUSTER_' || wdes_cluster(grade) end`;

const PARTS: readonly (readonly [string, string])[] = [
  ['total', 'true'],
  ['voting', 'voting = true'],
  ['executive', 'executive = true'],
  ['nonVoting', 'voting = false'],
  ['nonExecutive', 'executive = false'],
];
const BOARD: readonly (readonly [string, string, string])[] = [
  ['WRES9', 'wg', 'BME'],
  ['WDES10', 'dg', 'DISABLED'],
];

/** WRES 9 and WDES 10: each board subset's % BME (Disabled) minus the workforce's, in percentage points. */
const board: SqlQuery = {
  indicators: BOARD.map(([id]) => id),
  sql: (t: Tables) => {
    const members = PARTS.flatMap(([part, where]) => [
      count(where, `${part}_total`),
      ...BOARD.map(([id, column, group]) => count(`${where} and ${column} = '${group}'`, `${part}_${id}`)),
    ]);
    const differences = PARTS.flatMap(([part]) =>
      BOARD.map(
        ([id]) => `case when coalesce(${part}_total, 0) = 0 then null
          else ${part}_${id} / ${part}_total * 100 - w_${id} / w_total * 100 end as ${part}_${id}_difference`,
      ),
    );
    return `
      with workforce as (
        select trust, count(*) as w_total, ${BOARD.map(([id, c, g]) => count(`${c} = '${g}'`, `w_${id}`)).join(', ')}
        from (${staffThisYear(t)}) group by trust
      ),
      members as (
        select trust, ${members.join(', ')}
        from (select trust, wres_group(ethnicity) as wg, wdes_group(disability) as dg, voting, executive
              from ${t.board} where snapshotDate = '${SNAPSHOT}')
        group by trust
      )
      select *, ${differences.join(', ')} from workforce left join members using (trust)`;
  },
  figures(row: Row, add: Add) {
    for (const [part] of PARTS)
      for (const [id] of BOARD) {
        const indicator = `${id}.${part}`;
        add(WHOLE_TRUST, indicator, 'population:count', value(row[`${part}_${id}`] ?? 0));
        add(WHOLE_TRUST, indicator, 'population:total', value(row[`${part}_total`] ?? 0));
        add(WHOLE_TRUST, indicator, 'comparison:count', value(row[`w_${id}`]));
        add(WHOLE_TRUST, indicator, 'comparison:total', value(row.w_total));
        add(WHOLE_TRUST, indicator, 'difference', value(row[`${part}_${id}_difference`]));
      }
  },
};

export const WORKFORCE_QUERIES: SqlQuery[] = [
  distribution('WRES1', WRES, 'wg', WRES_ROW, false),
  distribution('WDES1', WDES, 'dg', WDES_ROW, true),
  board,
];
