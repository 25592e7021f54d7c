/**
 * Staff in post: one record per person from one row per assignment.
 *
 * Primary-assignment rule (documented in docs/data-formats.md): the assignment flagged primary; when none or
 * several are flagged, the first of the person's assignments ordered by: not bank before bank, highest FTE,
 * earliest start date, lowest assignment number, earliest row. Characteristics, unit, staff group and grade
 * come from the primary assignment; FTE is the sum over non-bank assignments; a person is bank-only when
 * every assignment is bank; the last worked date is the latest of any assignment's.
 */
import type { ContractType, StaffGroupCode } from '../../engine/classification/staff.js';
import type { DisabilityCode } from '../../engine/classification/disability.js';
import type { SexCode } from '../../engine/classification/sex.js';
import type { OtherCharacteristics, WorkforceRecord } from '../../engine/records.js';
import { get, type ParsedRow, type RowValues } from '../rows.js';
import { unitPathOf, type Builder, type BuildContext } from './context.js';
import { gradeOf } from './grade.js';

interface Assignment {
  row: ParsedRow;
  contract: ContractType;
  fte: number | null;
  start: string | null;
  lastWorked: string | null;
  number: string | null;
  primary: boolean | null;
}

function compareAssignments(a: Assignment, b: Assignment): number {
  const bank = Number(a.contract === 'bank') - Number(b.contract === 'bank');
  if (bank !== 0) return bank;
  const fte = (b.fte ?? 0) - (a.fte ?? 0);
  if (fte !== 0) return fte;
  if (a.start !== b.start) return a.start === null ? 1 : b.start === null ? -1 : a.start < b.start ? -1 : 1;
  if (a.number !== b.number)
    return a.number === null
      ? 1
      : b.number === null
        ? -1
        : a.number.localeCompare(b.number, 'en', { numeric: true });
  return a.row.line - b.row.line;
}

function snapshotDateOf(rows: readonly ParsedRow[], ctx: BuildContext): string | null {
  if (ctx.asAtDate) return ctx.asAtDate;
  const dates = new Set(
    rows.map((r) => get.text(r.values, 'snapshot_date')).filter((d): d is string => d !== null),
  );
  if (dates.size > 1) {
    ctx.issues.add({
      kind: 'SEVERAL_SNAPSHOT_DATES',
      file: ctx.file,
      message: `The file holds ${dates.size} snapshot dates (${[...dates].sort().slice(0, 4).join(', ')}...).`,
    });
    return null;
  }
  const [only] = dates;
  if (!only)
    ctx.issues.add({
      kind: 'NO_SNAPSHOT_DATE',
      file: ctx.file,
      message: 'The date this staff-in-post extract describes is not in the file.',
    });
  return only ?? null;
}

function ageAt(dateOfBirth: string, on: string): number {
  const [by, bm, bd] = dateOfBirth.split('-').map(Number) as [number, number, number];
  const [y, m, d] = on.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

export const buildWorkforce: Builder<WorkforceRecord> = (rows, ctx) => {
  const snapshotDate = snapshotDateOf(rows, ctx);
  const byPerson = new Map<string, Assignment[]>();
  const seenAssignments = new Map<string, number>();
  const seenRows = new Map<ParsedRow, string>();
  for (const row of rows) {
    const personId = get.text(row.values, 'staff_number')!;
    const number = get.text(row.values, 'assignment_number');
    if (number !== null) {
      const k = `${personId}\u0000${number}`;
      const first = seenAssignments.get(k);
      if (first !== undefined) {
        ctx.issues.add({
          kind: 'DUPLICATE',
          file: ctx.file,
          row: row.line,
          column: 'assignment number',
          value: number,
          message: `Assignment ${number} appears on row ${first} and again on row ${row.line}.`,
        });
        continue;
      }
      seenAssignments.set(k, row.line);
    } else if (byPerson.has(personId)) {
      // Without assignment numbers, a second row for a person is either another assignment or a repeat.
      const fingerprint = JSON.stringify(row.values);
      for (const a of byPerson.get(personId)!)
        if (!seenRows.has(a.row)) seenRows.set(a.row, JSON.stringify(a.row.values));
      const first = byPerson.get(personId)!.find((a) => seenRows.get(a.row) === fingerprint);
      if (first) {
        ctx.issues.add({
          kind: 'DUPLICATE_ROW',
          file: ctx.file,
          row: row.line,
          message: `Row ${row.line} repeats row ${first.row.line} exactly; it is counted once.`,
        });
        continue;
      }
    }
    const list = byPerson.get(personId) ?? [];
    list.push({
      row,
      contract: (get.text(row.values, 'contract') as ContractType | null) ?? 'permanent',
      fte: get.number(row.values, 'fte'),
      start: get.text(row.values, 'start_date'),
      lastWorked: get.text(row.values, 'last_worked_date'),
      number,
      primary: get.bool(row.values, 'primary_assignment'),
    });
    byPerson.set(personId, list);
  }
  if (!snapshotDate) return { records: [], asAtDate: null };

  const records: WorkforceRecord[] = [];
  for (const [personId, assignments] of byPerson) {
    const flagged = assignments.filter((a) => a.primary === true);
    let primary: Assignment;
    if (flagged.length === 1) primary = flagged[0]!;
    else {
      primary = [...assignments].sort(compareAssignments)[0]!;
      if (assignments.length > 1 && assignments.some((a) => a.primary !== null))
        ctx.issues.add({
          kind: 'PRIMARY_ASSIGNMENT',
          file: ctx.file,
          row: primary.row.line,
          message: `A person with ${assignments.length} assignments has ${flagged.length === 0 ? 'none' : flagged.length} flagged primary; row ${primary.row.line} was taken as primary.`,
        });
    }
    const v = primary.row.values;
    const dob = get.text(v, 'date_of_birth');
    const nonBank = assignments.filter((a) => a.contract !== 'bank');
    const fteValues = nonBank.map((a) => a.fte).filter((f): f is number => f !== null);
    // The latest over the assignments: a bank worker is active when any assignment was worked recently.
    const lastWorked = assignments
      .map((a) => a.lastWorked)
      .filter((d): d is string => d !== null)
      .reduce<string | null>((latest, d) => (latest === null || d > latest ? d : latest), null);
    records.push({
      personId,
      snapshotDate,
      unitPath: unitPathOf(v, ctx.organisationName, ctx.intern),
      staffGroup: get.text(v, 'staff_group') as StaffGroupCode | null,
      occupation: get.text(v, 'occupation'),
      grade: gradeOf(v, ctx, primary.row.line),
      contract: primary.contract,
      bankOnly: nonBank.length === 0,
      fte: fteValues.length > 0 ? Math.round(fteValues.reduce((s, f) => s + f, 0) * 10_000) / 10_000 : null,
      age: get.number(v, 'age') ?? (dob ? ageAt(dob, snapshotDate) : null),
      startDate: primary.start,
      assignments: assignments.length,
      ...(lastWorked === null ? {} : { lastWorkedDate: lastWorked }),
      ethnicity: get.text(v, 'ethnicity') ?? '99',
      disability: (get.text(v, 'disability') as DisabilityCode | null) ?? 'U',
      sex: (get.text(v, 'sex') as SexCode | null) ?? 'U',
      // The other characteristics only when the extract has their column: absent reads as not recorded.
      ...otherCharacteristics(v),
    });
  }
  return { records, asAtDate: snapshotDate };
};

const OTHER_CHARACTERISTICS = [
  ['sexual_orientation', 'sexualOrientation'],
  ['religion', 'religion'],
  ['gender_identity', 'genderIdentity'],
  ['marital_status', 'maritalStatus'],
  ['pregnancy_maternity', 'pregnancyMaternity'],
] as const;

function otherCharacteristics(v: RowValues): OtherCharacteristics {
  const out: OtherCharacteristics = {};
  for (const [column, field] of OTHER_CHARACTERISTICS) {
    if (v[column] === undefined) continue;
    out[field] = get.text(v, column) ?? 'UNKNOWN';
  }
  return out;
}
