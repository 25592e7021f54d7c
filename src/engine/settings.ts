/**
 * Every rule of the standards that is a choice rather than a published fact is a named setting here, with
 * its default, whether the rule is UNCONFIRMED (standards.md), and where it comes from. Organisations may
 * override them; reports print the values used next to the figures.
 */
import { CASE_TYPES } from './classification/casework.js';
import type { StaffGroupCode } from './classification/staff.js';
import { protectedGroups, type ProtectedField } from './classification/protected.js';

/** Reference groups of the other protected characteristics, by characteristic scheme (null: none). */
export interface ReferenceGroups {
  sexualOrientation: string | null;
  religion: string | null;
  genderIdentity: string | null;
  marriage: string | null;
  pregnancy: string | null;
  ageBand: string | null;
}
const REFERENCE_FIELDS: Readonly<Record<Exclude<keyof ReferenceGroups, 'ageBand'>, ProtectedField>> = {
  sexualOrientation: 'sexualOrientation',
  religion: 'religion',
  genderIdentity: 'genderIdentity',
  marriage: 'maritalStatus',
  pregnancy: 'pregnancyMaternity',
};
/** Each characteristic named once, with a stated group of its code list (or an age band id), or null. */
function validateReferenceGroups(value: unknown): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return ['must be an object'];
  const v = value as Record<string, unknown>;
  const keys = [...Object.keys(REFERENCE_FIELDS), 'ageBand'];
  const problems = Object.keys(v)
    .filter((k) => !keys.includes(k))
    .map((k) => `${k}: not a characteristic; use ${keys.join(', ')}`);
  for (const k of keys) {
    const g = v[k];
    if (g === null) continue;
    if (typeof g !== 'string') {
      problems.push(`${k}: must be a group id or null`);
      continue;
    }
    if (k === 'ageBand') {
      if (!/^(UNDER_\d+|\d+_\d+|\d+_PLUS)$/.test(g))
        problems.push(`${k}: "${g}" is not an age band id (e.g. 35_44)`);
      continue;
    }
    const groups = protectedGroups(REFERENCE_FIELDS[k as keyof typeof REFERENCE_FIELDS]).filter(
      (x) => x !== 'NOT_STATED' && x !== 'UNKNOWN',
    );
    if (!groups.includes(g)) problems.push(`${k}: "${g}" is not a group; choose ${groups.join(', ')}`);
  }
  return problems;
}

export interface SettingDefinition<T> {
  id: string;
  title: string;
  description: string;
  default: T;
  /** The rule is a best reading, not verified against a primary source (standards.md marks it UNCONFIRMED). */
  unconfirmed: boolean;
  /** Where the rule or its default comes from. */
  source: string;
  /** Problems with a proposed value, empty when it is acceptable. */
  validate(value: unknown): string[];
}

const stringList =
  (allowed?: readonly string[]) =>
  (value: unknown): string[] => {
    if (!Array.isArray(value) || value.some((v) => typeof v !== 'string'))
      return ['must be a list of text values'];
    const bad = allowed ? (value as string[]).filter((v) => !allowed.includes(v)) : [];
    return bad.length > 0 ? [`unknown value(s): ${bad.join(', ')}; allowed: ${allowed!.join(', ')}`] : [];
  };
const oneOf =
  (allowed: readonly string[]) =>
  (value: unknown): string[] =>
    typeof value === 'string' && allowed.includes(value) ? [] : [`must be one of ${allowed.join(', ')}`];
const flag = (value: unknown): string[] => (typeof value === 'boolean' ? [] : ['must be true or false']);

export const CLASSIFICATION_SETTINGS = {
  'ethnicity.whiteBritishCodes': {
    id: 'ethnicity.whiteBritishCodes',
    title: 'Codes counted as White British (ethnicity pay gap reference group)',
    description:
      'English, Scottish, Welsh, Cornish and Northern Irish are coded under C, not A; listing them here keeps them in the White British reference group, as ONS 2021 does.',
    default: ['A', 'CA', 'CB', 'CC', 'CD', 'C2'] as readonly string[],
    unconfirmed: true,
    source: 'standards.md §1.2 recommendation; open question Q7',
    validate: stringList(),
  } satisfies SettingDefinition<readonly string[]>,
  'ethnicity.chineseBroadGroup': {
    id: 'ethnicity.chineseBroadGroup',
    title: 'ONS broad group for Chinese (R)',
    description: 'ONS 2011 and 2021 place Chinese under Asian; the NHS 2001 codes place it under Other.',
    default: 'ASIAN' as 'ASIAN' | 'OTHER',
    unconfirmed: true,
    source: 'standards.md §1.3; ONS 2021 classification, as the 2023 ethnicity pay guidance recommends',
    validate: oneOf(['ASIAN', 'OTHER']),
  } satisfies SettingDefinition<'ASIAN' | 'OTHER'>,
  'workforce.nonClinicalStaffGroups': {
    id: 'workforce.nonClinicalStaffGroups',
    title: 'Staff groups counted as non-clinical',
    description:
      'WRES 1 and WDES 1 split the workforce into non-clinical and clinical staff by ESR staff group.',
    default: ['ADMIN_CLERICAL', 'ESTATES_ANCILLARY'] as readonly StaffGroupCode[],
    unconfirmed: true,
    source: 'standards.md §3.4; open question Q6',
    validate: stringList([
      'ADD_PROF_SCI_TECH',
      'ADD_CLINICAL',
      'ADMIN_CLERICAL',
      'AHP',
      'ESTATES_ANCILLARY',
      'HEALTHCARE_SCIENTISTS',
      'MEDICAL_DENTAL',
      'NURSING_MIDWIFERY',
      'STUDENTS',
    ]),
  } satisfies SettingDefinition<readonly StaffGroupCode[]>,
  'workforce.excludeBankOnly': {
    id: 'workforce.excludeBankOnly',
    title: 'Exclude bank-only staff from the workforce',
    description:
      'WDES 2023 aligned with WRES: headcount at 31 March excludes people who hold only bank assignments.',
    default: true,
    unconfirmed: false,
    source: 'standards.md §3.6 [S3]',
    validate: flag,
  } satisfies SettingDefinition<boolean>,
} as const;

// ---------------------------------------------------------------------------------------------------------
// Engine settings: every choice the metrics engine makes that is not a published fact.
// ---------------------------------------------------------------------------------------------------------

export type RlWindowMethod = 'POOLED' | 'MEAN_OF_RATIOS';
export type IntervalMethod = 'KOOPMAN_SCORE' | 'KATZ_LOG';
export type QuartileRemainderRule = 'LOWER_THEN_UPPER_MIDDLE' | 'LOWEST_FIRST';

/**
 * How one staff survey measure is read from respondent-level answers. A respondent is positive when any
 * of `questions` has an answer in `positive`; they are in the base when at least one of `questions` has an
 * answer that is not blank and not in `excluded` (and, when `valid` is given, is in `valid`). Answers are
 * compared case-insensitively after collapsing punctuation and spaces.
 */
export interface SurveyQuestionRule {
  questions: string[];
  positive: string[];
  excluded: string[];
  valid: string[] | null;
}
/** Survey year -> measure id -> rule. */
export type SurveyQuestionMap = Record<string, Record<string, SurveyQuestionRule>>;

/** The value of every setting the engine reads, by setting id. */
export interface EngineSettings {
  'ethnicity.whiteBritishCodes': readonly string[];
  'ethnicity.chineseBroadGroup': 'ASIAN' | 'OTHER';
  'workforce.nonClinicalStaffGroups': readonly StaffGroupCode[];
  'workforce.excludeBankOnly': boolean;
  'workforce.excludeNonExecutives': boolean;
  'workforce.ageBands': readonly number[];
  'characteristics.referenceGroups': Readonly<ReferenceGroups>;
  'stats.nonAdverseLower': number;
  'stats.nonAdverseUpper': number;
  'stats.nonAdverseInclusive': boolean;
  'stats.lowCountThreshold': number;
  'stats.intervalMethod': IntervalMethod;
  'stats.confidenceLevel': number;
  'wres.indicator3.windowYears': 1 | 2;
  'wres.indicator3.windowMethod': RlWindowMethod;
  'wdes.metric3.windowYears': 1 | 2;
  'wdes.metric3.windowMethod': RlWindowMethod;
  'casework.workforceDenominator': 'SNAPSHOT' | 'AVERAGE';
  'casework.countUnit': 'PEOPLE' | 'CASES';
  'recruitment.appointmentAttribution': 'APPOINTMENT_DATE' | 'SHORTLISTING_DATE';
  'recruitment.excludeInternational': boolean;
  'training.cpdKinds': readonly string[];
  'survey.questionMap': SurveyQuestionMap;
  'survey.minBase': number;
  'board.percentBase': 'ALL' | 'DECLARED';
  'bankWres.activeWindowMonths': number;
  'panels.trainingValidYears': number;
  'bankWres.unknownActivity': 'ACTIVE' | 'INACTIVE';
  'bankWres.dismissalCaseTypes': readonly string[];
  'bankWres.dismissalOutcomeText': string;
  'mwres.population': 'STAFF_GROUP' | 'STAFF_GROUP_OR_MEDICAL_GRADE';
  'paygap.daysInPayPeriod': Readonly<Record<string, number>>;
  'paygap.quartileRemainderRule': QuartileRemainderRule;
  'paygap.smallGroupThreshold': number;
  'paygap.disabilityReferenceGroup': 'NON_DISABLED' | 'DISABLED';
  'display.rlDecimals': number;
  'display.percentDecimals': number;
  'display.payGapDecimals': number;
  'suppression.primaryThreshold': number;
  'suppression.roundingBase': number;
  'suppression.publishBoard': boolean;
  'change.relativeLikelihoodDirection': 'TOWARDS_PARITY' | 'LOWER_IS_BETTER';
}

const numberIn =
  (min: number, max: number, integer = false) =>
  (value: unknown): string[] =>
    typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max
      ? integer && !Number.isInteger(value)
        ? ['must be a whole number']
        : []
      : [`must be a number from ${min} to ${max}`];
const increasingNumbers = (value: unknown): string[] =>
  Array.isArray(value) &&
  value.every(
    (v, i) => typeof v === 'number' && Number.isInteger(v) && v > 0 && (i === 0 || v > value[i - 1]),
  )
    ? []
    : ['must be a list of whole numbers in increasing order'];
const positiveRecord = (keys: readonly string[]) => (value: unknown) => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return ['must be an object'];
  const v = value as Record<string, unknown>;
  return keys.flatMap((k) =>
    typeof v[k] === 'number' && Number.isFinite(v[k]) && v[k] > 0 ? [] : [`${k} must be a positive number`],
  );
};
function validateQuestionMap(value: unknown): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return ['must be an object'];
  const problems: string[] = [];
  for (const [year, measures] of Object.entries(value as Record<string, unknown>)) {
    if (!/^\d{4}$/.test(year)) problems.push(`${year}: survey years are four digits`);
    if (typeof measures !== 'object' || measures === null) {
      problems.push(`${year}: must be an object of measures`);
      continue;
    }
    for (const [measure, rule] of Object.entries(measures as Record<string, unknown>)) {
      const r = rule as Partial<SurveyQuestionRule> | null;
      const lists = ['questions', 'positive', 'excluded'] as const;
      for (const key of lists)
        if (!r || !Array.isArray(r[key]) || r[key].some((x) => typeof x !== 'string'))
          problems.push(`${year}.${measure}.${key}: must be a list of text values`);
      if (r && r.valid !== null && (!Array.isArray(r.valid) || r.valid.some((x) => typeof x !== 'string')))
        problems.push(`${year}.${measure}.valid: must be null or a list of text values`);
      if (r && Array.isArray(r.questions) && r.questions.length === 0)
        problems.push(`${year}.${measure}.questions: name at least one question`);
    }
  }
  return problems;
}

const HBA_POSITIVE = ['1-2', '3-5', '6-10', 'More than 10'];
const HBA_VALID = ['Never', ...HBA_POSITIVE];
const YES_NO = ['Yes', 'No'];
const AGREE_SCALE = [
  'Strongly disagree',
  'Disagree',
  'Neither agree nor disagree',
  'Agree',
  'Strongly agree',
];
const rule = (
  questions: string[],
  positive: string[],
  valid: string[] | null,
  excluded: string[] = ["Don't know"],
): SurveyQuestionRule => ({ questions, positive, valid, excluded });
const peoplePromiseYear = (ltc: string): Record<string, SurveyQuestionRule> => ({
  hba_public: rule(['Q14a'], HBA_POSITIVE, HBA_VALID),
  hba_managers: rule(['Q14b'], HBA_POSITIVE, HBA_VALID),
  hba_colleagues: rule(['Q14c'], HBA_POSITIVE, HBA_VALID),
  hba_staff: rule(['Q14b', 'Q14c'], HBA_POSITIVE, HBA_VALID),
  hba_reported: rule(['Q14d'], ['Yes'], YES_NO),
  equal_opportunities: rule(['Q15'], ['Yes'], YES_NO),
  discrimination_staff: rule(['Q16b'], ['Yes'], YES_NO),
  valued: rule(
    ['Q4b'],
    ['Satisfied', 'Very satisfied'],
    [
      'Very dissatisfied',
      'Dissatisfied',
      'Neither satisfied nor dissatisfied',
      'Satisfied',
      'Very satisfied',
    ],
  ),
  pressure_to_work: rule(['Q11e'], ['Yes'], YES_NO),
  adjustments: rule([ltc], ['Yes'], YES_NO, ["Don't know", 'No adjustment required']),
  // MWRES 10 (feeling involved): "I am able to make suggestions to improve the work of my team".
  involved: rule(['Q3d'], ['Agree', 'Strongly agree'], AGREE_SCALE),
});

/** The registry of every engine setting: id, title, meaning, default, UNCONFIRMED flag, source, validation. */
export const ENGINE_SETTINGS: { readonly [K in keyof EngineSettings]: SettingDefinition<EngineSettings[K]> } =
  {
    ...CLASSIFICATION_SETTINGS,
    'workforce.excludeNonExecutives': {
      id: 'workforce.excludeNonExecutives',
      title: 'Exclude non-executive directors from the workforce',
      description:
        'Non-executive directors are not employees: they are counted on the board (WRES 9, WDES 10) but not in the workforce headcount.',
      default: true,
      unconfirmed: true,
      source: 'standards.md §3.2 working rule',
      validate: flag,
    },
    'workforce.ageBands': {
      id: 'workforce.ageBands',
      title: 'Age bands (lower bound of every band after the first)',
      description:
        'The default [25, 35, 45, 55, 65] gives under 25, 25-34, 35-44, 45-54, 55-64 and 65 and over.',
      default: [25, 35, 45, 55, 65],
      unconfirmed: false,
      source: 'Parity default for local metrics',
      validate: increasingNumbers,
    },
    'characteristics.referenceGroups': {
      id: 'characteristics.referenceGroups',
      title: 'Reference group of each other protected characteristic',
      description:
        'The group every other group is compared with, for sexual orientation, religion or belief, gender identity, marriage or civil partnership, pregnancy and maternity, and age band (null: none, counts and percentages only). Prefer not to say and not recorded are never compared. An age band the bands setting does not make is no reference.',
      default: {
        sexualOrientation: 'HETEROSEXUAL',
        religion: 'CHRISTIANITY',
        genderIdentity: 'SAME_AS_BIRTH',
        marriage: 'SINGLE',
        pregnancy: 'NOT_PREGNANT_OR_MATERNITY',
        ageBand: null,
      },
      unconfirmed: true,
      source:
        'No national standard names them: the largest or the majority group, as the WRES and WDES reference groups are; Parity default',
      validate: validateReferenceGroups,
    },
    'stats.nonAdverseLower': {
      id: 'stats.nonAdverseLower',
      title: 'Lower bound of the non-adverse range for relative likelihoods',
      description: 'Below it, a relative likelihood favours the protected group (four-fifths rule, 0.80).',
      default: 0.8,
      unconfirmed: true,
      source: 'standards.md §7; open question Q2',
      validate: numberIn(0, 1),
    },
    'stats.nonAdverseUpper': {
      id: 'stats.nonAdverseUpper',
      title: 'Upper bound of the non-adverse range for relative likelihoods',
      description: 'Above it, a relative likelihood is adverse to the protected group (1.25 = 1 / 0.80).',
      default: 1.25,
      unconfirmed: true,
      source: 'standards.md §7; open question Q2',
      validate: numberIn(1, 100),
    },
    'stats.nonAdverseInclusive': {
      id: 'stats.nonAdverseInclusive',
      title: 'The bounds themselves are non-adverse',
      description: 'True: 0.80 <= RL <= 1.25 is non-adverse. False: only 0.80 < RL < 1.25 is.',
      default: true,
      unconfirmed: true,
      source: 'standards.md §7; open question Q2',
      validate: flag,
    },
    'stats.lowCountThreshold': {
      id: 'stats.lowCountThreshold',
      title: 'Low-count flag for relative likelihoods',
      description: 'A relative likelihood is flagged LOW_N when any of its four counts is below this number.',
      default: 10,
      unconfirmed: true,
      source: 'standards.md §9 engine default (no NHS England rule found)',
      validate: numberIn(0, 1000, true),
    },
    'stats.intervalMethod': {
      id: 'stats.intervalMethod',
      title: 'Confidence interval method for relative likelihoods',
      description:
        'KOOPMAN_SCORE: Koopman (1984) asymptotic score interval for a ratio of two binomial proportions, valid with small and zero counts. KATZ_LOG: Katz log interval, with 0.5 added to every cell when any cell is zero.',
      default: 'KOOPMAN_SCORE',
      unconfirmed: false,
      source: 'Parity choice; Fagerland, Lydersen and Laake (2015) recommend the Koopman interval',
      validate: oneOf(['KOOPMAN_SCORE', 'KATZ_LOG']),
    },
    'stats.confidenceLevel': {
      id: 'stats.confidenceLevel',
      title: 'Confidence level of relative likelihood intervals',
      description: 'The interval is supplementary, never the headline (standards.md §7).',
      default: 0.95,
      unconfirmed: false,
      source: 'Parity default',
      validate: numberIn(0.5, 0.999),
    },
    'wres.indicator3.windowYears': {
      id: 'wres.indicator3.windowYears',
      title: 'WRES indicator 3: years in the rolling window',
      description:
        '2: the current and the previous year together (two-year rolling average). 1: the current year only.',
      default: 2,
      unconfirmed: true,
      source: 'standards.md §4; open question Q1',
      validate: (v) => (v === 1 || v === 2 ? [] : ['must be 1 or 2']),
    },
    'wres.indicator3.windowMethod': {
      id: 'wres.indicator3.windowMethod',
      title: 'WRES indicator 3: how the two years are combined',
      description:
        'POOLED: add numerators and denominators over both years, then divide. MEAN_OF_RATIOS: the mean of the two annual relative likelihoods. They give different answers; the method is shown next to the figure.',
      default: 'POOLED',
      unconfirmed: true,
      source: 'standards.md §4; open question Q1',
      validate: oneOf(['POOLED', 'MEAN_OF_RATIOS']),
    },
    'wdes.metric3.windowYears': {
      id: 'wdes.metric3.windowYears',
      title: 'WDES metric 3: years in the rolling window',
      description:
        '2: the current and the previous year together (two-year rolling average). 1: the current year only.',
      default: 2,
      unconfirmed: true,
      source: 'standards.md §5; open question Q1',
      validate: (v) => (v === 1 || v === 2 ? [] : ['must be 1 or 2']),
    },
    'wdes.metric3.windowMethod': {
      id: 'wdes.metric3.windowMethod',
      title: 'WDES metric 3: how the two years are combined',
      description: 'As for WRES indicator 3: POOLED or MEAN_OF_RATIOS.',
      default: 'POOLED',
      unconfirmed: true,
      source: 'standards.md §5; open question Q1',
      validate: oneOf(['POOLED', 'MEAN_OF_RATIOS']),
    },
    'casework.workforceDenominator': {
      id: 'casework.workforceDenominator',
      title: 'Workforce denominator of WRES 3, WRES 4 and WDES 3',
      description:
        'SNAPSHOT: headcount at 31 March. AVERAGE: the mean headcount over every workforce snapshot dated from 31 March of the previous year to 31 March of the reporting year.',
      default: 'SNAPSHOT',
      unconfirmed: true,
      source: 'standards.md §4; open question Q13',
      validate: oneOf(['SNAPSHOT', 'AVERAGE']),
    },
    'casework.countUnit': {
      id: 'casework.countUnit',
      title: 'What WRES 3 and WDES 3 count',
      description:
        'PEOPLE: the number of staff entering the process (a person with two cases in the year counts once). CASES: the number of cases.',
      default: 'PEOPLE',
      unconfirmed: true,
      source: 'standards.md §4 template field "Number of staff entering the formal disciplinary process"',
      validate: oneOf(['PEOPLE', 'CASES']),
    },
    'recruitment.appointmentAttribution': {
      id: 'recruitment.appointmentAttribution',
      title: 'Year an appointment counts in (WRES 2, WDES 2)',
      description:
        'APPOINTMENT_DATE: shortlisted applicants are counted by shortlisting date and appointments by appointment decision date, each in the financial year. SHORTLISTING_DATE: the applicants shortlisted in the year, and how many of them were appointed.',
      default: 'APPOINTMENT_DATE',
      unconfirmed: true,
      source: 'standards.md §4 edge cases',
      validate: oneOf(['APPOINTMENT_DATE', 'SHORTLISTING_DATE']),
    },
    'recruitment.excludeInternational': {
      id: 'recruitment.excludeInternational',
      title: 'Leave international recruitment out of WRES 2 (non-standard)',
      description: 'An optional, non-standard filter (Kline): the national indicator covers all posts.',
      default: false,
      unconfirmed: false,
      source: 'standards.md §4 [S15]',
      validate: flag,
    },
    'training.cpdKinds': {
      id: 'training.cpdKinds',
      title: 'Learning records counted as non-mandatory training and CPD (WRES 4)',
      description:
        'Learning kinds counted; add "programme" to count development programmes such as mentoring or leadership courses.',
      default: ['non_mandatory_training', 'cpd'],
      unconfirmed: true,
      source: 'standards.md §4 indicator 4 definition',
      validate: stringList(['non_mandatory_training', 'cpd', 'programme', 'mandatory']),
    },
    'survey.questionMap': {
      id: 'survey.questionMap',
      title: 'NHS Staff Survey questions per survey year',
      description:
        'How each survey measure is read from respondent-level answers, per survey year. WRES 6 counts a respondent once when harassed by managers or by colleagues. Pre-aggregated NHS England figures are used as given and need no map.',
      default: {
        '2021': peoplePromiseYear('Q30b'),
        '2022': peoplePromiseYear('Q30b'),
        '2023': peoplePromiseYear('Q31b'),
        '2024': peoplePromiseYear('Q31b'),
      },
      unconfirmed: true,
      source:
        'standards.md §6: every question number UNCONFIRMED; 2024 assumed as 2023; MWRES 10 (involved) read from Q3d, UNCONFIRMED',
      validate: validateQuestionMap,
    },
    'survey.minBase': {
      id: 'survey.minBase',
      title: 'Smallest survey base shown',
      description:
        'The staff survey’s minimum group size: a survey percentage with fewer respondents is flagged LOW_BASE and hidden on publication, for the whole organisation and for each unit, and its counts are withheld in the disclosure ledger so that no other figure gives them away.',
      default: 11,
      unconfirmed: true,
      source: 'standards.md §9',
      validate: numberIn(0, 1000, true),
    },
    'board.percentBase': {
      id: 'board.percentBase',
      title: 'Base of board and workforce percentages (WRES 9, WDES 10)',
      description:
        'ALL: every member, unknown included (as WRES 1). DECLARED: only members whose ethnicity or disability is known.',
      default: 'ALL',
      unconfirmed: true,
      source: 'standards.md §4 indicator 9 (template not verified)',
      validate: oneOf(['ALL', 'DECLARED']),
    },
    'panels.trainingValidYears': {
      id: 'panels.trainingValidYears',
      title: 'Interview panels: years recruitment and selection training stays current',
      description:
        'A panel member counts as trained when their recruitment and selection training was completed on or before the interview and, when this is more than 0, within this many years before it (a trust that asks recruiting managers to refresh their training every three years sets 3). 0: training does not lapse. A member the file says is trained, with no date, counts, and is reported as a data issue when training lapses.',
      default: 0,
      unconfirmed: false,
      source:
        'Local policy: the seed plans\' "all interview panels must have at least 1 trained representative" and the refreshed recruitment training they roll out',
      validate: numberIn(0, 10, true),
    },
    'bankWres.activeWindowMonths': {
      id: 'bankWres.activeWindowMonths',
      title: 'Bank WRES: months a bank-only worker stays active after their last work',
      description:
        'An active bank worker holds only bank (zero-hours, casual) assignments and has done work or paid training within this many months up to the 31 March snapshot: their last worked date is after the snapshot date less this many months, and not after the snapshot.',
      default: 6,
      unconfirmed: false,
      source: 'standards.md §14a; NHS England Bank WRES technical guidance ("active worker") [S32]',
      validate: numberIn(1, 24, true),
    },
    'bankWres.unknownActivity': {
      id: 'bankWres.unknownActivity',
      title: 'Bank WRES: bank-only workers with no last worked date',
      description:
        'ACTIVE: counted as active (an extract without the date still gives a Bank WRES); INACTIVE: left out. Either way they are reported as a data issue of every Bank WRES indicator.',
      default: 'ACTIVE',
      unconfirmed: true,
      source: 'Parity choice; the guidance [S32] assumes the date is known',
      validate: oneOf(['ACTIVE', 'INACTIVE']),
    },
    'bankWres.dismissalCaseTypes': {
      id: 'bankWres.dismissalCaseTypes',
      title: 'Bank WRES: case types whose outcome can be a dismissal',
      description:
        'Formal cases of these types closed with a dismissal count in the Bank WRES dismissal indicator (by case start date in the financial year).',
      default: ['disciplinary'],
      unconfirmed: true,
      source:
        'standards.md §14a ("disciplinaries, dismissals"); exact rule not published in what Parity could read [S32]',
      validate: stringList(Object.keys(CASE_TYPES)),
    },
    'bankWres.dismissalOutcomeText': {
      id: 'bankWres.dismissalOutcomeText',
      title: 'Bank WRES: text of a case outcome that is a dismissal',
      description:
        'A case outcome containing this text (compared without case) is a dismissal: "dismiss" matches "Dismissal", "Dismissed" and "Summary dismissal".',
      default: 'dismiss',
      unconfirmed: true,
      source: 'Parity choice: case outcomes are free text in employee-relations logs',
      validate: (v) => (typeof v === 'string' && v.trim() !== '' ? [] : ['must be some text']),
    },
    'mwres.population': {
      id: 'mwres.population',
      title: 'MWRES: who is in the medical workforce',
      description:
        'STAFF_GROUP: the ESR staff group Medical and Dental. STAFF_GROUP_OR_MEDICAL_GRADE: also anyone on a medical grade (consultant, career grade, trainee, other medical). Bank-only staff and non-executive directors are left out as for WRES.',
      default: 'STAFF_GROUP',
      unconfirmed: true,
      source: 'standards.md §14a; NHS England, WRES indicators for the NHS medical workforce [S32c]',
      validate: oneOf(['STAFF_GROUP', 'STAFF_GROUP_OR_MEDICAL_GRADE']),
    },
    'paygap.daysInPayPeriod': {
      id: 'paygap.daysInPayPeriod',
      title: 'Days in each pay period (hourly pay)',
      description:
        'weekly pay = period pay x 7 / days; a record with its own period length uses that instead.',
      default: { weekly: 7, fortnightly: 14, four_weekly: 28, monthly: 30.44, annual: 365.25 },
      unconfirmed: true,
      source: 'standards.md §8.1 (payroll vendor table; regulation text not retrieved)',
      validate: positiveRecord(['weekly', 'fortnightly', 'four_weekly', 'monthly', 'annual']),
    },
    'paygap.quartileRemainderRule': {
      id: 'paygap.quartileRemainderRule',
      title: 'Pay quartiles: where the extra employees go when the count is not a multiple of 4',
      description:
        'LOWER_THEN_UPPER_MIDDLE: 1 extra to lower; 2 to lower and upper-middle; 3 to lower, lower-middle and upper-middle. LOWEST_FIRST: 1 to lower; 2 to lower and lower-middle; 3 to lower, lower-middle and upper-middle.',
      default: 'LOWER_THEN_UPPER_MIDDLE',
      unconfirmed: true,
      source: 'standards.md §8.1; open question Q14',
      validate: oneOf(['LOWER_THEN_UPPER_MIDDLE', 'LOWEST_FIRST']),
    },
    'paygap.smallGroupThreshold': {
      id: 'paygap.smallGroupThreshold',
      title: 'Ethnicity pay gap: combine groups smaller than this',
      description:
        'In the disaggregated ethnicity pay gap, groups with fewer employees are combined into one group; when that is still smaller, its figures are withheld.',
      default: 10,
      unconfirmed: true,
      source: 'standards.md §8.2; open question Q12',
      validate: numberIn(0, 1000, true),
    },
    'paygap.disabilityReferenceGroup': {
      id: 'paygap.disabilityReferenceGroup',
      title: 'Disability pay gap reference group',
      description:
        'gap = (reference - comparison) / reference x 100; positive means the reference group is paid more.',
      default: 'NON_DISABLED',
      unconfirmed: true,
      source: 'standards.md §8.2',
      validate: oneOf(['NON_DISABLED', 'DISABLED']),
    },
    'display.rlDecimals': {
      id: 'display.rlDecimals',
      title: 'Decimal places shown for relative likelihoods',
      description: 'Display only: every figure is computed and compared at full precision.',
      default: 2,
      unconfirmed: true,
      source: 'standards.md §0',
      validate: numberIn(0, 6, true),
    },
    'display.percentDecimals': {
      id: 'display.percentDecimals',
      title: 'Decimal places shown for percentages and percentage points',
      description: 'Display only.',
      default: 1,
      unconfirmed: true,
      source: 'standards.md §0',
      validate: numberIn(0, 6, true),
    },
    'display.payGapDecimals': {
      id: 'display.payGapDecimals',
      title: 'Decimal places shown for pay gaps',
      description: 'Display only; EHRC allows a whole number or one decimal place.',
      default: 1,
      unconfirmed: false,
      source: 'standards.md §8.1 [S31]',
      validate: numberIn(0, 6, true),
    },
    'suppression.primaryThreshold': {
      id: 'suppression.primaryThreshold',
      title: 'Largest count withheld on publication',
      description:
        'In the publication view (viewers, care-group managers, regional users, every published file) counts from 1 to this number are withheld and shown as "*", with every rate, percentage and ratio worked out from them. Averages (mean and median pay) of this many people or fewer are withheld. 0 is shown.',
      default: 7,
      unconfirmed: true,
      source: 'standards.md §9 (NHS Digital practice); open question Q11',
      validate: numberIn(0, 1000, true),
    },
    'suppression.roundingBase': {
      id: 'suppression.roundingBase',
      title: 'Rounding of published counts',
      description:
        'In the publication view every count above the threshold is rounded to the nearest multiple of this number (halves up, never below it), and percentages, rates and relative likelihoods are worked out from the rounded counts. Rounding stops a withheld count being worked out by adding or subtracting published ones across pages, care groups, quarters and totals. 1 turns rounding off (then withheld counts can be worked out that way).',
      default: 5,
      unconfirmed: true,
      source:
        'standards.md §9 (NHS Digital: counts rounded to the nearest 5, percentages from rounded counts)',
      validate: numberIn(1, 100, true),
    },
    'suppression.publishBoard': {
      id: 'suppression.publishBoard',
      title: 'Publish the make-up of the board',
      description:
        "Board membership by ethnicity and disability (WRES 9, WDES 10) is public in every trust's annual report, so it is published in full. Off: the board counts follow the withholding and rounding rule like any other count. The overall workforce that the board is compared with always follows the rule.",
      default: true,
      unconfirmed: true,
      source: 'standards.md §9',
      validate: flag,
    },
    'change.relativeLikelihoodDirection': {
      id: 'change.relativeLikelihoodDirection',
      title: 'When a relative likelihood has improved',
      description:
        'TOWARDS_PARITY: improved when it moved closer to 1.00 (measured on the log scale, so 0.80 and 1.25 are equally far). LOWER_IS_BETTER: improved when it fell.',
      default: 'TOWARDS_PARITY',
      unconfirmed: true,
      source: 'Parity reading of standards.md §7 (the standards aim at parity)',
      validate: oneOf(['TOWARDS_PARITY', 'LOWER_IS_BETTER']),
    },
  };

export type SettingId = keyof EngineSettings;

/** Every setting at its default. */
export function defaultSettings(): EngineSettings {
  const out: Record<string, unknown> = {};
  for (const [id, def] of Object.entries(ENGINE_SETTINGS)) out[id] = def.default;
  return out as unknown as EngineSettings;
}

export interface SettingProblem {
  setting: string;
  message: string;
}

/**
 * The defaults overlaid with an organisation's overrides, and every problem with the overrides (unknown
 * setting ids, invalid values). A setting with a problem keeps its default.
 *
 * Example: resolveSettings({ 'stats.nonAdverseUpper': 1.5 }).settings['stats.nonAdverseUpper'] === 1.5
 */
export function resolveSettings(overrides: Partial<Record<string, unknown>> = {}): {
  settings: EngineSettings;
  problems: SettingProblem[];
} {
  const settings = defaultSettings() as unknown as Record<string, unknown>;
  const problems: SettingProblem[] = [];
  for (const id of Object.keys(overrides).sort()) {
    const value = overrides[id];
    if (value === undefined) continue;
    const def = (ENGINE_SETTINGS as Record<string, SettingDefinition<unknown>>)[id];
    if (!def) {
      problems.push({ setting: id, message: 'unknown setting' });
      continue;
    }
    const bad = def.validate(value);
    if (bad.length > 0) for (const message of bad) problems.push({ setting: id, message });
    else settings[id] = value;
  }
  const s = settings as unknown as EngineSettings;
  if (s['stats.nonAdverseLower'] >= s['stats.nonAdverseUpper'])
    problems.push({ setting: 'stats.nonAdverseLower', message: 'must be below stats.nonAdverseUpper' });
  return { settings: s, problems };
}
