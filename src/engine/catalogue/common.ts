/** Building blocks shared by the WRES, WDES and pay gap catalogues. */
import type { Condition, OutcomeSpec, PopulationSpec, TimeSpec, WindowSpec } from '../algebra/types.js';
import type { EngineSettings } from '../settings.js';

/** Staff in post at 31 March: bank-only staff and non-executive directors out when the settings say so. */
export function workforceConditions(s: EngineSettings): Condition[] {
  const out: Condition[] = [];
  if (s['workforce.excludeBankOnly']) out.push({ field: 'bankOnly', op: 'eq', value: false });
  if (s['workforce.excludeNonExecutives']) out.push({ field: 'grade', op: 'ne', value: 'NON_EXEC' });
  return out;
}

export function workforceAt31March(s: EngineSettings): PopulationSpec {
  return { dataset: 'workforce', where: workforceConditions(s), at: { type: 'snapshot' } };
}

/** The workforce denominator of WRES 3/4 and WDES 3: the 31 March snapshot, or the mean over the year. */
export function workforceDenominator(s: EngineSettings): PopulationSpec {
  const at: TimeSpec =
    s['casework.workforceDenominator'] === 'AVERAGE' ? { type: 'snapshotAverage' } : { type: 'snapshot' };
  return { dataset: 'workforce', where: workforceConditions(s), at };
}

const financialYear = (dateField: string | string[]): TimeSpec => ({ type: 'financialYear', dateField });

/**
 * WRES 2 / WDES 2: shortlisted applicants and appointments from shortlisting in the financial year.
 * The year an appointment counts in is the `recruitment.appointmentAttribution` setting.
 */
export function recruitmentDefinition(s: EngineSettings): {
  population: PopulationSpec;
  outcome: OutcomeSpec;
} {
  const international: Condition[] = s['recruitment.excludeInternational']
    ? [{ field: 'international', op: 'ne', value: true }]
    : [];
  const shortlisted: Condition[] = [{ field: 'shortlisted', op: 'eq', value: true }, ...international];
  const population: PopulationSpec = {
    dataset: 'recruitment',
    where: shortlisted,
    at: financialYear(['shortlistedDate', 'applicationDate']),
  };
  const appointed: Condition = { field: 'appointed', op: 'eq', value: true };
  if (s['recruitment.appointmentAttribution'] === 'SHORTLISTING_DATE')
    return { population, outcome: { type: 'condition', where: [appointed] } };
  return {
    population,
    outcome: {
      type: 'events',
      count: 'records',
      population: {
        dataset: 'recruitment',
        where: [...shortlisted, appointed],
        at: financialYear(['appointedDate', 'shortlistedDate', 'applicationDate']),
      },
    },
  };
}

/**
 * Formal cases meeting the given conditions, entered in the financial year (by the first of the date fields
 * a case has), counted as people or cases (setting).
 */
export function formalCases(
  s: EngineSettings,
  where: Condition[],
  dateField: string | string[] = 'startDate',
): OutcomeSpec {
  return {
    type: 'events',
    count: s['casework.countUnit'] === 'PEOPLE' ? 'people' : 'records',
    population: {
      dataset: 'cases',
      where: [...where, { field: 'formal', op: 'eq', value: true }],
      at: financialYear(dateField),
    },
  };
}

/**
 * The workforce rules of `workforceConditions` said of the person an event record names, so that the
 * numerator of a rate over staff in post counts the people its denominator counts: with the default
 * settings a bank-only person's case is left out (the Bank WRES counts those), as is a non-executive
 * director's. The person is the one the evaluator finds for the record (the workforce record at the end of
 * the year, the last snapshot for leavers). A record linked to no workforce record stays in: nothing says
 * it is outside the workforce.
 */
export function workforcePersonConditions(s: EngineSettings): Condition[] {
  const out: Condition[] = [];
  if (s['workforce.excludeBankOnly']) out.push({ field: 'bankOnly', op: 'ne', value: true });
  if (s['workforce.excludeNonExecutives']) out.push({ field: 'grade', op: 'ne', value: 'NON_EXEC' });
  return out;
}

/**
 * Formal cases of one type entered in the financial year, counted as people or cases (setting), of people
 * in the population of the workforce denominator (`workforcePersonConditions`).
 */
export function casesOutcome(s: EngineSettings, caseType: string): OutcomeSpec {
  return formalCases(s, [{ field: 'caseType', op: 'eq', value: caseType }, ...workforcePersonConditions(s)]);
}

export function windowOf(years: 1 | 2, method: WindowSpec['method']): WindowSpec {
  return { years, method };
}

export const SURVEY_POPULATION: PopulationSpec = { dataset: 'survey', at: { type: 'surveyYear' } };

/** The survey measures the catalogue reads (the `measure` of SurveyAggregateRecord, the keys of the question map). */
export const SURVEY_MEASURES = {
  hba_public: 'Harassment, bullying or abuse from patients, service users, relatives or the public',
  hba_managers: 'Harassment, bullying or abuse from managers',
  hba_colleagues: 'Harassment, bullying or abuse from other colleagues',
  hba_staff: 'Harassment, bullying or abuse from managers or other colleagues',
  hba_reported: 'Last experience of harassment, bullying or abuse reported by them or a colleague',
  equal_opportunities: 'Organisation acts fairly with regard to career progression or promotion',
  discrimination_staff: 'Discrimination from a manager, team leader or other colleagues',
  valued: 'Satisfied with the extent the organisation values their work',
  pressure_to_work: 'Felt pressure from their manager to come to work when not well enough',
  adjustments: 'Employer has made adequate adjustments (Disabled staff)',
  engagement: 'Staff engagement score (0-10)',
  involved: 'Able to make suggestions to improve the work of their team or department (feeling involved)',
} as const;
