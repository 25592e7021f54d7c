/**
 * Interview panels, made from their members' records: the dataset `panels` of the algebra. A recruitment
 * system exports one row per panel member; the seeds' KPIs are about panels ("all interview panels must
 * have at least 1 trained representative", "BME representation on 8a and above panels"), so the engine
 * groups members into panels once per evaluation and a local metric counts panels.
 *
 * A panel is a vacancy and an interview date. Its band, staff group and unit are the members' rows' (the
 * loader refuses a panel whose rows disagree), else those of the vacancy's applications in the recruitment
 * data. A member counts as
 * - trained: the file says recruitment and selection training was completed (or gives its date without
 *   saying), and the date, when given, is on or before the interview: training done afterwards did not
 *   train that panel. Where a trust's training lapses (setting panels.trainingValidYears, 0 by default:
 *   it does not), training more than that many years before the interview no longer counts; a member the
 *   file says is trained, with no date, counts, and is reported as a data issue, since the lapse cannot be
 *   checked;
 * - independent: the file says so (from outside the department or care group recruiting);
 * - from an ethnic minority: their WRES group is BME, from their own ethnicity in the file, else their
 *   workforce record at the end of the interview's financial year (as every event's person is looked up).
 * A member the file says nothing about (blank) is not counted as any of them.
 */
import { wresGroup } from '../classification/ethnicity.js';
import type { GradeCode } from '../classification/grades.js';
import type { StaffGroupCode } from '../classification/staff.js';
import { financialYearOf } from '../periods.js';
import type { DisabilityCode } from '../classification/disability.js';
import type { SexCode } from '../classification/sex.js';
import type { EthnicityValue } from '../classification/ethnicity.js';
import type { IsoDate, PanelMemberRecord, RecruitmentRecord } from '../records.js';
import type { PersonIndex } from './context.js';

/** A panel and the post it interviewed for: what a panel and each of its members' seats share. */
export interface PanelPost {
  /** "vacancy|interview date". */
  panelId: string;
  vacancyId: string;
  interviewDate: IsoDate;
  grade: GradeCode | null;
  staffGroup: StaffGroupCode | null;
  unitPath: string[];
}

const PANEL_POST_FIELDS: readonly (keyof PanelPost)[] = [
  'panelId',
  'vacancyId',
  'interviewDate',
  'grade',
  'staffGroup',
  'unitPath',
];

/** One interview panel. */
export interface PanelRecord extends PanelPost {
  members: number;
  trainedMembers: number;
  independentMembers: number;
  ethnicMinorityMembers: number;
  hasTrainedMember: boolean;
  hasIndependentMember: boolean;
  hasEthnicMinorityMember: boolean;
}

export const PANEL_FIELDS: readonly (keyof PanelRecord)[] = [
  ...PANEL_POST_FIELDS,
  'members',
  'trainedMembers',
  'independentMembers',
  'ethnicMinorityMembers',
  'hasTrainedMember',
  'hasIndependentMember',
  'hasEthnicMinorityMember',
];

/**
 * One member's seat on an interview panel: the dataset `panelMembers` of the algebra, for KPIs counted by
 * member ("compliance with panel members attending recruitment & selection training", by area). The post
 * is the panel's (its band, staff group and unit, as `panelsOf` resolves them), so a seat counts where the
 * panel recruited, not where its member works. The member's characteristics are their own in the file,
 * else their workforce record's at the end of the interview's financial year.
 */
export interface PanelSeatRecord extends PanelPost {
  memberId: string;
  personId: string | null;
  role: string | null;
  /** The file says the member is independent (from outside the department or care group recruiting). */
  independent: boolean;
  /** Trained in recruitment and selection by the interview, and not lapsed (`trainedAtInterview`). */
  trainedAtInterview: boolean;
  /** From an ethnic minority (WRES BME), as `ethnicMinorityMember` reads it. */
  ethnicMinority: boolean;
  ethnicity: EthnicityValue | null;
  disability: DisabilityCode | null;
  sex: SexCode | null;
}

export const PANEL_SEAT_FIELDS: readonly (keyof PanelSeatRecord)[] = [
  ...PANEL_POST_FIELDS,
  'memberId',
  'personId',
  'role',
  'independent',
  'trainedAtInterview',
  'ethnicMinority',
  'ethnicity',
  'disability',
  'sex',
];

/**
 * The first day of training that is still current at an interview when training lapses after `years`
 * years: the interview's date `years` years earlier, plus a day (29 February falls back to the 28th).
 */
export function trainingCurrentFrom(interviewDate: IsoDate, years: number): IsoDate {
  const y = Number(interviewDate.slice(0, 4)) - years;
  const monthDay = interviewDate.slice(5) === '02-29' ? '02-28' : interviewDate.slice(5);
  const day = new Date(`${y}-${monthDay}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() + 1);
  return day.toISOString().slice(0, 10);
}

/**
 * Whether a member was trained in recruitment and selection by the interview, and (when training lapses
 * after `validYears` years; 0: never) not so long before it that it had lapsed.
 */
export function trainedAtInterview(m: PanelMemberRecord, validYears = 0): boolean {
  if (m.trained === false) return false;
  if (m.trained !== true && m.trainedDate === null) return false;
  if (m.trainedDate === null) return true;
  if (m.trainedDate > m.interviewDate) return false;
  return validYears === 0 || m.trainedDate >= trainingCurrentFrom(m.interviewDate, validYears);
}

/** What panels are made with: the lapse of training (setting panels.trainingValidYears) and the issue log. */
export interface PanelOptions {
  trainingValidYears: number;
  issues: { add(code: string, dataset: string, message: string, count?: number): void };
}

/** The 31 March ending the financial year of a date: where an event's person is looked up. */
const yearEnd = (date: IsoDate): string => `${financialYearOf(date).startYear + 1}-03-31`;

/** Whether a member is from an ethnic minority (WRES BME): own ethnicity, else the workforce record's. */
export function ethnicMinorityMember(m: PanelMemberRecord, persons: PersonIndex): boolean {
  let code = m.ethnicity !== null && m.ethnicity !== '' ? m.ethnicity : null;
  if (code === null && m.personId !== null)
    code = persons.at(persons.code(m.personId), yearEnd(m.interviewDate))?.ethnicity ?? null;
  return code !== null && wresGroup(code) === 'BME';
}

interface Vacancy {
  grade: GradeCode | null;
  staffGroup: StaffGroupCode | null;
  unitPath: string[];
}

/** Each vacancy's band, staff group and unit from its applications: the first application giving each. */
function vacancies(recruitment: readonly RecruitmentRecord[]): Map<string, Vacancy> {
  const out = new Map<string, Vacancy>();
  for (const r of recruitment) {
    if (r.vacancyId === null) continue;
    const v = out.get(r.vacancyId);
    if (!v) out.set(r.vacancyId, { grade: r.grade, staffGroup: r.staffGroup, unitPath: r.unitPath });
    else {
      v.grade ??= r.grade;
      v.staffGroup ??= r.staffGroup;
      if (v.unitPath.length === 0) v.unitPath = r.unitPath;
    }
  }
  return out;
}

/**
 * The panels of the members, in order of their first member. Example: three members of vacancy V1
 * interviewing on 2023-06-01, one trained on 2023-01-10 and one Asian (H): one panel of 3 members with
 * trainedMembers 1, ethnicMinorityMembers 1, hasTrainedMember and hasEthnicMinorityMember true.
 */
export function panelsOf(
  members: readonly PanelMemberRecord[],
  recruitment: readonly RecruitmentRecord[],
  persons: PersonIndex,
  options: PanelOptions = { trainingValidYears: 0, issues: { add: () => {} } },
): PanelRecord[] {
  const validYears = options.trainingValidYears;
  let undatedTrained = 0;
  const byVacancy = members.length > 0 ? vacancies(recruitment) : new Map<string, Vacancy>();
  const panels = new Map<string, PanelRecord>();
  for (const m of members) {
    const panelId = `${m.vacancyId}|${m.interviewDate}`;
    let p = panels.get(panelId);
    if (!p) {
      p = {
        panelId,
        vacancyId: m.vacancyId,
        interviewDate: m.interviewDate,
        grade: m.grade,
        staffGroup: m.staffGroup,
        unitPath: m.unitPath,
        members: 0,
        trainedMembers: 0,
        independentMembers: 0,
        ethnicMinorityMembers: 0,
        hasTrainedMember: false,
        hasIndependentMember: false,
        hasEthnicMinorityMember: false,
      };
      panels.set(panelId, p);
    } else {
      // A member's row may leave the post out where another member's gives it.
      p.grade ??= m.grade;
      p.staffGroup ??= m.staffGroup;
      if (p.unitPath.length === 0) p.unitPath = m.unitPath;
    }
    p.members++;
    if (trainedAtInterview(m, validYears)) {
      p.trainedMembers++;
      if (validYears > 0 && m.trainedDate === null) undatedTrained++;
    }
    if (m.independent === true) p.independentMembers++;
    if (ethnicMinorityMember(m, persons)) p.ethnicMinorityMembers++;
  }
  const out = [...panels.values()];
  for (const p of out) {
    const vacancy = byVacancy.get(p.vacancyId);
    if (vacancy) {
      p.grade ??= vacancy.grade;
      p.staffGroup ??= vacancy.staffGroup;
      if (p.unitPath.length === 0) p.unitPath = vacancy.unitPath;
    }
    p.hasTrainedMember = p.trainedMembers > 0;
    p.hasIndependentMember = p.independentMembers > 0;
    p.hasEthnicMinorityMember = p.ethnicMinorityMembers > 0;
  }
  options.issues.add(
    'UNDATED_TRAINING',
    'panels',
    `panel members trained with no training date: counted as trained, though whether their training was still current (for ${validYears === 1 ? '1 year' : `${validYears} years`}, as the trust sets) cannot be checked`,
    undatedTrained,
  );
  return out;
}

/** The panel seats of `members` (see `PanelSeatRecord`), the post of each from its panel (`panelsOf`). */
export function panelSeatsOf(
  members: readonly PanelMemberRecord[],
  recruitment: readonly RecruitmentRecord[],
  persons: PersonIndex,
  options: PanelOptions,
): PanelSeatRecord[] {
  const panels = new Map(panelsOf(members, recruitment, persons, options).map((p) => [p.panelId, p]));
  return members.map((m) => {
    const panel = panels.get(`${m.vacancyId}|${m.interviewDate}`)!;
    const esr = m.personId !== null ? persons.at(persons.code(m.personId), yearEnd(m.interviewDate)) : null;
    return {
      panelId: panel.panelId,
      vacancyId: m.vacancyId,
      interviewDate: m.interviewDate,
      grade: panel.grade,
      staffGroup: panel.staffGroup,
      unitPath: panel.unitPath,
      memberId: m.memberId,
      personId: m.personId,
      role: m.role,
      independent: m.independent === true,
      trainedAtInterview: trainedAtInterview(m, options.trainingValidYears),
      ethnicMinority: ethnicMinorityMember(m, persons),
      ethnicity: m.ethnicity !== null && m.ethnicity !== '' ? m.ethnicity : (esr?.ethnicity ?? null),
      disability: m.disability ?? esr?.disability ?? null,
      sex: m.sex ?? esr?.sex ?? null,
    };
  });
}
