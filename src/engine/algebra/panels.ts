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
 *   train that panel;
 * - independent: the file says so (from outside the department or care group recruiting);
 * - from an ethnic minority: their WRES group is BME, from their own ethnicity in the file, else their
 *   workforce record at the end of the interview's financial year (as every event's person is looked up).
 * A member the file says nothing about (blank) is not counted as any of them.
 */
import { wresGroup } from '../classification/ethnicity.js';
import type { GradeCode } from '../classification/grades.js';
import type { StaffGroupCode } from '../classification/staff.js';
import { financialYearOf } from '../periods.js';
import type { IsoDate, PanelMemberRecord, RecruitmentRecord } from '../records.js';
import type { PersonIndex } from './context.js';

/** One interview panel. */
export interface PanelRecord {
  /** "vacancy|interview date". */
  panelId: string;
  vacancyId: string;
  interviewDate: IsoDate;
  grade: GradeCode | null;
  staffGroup: StaffGroupCode | null;
  unitPath: string[];
  members: number;
  trainedMembers: number;
  independentMembers: number;
  ethnicMinorityMembers: number;
  hasTrainedMember: boolean;
  hasIndependentMember: boolean;
  hasEthnicMinorityMember: boolean;
}

export const PANEL_FIELDS: readonly (keyof PanelRecord)[] = [
  'panelId',
  'vacancyId',
  'interviewDate',
  'grade',
  'staffGroup',
  'unitPath',
  'members',
  'trainedMembers',
  'independentMembers',
  'ethnicMinorityMembers',
  'hasTrainedMember',
  'hasIndependentMember',
  'hasEthnicMinorityMember',
];

/** Whether a member was trained in recruitment and selection by the interview. */
export function trainedAtInterview(m: PanelMemberRecord): boolean {
  if (m.trained === false) return false;
  if (m.trained !== true && m.trainedDate === null) return false;
  return m.trainedDate === null || m.trainedDate <= m.interviewDate;
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
): PanelRecord[] {
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
    if (trainedAtInterview(m)) p.trainedMembers++;
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
  return out;
}
