/**
 * The fields a condition, a breakdown or a value can name, per dataset: the record's own fields, fields of
 * the person's workforce record (for datasets keyed by person), and derived fields computed the same way
 * everywhere (careGroup = unitPath[0], clinical from the staff group, bandCluster from the grade, ...).
 */
import { epgGroup, isWhiteBritish, onsBroadGroup, wresGroup } from '../classification/ethnicity.js';
import { wdesGroup, type DisabilityCode } from '../classification/disability.js';
import { isMedical, wdesCluster, type GradeCode } from '../classification/grades.js';
import { isClinical, type StaffGroupCode } from '../classification/staff.js';
import type { SexCode } from '../classification/sex.js';
import { PROTECTED_CODE_LISTS, PROTECTED_FIELDS, type ProtectedField } from '../classification/protected.js';
import type { WorkforceRecord } from '../records.js';
import type { EngineSettings } from '../settings.js';
import { hourlyValue } from '../paygap/hourly.js';
import { daysInMonth } from '../periods.js';
import { PANEL_FIELDS, PANEL_SEAT_FIELDS } from './panels.js';
import type { DatasetName, Scalar } from './types.js';

/** A record being evaluated, with the person's workforce record when one was found. */
export interface Subject {
  dataset: DatasetName;
  record: Readonly<Record<string, unknown>>;
  person: WorkforceRecord | null;
}

/** Own fields of each dataset's records (records.ts). */
export const RECORD_FIELDS: Readonly<Record<DatasetName, readonly string[]>> = {
  workforce: [
    'personId',
    'snapshotDate',
    'unitPath',
    'staffGroup',
    'occupation',
    'grade',
    'contract',
    'bankOnly',
    'fte',
    'age',
    'startDate',
    'assignments',
    'lastWorkedDate',
    'ethnicity',
    'disability',
    'sex',
    'sexualOrientation',
    'religion',
    'genderIdentity',
    'maritalStatus',
    'pregnancyMaternity',
  ],
  recruitment: [
    'applicationId',
    'vacancyId',
    'grade',
    'staffGroup',
    'unitPath',
    'shortlisted',
    'appointed',
    'applicationDate',
    'shortlistedDate',
    'appointedDate',
    'internal',
    'international',
    'ethnicity',
    'disability',
    'sex',
  ],
  cases: [
    'caseId',
    'personId',
    'caseType',
    'formal',
    'stage',
    'startDate',
    'endDate',
    'outcome',
    'unitPath',
    'ethnicity',
    'disability',
    'sex',
  ],
  learning: ['recordId', 'personId', 'kind', 'activity', 'startDate', 'completedDate'],
  appraisals: ['personId', 'date', 'status'],
  movements: ['personId', 'type', 'date', 'fromGrade', 'toGrade', 'reason'],
  pay: [
    'personId',
    'snapshotDate',
    'ordinaryPay',
    'payPeriod',
    'periodDays',
    'weeklyHours',
    'bonusInPeriod',
    'bonus12Months',
    'fullPayRelevant',
    'grade',
    'staffGroup',
    'ethnicity',
    'disability',
    'sex',
  ],
  board: ['memberId', 'snapshotDate', 'role', 'voting', 'executive', 'ethnicity', 'disability', 'sex'],
  incidents: [
    'incidentId',
    'date',
    'category',
    'source',
    'personId',
    'unitPath',
    'ethnicity',
    'disability',
    'sex',
  ],
  survey: [
    'respondentId',
    'surveyYear',
    'ethnicity',
    'disability',
    'sex',
    'staffGroup',
    'unitPath',
    'bankOnly',
  ],
  panels: PANEL_FIELDS,
  panelMembers: PANEL_SEAT_FIELDS,
};

/**
 * Datasets whose records name a person (`personId`), so the person's workforce fields can be used and an
 * outcome linked by person. Not recruitment: an application names no person (an applicant may never be
 * staff), and its care group is its vacancy's.
 */
export const PERSON_DATASETS: ReadonlySet<DatasetName> = new Set([
  'cases',
  'learning',
  'appraisals',
  'movements',
  'pay',
  'incidents',
]);

export const DERIVED_FIELDS = {
  careGroup: 'Care group: the first level of the unit path',
  directorate: 'Directorate: the second level of the unit path',
  department: 'Department: the third level of the unit path',
  clinical: 'CLINICAL or NON_CLINICAL, from the staff group (setting workforce.nonClinicalStaffGroups)',
  bandCluster: 'WDES cluster 1-7 of the grade',
  workforceRow: 'WRES 1 row: clinical or non-clinical AfC band or VSM, or medical and dental subgroup',
  clusterRow: 'WDES 1 row: clinical or non-clinical cluster 1-4, or medical cluster 5-7',
  ageBand: 'Age band (setting workforce.ageBands)',
  wresGroup: 'WHITE, BME or UNKNOWN',
  wdesGroup: 'DISABLED, NON_DISABLED or UNKNOWN',
  epgGroup: 'WHITE_BRITISH, ETHNIC_MINORITY or UNKNOWN',
  onsGroup: 'ONS broad group: WHITE, MIXED, ASIAN, BLACK, OTHER or UNKNOWN',
  hourlyPay: 'Hourly pay (pay records): period pay x 7 / days in period / weekly hours',
  activeBankWorker:
    'Bank-only and active: last worked within the months of setting bankWres.activeWindowMonths up to the snapshot (no date: setting bankWres.unknownActivity)',
  medicalWorkforce:
    'In the medical workforce (setting mwres.population): staff group Medical and Dental, or also a medical grade',
} as const;
export type DerivedField = keyof typeof DERIVED_FIELDS;

/** Every field name a definition may use on a dataset. */
export function knownFields(dataset: DatasetName): string[] {
  const person = PERSON_DATASETS.has(dataset) ? RECORD_FIELDS.workforce : [];
  return [...new Set([...RECORD_FIELDS[dataset], ...person, ...Object.keys(DERIVED_FIELDS)])];
}

/**
 * White British for the ethnicity pay gap: a code in the `ethnicity.whiteBritishCodes` setting, or a local
 * sub-code (not a published extended code) of a letter listed there, e.g. "A9" when "A" is listed.
 */
export { isWhiteBritish };

/**
 * A field of the record itself. Records are plain data objects, and every key read here is a field name
 * (never one of Object.prototype's), so a plain property read is exact: undefined when the record has none.
 */
const own = (s: Subject, key: string): unknown => s.record[key];

/** The ethnicity code: the record's own when recorded, else the person's, else "99" (not known). */
export function ethnicityOf(s: Subject): string {
  const v = own(s, 'ethnicity');
  if (typeof v === 'string' && v !== '') return v;
  return s.person?.ethnicity ?? '99';
}
export function disabilityOf(s: Subject): DisabilityCode {
  const v = own(s, 'disability');
  if (v === 'Y' || v === 'N' || v === 'U') return v;
  return s.person?.disability ?? 'U';
}
export function sexOf(s: Subject): SexCode {
  const v = own(s, 'sex');
  if (v === 'F' || v === 'M' || v === 'X' || v === 'U') return v;
  return s.person?.sex ?? 'U';
}
/** Whether the record has a unit path of its own (else its unit levels are the person's). */
export function hasOwnUnitPath(record: Readonly<Record<string, unknown>>): boolean {
  const path = record.unitPath;
  return Array.isArray(path) && path.length > 0;
}

/** Level `level` of the record's unit path, or of the person's when the record has none. */
export function unitLevelOf(
  record: Readonly<Record<string, unknown>>,
  person: WorkforceRecord | null,
  level: number,
): string | null {
  const p = hasOwnUnitPath(record) ? (record.unitPath as string[]) : (person?.unitPath ?? []);
  return p[level] ?? null;
}

/** The unit levels of the derived fields careGroup, directorate and department. */
export const UNIT_LEVELS: Readonly<Record<string, number>> = { careGroup: 0, directorate: 1, department: 2 };

/**
 * Fields `fieldValue` derives in its own way; any other field is read as it is, from the record or else
 * from the person's workforce record (`scalarOf`).
 */
export const COMPUTED_FIELDS: ReadonlySet<string> = new Set([
  ...Object.keys(DERIVED_FIELDS),
  'ethnicity',
  'disability',
  'sex',
  'grade',
  'staffGroup',
  'age',
  ...PROTECTED_FIELDS,
]);

/**
 * A subject's group in one of the other protected characteristics (classification/protected.ts): the
 * record's own code, else the person's, else UNKNOWN (not recorded, or a column the extract lacks).
 */
export function protectedGroupOf(field: ProtectedField, s: Subject): string {
  const own = s.record[field];
  const v = typeof own === 'string' && own !== '' ? own : (s.person?.[field] ?? null);
  return typeof v === 'string' && Object.hasOwn(PROTECTED_CODE_LISTS[field].labels, v) ? v : 'UNKNOWN';
}

/**
 * Derived fields whose value depends on nothing but the grade and the staff group (`gradeOf`,
 * `staffGroupOf`) and the settings: a column can derive each once per distinct pair.
 */
export const GRADE_AND_STAFF_GROUP_FIELDS: ReadonlySet<string> = new Set([
  'workforceRow',
  'clusterRow',
  'bandCluster',
  'clinical',
]);

/** A field value as a scalar: absent is null, a list is joined ("A > B"), anything else not scalar is null. */
export function scalarOf(value: unknown): Scalar {
  if (value === undefined || value === null) return null;
  if (Array.isArray(value)) return value.join(' > ');
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : null;
}
export function gradeOf(s: Subject): GradeCode | null {
  const g = own(s, 'grade');
  if (typeof g === 'string') return g as GradeCode;
  return s.person?.grade ?? null;
}
export function staffGroupOf(s: Subject): StaffGroupCode | null {
  const g = own(s, 'staffGroup');
  if (typeof g === 'string') return g as StaffGroupCode;
  return s.person?.staffGroup ?? null;
}
function ageOf(s: Subject): number | null {
  const a = own(s, 'age');
  if (typeof a === 'number') return a;
  return s.person?.age ?? null;
}

/** The age band key for an age: "UNDER_25", "25_34", ..., "65_PLUS", or "UNKNOWN". */
export function ageBandOf(age: number | null, bands: readonly number[]): string {
  if (age === null || !Number.isFinite(age)) return 'UNKNOWN';
  const first = bands[0];
  if (first === undefined) return 'ALL_AGES';
  if (age < first) return `UNDER_${first}`;
  for (let i = 0; i < bands.length; i++) {
    const lo = bands[i]!;
    const hi = bands[i + 1];
    if (hi === undefined) return `${lo}_PLUS`;
    if (age < hi) return `${lo}_${hi - 1}`;
  }
  return 'UNKNOWN';
}

function clinicalSplit(s: Subject, settings: EngineSettings): 'CLINICAL' | 'NON_CLINICAL' | null {
  const c = isClinical(staffGroupOf(s), settings['workforce.nonClinicalStaffGroups']);
  return c === null ? null : c ? 'CLINICAL' : 'NON_CLINICAL';
}

/**
 * The first day of the Bank WRES activity window ending on `snapshotDate`: the snapshot less `months`
 * calendar months, plus one day (clamped to the month's end). Example: ('2024-03-31', 6) -> '2023-10-01'.
 */
export function activeWindowStart(snapshotDate: string, months: number): string {
  const [y, m, d] = snapshotDate.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) - months;
  let year = Math.floor(index / 12);
  let month = (index % 12) + 1;
  let day = Math.min(d, daysInMonth(year, month)) + 1;
  if (day > daysInMonth(year, month)) {
    day = 1;
    month += 1;
    if (month > 12) [year, month] = [year + 1, 1];
  }
  const two = (n: number) => String(n).padStart(2, '0');
  return `${year}-${two(month)}-${two(day)}`;
}

/**
 * A Bank WRES "active worker" at the record's snapshot: bank-only, and worked (or did paid training) on a
 * date from `activeWindowStart` to the snapshot date inclusive. With no last worked date, the setting
 * `bankWres.unknownActivity` decides. Not bank-only: false.
 */
export function isActiveBankWorker(r: WorkforceRecord, settings: EngineSettings): boolean {
  if (!r.bankOnly) return false;
  const last = r.lastWorkedDate ?? null;
  if (last === null) return settings['bankWres.unknownActivity'] === 'ACTIVE';
  return (
    last >= activeWindowStart(r.snapshotDate, settings['bankWres.activeWindowMonths']) &&
    last <= r.snapshotDate
  );
}

/** The value of a field (own, derived, or from the person's workforce record); null when absent. */
export function fieldValue(s: Subject, field: string, settings: EngineSettings): Scalar {
  switch (field) {
    case 'careGroup':
      return unitLevelOf(s.record, s.person, 0);
    case 'directorate':
      return unitLevelOf(s.record, s.person, 1);
    case 'department':
      return unitLevelOf(s.record, s.person, 2);
    case 'clinical':
      return clinicalSplit(s, settings);
    case 'bandCluster': {
      const c = wdesCluster(gradeOf(s));
      return c === null ? null : `CLUSTER_${c}`;
    }
    case 'workforceRow': {
      const g = gradeOf(s);
      if (g === null) return 'GRADE_NOT_RECORDED';
      if (isMedical(g)) return `MEDICAL:${g}`;
      return `${clinicalSplit(s, settings) ?? 'SPLIT_UNKNOWN'}:${g}`;
    }
    case 'clusterRow': {
      const c = wdesCluster(gradeOf(s));
      if (c === null) return gradeOf(s) === null ? 'GRADE_NOT_RECORDED' : 'OUTSIDE_CLUSTERS';
      if (c >= 5) return `MEDICAL:CLUSTER_${c}`;
      return `${clinicalSplit(s, settings) ?? 'SPLIT_UNKNOWN'}:CLUSTER_${c}`;
    }
    case 'ageBand':
      return ageBandOf(ageOf(s), settings['workforce.ageBands']);
    case 'wresGroup':
      return wresGroup(ethnicityOf(s));
    case 'wdesGroup':
      return wdesGroup(disabilityOf(s));
    case 'epgGroup':
      return epgGroup(ethnicityOf(s), settings['ethnicity.whiteBritishCodes']);
    case 'onsGroup':
      return onsBroadGroup(ethnicityOf(s), settings['ethnicity.chineseBroadGroup']);
    case 'ethnicity':
      return ethnicityOf(s);
    case 'disability':
      return disabilityOf(s);
    case 'sex':
      return sexOf(s);
    case 'grade':
      return gradeOf(s);
    case 'staffGroup':
      return staffGroupOf(s);
    case 'age':
      return ageOf(s);
    case 'sexualOrientation':
    case 'religion':
    case 'genderIdentity':
    case 'maritalStatus':
    case 'pregnancyMaternity':
      return protectedGroupOf(field, s);
    case 'activeBankWorker': {
      const r = s.dataset === 'workforce' ? (s.record as unknown as WorkforceRecord) : s.person;
      return r === null ? null : isActiveBankWorker(r, settings);
    }
    case 'medicalWorkforce': {
      const medicalGrade =
        settings['mwres.population'] === 'STAFF_GROUP_OR_MEDICAL_GRADE' && isMedical(gradeOf(s));
      return staffGroupOf(s) === 'MEDICAL_DENTAL' || medicalGrade;
    }
    case 'hourlyPay': {
      if (s.dataset !== 'pay') return null;
      return hourlyValue(s.record as never, settings['paygap.daysInPayPeriod']);
    }
    default: {
      const v = own(s, field);
      return scalarOf(
        v === undefined && s.person ? (s.person as unknown as Record<string, unknown>)[field] : v,
      );
    }
  }
}
