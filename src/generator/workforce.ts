/**
 * Workforce snapshot at 31 March as an ESR "Staff in Post" report: preamble lines, then a header in the
 * ESR spellings of the `esr-staff-in-post` preset (the first spelling of each field), then one row per
 * assignment, ordered by employee number.
 */
import { ESR_STAFF_IN_POST } from '../ingest/presets.js';
import { ageOn, snapshotDay, ukDate } from './dates.js';
import {
  esrDisability,
  esrEthnicity,
  esrGrade,
  esrPayBand,
  esrStaffGroup,
  sexText,
  unitNames,
  yesNo,
  type DatasetContext,
  type DatasetRows,
} from './context.js';
import { otherCharacteristicsText } from './characteristics.js';
import { PATTERNS } from './parameters.js';
import type { Assignment } from './people.js';
import { Rng } from './random.js';
import type { PersonState } from './simulate.js';
import type { Cell } from './writers.js';

/** The ESR preset's field keys, in order, and the header (first spelling of each). */
export const WORKFORCE_KEYS = Object.keys(ESR_STAFF_IN_POST.columns);
export const WORKFORCE_HEADER = WORKFORCE_KEYS.map((k) => ESR_STAFF_IN_POST.columns[k]![0]!);

/** The header is on this row (1-based) of the ESR file: four preamble lines and a blank one above it. */
export const WORKFORCE_HEADER_ROW = 6;

export function workforcePreamble(ctx: DatasetContext): string[] {
  const snap = snapshotDay(ctx.year);
  const { odsCode, name } = ctx.history.plan;
  return [
    'Staff in Post - Detail',
    `Organisation: ${odsCode} ${name}`,
    `Effective Date: ${ukDate(snap)}`,
    `Run Date: ${ukDate(snap + 5)} 09:14`,
    '',
  ];
}

function assignmentRow(
  ctx: DatasetContext,
  s: PersonState,
  a: Assignment,
  primary: boolean,
  n: number,
): Cell[] {
  const p = s.person;
  const [careGroup, directorate, department] = unitNames(ctx, a);
  const values: Readonly<Record<string, Cell>> = {
    staff_number: p.staffNumber,
    assignment_number: n === 1 ? p.staffNumber : `${p.staffNumber}-${n}`,
    primary_assignment: yesNo(primary),
    care_group: careGroup,
    directorate,
    department,
    staff_group: esrStaffGroup(a),
    occupation: a.occupation,
    pay_band: esrPayBand(a),
    grade: esrGrade(a),
    contract: a.contract,
    fte: a.fte,
    ethnicity: esrEthnicity(p),
    disability: esrDisability(s),
    sex: sexText(p),
    ...otherCharacteristicsText(p, ageOn(p.birthDay, snapshotDay(ctx.year))),
    age: ageOn(p.birthDay, snapshotDay(ctx.year)),
    start_date: ukDate(p.startDay),
    last_worked_date: a.contract === 'Bank' ? ukDate(lastWorkedDay(ctx, p.staffNumber, n)) : null,
  };
  return WORKFORCE_KEYS.map((k) => values[k] ?? null);
}

/**
 * The last shift of a bank assignment: within the five months to the snapshot, or (for the share of
 * `bankInactiveShare`) six to twelve months before it, so the Bank WRES has inactive workers to leave out.
 * Its own stream per assignment, so adding it changed no other generated value. The bank survey
 * (survey.ts) asks the workers active by it.
 */
export function lastWorkedDay(ctx: DatasetContext, staffNumber: string, n: number): number {
  const rng = Rng.for(ctx.seed, ctx.history.plan.odsCode, 'last-worked', ctx.year, staffNumber, n);
  const snap = snapshotDay(ctx.year);
  return rng.chance(PATTERNS.people.bankInactiveShare) ? snap - 183 - rng.int(183) : snap - rng.int(152);
}

export function workforceRows(ctx: DatasetContext): DatasetRows {
  const snapshot = [...ctx.state.snapshot].sort((a, b) =>
    a.person.staffNumber < b.person.staffNumber ? -1 : a.person.staffNumber > b.person.staffNumber ? 1 : 0,
  );
  let assignments = 0;
  function* rows(): Generator<Cell[]> {
    for (const s of snapshot) {
      assignments++;
      yield assignmentRow(ctx, s, s.main, true, 1);
      if (s.second) {
        assignments++;
        yield assignmentRow(ctx, s, s.second, false, 2);
      }
    }
  }
  return {
    layout: { preamble: workforcePreamble(ctx), header: WORKFORCE_HEADER },
    rows: rows(),
    facts: () => ({
      people: snapshot.length,
      assignments,
      // As the file has them at its snapshot, not as they are after a later year's move.
      bankOnlyPeople: snapshot.filter((s) => s.bankOnly).length,
      headerRow: WORKFORCE_HEADER_ROW,
    }),
  };
}
