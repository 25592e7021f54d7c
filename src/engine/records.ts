/**
 * The canonical records Parity computes from: one type per dataset, after column mapping, code-list
 * classification and pseudonymisation. Loading produces them, storage keeps them, the engine reads them.
 * Dates are ISO strings ("2024-03-31"); coded values use the codes of `classification/`.
 */
import type { CaseType } from './classification/casework.js';
import type { DisabilityCode } from './classification/disability.js';
import type { EthnicityValue } from './classification/ethnicity.js';
import type { GradeCode } from './classification/grades.js';
import type { SexCode } from './classification/sex.js';
import type { ContractType, StaffGroupCode } from './classification/staff.js';

export type IsoDate = string;

/** Who a record is about, as far as equality is concerned: the protected characteristics Parity analyses. */
export interface Characteristics {
  ethnicity: EthnicityValue;
  disability: DisabilityCode;
  sex: SexCode;
}

/**
 * The other protected characteristics ESR holds (classification/protected.ts), each a group id of its code
 * list. Optional: an extract without the column leaves them absent, which reads as not recorded (UNKNOWN).
 */
export interface OtherCharacteristics {
  sexualOrientation?: string;
  religion?: string;
  genderIdentity?: string;
  maritalStatus?: string;
  /** Pregnant or on maternity or adoption leave at the snapshot date, where the extract carries it. */
  pregnancyMaternity?: string;
}

/**
 * One person in post at the snapshot date (staff in post). Several ESR assignments of one person become
 * one record by the primary-assignment rule; `assignments` counts them.
 */
export interface WorkforceRecord extends Characteristics, OtherCharacteristics {
  /** Keyed hash of the staff number: the raw identifier is never stored. */
  personId: string;
  snapshotDate: IsoDate;
  /** Care group > directorate > department names, top first; empty when the extract has none. */
  unitPath: string[];
  staffGroup: StaffGroupCode | null;
  occupation: string | null;
  grade: GradeCode | null;
  contract: ContractType;
  /** Every assignment of the person is on the bank: excluded from WRES 1 / WDES 1. */
  bankOnly: boolean;
  fte: number | null;
  age: number | null;
  startDate: IsoDate | null;
  assignments: number;
  /**
   * The latest date the person worked a shift or did paid training on any bank assignment (ESR "last
   * worked date"): whether a bank-only worker is active for the Bank WRES. Absent or null: not in the extract.
   */
  lastWorkedDate?: IsoDate | null;
}

/** One application to a vacancy. */
export interface RecruitmentRecord extends Characteristics {
  applicationId: string;
  vacancyId: string | null;
  grade: GradeCode | null;
  staffGroup: StaffGroupCode | null;
  unitPath: string[];
  shortlisted: boolean;
  appointed: boolean;
  applicationDate: IsoDate | null;
  shortlistedDate: IsoDate | null;
  /** The appointment decision date; WRES 2 attributes appointments to the year of this date. */
  appointedDate: IsoDate | null;
  internal: boolean | null;
  /** Recruited from overseas (optional non-standard filter for WRES 2). */
  international: boolean | null;
}

/**
 * One member of one interview panel, as a recruitment system exports panels (one row per panel member per
 * vacancy and interview date). The engine makes panels of them (algebra/panels.ts).
 */
export interface PanelMemberRecord {
  /** The vacancy the panel interviewed for; with the interview date it names the panel. */
  vacancyId: string;
  interviewDate: IsoDate;
  /** The post's band; null when the file has none (then the vacancy's band in the recruitment data). */
  grade: GradeCode | null;
  staffGroup: StaffGroupCode | null;
  /** The post's unit; empty when the file has none (then the vacancy's unit in the recruitment data). */
  unitPath: string[];
  /** Keyed hash of the member's staff number; null for a member from outside the organisation. */
  personId: string | null;
  /** Keyed hash of the member's id in the recruitment system, else the staff number's hash. */
  memberId: string;
  role: string | null;
  /** From outside the department or care group recruiting (or outside the organisation). */
  independent: boolean | null;
  /** Completed recruitment and selection training (as the file says). */
  trained: boolean | null;
  trainedDate: IsoDate | null;
  /** The member's own characteristics when the file has them; otherwise the workforce record's. */
  ethnicity: EthnicityValue | null;
  disability: DisabilityCode | null;
  sex: SexCode | null;
}

/** One employee-relations case. */
export interface CaseRecord {
  caseId: string;
  personId: string | null;
  caseType: CaseType;
  formal: boolean;
  stage: string | null;
  /** Entry into the process (for disciplinary: the formal investigation). */
  startDate: IsoDate;
  endDate: IsoDate | null;
  outcome: string | null;
  unitPath: string[];
  /** From the case log when it has them; otherwise filled from the workforce record of `personId`. */
  ethnicity: EthnicityValue | null;
  disability: DisabilityCode | null;
  sex: SexCode | null;
}

export const LEARNING_KINDS = ['non_mandatory_training', 'cpd', 'programme', 'mandatory'] as const;
export type LearningKind = (typeof LEARNING_KINDS)[number];

/** Non-mandatory training, CPD, and participation in programmes such as mentoring or leadership courses. */
export interface LearningRecord {
  recordId: string;
  personId: string;
  kind: LearningKind;
  /** Course or programme name, e.g. "Reciprocal mentoring". */
  activity: string;
  startDate: IsoDate;
  completedDate: IsoDate | null;
}

export const APPRAISAL_STATUSES = ['completed', 'not_completed', 'exempt'] as const;
export type AppraisalStatus = (typeof APPRAISAL_STATUSES)[number];

export interface AppraisalRecord {
  personId: string;
  date: IsoDate;
  status: AppraisalStatus;
}

export const MOVEMENT_TYPES = ['promotion', 'starter', 'leaver', 'transfer', 'secondment', 'other'] as const;
export type MovementType = (typeof MOVEMENT_TYPES)[number];

export interface MovementRecord {
  personId: string;
  type: MovementType;
  date: IsoDate;
  fromGrade: GradeCode | null;
  toGrade: GradeCode | null;
  reason: string | null;
}

export const PAY_PERIODS = ['weekly', 'fortnightly', 'four_weekly', 'monthly', 'annual'] as const;
export type PayPeriod = (typeof PAY_PERIODS)[number];

/** Pay of one relevant employee in the pay period containing the snapshot date (gender pay gap rules). */
export interface PayRecord extends Omit<Characteristics, 'ethnicity' | 'disability'> {
  /** From the pay file when it gives them; null (not given) is filled from the workforce record of `personId`. */
  ethnicity: EthnicityValue | null;
  disability: DisabilityCode | null;
  personId: string;
  snapshotDate: IsoDate;
  /** Ordinary pay in the relevant pay period, before deductions, after salary sacrifice. */
  ordinaryPay: number;
  payPeriod: PayPeriod;
  /** Days in the pay period when it is not the standard length of `payPeriod`. */
  periodDays: number | null;
  /** Contracted weekly hours. */
  weeklyHours: number;
  /** Bonus paid in the relevant pay period (pro-rated into the hourly rate). */
  bonusInPeriod: number;
  /** Bonus paid in the 12 months to the snapshot date (bonus gap measures). */
  bonus12Months: number;
  /** Not on reduced or nil pay for leave in the period. */
  fullPayRelevant: boolean;
  grade: GradeCode | null;
  staffGroup: StaffGroupCode | null;
}

/** A survey-based measure, as NHS England pre-populates it: a numerator and base per group. */
export interface SurveyAggregateRecord {
  surveyYear: number;
  measure: string;
  /** 'ethnicity' groups are WHITE/BME/UNKNOWN; 'disability' groups DISABLED/NON_DISABLED/UNKNOWN; 'all' is ALL. */
  scheme: 'ethnicity' | 'disability' | 'all';
  group: string;
  numerator: number;
  base: number;
  /** For score measures (staff engagement, 0-10): the mean score, with `base` respondents. */
  score: number | null;
  /**
   * The unit the figures describe (care group > directorate > department, a unit of the organisation's),
   * when the file gives figures by unit; absent or empty for the whole organisation.
   */
  unitPath?: string[];
}

/** One staff survey respondent: self-reported characteristics and answers by question number. */
export interface SurveyResponseRecord {
  respondentId: string;
  surveyYear: number;
  ethnicity: EthnicityValue;
  /** Long-term condition or illness, as the survey asks it (not ESR). */
  disability: DisabilityCode;
  sex: SexCode;
  /** The respondent's occupation group as the survey asks it (MWRES reads medical and dental respondents). */
  staffGroup?: StaffGroupCode | null;
  /** The respondent's unit (care group > directorate > department), when the file names one. */
  unitPath?: string[];
  /**
   * A response to the NHS Staff Survey for bank only workers: read by the Bank WRES alone, and left out of
   * every other survey figure. Absent: a staff survey response.
   */
  bankOnly?: boolean;
  answers: Record<string, string>;
}

/** One board member at the snapshot date. */
export interface BoardMemberRecord extends Characteristics {
  memberId: string;
  snapshotDate: IsoDate;
  role: string | null;
  voting: boolean;
  executive: boolean;
}

/** One incident of violence, aggression or abuse against a member of staff. */
export interface IncidentRecord {
  incidentId: string;
  date: IsoDate;
  category: string;
  /** Who the perpetrator was: patient, relative or public, or staff. */
  source: 'patient_public' | 'staff' | 'unknown';
  personId: string | null;
  unitPath: string[];
  ethnicity: EthnicityValue | null;
  disability: DisabilityCode | null;
  sex: SexCode | null;
}

/** Local population by ethnic group (census), to compare the workforce with. */
export interface PopulationRecord {
  area: string;
  year: number;
  /** An ethnicity code (A..S) or an ONS broad group (WHITE, MIXED, ASIAN, BLACK, OTHER). */
  group: string;
  count: number;
}

/** A national or regional reference value for an indicator. */
export interface BenchmarkRecord {
  indicator: string;
  year: number;
  scope: 'national' | 'regional';
  region: string | null;
  value: number;
  source: string | null;
}
