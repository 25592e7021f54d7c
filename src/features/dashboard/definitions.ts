/**
 * The dashboard's own figures, written in the engine's metric algebra like any local metric: the
 * recruitment funnel, employee-relations cases by type, representation by band, declaration rates. Each
 * starts from the population of the national definition it sits beside (so "staff in post" means what
 * WRES 1 means under the organisation's settings) and is evaluated by the engine's evaluator.
 */
import {
  CASE_TYPES,
  nationalCatalogue,
  type CatalogueEntry,
  type EngineSettings,
  type MetricDefinition,
  type OutcomeSpec,
  type PopulationSpec,
} from '../../engine/index.js';

export type Scheme = 'wres' | 'wdes';

function entry(s: EngineSettings, id: string): CatalogueEntry {
  const found = nationalCatalogue(s).find((e) => e.id === id);
  if (!found) throw new Error(`the national catalogue has no ${id}`);
  return found;
}

/** Staff in post at 31 March as WRES 1 counts them. */
export function staffInPost(s: EngineSettings): PopulationSpec {
  return entry(s, 'WRES1').parts[0]!.definition.population;
}

/** Applications made in the financial year (one record each), the cohort the funnel follows. */
const applications: PopulationSpec = {
  dataset: 'recruitment',
  at: { type: 'financialYear', dateField: ['applicationDate', 'shortlistedDate'] },
  unit: 'records',
};

/**
 * Of the applications made in the year, the share shortlisted or appointed, by group: the funnel from
 * application to appointment. (WRES 2 counts appointments from shortlisting by the dates of each step;
 * the funnel follows one cohort of applications, so its stages always nest.)
 */
export function funnelDefinition(scheme: Scheme, stage: 'shortlisted' | 'appointed'): MetricDefinition {
  return {
    id: `dashboard.funnel.${scheme}.${stage}`,
    title: `Applications ${stage}`,
    population: applications,
    characteristic: scheme,
    outcome: { type: 'condition', where: [{ field: stage, op: 'eq', value: true }] },
    statistic: { type: 'rate' },
  };
}

/** Cases started in the year by type and formality, one record per case, by group. */
export function casesDefinition(scheme: Scheme): MetricDefinition {
  return {
    id: `dashboard.cases.${scheme}`,
    title: 'Employee-relations cases by type',
    population: {
      dataset: 'cases',
      at: { type: 'financialYear', dateField: 'startDate' },
      unit: 'records',
    },
    characteristic: scheme,
    statistic: { type: 'distribution', rows: ['caseType', 'formal'] },
  };
}

/** Cases started in the year by type (formal and informal together): the cases-by-quarter chart. */
export function caseTypesDefinition(): MetricDefinition {
  return {
    ...casesDefinition('wres'),
    id: 'dashboard.cases.types',
    title: 'Employee-relations cases by type',
    statistic: { type: 'distribution', rows: ['caseType'] },
  };
}

/**
 * Who the staff-in-post snapshot holds: everyone in it, counted by whether WRES 1 counts them (the rate's
 * numerator), then each group of people the settings leave out, as a condition on the snapshot.
 */
export function snapshotDefinitions(s: EngineSettings): {
  people: MetricDefinition;
  leftOut: { label: string; definition: MetricDefinition }[];
} {
  const everyone = { dataset: 'workforce' as const, at: { type: 'snapshot' as const } };
  const people: MetricDefinition = {
    id: 'dashboard.snapshot.people',
    title: 'People in the staff-in-post snapshot',
    population: everyone,
    characteristic: 'none',
    outcome: { type: 'condition', where: staffInPost(s).where ?? [] },
    statistic: { type: 'rate' },
  };
  const leftOut: { label: string; definition: MetricDefinition }[] = [];
  if (s['workforce.excludeBankOnly'])
    leftOut.push({
      label: 'bank-only staff',
      definition: {
        id: 'dashboard.snapshot.bankOnly',
        title: 'Bank-only staff',
        population: everyone,
        characteristic: 'none',
        outcome: { type: 'condition', where: [{ field: 'bankOnly', op: 'eq', value: true }] },
        statistic: { type: 'rate' },
      },
    });
  if (s['workforce.excludeNonExecutives'])
    leftOut.push({
      label: 'non-executive directors',
      definition: {
        id: 'dashboard.snapshot.nonExecutives',
        title: 'Non-executive directors',
        population: everyone,
        characteristic: 'none',
        outcome: { type: 'condition', where: [{ field: 'grade', op: 'eq', value: 'NON_EXEC' }] },
        statistic: { type: 'rate' },
      },
    });
  return { people, leftOut };
}

export const CASE_TYPE_IDS = Object.keys(CASE_TYPES) as (keyof typeof CASE_TYPES)[];

/** The case types each with a likelihood of entering a formal case ("other" is too mixed to compare). */
export const LIKELIHOOD_CASE_TYPES = CASE_TYPE_IDS.filter((t) => t !== 'other');

/**
 * The likelihood of entering a formal case of one type, staff with the protected characteristic against
 * the others, over staff in post: WRES 3's definition (disciplinary) applied to every case type, for one
 * year (no rolling window).
 */
export function caseLikelihoodDefinition(
  s: EngineSettings,
  scheme: Scheme,
  caseType: string,
): MetricDefinition {
  const base = entry(s, scheme === 'wres' ? 'WRES3' : 'WDES3').parts[0]!.definition;
  const outcome = base.outcome as Extract<OutcomeSpec, { type: 'events' }>;
  return {
    id: `dashboard.caseLikelihood.${scheme}.${caseType}`,
    title: `Entering a formal ${caseType} process`,
    population: base.population,
    characteristic: scheme,
    outcome: {
      ...outcome,
      population: {
        ...outcome.population,
        where: [
          { field: 'caseType', op: 'eq', value: caseType },
          { field: 'formal', op: 'eq', value: true },
        ],
      },
    },
    statistic: { type: 'relativeLikelihood', outcomeIs: 'unfavourable' },
  };
}

/** Staff in post by band (AfC band, VSM, medical subgroup) and group: the pipeline, all staff groups together. */
export function bandDefinition(s: EngineSettings, scheme: Scheme): MetricDefinition {
  return {
    id: `dashboard.bands.${scheme}`,
    title: 'Staff in post by band',
    population: staffInPost(s),
    characteristic: scheme,
    statistic: { type: 'distribution', rows: ['grade'] },
  };
}

/** The share of staff in post whose ethnicity (or disability) is recorded, by care group. */
export function declarationDefinition(s: EngineSettings, scheme: Scheme): MetricDefinition {
  return {
    id: `dashboard.declaration.${scheme}`,
    title: scheme === 'wres' ? 'Ethnicity recorded' : 'Disability recorded',
    population: staffInPost(s),
    characteristic: 'none',
    outcome: {
      type: 'condition',
      where: [{ field: scheme === 'wres' ? 'wresGroup' : 'wdesGroup', op: 'ne', value: 'UNKNOWN' }],
    },
    statistic: { type: 'rate' },
    breakdown: ['careGroup'],
  };
}

/**
 * The other protected characteristics whose recording the Data quality page reports, each with the field
 * it reads (none for age, which is recorded when the age or date of birth is).
 */
export const OTHER_CHARACTERISTICS = [
  { scheme: 'sexualOrientation', field: 'sexualOrientation', label: 'Sexual orientation' },
  { scheme: 'religion', field: 'religion', label: 'Religion or belief' },
  { scheme: 'genderIdentity', field: 'genderIdentity', label: 'Gender identity' },
  { scheme: 'marriage', field: 'maritalStatus', label: 'Marriage or civil partnership' },
  { scheme: 'pregnancy', field: 'pregnancyMaternity', label: 'Pregnancy and maternity' },
  { scheme: 'ageBand', field: null, label: 'Age' },
] as const;
export type OtherCharacteristic = (typeof OTHER_CHARACTERISTICS)[number];

/**
 * Staff in post whose characteristic is recorded (any answer but prefer not to say and not recorded), and
 * those who chose not to say; the rest are not recorded. Kept apart, as the characteristic's groups are.
 */
export function otherDeclarationDefinitions(
  s: EngineSettings,
  c: OtherCharacteristic,
): { recorded: MetricDefinition; notStated: MetricDefinition | null } {
  const rate = (id: string, title: string, where: MetricDefinition['population']['where']) => ({
    id,
    title,
    population: staffInPost(s),
    characteristic: 'none' as const,
    outcome: { type: 'condition' as const, where: where ?? [] },
    statistic: { type: 'rate' as const },
  });
  if (c.field === null)
    return {
      recorded: rate(`dashboard.declaration.${c.scheme}`, `${c.label} recorded`, [
        { field: 'age', op: 'notNull' },
      ]),
      notStated: null,
    };
  return {
    recorded: rate(`dashboard.declaration.${c.scheme}`, `${c.label} recorded`, [
      { field: c.field, op: 'notIn', value: ['NOT_STATED', 'UNKNOWN'] },
    ]),
    notStated: rate(`dashboard.notStated.${c.scheme}`, `${c.label}: prefer not to say`, [
      { field: c.field, op: 'eq', value: 'NOT_STATED' },
    ]),
  };
}
