/**
 * The Bank Workforce Race Equality Standard (standards.md §14a): the WRES for bank-only workers, collected
 * by NHS England since 2023. A bank worker holds only NHS zero-hours / casual (bank) assignments; an
 * active worker has done work or paid training within six months (setting `bankWres.activeWindowMonths`).
 *
 * NHS England's nine indicators cover representation by ethnicity and gender, experience at work
 * (disciplinaries, dismissals, and bullying and harassment from the National NHS Bank Survey) and route of
 * entry [S32, S32b]. Parity computes the three that a trust's own records hold; their numbering and exact
 * formulas are Parity's reading of the published summary (UNCONFIRMED), and every choice is a setting. The
 * survey-based indicators need the National NHS Bank Survey and route of entry needs the bank supplier's
 * data: neither is a dataset Parity loads, so they are not computed.
 */
import type { Condition, OutcomeSpec, PopulationSpec } from '../algebra/types.js';
import type { EngineSettings, SettingId } from '../settings.js';
import type { CatalogueCheck, CatalogueEntry } from './types.js';
import { formalCases } from './common.js';

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
  ];
}
