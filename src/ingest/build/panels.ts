/**
 * Interview panel members: one record per row. A panel is a vacancy and an interview date, so its rows
 * must agree on what describes the post (band, staff group, unit) and name each member once; a row that
 * disagrees is an error naming both rows, because a panel counted under two bands would be counted twice.
 */
import type { DisabilityCode } from '../../engine/classification/disability.js';
import type { SexCode } from '../../engine/classification/sex.js';
import type { StaffGroupCode } from '../../engine/classification/staff.js';
import type { PanelMemberRecord } from '../../engine/records.js';
import { get, type RowValues } from '../rows.js';
import { checkPersons, periodOf, unitPathOf, type Builder } from './context.js';
import { gradeOf } from './grade.js';

/** What describes the post, each with the label an error names it by. */
const POST_FIELDS: readonly (readonly [string, string, (v: RowValues) => string | null])[] = [
  ['pay_band', 'Pay band', (v) => get.text(v, 'pay_band')],
  ['grade', 'Grade', (v) => get.text(v, 'grade')],
  ['staff_group', 'Staff group', (v) => get.text(v, 'staff_group')],
];

interface Panel {
  line: number;
  post: Map<string, string>;
  unit: string;
  members: Map<string, number>;
}

export const buildPanels: Builder<PanelMemberRecord> = (rows, ctx) => {
  const panels = new Map<string, Panel>();
  const records: PanelMemberRecord[] = [];
  const links: { line: number; personId: string | null }[] = [];
  for (const row of rows) {
    const v = row.values;
    const vacancyId = get.text(v, 'vacancy_id')!;
    const interviewDate = get.text(v, 'interview_date')!;
    const personId = get.text(v, 'staff_number');
    const memberId = get.text(v, 'member_id') ?? personId;
    if (memberId === null) {
      ctx.issues.add({
        kind: 'MISSING_VALUE',
        file: ctx.file,
        row: row.line,
        column: 'Staff number / Panel member ID',
        value: '',
        message: `Row ${row.line} names no panel member: give the member's staff number or panel member ID.`,
      });
      continue;
    }
    const key = `${vacancyId}\u0000${interviewDate}`;
    const unitPath = unitPathOf(v, ctx.organisationName, ctx.intern);
    const unit = unitPath.join(' > ');
    let panel = panels.get(key);
    if (!panel) {
      panel = { line: row.line, post: new Map(), unit, members: new Map() };
      panels.set(key, panel);
    }
    const where = `vacancy ${vacancyId} interviewing on ${interviewDate}`;
    let agrees = true;
    for (const [field, label, read] of POST_FIELDS) {
      const value = read(v);
      if (value === null) continue;
      const first = panel.post.get(field);
      if (first === undefined) panel.post.set(field, value);
      else if (first !== value) {
        agrees = false;
        ctx.issues.add({
          kind: 'BAD_VALUE',
          file: ctx.file,
          row: row.line,
          column: label,
          value,
          message: `${label} '${value}' on row ${row.line} differs from '${first}' given for the panel of ${where} on an earlier row: one panel's rows must describe the same post.`,
        });
      }
    }
    if (unit !== '' && panel.unit === '') panel.unit = unit;
    else if (unit !== '' && unit !== panel.unit) {
      agrees = false;
      ctx.issues.add({
        kind: 'BAD_VALUE',
        file: ctx.file,
        row: row.line,
        column: 'Organisation unit',
        value: unit,
        message: `The unit '${unit}' on row ${row.line} differs from '${panel.unit}' given for the panel of ${where} on row ${panel.line}: one panel's rows must describe the same post.`,
      });
    }
    const seen = panel.members.get(memberId);
    if (seen !== undefined) {
      ctx.issues.add({
        kind: 'DUPLICATE',
        file: ctx.file,
        row: row.line,
        column: 'Staff number / Panel member ID',
        value: '(hidden)',
        message: `The panel member on row ${row.line} is already on the panel of ${where} (row ${seen}); list each member once.`,
      });
      continue;
    }
    panel.members.set(memberId, row.line);
    if (!agrees) continue;
    links.push({ line: row.line, personId });
    records.push({
      vacancyId,
      interviewDate,
      grade:
        get.text(v, 'pay_band') !== null || get.text(v, 'grade') !== null ? gradeOf(v, ctx, row.line) : null,
      staffGroup: get.text(v, 'staff_group') as StaffGroupCode | null,
      unitPath,
      personId,
      memberId,
      role: get.text(v, 'role'),
      independent: get.bool(v, 'independent'),
      trained: get.bool(v, 'rs_trained'),
      trainedDate: get.text(v, 'rs_training_date'),
      // Blank characteristics mean "take them from the workforce record" (the schema reads them as null);
      // 99 or "Not stated" in the file stays not known.
      ethnicity: get.text(v, 'ethnicity'),
      disability: get.text(v, 'disability') as DisabilityCode | null,
      sex: get.text(v, 'sex') as SexCode | null,
    });
  }
  checkPersons(links, ctx);
  return { records, period: periodOf(records.map((r) => r.interviewDate)) };
};
