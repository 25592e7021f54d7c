/** The Workforce Race Equality Standard, indicators 1-9 (standards.md §4), in the metric algebra. */
import type { Condition, MetricDefinition } from '../algebra/types.js';
import type { EngineSettings } from '../settings.js';
import {
  casesOutcome,
  recruitmentDefinition,
  SURVEY_MEASURES,
  SURVEY_POPULATION,
  windowOf,
  workforceAt31March,
  workforceDenominator,
  workforcePersonConditions,
} from './common.js';
import type { CatalogueEntry, CataloguePart } from './types.js';

const main = (definition: MetricDefinition): CataloguePart[] => [{ key: 'main', label: 'All', definition }];

/** Board parts for WRES 9 / WDES 10: board % minus workforce % for each board subset. */
export function boardParts(
  prefix: string,
  title: string,
  characteristic: 'wres' | 'wdes',
  group: string,
  s: EngineSettings,
): CataloguePart[] {
  const subsets: [string, string, Condition[]][] = [
    ['total', 'Total board', []],
    ['voting', 'Voting members', [{ field: 'voting', op: 'eq', value: true }]],
    ['executive', 'Executive members', [{ field: 'executive', op: 'eq', value: true }]],
    ['nonVoting', 'Non-voting members', [{ field: 'voting', op: 'eq', value: false }]],
    ['nonExecutive', 'Non-executive members', [{ field: 'executive', op: 'eq', value: false }]],
  ];
  return subsets.map(([key, label, where]) => ({
    key,
    label,
    definition: {
      id: `${prefix}.${key}`,
      title: `${title}: ${label.toLowerCase()}`,
      population: { dataset: 'board', where, at: { type: 'snapshot' } },
      characteristic,
      statistic: {
        type: 'representationDifference',
        group,
        comparison: workforceAt31March(s),
        labels: { population: label, comparison: 'Overall workforce at 31 March' },
      },
    },
  }));
}

function survey(
  id: string,
  number: string,
  title: string,
  measure: keyof typeof SURVEY_MEASURES,
  higherIsBetter: boolean,
): CatalogueEntry {
  return {
    id,
    standard: 'WRES',
    number,
    title,
    formula:
      '% = respondents answering positively / respondents with a valid answer x 100, for White and BME staff; gap = BME % - White %',
    orientation: null,
    adverseDirection: higherIsBetter ? 'HIGHER_IS_BETTER' : 'LOWER_IS_BETTER',
    source: `NHS Staff Survey of the autumn before the reporting year: "${SURVEY_MEASURES[measure]}"`,
    methodology:
      "Groups are the respondents' self-reported ethnicity in the survey, not ESR. NHS England's pre-aggregated figures are used as given when loaded; otherwise respondent-level answers are counted with the survey question map for that year. Respondents with unknown ethnicity are shown but excluded from the gap. Percentages with a base below the smallest base shown are flagged and withheld on publication.",
    references: ['S1', 'S4', 'S5'],
    settings: ['survey.questionMap', 'survey.minBase'],
    checks: [],
    parts: main({
      id,
      title,
      population: SURVEY_POPULATION,
      characteristic: 'wres',
      statistic: { type: 'surveyPercentage', measure },
    }),
  };
}

export function wresCatalogue(s: EngineSettings): CatalogueEntry[] {
  const recruitment = recruitmentDefinition(s);
  return [
    {
      id: 'WRES1',
      standard: 'WRES',
      number: '1',
      title:
        'Percentage of staff in each of the AfC bands 1-9 and VSM (including executive board members) compared with the percentage of staff in the overall workforce',
      formula:
        'pct(g, r) = n(g, r) / N(r) x 100 for g in White, BME, Unknown; N(r) includes Unknown (rows sum to 100%)',
      orientation: null,
      adverseDirection: 'TOWARDS_ZERO',
      source: 'ESR staff in post at 31 March',
      methodology:
        'Headcount at 31 March, bank-only staff and non-executive directors excluded (settings). Non-medical staff are shown by AfC band and VSM, separately for non-clinical and clinical staff groups (non-clinical = the configured staff groups); medical and dental staff by subgroup (consultants, non-consultant career grades, trainees, other). Unknown ethnicity is its own column and is counted in N. Change: for each row, the BME percentage minus the overall BME percentage; improved when that difference moved towards zero.',
      references: ['S17', 'S1', 'S2'],
      settings: [
        'workforce.excludeBankOnly',
        'workforce.excludeNonExecutives',
        'workforce.nonClinicalStaffGroups',
      ],
      checks: [],
      parts: main({
        id: 'WRES1',
        title: 'Workforce by band, clinical and non-clinical',
        population: workforceAt31March(s),
        characteristic: 'wres',
        statistic: { type: 'distribution', rows: ['workforceRow'] },
      }),
    },
    {
      id: 'WRES2',
      standard: 'WRES',
      number: '2',
      title:
        'Relative likelihood of White applicants being appointed from shortlisting compared to BME applicants',
      formula: 'RL = (appointed White / shortlisted White) / (appointed BME / shortlisted BME)',
      orientation: 'White / BME',
      adverseDirection:
        s['change.relativeLikelihoodDirection'] === 'LOWER_IS_BETTER' ? 'LOWER_IS_BETTER' : 'TOWARDS_PARITY',
      source: 'Recruitment system, financial year ending 31 March',
      methodology:
        'All posts, internal and external applicants. Shortlisted applicants are counted by shortlisting date (or application date) in the financial year; appointments by the year the setting names (by default the appointment decision date). Applicants with unknown ethnicity are shown but excluded from the relative likelihood. An appointed applicant not marked shortlisted is reported as a data issue. RL > 1.25 is adverse, 0.80-1.25 non-adverse, < 0.80 favours BME applicants (settings). The 95% interval is supplementary.',
      references: ['S1', 'S13', 'S15'],
      settings: [
        'recruitment.appointmentAttribution',
        'recruitment.excludeInternational',
        'stats.nonAdverseLower',
        'stats.nonAdverseUpper',
        'stats.nonAdverseInclusive',
        'stats.lowCountThreshold',
        'stats.intervalMethod',
      ],
      checks: [
        {
          code: 'APPOINTED_NOT_SHORTLISTED',
          dataset: 'recruitment',
          where: [
            { field: 'appointed', op: 'eq', value: true },
            { field: 'shortlisted', op: 'eq', value: false },
          ],
          at: { type: 'financialYear', dateField: ['appointedDate', 'applicationDate'] },
          message: 'applications marked appointed but not shortlisted: not counted',
        },
      ],
      parts: main({
        id: 'WRES2',
        title: 'Appointed from shortlisting',
        ...recruitment,
        characteristic: 'wres',
        statistic: { type: 'relativeLikelihood', outcomeIs: 'favourable' },
      }),
    },
    {
      id: 'WRES3',
      standard: 'WRES',
      number: '3',
      title:
        'Relative likelihood of BME staff entering the formal disciplinary process compared to White staff, as measured by entry into a formal disciplinary investigation',
      formula:
        'RL = (BME staff entering / BME staff in workforce) / (White staff entering / White staff in workforce)',
      orientation: 'BME / White',
      adverseDirection:
        s['change.relativeLikelihoodDirection'] === 'LOWER_IS_BETTER' ? 'LOWER_IS_BETTER' : 'TOWARDS_PARITY',
      source: 'Employee-relations case log (formal disciplinary cases by start date) and ESR',
      methodology:
        "Numerator: staff entering a formal disciplinary investigation in the financial year (people or cases, setting), grouped by the ethnicity on the case, else the person's workforce record at the end of the year (their last snapshot for leavers), else unknown: a blank cell in the case log means the log does not say, so the workforce record's is used, while 99 or Not stated on the case counts as unknown. Denominator: staff in post at 31 March (or the mean over the year, setting). Numerator and denominator cover the same people: with bank-only staff or non-executive directors left out of the workforce (settings), their cases are left out too (bank-only staff's cases belong to the Bank WRES); a case linked to no workforce record is counted. By default a two-year rolling figure: the current and previous year pooled (numerators and denominators added, then divided); the method is shown with the figure.",
      references: ['S11', 'S11b'],
      settings: [
        'wres.indicator3.windowYears',
        'wres.indicator3.windowMethod',
        'casework.workforceDenominator',
        'casework.countUnit',
        'workforce.excludeBankOnly',
        'workforce.excludeNonExecutives',
        'stats.lowCountThreshold',
      ],
      checks: [],
      parts: main({
        id: 'WRES3',
        title: 'Entering the formal disciplinary process',
        population: workforceDenominator(s),
        outcome: casesOutcome(s, 'disciplinary'),
        characteristic: 'wres',
        statistic: { type: 'relativeLikelihood', outcomeIs: 'unfavourable' },
        window: windowOf(s['wres.indicator3.windowYears'], s['wres.indicator3.windowMethod']),
      }),
    },
    {
      id: 'WRES4',
      standard: 'WRES',
      number: '4',
      title:
        'Relative likelihood of White staff accessing non-mandatory training and CPD compared to BME staff',
      formula:
        'RL = (White staff accessing / White staff in workforce) / (BME staff accessing / BME staff in workforce)',
      orientation: 'White / BME',
      adverseDirection:
        s['change.relativeLikelihoodDirection'] === 'LOWER_IS_BETTER' ? 'LOWER_IS_BETTER' : 'TOWARDS_PARITY',
      source: 'Learning and development records (start date in the financial year) and ESR',
      methodology:
        'Numerator: distinct staff with at least one learning record of the configured kinds starting in the financial year, grouped by their workforce record at the end of the year (their last snapshot for leavers). Denominator: staff in post at 31 March (or the mean over the year, setting). Numerator and denominator cover the same people: with bank-only staff or non-executive directors left out of the workforce (settings), their learning is left out too.',
      references: ['S11c'],
      settings: [
        'training.cpdKinds',
        'casework.workforceDenominator',
        'workforce.excludeBankOnly',
        'workforce.excludeNonExecutives',
        'stats.lowCountThreshold',
      ],
      checks: [],
      parts: main({
        id: 'WRES4',
        title: 'Accessing non-mandatory training and CPD',
        population: workforceDenominator(s),
        outcome: {
          type: 'events',
          count: 'people',
          population: {
            dataset: 'learning',
            where: [
              { field: 'kind', op: 'in', value: [...s['training.cpdKinds']] },
              ...workforcePersonConditions(s),
            ],
            at: { type: 'financialYear', dateField: 'startDate' },
          },
        },
        characteristic: 'wres',
        statistic: { type: 'relativeLikelihood', outcomeIs: 'favourable' },
      }),
    },
    survey(
      'WRES5',
      '5',
      'Percentage of staff experiencing harassment, bullying or abuse from patients, relatives or the public in the last 12 months',
      'hba_public',
      false,
    ),
    survey(
      'WRES6',
      '6',
      'Percentage of staff experiencing harassment, bullying or abuse from staff in the last 12 months',
      'hba_staff',
      false,
    ),
    survey(
      'WRES7',
      '7',
      'Percentage believing that the trust provides equal opportunities for career progression or promotion',
      'equal_opportunities',
      true,
    ),
    survey(
      'WRES8',
      '8',
      'In the last 12 months have you personally experienced discrimination at work from a manager, team leader or other colleagues',
      'discrimination_staff',
      false,
    ),
    {
      id: 'WRES9',
      standard: 'WRES',
      number: '9',
      title:
        "Percentage difference between the organisation's board voting membership and its overall workforce, disaggregated by voting and executive membership",
      formula: 'difference = BME % of board members - BME % of the workforce, in percentage points',
      orientation: null,
      adverseDirection: 'TOWARDS_ZERO',
      source: 'Board register and ESR staff in post at 31 March',
      methodology:
        'For the total board, voting members and executive members (non-voting and non-executive shown too): the BME percentage of the members minus the BME percentage of the workforce at 31 March. Negative = BME people under-represented on the board. Percentages are of everyone (unknown included) unless the setting says declared only.',
      references: ['S12', 'S16'],
      settings: ['board.percentBase'],
      checks: [],
      parts: boardParts('WRES9', 'Board minus workforce BME %', 'wres', 'BME', s),
    },
  ];
}
