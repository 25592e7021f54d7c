/** Builders for the other snapshot datasets: pay and board membership. */
import type { DisabilityCode } from '../../engine/classification/disability.js';
import type { SexCode } from '../../engine/classification/sex.js';
import type { StaffGroupCode } from '../../engine/classification/staff.js';
import type { BoardMemberRecord, PayPeriod, PayRecord } from '../../engine/records.js';
import { get, type ParsedRow } from '../rows.js';
import { checkPersons, checkUnique, type Builder, type BuildContext } from './context.js';
import { gradeOf } from './grade.js';

function snapshotDate(rows: readonly ParsedRow[], ctx: BuildContext, what: string): string | null {
  if (ctx.asAtDate) return ctx.asAtDate;
  const dates = new Set(
    rows.map((r) => get.text(r.values, 'snapshot_date')).filter((d): d is string => d !== null),
  );
  if (dates.size > 1) {
    ctx.issues.add({
      kind: 'SEVERAL_SNAPSHOT_DATES',
      file: ctx.file,
      message: `The file holds ${dates.size} snapshot dates; load one ${what} snapshot per file.`,
    });
    return null;
  }
  const [only] = dates;
  if (!only)
    ctx.issues.add({
      kind: 'NO_SNAPSHOT_DATE',
      file: ctx.file,
      message: `The date this ${what} extract describes is not in the file.`,
    });
  return only ?? null;
}

export const buildPay: Builder<PayRecord> = (rows, ctx) => {
  const date = snapshotDate(rows, ctx, 'pay');
  const duplicates = checkUnique(rows, 'staff_number', 'Staff number', ctx);
  checkPersons(
    rows.map((r) => ({ line: r.line, personId: get.text(r.values, 'staff_number') })),
    ctx,
  );
  if (!date) return { records: [], asAtDate: null };
  const records: PayRecord[] = [];
  for (const row of rows) {
    if (duplicates.has(row.line)) continue;
    const v = row.values;
    records.push({
      personId: get.text(v, 'staff_number')!,
      snapshotDate: date,
      ordinaryPay: get.number(v, 'ordinary_pay')!,
      payPeriod: get.text(v, 'pay_period') as PayPeriod,
      periodDays: get.number(v, 'period_days'),
      weeklyHours: get.number(v, 'weekly_hours')!,
      bonusInPeriod: get.number(v, 'bonus_in_period') ?? 0,
      bonus12Months: get.number(v, 'bonus_12_months') ?? 0,
      fullPayRelevant: get.bool(v, 'full_pay_relevant') ?? false,
      grade: gradeOf(v, ctx, row.line),
      staffGroup: get.text(v, 'staff_group') as StaffGroupCode | null,
      // Characteristics the pay file does not give (no column, or a blank cell) are null, filled from the
      // workforce snapshot when computing; 99, Z and Unspecified in the file stay not known.
      ethnicity: get.text(v, 'ethnicity'),
      disability: get.text(v, 'disability') as DisabilityCode | null,
      sex: (get.text(v, 'sex') as SexCode | null) ?? 'U',
    });
  }
  return { records, asAtDate: date };
};

export const buildBoard: Builder<BoardMemberRecord> = (rows, ctx) => {
  const date = snapshotDate(rows, ctx, 'board membership');
  const duplicates = checkUnique(rows, 'member_id', 'Member ID', ctx);
  if (!date) return { records: [], asAtDate: null };
  const records = rows
    .filter((r) => !duplicates.has(r.line))
    .map((row) => {
      const v = row.values;
      return {
        memberId: get.text(v, 'member_id')!,
        snapshotDate: date,
        role: get.text(v, 'role'),
        voting: get.bool(v, 'voting') ?? false,
        executive: get.bool(v, 'executive') ?? false,
        ethnicity: get.text(v, 'ethnicity') ?? '99',
        disability: (get.text(v, 'disability') as DisabilityCode | null) ?? 'U',
        sex: (get.text(v, 'sex') as SexCode | null) ?? 'U',
      };
    });
  return { records, asAtDate: date };
};
