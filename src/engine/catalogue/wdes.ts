/** The Workforce Disability Equality Standard, metrics 1-10 (standards.md §5), in the metric algebra. */
import type { MetricDefinition } from '../algebra/types.js';
import type { EngineSettings } from '../settings.js';
import {
  casesOutcome,
  recruitmentDefinition,
  SURVEY_MEASURES,
  SURVEY_POPULATION,
  windowOf,
  workforceAt31March,
  workforceDenominator,
} from './common.js';
import type { CatalogueEntry, CataloguePart } from './types.js';
import { boardParts } from './wres.js';

const main = (definition: MetricDefinition): CataloguePart[] => [{ key: 'main', label: 'All', definition }];

const SURVEY_METHOD =
  "Groups are respondents' own answer to the survey's long-term condition or illness question (\"Disabled\"), not ESR. NHS England's pre-aggregated figures are used as given when loaded; otherwise respondent-level answers are counted with the survey question map for that year. Unknown is shown but excluded from the gap. Percentages with a base below the smallest base shown are flagged and withheld on publication.";

function survey(
  id: string,
  number: string,
  title: string,
  measure: keyof typeof SURVEY_MEASURES,
  direction: 'HIGHER_IS_BETTER' | 'LOWER_IS_BETTER',
  extra = '',
): CatalogueEntry {
  return {
    id,
    standard: 'WDES',
    number,
    title,
    formula:
      '% = respondents answering positively / respondents with a valid answer x 100, for Disabled and non-disabled staff; gap = Disabled % - non-disabled %',
    orientation: null,
    adverseDirection: direction,
    source: `NHS Staff Survey of the autumn before the reporting year: "${SURVEY_MEASURES[measure]}"`,
    methodology: `${SURVEY_METHOD}${extra}`,
    references: ['S3', 'S36'],
    settings: ['survey.questionMap', 'survey.minBase'],
    checks: [],
    parts: main({
      id,
      title,
      population: SURVEY_POPULATION,
      characteristic: 'wdes',
      statistic: { type: 'surveyPercentage', measure },
    }),
  };
}

export function wdesCatalogue(s: EngineSettings): CatalogueEntry[] {
  const rlDirection =
    s['change.relativeLikelihoodDirection'] === 'LOWER_IS_BETTER' ? 'LOWER_IS_BETTER' : 'TOWARDS_PARITY';
  return [
    {
      id: 'WDES1',
      standard: 'WDES',
      number: '1',
      title:
        'Percentage of staff in AfC pay bands or medical and dental subgroups and very senior managers (including executive board members) compared with the percentage of staff in the overall workforce',
      formula:
        'pct(g, c) = n(g, c) / N(c) x 100 for g in Disabled, Non-disabled, Unknown; N(c) includes Unknown; declaration rate = (Disabled + Non-disabled) / N',
      orientation: null,
      adverseDirection: 'TOWARDS_ZERO',
      source: 'ESR staff in post at 31 March (bank-only staff excluded)',
      methodology:
        'Headcount at 31 March in the WDES clusters: clusters 1-4 (AfC under 1-4, 5-7, 8a-8b, 8c-9 and VSM) separately for non-clinical and clinical staff, clusters 5-7 for medical and dental consultants, non-consultant career grades and trainees. Unknown is its own column and counted in N. The declaration rate is the share of staff whose disability status is recorded. Change: for each row, the Disabled percentage minus the overall Disabled percentage; improved when it moved towards zero.',
      references: ['S3', 'S19', 'S24'],
      settings: [
        'workforce.excludeBankOnly',
        'workforce.excludeNonExecutives',
        'workforce.nonClinicalStaffGroups',
      ],
      checks: [],
      parts: [
        {
          key: 'main',
          label: 'By cluster',
          definition: {
            id: 'WDES1',
            title: 'Workforce by cluster, clinical and non-clinical',
            population: workforceAt31March(s),
            characteristic: 'wdes',
            statistic: { type: 'distribution', rows: ['clusterRow'] },
          },
        },
        {
          key: 'declaration',
          label: 'Declaration rate',
          adverseDirection: 'HIGHER_IS_BETTER',
          definition: {
            id: 'WDES1.declaration',
            title: 'Disability declaration rate',
            population: workforceAt31March(s),
            characteristic: 'none',
            outcome: { type: 'condition', where: [{ field: 'wdesGroup', op: 'ne', value: 'UNKNOWN' }] },
            statistic: { type: 'rate' },
          },
        },
      ],
    },
    {
      id: 'WDES2',
      standard: 'WDES',
      number: '2',
      title:
        'Relative likelihood of non-disabled staff compared to Disabled staff being appointed from shortlisting across all posts',
      formula:
        'RL = (appointed non-disabled / shortlisted non-disabled) / (appointed Disabled / shortlisted Disabled)',
      orientation: 'Non-disabled / Disabled',
      adverseDirection: rlDirection,
      source: 'Recruitment system, financial year ending 31 March',
      methodology:
        'As WRES 2, by the disability declared on the application. Guaranteed-interview (Disability Confident) schemes raise Disabled shortlisting and can give RL < 1; the figure is flagged by its band, never corrected.',
      references: ['S36', 'S19'],
      settings: [
        'recruitment.appointmentAttribution',
        'stats.nonAdverseLower',
        'stats.nonAdverseUpper',
        'stats.lowCountThreshold',
      ],
      checks: [],
      parts: main({
        id: 'WDES2',
        title: 'Appointed from shortlisting',
        ...recruitmentDefinition(s),
        characteristic: 'wdes',
        statistic: { type: 'relativeLikelihood', outcomeIs: 'favourable' },
      }),
    },
    {
      id: 'WDES3',
      standard: 'WDES',
      number: '3',
      title:
        'Relative likelihood of Disabled staff compared to non-disabled staff entering the formal capability process, as measured by entry into the formal capability procedure',
      formula:
        'RL = (Disabled staff entering / Disabled staff) / (non-disabled staff entering / non-disabled staff)',
      orientation: 'Disabled / Non-disabled',
      adverseDirection: rlDirection,
      source: 'Employee-relations case log (formal capability on grounds of performance) and ESR',
      methodology:
        'Capability on the grounds of performance only; ill-health capability is excluded. Counting, characteristics, the population (bank-only staff and non-executive directors out of numerator and denominator alike, settings) and the two-year rolling window as for WRES 3.',
      references: ['S3', 'S36'],
      settings: [
        'wdes.metric3.windowYears',
        'wdes.metric3.windowMethod',
        'casework.workforceDenominator',
        'casework.countUnit',
        'workforce.excludeBankOnly',
        'workforce.excludeNonExecutives',
      ],
      checks: [],
      parts: main({
        id: 'WDES3',
        title: 'Entering the formal capability process',
        population: workforceDenominator(s),
        outcome: casesOutcome(s, 'capability_performance'),
        characteristic: 'wdes',
        statistic: { type: 'relativeLikelihood', outcomeIs: 'unfavourable' },
        window: windowOf(s['wdes.metric3.windowYears'], s['wdes.metric3.windowMethod']),
      }),
    },
    survey(
      'WDES4a_i',
      '4a (i)',
      'Percentage of staff experiencing harassment, bullying or abuse from patients, service users, their relatives or other members of the public',
      'hba_public',
      'LOWER_IS_BETTER',
    ),
    survey(
      'WDES4a_ii',
      '4a (ii)',
      'Percentage of staff experiencing harassment, bullying or abuse from managers',
      'hba_managers',
      'LOWER_IS_BETTER',
    ),
    survey(
      'WDES4a_iii',
      '4a (iii)',
      'Percentage of staff experiencing harassment, bullying or abuse from other colleagues',
      'hba_colleagues',
      'LOWER_IS_BETTER',
    ),
    survey(
      'WDES4b',
      '4b',
      'Percentage of staff saying that the last time they experienced harassment, bullying or abuse at work, they or a colleague reported it',
      'hba_reported',
      'HIGHER_IS_BETTER',
      ' Base: respondents who experienced harassment, bullying or abuse.',
    ),
    survey(
      'WDES5',
      '5',
      'Percentage of staff who believe that their organisation provides equal opportunities for career progression or promotion',
      'equal_opportunities',
      'HIGHER_IS_BETTER',
    ),
    survey(
      'WDES6',
      '6',
      'Percentage of staff who have felt pressure from their manager to come to work, despite not feeling well enough to perform their duties',
      'pressure_to_work',
      'LOWER_IS_BETTER',
      ' Base: respondents who came to work when not well enough (UNCONFIRMED).',
    ),
    survey(
      'WDES7',
      '7',
      'Percentage of staff satisfied with the extent to which their organisation values their work',
      'valued',
      'HIGHER_IS_BETTER',
    ),
    {
      ...survey(
        'WDES8',
        '8',
        'Percentage of Disabled staff saying that their employer has made adequate adjustment(s) to enable them to carry out their work',
        'adjustments',
        'HIGHER_IS_BETTER',
        ' Disabled staff only, no comparator: Yes / (Yes + No); "no adjustment required" is excluded (UNCONFIRMED base).',
      ),
      formula: '% = Disabled respondents answering Yes / Disabled respondents answering Yes or No x 100',
      parts: main({
        id: 'WDES8',
        title: 'Adequate adjustments (Disabled staff)',
        population: { ...SURVEY_POPULATION, where: [{ field: 'wdesGroup', op: 'eq', value: 'DISABLED' }] },
        characteristic: 'wdes',
        statistic: { type: 'surveyPercentage', measure: 'adjustments' },
      }),
    },
    {
      id: 'WDES9a',
      standard: 'WDES',
      number: '9a',
      title:
        'The staff engagement score (0-10) for Disabled staff, compared to non-disabled staff and the overall engagement score for the organisation',
      formula: 'mean engagement score (0-10) by group, as NHS England publishes it',
      orientation: null,
      adverseDirection: 'HIGHER_IS_BETTER',
      source: 'NHS Staff Survey engagement theme (NHS England aggregates)',
      methodology:
        'Taken from NHS England\'s pre-aggregated scores (measure "engagement"); it is not recomputed from respondent-level answers because the scoring detail is UNCONFIRMED (standards.md §5).',
      references: ['S3', 'S26'],
      settings: ['survey.minBase'],
      checks: [],
      parts: [
        {
          key: 'main',
          label: 'By disability',
          definition: {
            id: 'WDES9a',
            title: 'Engagement score by disability',
            population: SURVEY_POPULATION,
            characteristic: 'wdes',
            statistic: { type: 'surveyScore', measure: 'engagement' },
          },
        },
        {
          key: 'overall',
          label: 'Organisation',
          definition: {
            id: 'WDES9a.overall',
            title: 'Engagement score, whole organisation',
            population: SURVEY_POPULATION,
            characteristic: 'none',
            statistic: { type: 'surveyScore', measure: 'engagement' },
          },
        },
      ],
    },
    {
      id: 'WDES9b',
      standard: 'WDES',
      number: '9b',
      title:
        'Has your trust taken action to facilitate the voices of Disabled staff in your organisation to be heard?',
      formula: 'Yes or No, with a narrative example',
      orientation: null,
      adverseDirection: 'NONE',
      source: 'Recorded by the trust',
      methodology:
        'The only non-data metric: the trust records its answer and an example, and Parity reports them as given.',
      references: ['S3'],
      settings: [],
      checks: [],
      parts: [],
      recorded: true,
    },
    {
      id: 'WDES10',
      standard: 'WDES',
      number: '10',
      title:
        "Percentage difference between the organisation's board voting membership and its organisation's overall workforce, disaggregated by voting membership and by executive membership",
      formula: 'difference = Disabled % of board members - Disabled % of the workforce, in percentage points',
      orientation: null,
      adverseDirection: 'TOWARDS_ZERO',
      source: 'Board register and ESR staff in post at 31 March',
      methodology: 'As WRES 9, for Disabled members.',
      references: ['S16b'],
      settings: ['board.percentBase'],
      checks: [],
      parts: boardParts('WDES10', 'Board minus workforce Disabled %', 'wdes', 'DISABLED', s),
    },
  ];
}
