import type { DisabilityCode } from '../../engine/classification/disability.js';
import type { SexCode } from '../../engine/classification/sex.js';
import type { StaffGroupCode } from '../../engine/classification/staff.js';
import type { RecruitmentRecord } from '../../engine/records.js';
import { get } from '../rows.js';
import { checkUnique, periodOf, unitPathOf, type Builder } from './context.js';
import { gradeOf } from './grade.js';

export const buildRecruitment: Builder<RecruitmentRecord> = (rows, ctx) => {
  const duplicates = checkUnique(rows, 'application_id', 'Application ID', ctx);
  const records: RecruitmentRecord[] = [];
  for (const row of rows) {
    if (duplicates.has(row.line)) continue;
    const v = row.values;
    const shortlisted = get.bool(v, 'shortlisted') ?? false;
    const appointed = get.bool(v, 'appointed') ?? false;
    if (appointed && !shortlisted)
      ctx.issues.add({
        kind: 'APPOINTED_NOT_SHORTLISTED',
        file: ctx.file,
        row: row.line,
        value: get.text(v, 'application_id') ?? '',
        message: `Application ${get.text(v, 'application_id') ?? ''} on row ${row.line} is appointed but not shortlisted.`,
      });
    const applied = get.text(v, 'application_date');
    const appointedDate = get.text(v, 'appointed_date');
    if (applied && appointedDate && appointedDate < applied)
      ctx.issues.add({
        kind: 'DATE_ORDER',
        file: ctx.file,
        row: row.line,
        value: `${applied} / ${appointedDate}`,
        message: `The appointment date ${appointedDate} is before the application date ${applied}.`,
      });
    records.push({
      applicationId: get.text(v, 'application_id')!,
      vacancyId: get.text(v, 'vacancy_id'),
      grade: gradeOf(v, ctx, row.line),
      staffGroup: get.text(v, 'staff_group') as StaffGroupCode | null,
      unitPath: unitPathOf(v, ctx.organisationName, ctx.intern),
      shortlisted,
      appointed,
      applicationDate: applied,
      shortlistedDate: get.text(v, 'shortlisted_date'),
      appointedDate,
      internal: get.bool(v, 'internal'),
      international: get.bool(v, 'international'),
      ethnicity: get.text(v, 'ethnicity') ?? '99',
      disability: (get.text(v, 'disability') as DisabilityCode | null) ?? 'U',
      sex: (get.text(v, 'sex') as SexCode | null) ?? 'U',
    });
  }
  return { records, period: periodOf(records.map((r) => r.applicationDate)) };
};
