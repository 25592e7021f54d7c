/** What every dataset writer receives, and the value spellings they share. */
import { ESR_DISABILITY, ETHNICITIES, GRADES, STAFF_GROUPS } from './catalogue.js';
import type { Cell, TableLayout } from './writers.js';
import type { Assignment, Person } from './people.js';
import type { PersonState, TrustHistory, YearState } from './simulate.js';

export interface DatasetContext {
  seed: number;
  history: TrustHistory;
  /** The WRES/WDES year: snapshot 31 March `year`, financial year ending then. */
  year: number;
  state: YearState;
}

/** A dataset for one trust and year: its layout, its rows (generated lazily), and facts for the manifest. */
export interface DatasetRows {
  layout: TableLayout;
  rows: Iterable<Cell[]>;
  /** Extra manifest facts, read after the rows have been written. */
  facts?: () => Record<string, number | string>;
}

export const sexText = (p: Person): string => (p.female ? 'Female' : 'Male');
export const esrEthnicity = (p: Person): string => ETHNICITIES[p.ethnicity]!.esr;
export const esrDisability = (s: PersonState): string => ESR_DISABILITY[s.esrDisability]!;
export const esrStaffGroup = (a: Assignment): string => STAFF_GROUPS[a.group]!.esr;
export const esrPayBand = (a: Assignment): string => GRADES[a.grade]!.esrPayBand;
export const esrGrade = (a: Assignment): string => GRADES[a.grade]!.esrGrade;

export function unitNames(ctx: DatasetContext, a: { unit: number }): [string, string, string] {
  const d = ctx.history.departments[a.unit]!;
  return [d.careGroup, d.directorate, d.department];
}

export const yesNo = (b: boolean): string => (b ? 'Yes' : 'No');

/** Money to two decimal places, as text that reads back as the same number. */
export const money = (n: number): string => n.toFixed(2);
