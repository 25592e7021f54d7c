/** Builders for the event datasets that refer to people by staff number: cases, learning, appraisals, movements, incidents. */
import type { CaseType } from '../../engine/classification/casework.js';
import type { DisabilityCode } from '../../engine/classification/disability.js';
import { deriveGrade } from '../../engine/classification/grades.js';
import type { SexCode } from '../../engine/classification/sex.js';
import type {
  AppraisalRecord,
  AppraisalStatus,
  CaseRecord,
  IncidentRecord,
  LearningKind,
  LearningRecord,
  MovementRecord,
  MovementType,
} from '../../engine/records.js';
import { get, type RowValues } from '../rows.js';
import {
  checkPersons,
  checkUnique,
  periodOf,
  unitPathOf,
  type Builder,
  headingOf,
  type BuildContext,
} from './context.js';

function checkOrder(start: string | null, end: string | null, line: number, ctx: BuildContext): void {
  if (start && end && end < start)
    ctx.issues.add({
      kind: 'DATE_ORDER',
      file: ctx.file,
      row: line,
      value: `${start} / ${end}`,
      message: `The end date ${end} is before the start date ${start} on row ${line}.`,
    });
}

const characteristic = (v: RowValues) => ({
  ethnicity: get.text(v, 'ethnicity'),
  disability: get.text(v, 'disability') as DisabilityCode | null,
  sex: get.text(v, 'sex') as SexCode | null,
});

export const buildCases: Builder<CaseRecord> = (rows, ctx) => {
  const duplicates = checkUnique(rows, 'case_id', 'Case ID', ctx);
  const records: CaseRecord[] = [];
  const links: { line: number; personId: string | null }[] = [];
  for (const row of rows) {
    if (duplicates.has(row.line)) continue;
    const v = row.values;
    const startDate = get.text(v, 'start_date')!;
    const endDate = get.text(v, 'end_date');
    checkOrder(startDate, endDate, row.line, ctx);
    const personId = get.text(v, 'staff_number');
    links.push({ line: row.line, personId });
    const c = characteristic(v);
    records.push({
      caseId: get.text(v, 'case_id')!,
      personId,
      caseType: get.text(v, 'case_type') as CaseType,
      formal: get.bool(v, 'formal') ?? false,
      stage: get.text(v, 'stage'),
      startDate,
      endDate,
      outcome: get.text(v, 'outcome'),
      unitPath: unitPathOf(v, ctx.organisationName, ctx.intern),
      // A blank characteristic column means "take it from the workforce", not "not known".
      ethnicity: c.ethnicity,
      disability: c.disability,
      sex: c.sex,
    });
  }
  checkPersons(links, ctx);
  return { records, period: periodOf(records.map((r) => r.startDate)) };
};

export const buildLearning: Builder<LearningRecord> = (rows, ctx) => {
  const duplicates = checkUnique(rows, 'record_id', 'Record ID', ctx);
  const records: LearningRecord[] = [];
  for (const row of rows) {
    if (duplicates.has(row.line)) continue;
    const v = row.values;
    const startDate = get.text(v, 'start_date')!;
    const completedDate = get.text(v, 'completed_date');
    checkOrder(startDate, completedDate, row.line, ctx);
    records.push({
      recordId: get.text(v, 'record_id') ?? `row-${row.line}`,
      personId: get.text(v, 'staff_number')!,
      kind: get.text(v, 'kind') as LearningKind,
      activity: get.text(v, 'activity')!,
      startDate,
      completedDate,
    });
  }
  checkPersons(
    rows.map((r) => ({ line: r.line, personId: get.text(r.values, 'staff_number') })),
    ctx,
  );
  return { records, period: periodOf(records.map((r) => r.startDate)) };
};

export const buildAppraisals: Builder<AppraisalRecord> = (rows, ctx) => {
  const records = rows.map((row) => ({
    personId: get.text(row.values, 'staff_number')!,
    date: get.text(row.values, 'appraisal_date')!,
    status: (get.text(row.values, 'status') as AppraisalStatus | null) ?? 'completed',
  }));
  checkPersons(
    rows.map((r) => ({ line: r.line, personId: get.text(r.values, 'staff_number') })),
    ctx,
  );
  return { records, period: periodOf(records.map((r) => r.date)) };
};

export const buildMovements: Builder<MovementRecord> = (rows, ctx) => {
  const grade = (text: string | null) => {
    if (text === null) return null;
    const parsed = deriveGrade({ payBand: text });
    return parsed.ok ? parsed.value : null;
  };
  const records = rows.map((row) => {
    const v = row.values;
    for (const key of ['from_band', 'to_band']) {
      const text = get.text(v, key);
      if (text !== null && grade(text) === null)
        ctx.issues.add({
          kind: 'UNKNOWN_CODE',
          file: ctx.file,
          row: row.line,
          column: headingOf(ctx, key, key === 'from_band' ? 'from band' : 'to band'),
          value: text,
          message: `Band '${text}' is not a known band; it is counted as not known.`,
        });
    }
    return {
      personId: get.text(v, 'staff_number')!,
      type: get.text(v, 'movement_type') as MovementType,
      date: get.text(v, 'movement_date')!,
      fromGrade: grade(get.text(v, 'from_band')),
      toGrade: grade(get.text(v, 'to_band')),
      reason: get.text(v, 'reason'),
    };
  });
  checkPersons(
    rows.map((r) => ({ line: r.line, personId: get.text(r.values, 'staff_number') })),
    ctx,
  );
  return { records, period: periodOf(records.map((r) => r.date)) };
};

export const buildIncidents: Builder<IncidentRecord> = (rows, ctx) => {
  const duplicates = checkUnique(rows, 'incident_id', 'Incident ID', ctx);
  const records: IncidentRecord[] = [];
  const links: { line: number; personId: string | null }[] = [];
  for (const row of rows) {
    if (duplicates.has(row.line)) continue;
    const v = row.values;
    links.push({ line: row.line, personId: get.text(v, 'staff_number') });
    records.push({
      incidentId: get.text(v, 'incident_id')!,
      date: get.text(v, 'incident_date')!,
      category: get.text(v, 'category')!,
      source: (get.text(v, 'source') as IncidentRecord['source'] | null) ?? 'unknown',
      personId: get.text(v, 'staff_number'),
      unitPath: unitPathOf(v, ctx.organisationName, ctx.intern),
      ...characteristic(v),
    });
  }
  checkPersons(links, ctx);
  return { records, period: periodOf(records.map((r) => r.date)) };
};
