/**
 * Pay at the 31 March snapshot, canonical headers: one row per relevant employee with the ordinary pay of
 * the month containing the snapshot. Pay comes from the Agenda for Change 2023/24 pay points (earlier
 * years scaled by the pay awards), the medical and dental scales and VSM pay, with the point set by years in
 * grade, unsocial-hours enhancements for shift workers and extra hours for doctors. About 8% are not on full
 * pay (mostly maternity leave); some consultants hold a clinical excellence award, paid monthly and
 * reported as bonus. The gender pay gap follows from who holds which grade.
 */
import { DATASETS } from '../ingest/schemas/index.js';
import { GRADES, STAFF_GROUPS, payIndex } from './catalogue.js';
import {
  esrDisability,
  esrEthnicity,
  esrGrade,
  esrPayBand,
  esrStaffGroup,
  money,
  sexText,
  yesNo,
  type DatasetContext,
  type DatasetRows,
} from './context.js';
import { DAYS_PER_YEAR, isoDate, snapshotDay } from './dates.js';
import { PATTERNS } from './parameters.js';
import type { Assignment } from './people.js';
import { Rng } from './random.js';
import { DEPARTMENT_KINDS } from './structure.js';
import type { Cell } from './writers.js';

export const PAY_KEYS = DATASETS.pay.fields.map((f) => f.key).filter((k) => k !== 'period_days');

const WEEKS_PER_MONTH = 52.143 / 12;
const SHIFT_GROUPS = new Set(['NM', 'ACS', 'AHP', 'EA']);

/** Whole-time annual basic pay for an assignment at a date. */
export function annualPay(a: Assignment, day: number, year: number): number {
  const def = GRADES[a.grade]!;
  const years = (day - a.since) / DAYS_PER_YEAR;
  let point = 0;
  for (let i = 0; i < def.pointYears.length; i++) if (years >= def.pointYears[i]!) point = i;
  return def.payPoints[point]! * payIndex(year);
}

const weeklyHoursFor = (a: Assignment): number => (GRADES[a.grade]!.medical ? 40 : 37.5);

export function payRows(ctx: DatasetContext): DatasetRows {
  const P = PATTERNS.pay;
  const rng = Rng.for(ctx.seed, ctx.history.plan.odsCode, 'pay', ctx.year);
  const snap = snapshotDay(ctx.year);
  const snapshot = [...ctx.state.snapshot].sort((a, b) =>
    a.person.staffNumber < b.person.staffNumber ? -1 : 1,
  );

  /** Monthly ordinary pay and weekly hours of one assignment. */
  const assignmentPay = (a: Assignment): [number, number] => {
    const def = GRADES[a.grade]!;
    let annual = annualPay(a, snap, ctx.year);
    const kind = ctx.history.departments[a.unit]!.kind;
    if (
      DEPARTMENT_KINDS[kind].shifts &&
      SHIFT_GROUPS.has(STAFF_GROUPS[a.group]!.id) &&
      !def.senior &&
      rng.chance(P.enhancementShare)
    )
      annual *= 1 + P.enhancementRange[0] + rng.next() * (P.enhancementRange[1] - P.enhancementRange[0]);
    if (rng.chance(P.allowanceShare))
      annual *= 1 + P.allowanceRange[0] + rng.next() * (P.allowanceRange[1] - P.allowanceRange[0]);
    if (def.code === 'MED_TRAINEE') annual *= 1.1 + rng.next() * 0.25;
    else if (def.medical && rng.chance(0.4)) annual *= 1 + rng.next() * 0.2;
    if (a.contract === 'Bank') {
      const hours = P.bankHours[0] + rng.next() * (P.bankHours[1] - P.bankHours[0]);
      const hourly = annual / (weeklyHoursFor(a) * 52.143);
      return [hourly * hours * WEEKS_PER_MONTH, hours];
    }
    return [(annual * a.fte) / 12, weeklyHoursFor(a) * a.fte];
  };

  function* rows(): Generator<Cell[]> {
    for (const s of snapshot) {
      const p = s.person;
      let [pay, hours] = assignmentPay(s.main);
      if (s.second) {
        const [pay2, hours2] = assignmentPay(s.second);
        pay += s.second.contract === 'Bank' ? pay2 * 0.4 : pay2;
        hours += s.second.contract === 'Bank' ? hours2 * 0.4 : hours2;
      }
      const fullPay = !rng.chance(p.female ? P.notFullPay * 1.2 : P.notFullPay * 0.4);
      if (!fullPay) pay *= rng.chance(0.2) ? 0 : 0.2 + rng.next() * 0.6;
      let bonus = 0;
      if (GRADES[s.main.grade]!.id === 'CONS' && rng.chance(p.female ? P.ceaFemale : P.ceaMale)) {
        const u = rng.next();
        bonus = Math.round(P.ceaRange[0] + (P.ceaRange[1] - P.ceaRange[0]) * u * u * u);
      }
      const values: Readonly<Record<string, Cell>> = {
        staff_number: p.staffNumber,
        ordinary_pay: money(pay),
        pay_period: 'Monthly',
        weekly_hours: Math.round(hours * 100) / 100,
        bonus_in_period: money(bonus / 12),
        bonus_12_months: money(bonus),
        full_pay_relevant: yesNo(fullPay),
        sex: sexText(p),
        ethnicity: esrEthnicity(p),
        disability: esrDisability(s),
        pay_band: esrPayBand(s.main),
        grade: esrGrade(s.main),
        staff_group: esrStaffGroup(s.main),
        snapshot_date: isoDate(snap),
      };
      yield PAY_KEYS.map((k) => values[k] ?? null);
    }
  }
  return { layout: { header: PAY_KEYS }, rows: rows() };
}
