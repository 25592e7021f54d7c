/**
 * The Bank Workforce Race Equality Standard (standards.md §14a): the WRES for bank-only workers, collected
 * by NHS England since 2023. A bank worker holds only NHS zero-hours / casual (bank) assignments; an
 * active worker has done work or paid training within six months (setting `bankWres.activeWindowMonths`).
 *
 * NHS England's nine indicators cover representation by ethnicity and gender, experience at work
 * (disciplinaries, dismissals, and bullying and harassment from the National NHS Bank Survey) and route of
 * entry [S32, S32b]. Their numbering and exact formulas are Parity's reading of that published summary
 * (UNCONFIRMED), and every choice is a setting:
 *
 * - 1-3 read the trust's own records: representation, disciplinaries and dismissals.
 * - 4-7 read the NHS Staff Survey for bank only workers [S32d]: NHS England's figures filed under the
 *   indicator's own id (e.g. "BWRES4"), or respondent-level answers marked as the bank survey's. They are
 *   the questions of WRES 5-8, asked of bank workers.
 * - 8 and 9 read route of entry from two staff-in-post snapshots: bank workers moving into a substantive
 *   post, and the substantive workforce that came from the bank.
 */
import type { Condition, OutcomeSpec, PopulationSpec } from '../algebra/types.js';
import type { EngineSettings, SettingId } from '../settings.js';
import type { CatalogueCheck, CatalogueEntry } from './types.js';
import { formalCases, SURVEY_MEASURES, workforceConditions } from './common.js';

/** Active bank-only workers at 31 March: the population of every Bank WRES indicator. */
export function activeBankWorkers(s: EngineSettings): PopulationSpec {
  const where: Condition[] = [{ field: 'activeBankWorker', op: 'eq', value: true }];
  if (s['workforce.excludeNonExecutives']) where.push({ field: 'grade', op: 'ne', value: 'NON_EXEC' });
  return { dataset: 'workforce', where, at: { type: 'snapshot' } };
}

/** Formal cases of bank-only workers (by their workforce record) entered in the financial year. */
const bankCases = (s: EngineSettings, where: Condition[], dateField: string[]): OutcomeSpec =>
  formalCases(s, [{ field: 'bankOnly', op: 'eq', value: true }, ...where], dateField);

/** Bank-only workers with no last worked date: whether they count is a setting, so it is always reported. */
const NO_LAST_WORKED: CatalogueCheck = {
  code: 'BANK_NO_LAST_WORKED_DATE',
  dataset: 'workforce',
  where: [
    { field: 'bankOnly', op: 'eq', value: true },
    { field: 'lastWorkedDate', op: 'isNull' },
  ],
  at: { type: 'snapshot' },
  message:
    'bank-only workers with no last worked date: counted as active or left out as the setting bankWres.unknownActivity says',
};

const ACTIVITY_SETTINGS: SettingId[] = [
  'bankWres.activeWindowMonths',
  'bankWres.unknownActivity',
  'workforce.excludeNonExecutives',
];

const POPULATION_TEXT =
  'Population: active bank-only workers in post at 31 March (every assignment bank; last worked date within the window of months before the snapshot, setting; no date: setting). Substantive staff who also work bank shifts are not bank-only and stay in WRES.';

/** Bank workers' answers to the NHS Staff Survey for bank only workers: the respondents marked so. */
const BANK_RESPONDENTS: Condition = { field: 'bankOnly', op: 'eq', value: true };

/**
 * A Bank WRES indicator read from the bank survey: WRES 5-8's question, asked of bank workers. NHS
 * England's figures are read only when filed under the indicator's id ("BWRES4"): figures named by the
 * measure or the question describe the staff survey's respondents, not the bank's.
 */
function bankSurvey(
  number: string,
  title: string,
  measure: keyof typeof SURVEY_MEASURES,
  higherIsBetter: boolean,
): CatalogueEntry {
  const id = `BWRES${number}`;
  return {
    id,
    standard: 'BWRES',
    number,
    title,
    formula:
      '% = bank respondents answering positively / bank respondents with a valid answer x 100, for White and BME workers; gap = BME % - White %',
    orientation: null,
    adverseDirection: higherIsBetter ? 'HIGHER_IS_BETTER' : 'LOWER_IS_BETTER',
    source: `NHS Staff Survey for bank only workers of the autumn before the reporting year: "${SURVEY_MEASURES[measure]}"`,
    methodology: `Respondents to the NHS Staff Survey for bank only workers, grouped by their self-reported ethnicity. NHS England's figures are used when loaded under the indicator's id (${id}); otherwise respondent-level answers marked as the bank survey's (the column "Bank worker") are counted with the survey question map (a setting: the bank survey is read with the staff survey's question numbers, UNCONFIRMED). Respondents of the bank survey are read only here, never in WRES, WDES or MWRES. Unknown ethnicity is shown but excluded from the gap. Numbering UNCONFIRMED: the questions are WRES 5-8's.`,
    references: ['S32', 'S32b', 'S32d'],
    settings: ['survey.questionMap', 'survey.minBase'],
    checks: [],
    parts: [
      {
        key: 'main',
        label: 'All',
        definition: {
          id,
          title,
          population: { dataset: 'survey', where: [BANK_RESPONDENTS], at: { type: 'surveyYear' } },
          characteristic: 'wres',
          statistic: { type: 'surveyPercentage', measure },
        },
      },
    ],
  };
}

export function bankWresCatalogue(s: EngineSettings): CatalogueEntry[] {
  const population = activeBankWorkers(s);
  const relativeLikelihood = {
    orientation: 'BME / White',
    adverseDirection:
      s['change.relativeLikelihoodDirection'] === 'LOWER_IS_BETTER'
        ? ('LOWER_IS_BETTER' as const)
        : ('TOWARDS_PARITY' as const),
  };
  return [
    {
      id: 'BWRES1',
      standard: 'BWRES',
      number: '1',
      title: 'Percentage of active bank-only workers by ethnicity and sex',
      formula:
        'pct(g, sex) = n(g, sex) / N(sex) x 100 for g in White, BME, Unknown, N including Unknown; beside it, BME % of active bank workers - BME % of the substantive workforce, in percentage points',
      orientation: null,
      adverseDirection: 'TOWARDS_ZERO',
      source: 'ESR staff in post at 31 March (bank assignments and last worked date)',
      methodology: `${POPULATION_TEXT} Each sex is a row; Unknown ethnicity is its own column and counted in N. The comparison is the BME share of active bank workers minus the BME share of the WRES workforce at 31 March (bank-only staff excluded). Numbering and layout are Parity's reading of NHS England's summary ("representation by ethnicity and gender"), UNCONFIRMED.`,
      references: ['S32', 'S32b'],
      settings: [...ACTIVITY_SETTINGS, 'workforce.excludeBankOnly'],
      checks: [NO_LAST_WORKED],
      parts: [
        {
          key: 'main',
          label: 'All',
          definition: {
            id: 'BWRES1',
            title: 'Active bank-only workers by ethnicity and sex',
            population,
            characteristic: 'wres',
            statistic: { type: 'distribution', rows: ['sex'] },
          },
        },
        {
          key: 'workforce',
          label: 'Against the substantive workforce',
          definition: {
            id: 'BWRES1.workforce',
            title: 'BME % of active bank-only workers minus BME % of the substantive workforce',
            population,
            characteristic: 'wres',
            statistic: {
              type: 'representationDifference',
              group: 'BME',
              comparison: {
                dataset: 'workforce',
                where: [
                  { field: 'bankOnly', op: 'eq', value: false },
                  ...(s['workforce.excludeNonExecutives']
                    ? [{ field: 'grade', op: 'ne' as const, value: 'NON_EXEC' }]
                    : []),
                ],
                at: { type: 'snapshot' },
              },
              labels: {
                population: 'Active bank-only workers',
                comparison: 'Substantive workforce at 31 March',
              },
            },
          },
        },
      ],
    },
    {
      id: 'BWRES2',
      standard: 'BWRES',
      number: '2',
      title:
        'Relative likelihood of BME bank-only workers entering the formal disciplinary process compared to White bank-only workers',
      formula:
        'RL = (BME bank workers entering / BME active bank workers) / (White bank workers entering / White active bank workers)',
      ...relativeLikelihood,
      source: 'Employee-relations case log (formal disciplinary cases by start date) and ESR',
      methodology: `${POPULATION_TEXT} Numerator: bank-only workers (by their workforce record) entering a formal disciplinary investigation in the financial year, people or cases (setting), grouped as for WRES 3. Denominator: active bank-only workers at 31 March. One year, not a rolling window. Numbering UNCONFIRMED.`,
      references: ['S32', 'S32b'],
      settings: [...ACTIVITY_SETTINGS, 'casework.countUnit', 'stats.lowCountThreshold'],
      checks: [NO_LAST_WORKED],
      parts: [
        {
          key: 'main',
          label: 'All',
          definition: {
            id: 'BWRES2',
            title: 'Bank-only workers entering the formal disciplinary process',
            population,
            outcome: bankCases(s, [{ field: 'caseType', op: 'eq', value: 'disciplinary' }], ['startDate']),
            characteristic: 'wres',
            statistic: { type: 'relativeLikelihood', outcomeIs: 'unfavourable' },
          },
        },
      ],
    },
    {
      id: 'BWRES3',
      standard: 'BWRES',
      number: '3',
      title:
        'Relative likelihood of BME bank-only workers being dismissed compared to White bank-only workers',
      formula:
        'RL = (BME bank workers dismissed / BME active bank workers) / (White bank workers dismissed / White active bank workers)',
      ...relativeLikelihood,
      source: 'Employee-relations case log (formal cases closed with a dismissal, by end date) and ESR',
      methodology: `${POPULATION_TEXT} Numerator: bank-only workers whose formal case of the configured types closed in the financial year with an outcome containing the configured text (by default "dismiss"), counted by the case end date (start date when it has none). Denominator: active bank-only workers at 31 March (a dismissed worker is usually no longer in post, as for WRES 3). Numbering and the dismissal rule UNCONFIRMED.`,
      references: ['S32', 'S32b'],
      settings: [
        ...ACTIVITY_SETTINGS,
        'bankWres.dismissalCaseTypes',
        'bankWres.dismissalOutcomeText',
        'casework.countUnit',
        'stats.lowCountThreshold',
      ],
      checks: [NO_LAST_WORKED],
      parts: [
        {
          key: 'main',
          label: 'All',
          definition: {
            id: 'BWRES3',
            title: 'Bank-only workers dismissed',
            population,
            outcome: bankCases(
              s,
              [
                { field: 'caseType', op: 'in', value: [...s['bankWres.dismissalCaseTypes']] },
                { field: 'outcome', op: 'contains', value: s['bankWres.dismissalOutcomeText'] },
              ],
              ['endDate', 'startDate'],
            ),
            characteristic: 'wres',
            statistic: { type: 'relativeLikelihood', outcomeIs: 'unfavourable' },
          },
        },
      ],
    },
    ...(
      [
        [
          '4',
          'Percentage of bank-only workers experiencing harassment, bullying or abuse from patients, relatives or the public in the last 12 months',
          'hba_public',
          false,
        ],
        [
          '5',
          'Percentage of bank-only workers experiencing harassment, bullying or abuse from staff in the last 12 months',
          'hba_staff',
          false,
        ],
        [
          '6',
          'Percentage of bank-only workers believing that the trust provides equal opportunities for career progression or promotion',
          'equal_opportunities',
          true,
        ],
        [
          '7',
          'Percentage of bank-only workers personally experiencing discrimination at work from a manager, team leader or other colleagues in the last 12 months',
          'discrimination_staff',
          false,
        ],
      ] as const
    ).map(([number, title, measure, higherIsBetter]) => bankSurvey(number, title, measure, higherIsBetter)),
    {
      id: 'BWRES8',
      standard: 'BWRES',
      number: '8',
      title:
        'Relative likelihood of White bank-only workers moving into a substantive post compared to BME bank-only workers',
      formula:
        'RL = (White workers now substantive / White active bank workers a year before) / (BME workers now substantive / BME active bank workers a year before)',
      ...relativeLikelihood,
      orientation: 'White / BME',
      source:
        'ESR staff in post at 31 March of this year and of the year before (bank assignments and last worked date)',
      methodology: `Route of entry into substantive NHS employment. Population: active bank-only workers at 31 March of the year before (every assignment bank; last worked date within the window of months before that snapshot, setting; no date: setting). Outcome: the same person holds a substantive (not bank-only) post at 31 March of this year, matched by person. Grouped by the ethnicity of the year before. Read from two snapshots, so a move and a departure within the year are not seen, and a worker who left is counted as not having moved. Numbering and formula are Parity's reading of NHS England's summary ("route of entry into the NHS"), UNCONFIRMED.`,
      references: ['S32', 'S32b'],
      settings: ACTIVITY_SETTINGS,
      checks: [],
      parts: [
        {
          key: 'main',
          label: 'All',
          definition: {
            id: 'BWRES8',
            title: 'Bank-only workers moving into a substantive post',
            population: { ...population, at: { type: 'snapshot', yearOffset: -1 } },
            outcome: {
              type: 'linked',
              dataset: 'workforce',
              where: [{ field: 'bankOnly', op: 'eq', value: false }],
              at: { type: 'snapshot' },
            },
            characteristic: 'wres',
            statistic: { type: 'relativeLikelihood', outcomeIs: 'favourable' },
          },
        },
      ],
    },
    {
      id: 'BWRES9',
      standard: 'BWRES',
      number: '9',
      title: 'Percentage of the substantive workforce who were bank-only workers a year before, by ethnicity',
      formula:
        'pct(g) = substantive staff of group g at 31 March who were bank-only at 31 March the year before / substantive staff of group g at 31 March x 100',
      orientation: null,
      adverseDirection: 'NONE',
      source: 'ESR staff in post at 31 March of this year and of the year before',
      methodology: `Route of entry: how much of each group's substantive workforce came through the organisation's bank. Population: the WRES workforce at 31 March (bank-only staff out). Outcome: the same person was bank-only at 31 March of the year before (active or not), matched by person. Unknown ethnicity is shown and out of comparisons. A share, not a judgement: neither a higher nor a lower figure is better in itself, so it carries no RAG. Numbering and formula are Parity's reading of NHS England's summary ("route of entry into the NHS"), UNCONFIRMED.`,
      references: ['S32', 'S32b'],
      settings: ['workforce.excludeBankOnly', 'workforce.excludeNonExecutives'],
      checks: [],
      parts: [
        {
          key: 'main',
          label: 'All',
          definition: {
            id: 'BWRES9',
            title: 'Substantive staff who were bank-only workers a year before',
            population: { dataset: 'workforce', where: workforceConditions(s), at: { type: 'snapshot' } },
            outcome: {
              type: 'linked',
              dataset: 'workforce',
              where: [{ field: 'bankOnly', op: 'eq', value: true }],
              at: { type: 'snapshot', yearOffset: -1 },
            },
            characteristic: 'wres',
            statistic: { type: 'rate' },
          },
        },
      ],
    },
  ];
}
