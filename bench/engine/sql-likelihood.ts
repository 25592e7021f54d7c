/**
 * SQL for the relative likelihoods, with every numerator and denominator, for each trust and care group:
 * WRES 2 / WDES 2 (appointed from shortlisting), WRES 3 / WDES 3 (entering formal disciplinary / capability
 * on performance, two years pooled), WRES 4 (non-mandatory training and CPD).
 *
 * The engine's rules, as src/engine/catalogue and algebra apply them:
 * - shortlisted applicants by shortlisting date (else application date) in the financial year; appointments
 *   by appointment date (else shortlisting, else application date) in the financial year, counted as records;
 * - cases and learning records take the ethnicity / disability on the record when it has one, otherwise the
 *   person's workforce record in the latest snapshot on or before the end of the year, else unknown; their
 *   care group is the record's own unit path, else the person's;
 * - cases and learning of people whom the staff in post leaves out (bank-only, non-executive directors:
 *   their record at that lookup) are left out, as the denominator leaves them out; a case linked to no
 *   record stays in;
 * - people are counted once per year: the first case by case id gives the group and the care group;
 * - the two-year window adds numerators and denominators of both years (a previous year with no staff in
 *   post is left out); unknown is shown but kept out of the ratio.
 */
import {
  CARE_GROUP,
  FY,
  list,
  PREVIOUS_FY,
  rateColumns,
  rateExpressions,
  rateFigures,
  settings,
  staffThisYear,
  withPerson,
  type Add,
  type RateSpec,
  type Row,
  type SqlQuery,
  type Tables,
} from './sql-common.js';

const WRES = ['WHITE', 'BME', 'UNKNOWN'];
const WDES = ['NON_DISABLED', 'DISABLED', 'UNKNOWN'];

const rateQuery = (specs: RateSpec[], sql: (t: Tables) => string): SqlQuery => ({
  indicators: specs.map((s) => s.indicator),
  sql: (t) => `
    with obs as (${sql(t)}),
    counted as (select trust, ${CARE_GROUP}, ${specs.flatMap(rateColumns).join(', ')}
                from obs group by grouping sets ((trust, cg), (trust)))
    select *, ${specs.flatMap(rateExpressions).join(', ')} from counted`,
  figures: (row: Row, add: Add) => specs.forEach((s) => rateFigures(s, row, add)),
});

const between = (column: string, range: { start: string; end: string }) =>
  `${column} between '${range.start}' and '${range.end}'`;

/** WRES 2 and WDES 2. src 0: shortlisted in the year; src 1: appointed in the year. */
const recruitment = rateQuery(
  [
    {
      prefix: 'wres2',
      indicator: 'WRES2',
      groups: WRES,
      groupColumn: 'wg',
      population: 'src = 0',
      events: 'src = 1',
      likelihood: { top: 'WHITE', bottom: 'BME' },
    },
    {
      prefix: 'wdes2',
      indicator: 'WDES2',
      groups: WDES,
      groupColumn: 'dg',
      population: 'src = 0',
      events: 'src = 1',
      likelihood: { top: 'NON_DISABLED', bottom: 'DISABLED' },
    },
  ],
  (t) => `
    with shortlisted as (
      select trust, care_group(unitPath) as cg, wres_group(ethnicity) as wg, wdes_group(disability) as dg,
        coalesce(nullif(shortlistedDate, ''), nullif(applicationDate, '')) as shortlisted_on,
        coalesce(nullif(appointedDate, ''), nullif(shortlistedDate, ''), nullif(applicationDate, '')) as appointed_on,
        appointed
      from ${t.recruitment} where shortlisted = true
    )
    select trust, cg, wg, dg, 0 as src from shortlisted where ${between('shortlisted_on', FY)}
    union all
    select trust, cg, wg, dg, 1 from shortlisted where appointed = true and ${between('appointed_on', FY)}`,
);

/** WRES 3 and WDES 3. src 0: staff in post; 1: entering formal disciplinary; 2: formal capability (performance). */
const cases = rateQuery(
  [
    {
      prefix: 'wres3',
      indicator: 'WRES3',
      groups: WRES,
      groupColumn: 'wg',
      population: 'src = 0',
      events: 'src = 1',
      likelihood: { top: 'BME', bottom: 'WHITE' },
    },
    {
      prefix: 'wdes3',
      indicator: 'WDES3',
      groups: WDES,
      groupColumn: 'dg',
      population: 'src = 0',
      events: 'src = 2',
      likelihood: { top: 'DISABLED', bottom: 'NON_DISABLED' },
    },
  ],
  (t) => `
    with years as (select distinct trust, y from ${t.staff}),
    entered as (
      select trust, y, caseType,
        wres_group(coalesce(nullif(ethnicity, ''), p_ethnicity, '99')) as wg,
        wdes_group(case when disability in ('Y', 'N', 'U') then disability else coalesce(p_disability, 'U') end) as dg,
        care_group(case when len(unitPath) > 0 then unitPath else p_unitPath end) as cg
      from (${withPerson(
        t,
        `select c.*, w.y, w.lookup from ${t.cases} c
         join (values (0, '${FY.start}', '${FY.end}'), (1, '${PREVIOUS_FY.start}', '${PREVIOUS_FY.end}')) w(y, start, lookup)
           on c.startDate between w.start and w.lookup
         where c.formal = true and c.caseType in ('disciplinary', 'capability_performance')`,
        'e.trust, e.y, e.caseId',
      )})
      where p_bankOnly is distinct from true and p_grade is distinct from 'NON_EXEC'
      qualify row_number() over (
        partition by trust, y, caseType, coalesce('person|' || personId, 'record|' || caseId) order by caseId) = 1
    )
    select trust, cg, wg, dg, 0 as src from ${t.staff}
    union all
    select trust, cg, wg, dg, case caseType when 'disciplinary' then 1 else 2 end
    from entered semi join years using (trust, y)`,
);

/** WRES 4. src 0: staff in post; 1: people with non-mandatory training or CPD starting in the year. */
const learning = rateQuery(
  [
    {
      prefix: 'wres4',
      indicator: 'WRES4',
      groups: WRES,
      groupColumn: 'wg',
      population: 'src = 0',
      events: 'src = 1',
      likelihood: { top: 'WHITE', bottom: 'BME' },
    },
  ],
  (t) => `
    select trust, cg, wg, 0 as src from (${staffThisYear(t)})
    union all
    select trust, care_group(p_unitPath), wres_group(coalesce(p_ethnicity, '99')), 1
    from (${withPerson(
      t,
      `select distinct trust, personId, '${FY.end}' as lookup from ${t.learning}
       where kind in (${list(settings()['training.cpdKinds'])}) and ${between('startDate', FY)}`,
      'e.trust, e.personId',
    )})
    where p_bankOnly is distinct from true and p_grade is distinct from 'NON_EXEC'`,
);

export const LIKELIHOOD_QUERIES: SqlQuery[] = [recruitment, cases, learning];
