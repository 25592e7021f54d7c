/**
 * What the SQL of the DuckDB contender shares: the reporting periods of year 2024, the engine's default
 * settings turned into SQL, the classification macros (the engine's code lists as CASE expressions), and
 * helpers that write the count columns of rates and relative likelihoods.
 */
import type { JS } from '@duckdb/node-api';
import { defaultSettings, financialYearRange, type EngineSettings } from '../../src/engine/index.js';
import { ETHNIC_SUB_CODES, NATIONAL_CATEGORY_LETTERS } from '../../src/engine/classification/ethnicity.js';
import { TABLE_NAMES, type TableName } from '../support/tables.js';
import { figureKey, WHOLE_TRUST, type Figures } from './figures.js';

export const YEAR = 2024;
export const SNAPSHOT = `${YEAR}-03-31`;
export const PREVIOUS_SNAPSHOT = `${YEAR - 1}-03-31`;
export const FY = financialYearRange({ startYear: YEAR - 1 });
export const PREVIOUS_FY = financialYearRange({ startYear: YEAR - 2 });

/** The tables the queries read (the whole national set, or one trust's copy), and the shared ones they make. */
export type Tables = Record<TableName | 'staff' | 'payAt', string>;

export const tableNames = (prefix: string): Tables =>
  Object.fromEntries([...TABLE_NAMES, 'staff', 'payAt'].map((t) => [t, `${prefix}${t}`])) as Tables;
export type Row = Record<string, JS>;
export type Add = (careGroup: string, indicator: string, detail: string, value: number | null) => void;

export interface SqlQuery {
  /** The indicators this query computes. */
  indicators: string[];
  sql(t: Tables): string;
  /** Turns one result row into figures (after timing). */
  figures(row: Row, add: Add): void;
}

/** The settings the SQL is written for: the engine's defaults, checked so that a change is noticed. */
export function settings(): EngineSettings {
  const s = defaultSettings();
  const expected: Partial<Record<keyof EngineSettings, unknown>> = {
    'workforce.excludeBankOnly': true,
    'workforce.excludeNonExecutives': true,
    'wres.indicator3.windowYears': 2,
    'wres.indicator3.windowMethod': 'POOLED',
    'wdes.metric3.windowYears': 2,
    'wdes.metric3.windowMethod': 'POOLED',
    'casework.workforceDenominator': 'SNAPSHOT',
    'casework.countUnit': 'PEOPLE',
    'recruitment.appointmentAttribution': 'APPOINTMENT_DATE',
    'recruitment.excludeInternational': false,
    'board.percentBase': 'ALL',
    'paygap.quartileRemainderRule': 'LOWER_THEN_UPPER_MIDDLE',
    'paygap.disabilityReferenceGroup': 'NON_DISABLED',
  };
  for (const [id, value] of Object.entries(expected))
    if (s[id as keyof EngineSettings] !== value) throw new Error(`the SQL assumes ${id} = ${String(value)}`);
  return s;
}

export const list = (values: readonly string[]): string => values.map((v) => `'${v}'`).join(', ');

/** The engine's classifications (src/engine/classification) as DuckDB macros. */
export function macros(): string[] {
  const s = settings();
  const days = s['paygap.daysInPayPeriod'];
  return [
    // wresGroup: the first letter of a national category code; anything else (Z, 99, blank) is unknown.
    `create or replace macro wres_group(e) as case when left(e, 1) in ('A', 'B', 'C') then 'WHITE'
      when left(e, 1) in ('D', 'E', 'F', 'G', 'H', 'J', 'K', 'L', 'M', 'N', 'P', 'R', 'S') then 'BME' else 'UNKNOWN' end`,
    `create or replace macro wdes_group(d) as case d when 'Y' then 'DISABLED' when 'N' then 'NON_DISABLED' else 'UNKNOWN' end`,
    `create or replace macro sex_group(x) as case when x in ('M', 'F', 'X') then x else 'UNKNOWN' end`,
    // epgGroup: unknown without a national category (Z, 99, blank, a letter outside A-S); White British by
    // the ethnicity.whiteBritishCodes setting, a listed code or a local sub-code of a listed letter.
    `create or replace macro epg_group(e) as case
      when e in ('Z', '99', '') or left(e, 1) not in (${list(NATIONAL_CATEGORY_LETTERS)}) then 'UNKNOWN'
      when e in (${list(s['ethnicity.whiteBritishCodes'])}) or (length(e) = 2
        and left(e, 1) in (${list(s['ethnicity.whiteBritishCodes'])})
        and e not in (${list(Object.keys(ETHNIC_SUB_CODES))})) then 'WHITE_BRITISH'
      else 'ETHNIC_MINORITY' end`,
    // careGroup: the first level of the unit path; none is NOT_RECORDED.
    `create or replace macro care_group(p) as coalesce(nullif(p[1], ''), 'NOT_RECORDED')`,
    `create or replace macro clinical_split(g) as case when g is null then 'SPLIT_UNKNOWN'
      when g in (${list(s['workforce.nonClinicalStaffGroups'])}) then 'NON_CLINICAL' else 'CLINICAL' end`,
    `create or replace macro wdes_cluster(g) as case when g in ('AFC_U1', 'AFC_1', 'AFC_2', 'AFC_3', 'AFC_4') then 1
      when g in ('AFC_5', 'AFC_6', 'AFC_7') then 2 when g in ('AFC_8A', 'AFC_8B') then 3
      when g in ('AFC_8C', 'AFC_8D', 'AFC_9', 'VSM') then 4 when g = 'MED_CONSULTANT' then 5
      when g = 'MED_CAREER' then 6 when g = 'MED_TRAINEE' then 7 end`,
    // Hourly pay (paygap/hourly.ts): (ordinary + bonus in period) x 7 / days in the period / weekly hours.
    `create or replace macro pay_days(period, own) as coalesce(own, case period
      ${Object.entries(days)
        .map(([k, v]) => `when '${k}' then ${v}::double`)
        .join(' ')} end)`,
    `create or replace macro hourly_pay(ordinary, bonus, period, own, hours) as
      case when pay_days(period, own) > 0 and hours > 0
      then ((ordinary + coalesce(bonus, 0)) * 7 / pay_days(period, own)) / hours end`,
  ];
}

/** The staff in post at a snapshot (bank-only staff and non-executive directors out), one row a person. */
const staffInPost = (t: Tables, snapshot: string): string =>
  `select trust, personId, care_group(unitPath) as cg, wres_group(ethnicity) as wg,
     wdes_group(disability) as dg, grade, staffGroup
   from ${t.workforce}
   where snapshotDate = '${snapshot}' and bankOnly = false and grade is distinct from 'NON_EXEC'`;

/**
 * Events of people, with the person's workforce record in the latest snapshot on or before `lookup`
 * (characteristics and care group fall back to it). `key` names one event.
 */
export const withPerson = (t: Tables, events: string, key: string) => `
  select e.*, p.ethnicity as p_ethnicity, p.disability as p_disability, p.unitPath as p_unitPath,
    p.sex as p_sex, p.bankOnly as p_bankOnly, p.grade as p_grade
  from (${events}) e left join ${t.workforce} p
    on e.trust = p.trust and e.personId = p.personId and p.snapshotDate <= e.lookup
  qualify row_number() over (partition by ${key} order by p.snapshotDate desc) = 1`;

/**
 * Tables the queries share, made first (and timed with them): the staff in post at 31 March of this year
 * (y = 0) and the year before (y = 1); the pay records at the snapshot with sex, ethnicity pay gap group and
 * disability group (each the record's own, else the person's), the person's care group and hourly pay.
 */
export const SHARED: ((t: Tables) => string)[] = [
  (t) => `create or replace temp table ${t.staff} as
    select 0 as y, * from (${staffInPost(t, SNAPSHOT)})
    union all select 1 as y, * from (${staffInPost(t, PREVIOUS_SNAPSHOT)})`,
  (t) => `create or replace temp table ${t.payAt} as
    select trust, personId, fullPayRelevant, bonus12Months,
      sex_group(case when sex in ('F', 'M', 'X', 'U') then sex else coalesce(p_sex, 'U') end) as sg,
      epg_group(case when ethnicity <> '' then ethnicity else coalesce(p_ethnicity, '99') end) as eg,
      wdes_group(case when disability in ('Y', 'N', 'U') then disability else coalesce(p_disability, 'U') end) as dg,
      care_group(p_unitPath) as cg,
      hourly_pay(ordinaryPay, bonusInPeriod, payPeriod, periodDays, weeklyHours) as hourly
    from (${withPerson(
      t,
      `select *, snapshotDate as lookup from ${t.pay} where snapshotDate = '${SNAPSHOT}'`,
      'e.trust, e.personId',
    )})`,
];

/** The staff in post at 31 March of the reporting year. */
export const staffThisYear = (t: Tables): string => `select * from ${t.staff} where y = 0`;

/** The care group column of a query grouped by grouping sets ((trust, cg), (trust)). */
export const CARE_GROUP = `case when grouping(cg) = 1 then '${WHOLE_TRUST}' else cg end as cg`;

export const count = (where: string, as: string): string => `count(*) filter (where ${where}) as ${as}`;
export const ratio = (n: string, d: string): string => `case when ${d} = 0 then null else ${n} / ${d} end`;

/** A number from a result cell (counts come back as bigint); a missing column is a bug in the SQL. */
export function value(v: JS | undefined): number | null {
  if (v === undefined) throw new Error('no such column in the result');
  return v === null ? null : typeof v === 'number' ? v : Number(v);
}
export function text(v: JS | undefined): string {
  if (v === undefined) throw new Error('no such column in the result');
  return typeof v === 'string'
    ? v
    : JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? Number(x) : x));
}

/**
 * Columns of a rate by group over one population and one kind of event: `<p>_<g>_den` (population),
 * `<p>_<g>_num` (events), `<p>_<g>_rate`, the same for everyone (`all`), and `<p>_rows` (whether the
 * care group has any population or event, i.e. whether the engine has a row for it).
 */
export interface RateSpec {
  prefix: string;
  indicator: string;
  groups: readonly string[];
  groupColumn: string;
  population: string;
  events: string;
  /** For a relative likelihood: top and bottom groups. */
  likelihood?: { top: string; bottom: string };
}

const col = (s: RateSpec, g: string, what: string) => `${s.prefix}_${g.toLowerCase()}_${what}`;

export function rateColumns(s: RateSpec): string[] {
  const out: string[] = [count(`(${s.population}) or (${s.events})`, `${s.prefix}_rows`)];
  for (const g of s.groups)
    out.push(
      count(`(${s.population}) and ${s.groupColumn} = '${g}'`, col(s, g, 'den')),
      count(`(${s.events}) and ${s.groupColumn} = '${g}'`, col(s, g, 'num')),
    );
  out.push(count(s.population, col(s, 'all', 'den')), count(s.events, col(s, 'all', 'num')));
  return out;
}

/** The rates and the relative likelihood, computed from the count columns (an outer select). */
export function rateExpressions(s: RateSpec): string[] {
  const out = [...s.groups, 'all'].map(
    (g) => `${ratio(col(s, g, 'num'), col(s, g, 'den'))} as ${col(s, g, 'rate')}`,
  );
  if (s.likelihood) {
    const top = col(s, s.likelihood.top, 'rate');
    const bottom = col(s, s.likelihood.bottom, 'rate');
    out.push(`case when ${top} is null or ${bottom} is null or ${bottom} = 0 then null
      else ${top} / ${bottom} end as ${s.prefix}_rl`);
  }
  return out;
}

export function rateFigures(s: RateSpec, row: Row, add: Add): void {
  if (value(row[`${s.prefix}_rows`]) === 0) return;
  const cg = text(row.cg);
  for (const g of [...s.groups, 'ALL'])
    for (const what of ['num', 'den', 'rate'])
      add(cg, s.indicator, `${g}:${what}`, value(row[col(s, g, what)]));
  if (s.likelihood) add(cg, s.indicator, 'RL', value(row[`${s.prefix}_rl`]));
}

/** Collects a query's figures under the trust of each row. */
export function collect(query: SqlQuery, rows: Row[], into: Figures): void {
  for (const row of rows) {
    const trust = text(row.trust);
    query.figures(row, (cg, indicator, detail, v) => into.set(figureKey(trust, indicator, cg, detail), v));
  }
}
