/**
 * The words a person reads for every code the engine uses: flags, likelihood bands, interval and window
 * methods, change statuses and directions, reasons a figure is missing, record field names, setting values
 * and quartile bands. Pages, exports, reports, the command line and the methodology show these words and
 * never the code (LOW_N, KOOPMAN_SCORE, hourlyPay). Each table is a `Record` over its code union, so a new
 * code without words does not compile.
 *
 * - flagText, bandText, intervalMethodText, windowMethodText, changeStatusText, adverseDirectionText,
 *   reasonText, quartileText, surveyMeasureText: one code each.
 * - fieldText(name): a record field ("hourlyPay" -> "hourly pay").
 * - settingValueText(id, value): a setting's value as words ("Koopman score interval").
 * - sourceText(ref), sourcesText(refs): a published source by its title (catalogue/sources.ts).
 * - benchmarkFigureText(suffix): what a reference value of part of an indicator is ("bmePercent").
 * - codeText(code): any other code met in stored data (audit trails), from the tables above or as words.
 */
import { groupLabel } from './algebra/characteristics.js';
import type { DerivedField } from './algebra/fields.js';
import type { CharacteristicScheme } from './algebra/types.js';
import { SURVEY_MEASURES } from './catalogue/common.js';
import { CASE_TYPES } from './classification/casework.js';
import { ethnicityLabel } from './classification/ethnicity.js';
import { GRADE_LABELS } from './classification/grades.js';
import { STAFF_GROUPS, type StaffGroupCode } from './classification/staff.js';
import type { QuartileBand } from './algebra/results.js';
import type {
  AppraisalRecord,
  BenchmarkRecord,
  BoardMemberRecord,
  CaseRecord,
  IncidentRecord,
  LearningKind,
  LearningRecord,
  MovementRecord,
  PayPeriod,
  PayRecord,
  PopulationRecord,
  RecruitmentRecord,
  SurveyAggregateRecord,
  SurveyResponseRecord,
  WorkforceRecord,
} from './records.js';
import type {
  EngineSettings,
  IntervalMethod,
  QuartileRemainderRule,
  RlWindowMethod,
  SettingId,
} from './settings.js';
import type { AdverseDirection, ChangeStatus } from './stats/change.js';
import type { Flag, LikelihoodBand } from './stats/likelihood.js';
import type { Reason } from './stats/values.js';

export { sourceText, sourcesText, type SourceRef } from './catalogue/sources.js';

/** Flags of a figure, as a short phrase that can stand in brackets beside it. */
export const FLAG_TEXT: Readonly<Record<Flag, string>> = {
  LOW_N: 'small numbers: read with caution',
  LOW_BASE: 'fewer survey respondents than the smallest base shown',
  DATA_QUALITY: 'data quality concern',
  INCOMPLETE_WINDOW: 'a year of the window has no data',
  NO_CURRENT_YEAR: 'no data of its own for this year',
  SMALL_GROUP: 'group too small to show',
};

/** Where a relative likelihood lies against the non-adverse range. */
export const BAND_TEXT: Readonly<Record<LikelihoodBand, string>> = {
  ADVERSE: 'adverse',
  NON_ADVERSE: 'non-adverse',
  FAVOURS_PROTECTED_GROUP: 'favours the protected group',
};

export const INTERVAL_METHOD_TEXT: Readonly<Record<IntervalMethod, string>> = {
  KOOPMAN_SCORE: 'Koopman score interval',
  KATZ_LOG: 'Katz log interval',
};

export const WINDOW_METHOD_TEXT: Readonly<Record<RlWindowMethod, string>> = {
  POOLED: 'years pooled (counts added, then divided)',
  MEAN_OF_RATIOS: 'mean of the yearly ratios',
};

export const CHANGE_STATUS_TEXT: Readonly<Record<ChangeStatus, string>> = {
  improved: 'Improved',
  worsened: 'Worsened',
  unchanged: 'No change',
  'not comparable': 'Not compared',
};

/** Which way an indicator is better. */
export const ADVERSE_DIRECTION_TEXT: Readonly<Record<AdverseDirection, string>> = {
  TOWARDS_PARITY: 'Closer to 1.00 is better',
  LOWER_IS_BETTER: 'Lower is better',
  HIGHER_IS_BETTER: 'Higher is better',
  TOWARDS_ZERO: 'Closer to zero is better',
  NONE: 'No direction is better',
};

/** Why a figure is missing, as a short phrase (values.ts REASONS gives the full sentence). */
export const REASON_TEXT: Readonly<Record<Reason, string>> = {
  ZERO_DENOMINATOR: 'nobody to count over',
  ZERO_BOTTOM_RATE: 'the comparison rate is zero',
  ZERO_REFERENCE: 'the reference group figure is zero',
  EMPTY_GROUP: 'nobody in the group',
  NO_DATA: 'no records',
  UNBOUNDED: 'no upper bound',
  SMALL_GROUP: 'group too small to show',
  SUPPRESSED: 'withheld (small number)',
  LOW_BASE: 'too few survey respondents',
  NOT_AVAILABLE: 'not available',
  NO_PREVIOUS: 'no figure for the previous period',
  NO_CURRENT_YEAR: 'no data of its own for this year',
  NOT_APPLICABLE: 'not applicable',
};

export const QUARTILE_TEXT: Readonly<Record<QuartileBand['band'], string>> = {
  LOWER: 'Lower quartile',
  LOWER_MIDDLE: 'Lower middle quartile',
  UPPER_MIDDLE: 'Upper middle quartile',
  UPPER: 'Upper quartile',
};

/** Every field name of a record, and the fields the algebra derives. */
export type FieldName =
  | keyof WorkforceRecord
  | keyof RecruitmentRecord
  | keyof CaseRecord
  | keyof LearningRecord
  | keyof AppraisalRecord
  | keyof MovementRecord
  | keyof PayRecord
  | keyof SurveyAggregateRecord
  | keyof SurveyResponseRecord
  | keyof BoardMemberRecord
  | keyof IncidentRecord
  | keyof PopulationRecord
  | keyof BenchmarkRecord
  | DerivedField;

/** Field names as words in running text ("Mean hourly pay by group"): lower case but for names. */
export const FIELD_TEXT: Readonly<Record<FieldName, string>> = {
  personId: 'person',
  snapshotDate: 'snapshot date',
  unitPath: 'care group, directorate and department',
  staffGroup: 'staff group',
  occupation: 'occupation',
  grade: 'grade',
  contract: 'contract',
  bankOnly: 'bank only',
  fte: 'whole-time equivalent',
  age: 'age',
  startDate: 'start date',
  assignments: 'assignments',
  ethnicity: 'ethnicity',
  disability: 'disability',
  sex: 'sex',
  applicationId: 'application',
  vacancyId: 'vacancy',
  shortlisted: 'shortlisted',
  appointed: 'appointed',
  applicationDate: 'application date',
  shortlistedDate: 'shortlisting date',
  appointedDate: 'appointment date',
  internal: 'internal applicant',
  international: 'international recruitment',
  caseId: 'case',
  caseType: 'case type',
  formal: 'formal',
  stage: 'stage',
  endDate: 'end date',
  outcome: 'outcome',
  recordId: 'record',
  kind: 'kind of learning',
  activity: 'activity',
  completedDate: 'completion date',
  date: 'date',
  status: 'status',
  type: 'type',
  fromGrade: 'grade before',
  toGrade: 'grade after',
  reason: 'reason',
  ordinaryPay: 'ordinary pay',
  payPeriod: 'pay period',
  periodDays: 'days in the pay period',
  weeklyHours: 'weekly hours',
  bonusInPeriod: 'bonus in the pay period',
  bonus12Months: 'bonus pay in the 12 months',
  fullPayRelevant: 'on full pay',
  surveyYear: 'survey year',
  measure: 'survey measure',
  scheme: 'grouping',
  group: 'group',
  numerator: 'numerator',
  base: 'respondents',
  score: 'score',
  respondentId: 'respondent',
  answers: 'answers',
  memberId: 'board member',
  role: 'role',
  voting: 'voting member',
  executive: 'executive member',
  incidentId: 'incident',
  category: 'category',
  source: 'source',
  area: 'area',
  year: 'year',
  count: 'count',
  indicator: 'indicator',
  region: 'region',
  scope: 'national or regional',
  value: 'value',
  careGroup: 'care group',
  directorate: 'directorate',
  department: 'department',
  clinical: 'clinical or non-clinical',
  bandCluster: 'WDES cluster',
  workforceRow: 'WRES 1 row',
  clusterRow: 'WDES 1 row',
  ageBand: 'age band',
  sexualOrientation: 'sexual orientation',
  religion: 'religion or belief',
  genderIdentity: 'gender identity',
  maritalStatus: 'marriage or civil partnership',
  pregnancyMaternity: 'pregnancy and maternity',
  wresGroup: 'WRES ethnic group',
  wdesGroup: 'WDES disability group',
  epgGroup: 'ethnicity pay gap group',
  onsGroup: 'ONS ethnic group',
  hourlyPay: 'hourly pay',
  lastWorkedDate: 'last worked date',
  activeBankWorker: 'active bank worker',
  medicalWorkforce: 'medical workforce',
};

export function flagText(code: Flag): string {
  return FLAG_TEXT[code];
}

export function bandText(code: LikelihoodBand): string {
  return BAND_TEXT[code];
}

export function intervalMethodText(code: IntervalMethod): string {
  return INTERVAL_METHOD_TEXT[code];
}

export function windowMethodText(code: RlWindowMethod): string {
  return WINDOW_METHOD_TEXT[code];
}

export function changeStatusText(code: ChangeStatus): string {
  return CHANGE_STATUS_TEXT[code];
}

export function adverseDirectionText(code: AdverseDirection): string {
  return ADVERSE_DIRECTION_TEXT[code];
}

export function reasonText(code: Reason): string {
  return REASON_TEXT[code];
}

export function quartileText(code: QuartileBand['band']): string {
  return QUARTILE_TEXT[code];
}

/** A field name as words: fieldText('hourlyPay') -> "hourly pay". A name not in the table is spelt out. */
export function fieldText(name: FieldName | (string & {})): string {
  return (FIELD_TEXT as Readonly<Record<string, string>>)[name] ?? spelt(name).toLowerCase();
}

/** A staff survey measure by its title: surveyMeasureText('hba_public') -> "Harassment, bullying or abuse from patients, ...". */
export function surveyMeasureText(measure: string): string {
  return (SURVEY_MEASURES as Readonly<Record<string, string>>)[measure] ?? spelt(measure);
}

/** The survey a figure reads, with its year: "NHS Staff Survey 2025" or "... for bank only workers 2025". */
export function surveyName(r: { survey?: 'bank'; surveyYear: number }): string {
  return `NHS Staff Survey${r.survey === 'bank' ? ' for bank only workers' : ''} ${r.surveyYear}`;
}

/** What a reference value for part of an indicator is ("WRES1.bmePercent" -> "BME share of the workforce"). */
const BENCHMARK_FIGURES: Readonly<Record<string, string>> = {
  bmePercent: 'BME share of the workforce',
  disabledPercent: 'Disabled share of the workforce',
};

export function benchmarkFigureText(suffix: string): string {
  return BENCHMARK_FIGURES[suffix] ?? codeText(suffix);
}

// --- Setting values --------------------------------------------------------------------------------------

const yesNo = (v: boolean): string => (v ? 'yes' : 'no');
const list = (items: readonly string[]): string => (items.length === 0 ? 'none' : items.join(', '));
const number = (v: number): string => String(v);

const LEARNING_KIND_TEXT: Readonly<Record<LearningKind, string>> = {
  non_mandatory_training: 'non-mandatory training',
  cpd: 'continuing professional development',
  programme: 'development programmes',
  mandatory: 'mandatory training',
};

const PAY_PERIOD_TEXT: Readonly<Record<PayPeriod, string>> = {
  weekly: 'weekly',
  fortnightly: 'fortnightly',
  four_weekly: 'four-weekly',
  monthly: 'monthly',
  annual: 'annual',
};

const QUARTILE_RULE_TEXT: Readonly<Record<QuartileRemainderRule, string>> = {
  LOWER_THEN_UPPER_MIDDLE: 'to the lower quartile first, then the upper middle',
  LOWEST_FIRST: 'to the lowest quartiles first',
};

/** How each setting's value reads. A new setting without a way to read its value does not compile. */
const SETTING_VALUE_TEXT: { readonly [K in SettingId]: (value: EngineSettings[K]) => string } = {
  'ethnicity.whiteBritishCodes': (v) => list(v.map((c) => `${c} (${ethnicityLabel(c)})`)),
  'ethnicity.chineseBroadGroup': (v) => groupLabel('ethnicityOns', v),
  'workforce.nonClinicalStaffGroups': (v) => list(v.map((g: StaffGroupCode) => STAFF_GROUPS[g] ?? spelt(g))),
  'workforce.excludeBankOnly': yesNo,
  'workforce.excludeNonExecutives': yesNo,
  'workforce.ageBands': (v) => list(v.map(number)),
  'characteristics.referenceGroups': (v) =>
    list(
      Object.entries(v).map(
        ([scheme, g]) =>
          `${characteristicText(scheme as CharacteristicScheme)}: ${g === null ? 'none' : groupLabel(scheme as CharacteristicScheme, g)}`,
      ),
    ),
  'stats.nonAdverseLower': number,
  'stats.nonAdverseUpper': number,
  'stats.nonAdverseInclusive': yesNo,
  'stats.lowCountThreshold': number,
  'stats.intervalMethod': intervalMethodText,
  'stats.confidenceLevel': (v) => `${Math.round(v * 1000) / 10}%`,
  'wres.indicator3.windowYears': (v) => (v === 1 ? '1 year' : `${v} years`),
  'wres.indicator3.windowMethod': windowMethodText,
  'wdes.metric3.windowYears': (v) => (v === 1 ? '1 year' : `${v} years`),
  'wdes.metric3.windowMethod': windowMethodText,
  'casework.workforceDenominator': (v) =>
    v === 'SNAPSHOT' ? 'staff in post at 31 March' : 'average staff in post over the year',
  'casework.countUnit': (v) => (v === 'PEOPLE' ? 'people' : 'cases'),
  'recruitment.appointmentAttribution': (v) =>
    v === 'APPOINTMENT_DATE' ? 'the year of the appointment decision' : 'the year of shortlisting',
  'recruitment.excludeInternational': yesNo,
  'training.cpdKinds': (v) =>
    list(v.map((k) => (LEARNING_KIND_TEXT as Record<string, string>)[k] ?? spelt(k))),
  'survey.questionMap': (v) => {
    const years = Object.keys(v).sort();
    return years.length === 0 ? 'none' : `question numbers for the surveys of ${list(years)}`;
  },
  'survey.minBase': number,
  'board.percentBase': (v) => (v === 'ALL' ? 'every member, unknown included' : 'members who declared'),
  'panels.trainingValidYears': (v) => (v === 0 ? 'does not lapse' : v === 1 ? '1 year' : `${v} years`),
  'bankWres.activeWindowMonths': (v) => `${v} months`,
  'bankWres.unknownActivity': (v) => (v === 'ACTIVE' ? 'counted as active' : 'left out'),
  'bankWres.dismissalCaseTypes': (v) =>
    list(v.map((t) => CASE_TYPES[t as keyof typeof CASE_TYPES] ?? spelt(t))),
  'bankWres.dismissalOutcomeText': (v) => `outcome contains "${v}"`,
  'mwres.population': (v) =>
    v === 'STAFF_GROUP'
      ? 'staff group Medical and Dental'
      : 'staff group Medical and Dental or a medical grade',
  'paygap.daysInPayPeriod': (v) =>
    list(
      Object.entries(v).map(([k, d]) => `${(PAY_PERIOD_TEXT as Record<string, string>)[k] ?? spelt(k)} ${d}`),
    ),
  'paygap.quartileRemainderRule': (v) => QUARTILE_RULE_TEXT[v],
  'paygap.smallGroupThreshold': number,
  'paygap.disabilityReferenceGroup': (v) => groupLabel('wdes', v),
  'display.rlDecimals': number,
  'display.percentDecimals': number,
  'display.payGapDecimals': number,
  'suppression.primaryThreshold': number,
  'suppression.roundingBase': number,
  'suppression.publishBoard': yesNo,
  'change.relativeLikelihoodDirection': (v) => adverseDirectionText(v).toLowerCase(),
};

const CHARACTERISTIC_TEXT: { readonly [S in CharacteristicScheme]: string } = {
  wres: 'ethnicity (White and BME)',
  wdes: 'disability',
  sex: 'sex',
  epg: 'ethnicity (White British and ethnic minorities)',
  ethnicityOns: 'ethnicity (ONS groups)',
  ethnicityCategory: 'ethnic category',
  ageBand: 'age band',
  sexualOrientation: 'sexual orientation',
  religion: 'religion or belief',
  genderIdentity: 'gender identity',
  marriage: 'marriage or civil partnership',
  pregnancy: 'pregnancy and maternity',
  none: 'everyone',
};

/** A characteristic scheme in words, lower case: characteristicText('marriage') = "marriage or civil partnership". */
export function characteristicText(scheme: CharacteristicScheme): string {
  return CHARACTERISTIC_TEXT[scheme];
}

/** A setting's value as words: settingValueText('stats.intervalMethod', 'KOOPMAN_SCORE') -> "Koopman score interval". */
export function settingValueText<K extends SettingId>(id: K, value: EngineSettings[K]): string {
  return SETTING_VALUE_TEXT[id](value);
}

// --- Any other code --------------------------------------------------------------------------------------

/** "LOWER_IS_BETTER" -> "Lower is better", "hourlyPay" -> "Hourly pay", "dignity_at_work" -> "Dignity at work". */
function spelt(code: string): string {
  const words = code
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_.]+/g, ' ')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const SCHEMES: readonly CharacteristicScheme[] = ['wres', 'wdes', 'epg', 'ethnicityOns'];

/**
 * Any code met in stored data (an audit trail's before and after, a definition), in words: from the
 * tables above, the classification's labels, or spelt out. Use the typed functions where the code's kind
 * is known; this is for text whose codes are of any kind.
 */
export function codeText(code: string): string {
  const tables: readonly Readonly<Record<string, string>>[] = [
    FLAG_TEXT,
    BAND_TEXT,
    INTERVAL_METHOD_TEXT,
    WINDOW_METHOD_TEXT,
    ADVERSE_DIRECTION_TEXT,
    REASON_TEXT,
    QUARTILE_TEXT,
    QUARTILE_RULE_TEXT,
    STAFF_GROUPS,
    GRADE_LABELS,
    CASE_TYPES,
    LEARNING_KIND_TEXT,
  ];
  for (const t of tables) if (Object.hasOwn(t, code)) return t[code]!;
  for (const scheme of SCHEMES) {
    const label = groupLabel(scheme, code);
    if (label !== code) return label;
  }
  if (Object.hasOwn(FIELD_TEXT, code)) {
    const words = fieldText(code);
    return words.charAt(0).toUpperCase() + words.slice(1);
  }
  return spelt(code);
}
