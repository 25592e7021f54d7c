/**
 * The Medical Workforce Race Equality Standard (standards.md §14a): WRES indicators applied to the medical
 * workforce, with its own grades, plus indicator 10 on feeling involved [S32c]. Who is medical is the
 * setting `mwres.population`. Indicators 1-4 read the trust's own records; 5-8 and 10 read NHS Staff Survey
 * respondents in the medical and dental occupation group (respondent-level answers that name it, or NHS
 * England figures loaded under the indicator's own id, e.g. "MWRES5"). NHS England's national MWRES
 * indicator 9 is about medical councils and boards, not a trust: Parity does not compute it. The exact
 * trust-level list is UNCONFIRMED; every choice is a setting.
 */
import type { Condition, MetricDefinition, PopulationSpec } from '../algebra/types.js';
import type { EngineSettings } from '../settings.js';
import {
  formalCases,
  recruitmentDefinition,
  SURVEY_MEASURES,
  windowOf,
  workforceConditions,
  workforceDenominator,
} from './common.js';
import type { CatalogueEntry, CataloguePart } from './types.js';

const MEDICAL: Condition = { field: 'medicalWorkforce', op: 'eq', value: true };

const main = (definition: MetricDefinition): CataloguePart[] => [{ key: 'main', label: 'All', definition }];

const withMedical = (p: PopulationSpec): PopulationSpec => ({ ...p, where: [...(p.where ?? []), MEDICAL] });

/** Events (cases, learning) of medical staff, by their workforce record: bank-only doctors out as for WRES. */
const medicalPeople = (s: EngineSettings): Condition[] => [
  MEDICAL,
  ...(s['workforce.excludeBankOnly'] ? [{ field: 'bankOnly', op: 'eq' as const, value: false }] : []),
];

function survey(
  id: string,
  number: string,
  title: string,
  measure: keyof typeof SURVEY_MEASURES,
  higherIsBetter: boolean,
): CatalogueEntry {
  return {
    id,
    standard: 'MWRES',
    number,
    title,
    formula:
      '% = medical respondents answering positively / medical respondents with a valid answer x 100, for White and BME staff; gap = BME % - White %',
    orientation: null,
    adverseDirection: higherIsBetter ? 'HIGHER_IS_BETTER' : 'LOWER_IS_BETTER',
    source: `NHS Staff Survey of the autumn before the reporting year, medical and dental respondents: "${SURVEY_MEASURES[measure]}"`,
    methodology: `Respondents whose occupation group in the survey is medical and dental, grouped by their self-reported ethnicity. NHS England's figures for the medical workforce are used when loaded under the indicator's id (${id}); otherwise respondent-level answers are counted with the survey question map, and respondents without an occupation group are left out. Figures for the whole organisation are never used here. Unknown ethnicity is shown but excluded from the gap.`,
    references: ['S32c', 'S1'],
    settings: ['survey.questionMap', 'survey.minBase'],
    checks: [],
    parts: main({
      id,
      title,
      population: {
        dataset: 'survey',
        where: [{ field: 'staffGroup', op: 'eq', value: 'MEDICAL_DENTAL' }],
        at: { type: 'surveyYear' },
      },
      characteristic: 'wres',
      statistic: { type: 'surveyPercentage', measure },
    }),
  };
}

export function mwresCatalogue(s: EngineSettings): CatalogueEntry[] {
  const recruitment = recruitmentDefinition(s);
  const rlDirection =
    s['change.relativeLikelihoodDirection'] === 'LOWER_IS_BETTER'
      ? ('LOWER_IS_BETTER' as const)
      : ('TOWARDS_PARITY' as const);
  const medicalStaff: PopulationSpec = {
    dataset: 'workforce',
    where: [...workforceConditions(s), MEDICAL],
    at: { type: 'snapshot' },
  };
  return [
    {
      id: 'MWRES1',
      standard: 'MWRES',
      number: '1',
      title: 'Percentage of medical staff in each medical grade compared with the medical workforce overall',
      formula:
        'pct(g, grade) = n(g, grade) / N(grade) x 100 for g in White, BME, Unknown; N includes Unknown',
      orientation: null,
      adverseDirection: 'TOWARDS_ZERO',
      source: 'ESR staff in post at 31 March, medical workforce',
      methodology:
        'Headcount at 31 March of the medical workforce (setting), bank-only staff and non-executive directors excluded as for WRES 1, by medical grade: consultants, non-consultant career grades (SAS), trainee grades and other medical and dental. Medical staff with a non-medical grade are shown under that grade. Unknown ethnicity is its own column and counted in N.',
      references: ['S32c'],
      settings: ['mwres.population', 'workforce.excludeBankOnly', 'workforce.excludeNonExecutives'],
      checks: [],
      parts: main({
        id: 'MWRES1',
        title: 'Medical workforce by grade',
        population: medicalStaff,
        characteristic: 'wres',
        statistic: { type: 'distribution', rows: ['grade'] },
      }),
    },
    {
      id: 'MWRES2',
      standard: 'MWRES',
      number: '2',
      title:
        'Relative likelihood of White applicants being appointed from shortlisting to medical posts compared to BME applicants',
      formula:
        'RL = (appointed White / shortlisted White) / (appointed BME / shortlisted BME), medical posts',
      orientation: 'White / BME',
      adverseDirection: rlDirection,
      source:
        'Recruitment system, medical posts (staff group or grade of the vacancy), financial year ending 31 March',
      methodology:
        'As WRES 2, for applications to medical posts: the vacancy is medical by its staff group (and, with the setting, its grade).',
      references: ['S32c', 'S1'],
      settings: [
        'mwres.population',
        'recruitment.appointmentAttribution',
        'recruitment.excludeInternational',
        'stats.lowCountThreshold',
      ],
      checks: [],
      parts: main({
        id: 'MWRES2',
        title: 'Appointed from shortlisting, medical posts',
        population: withMedical(recruitment.population),
        outcome:
          recruitment.outcome.type === 'events'
            ? { ...recruitment.outcome, population: withMedical(recruitment.outcome.population) }
            : recruitment.outcome,
        characteristic: 'wres',
        statistic: { type: 'relativeLikelihood', outcomeIs: 'favourable' },
      }),
    },
    {
      id: 'MWRES3',
      standard: 'MWRES',
      number: '3',
      title:
        'Relative likelihood of BME medical staff entering the formal disciplinary process compared to White medical staff',
      formula:
        'RL = (BME medical staff entering / BME medical staff) / (White medical staff entering / White medical staff)',
      orientation: 'BME / White',
      adverseDirection: rlDirection,
      source:
        'Employee-relations case log (formal disciplinary cases by start date) and ESR, medical workforce',
      methodology:
        'As WRES 3 for the medical workforce: cases of people whose workforce record is medical, over medical staff at 31 March (or the mean over the year). The rolling window follows the WRES 3 settings.',
      references: ['S32c', 'S11'],
      settings: [
        'mwres.population',
        'wres.indicator3.windowYears',
        'wres.indicator3.windowMethod',
        'casework.workforceDenominator',
        'casework.countUnit',
        'stats.lowCountThreshold',
      ],
      checks: [],
      parts: main({
        id: 'MWRES3',
        title: 'Medical staff entering the formal disciplinary process',
        population: withMedical(workforceDenominator(s)),
        outcome: formalCases(s, [
          { field: 'caseType', op: 'eq', value: 'disciplinary' },
          ...medicalPeople(s),
        ]),
        characteristic: 'wres',
        statistic: { type: 'relativeLikelihood', outcomeIs: 'unfavourable' },
        window: windowOf(s['wres.indicator3.windowYears'], s['wres.indicator3.windowMethod']),
      }),
    },
    {
      id: 'MWRES4',
      standard: 'MWRES',
      number: '4',
      title:
        'Relative likelihood of White medical staff accessing non-mandatory training and CPD compared to BME medical staff',
      formula:
        'RL = (White medical staff accessing / White medical staff) / (BME medical staff accessing / BME medical staff)',
      orientation: 'White / BME',
      adverseDirection: rlDirection,
      source:
        'Learning and development records (start date in the financial year) and ESR, medical workforce',
      methodology:
        'As WRES 4 for the medical workforce: learning records of medical staff over medical staff.',
      references: ['S32c', 'S11c'],
      settings: [
        'mwres.population',
        'training.cpdKinds',
        'casework.workforceDenominator',
        'stats.lowCountThreshold',
      ],
      checks: [],
      parts: main({
        id: 'MWRES4',
        title: 'Medical staff accessing non-mandatory training and CPD',
        population: withMedical(workforceDenominator(s)),
        outcome: {
          type: 'events',
          count: 'people',
          population: {
            dataset: 'learning',
            where: [{ field: 'kind', op: 'in', value: [...s['training.cpdKinds']] }, ...medicalPeople(s)],
            at: { type: 'financialYear', dateField: 'startDate' },
          },
        },
        characteristic: 'wres',
        statistic: { type: 'relativeLikelihood', outcomeIs: 'favourable' },
      }),
    },
    survey(
      'MWRES5',
      '5',
      'Percentage of medical staff experiencing harassment, bullying or abuse from patients, relatives or the public in the last 12 months',
      'hba_public',
      false,
    ),
    survey(
      'MWRES6',
      '6',
      'Percentage of medical staff experiencing harassment, bullying or abuse from staff in the last 12 months',
      'hba_staff',
      false,
    ),
    survey(
      'MWRES7',
      '7',
      'Percentage of medical staff believing that the trust provides equal opportunities for career progression or promotion',
      'equal_opportunities',
      true,
    ),
    survey(
      'MWRES8',
      '8',
      'Percentage of medical staff personally experiencing discrimination at work from a manager, team leader or other colleagues in the last 12 months',
      'discrimination_staff',
      false,
    ),
    survey(
      'MWRES10',
      '10',
      'Percentage of medical staff feeling involved: able to make suggestions to improve the work of their team or department',
      'involved',
      true,
    ),
  ];
}
