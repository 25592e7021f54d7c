/**
 * Learning (non-mandatory training, CPD, programmes, and some mandatory training), appraisals and staff
 * movements for the financial year, canonical headers. White staff reach non-mandatory training and CPD
 * slightly more often than BME staff (WRES 4 about 1.1); appraisal completion is about 85%, lower for BME
 * and Disabled staff and varying by care group.
 */
import { DATASETS } from '../ingest/schemas/index.js';
import { GRADES } from './catalogue.js';
import type { DatasetContext, DatasetRows } from './context.js';
import { financialYear, isoDate } from './dates.js';
import { PATTERNS, trended } from './parameters.js';
import { Categorical, Rng } from './random.js';
import type { Cell } from './writers.js';

const keys = (id: 'learning' | 'appraisals' | 'movements') => DATASETS[id].fields.map((f) => f.key);
export const LEARNING_KEYS = keys('learning');
export const APPRAISAL_KEYS = keys('appraisals');
export const MOVEMENT_KEYS = keys('movements');

const ACTIVITIES = {
  'Non-mandatory training': [
    'Management Essentials',
    'Coaching Skills',
    'Courageous Conversations',
    'Excel Intermediate',
    'Project Management Foundations',
    'Quality Improvement Practitioner',
    'Compassionate Leadership Workshop',
  ],
  CPD: [
    'Conference attendance',
    'Master’s module',
    'Clinical skills course',
    'Non-medical prescribing',
    'Advanced life support',
    'Mentorship in practice',
    'Study day',
  ],
  Programme: [
    'Reciprocal mentoring',
    'Mentoring programme',
    'Recruitment and selection training',
    'Leadership Fundamentals',
    'Mary Seacole Programme',
    'Stepping Up programme',
    'Calibre leadership programme',
  ],
} as const;
const MANDATORY = [
  'Equality, Diversity and Human Rights',
  'Fire Safety',
  'Information Governance',
  'Safeguarding Adults Level 2',
  'Basic Life Support',
];
const KIND = new Categorical<keyof typeof ACTIVITIES>([
  ['Non-mandatory training', 45],
  ['CPD', 45],
  ['Programme', 10],
]);

export function learningRows(ctx: DatasetContext): DatasetRows {
  const L = PATTERNS.learning;
  const rng = Rng.for(ctx.seed, ctx.history.plan.odsCode, 'learning', ctx.year);
  const yy = String(ctx.year % 100).padStart(2, '0');
  const records: { day: number; values: Record<string, Cell> }[] = [];
  const add = (staff: string, kind: string, activity: string, start: number, completed: boolean) =>
    records.push({
      day: start,
      values: {
        staff_number: staff,
        kind,
        activity,
        start_date: isoDate(start),
        completed_date: completed ? isoDate(start + rng.int(90)) : '',
      },
    });
  for (const { state, from, to } of ctx.state.roster) {
    const p = state.person;
    const def = GRADES[state.main.grade]!;
    const span = to - from + 1;
    const exposure = span / 365;
    const rate =
      L.participation *
      exposure *
      L.byGroup[p.group] *
      (def.medical ? L.medicalFactor : 1) *
      (def.senior || def.id.startsWith('B8') ? L.seniorFactor : 1) *
      // Bank-only as this year's snapshot has them, not as a later year's move left them.
      (state.bankOnly ? L.bankFactor : 1);
    if (rng.chance(Math.min(0.95, rate))) {
      const n = 1 + (rng.chance(0.35) ? 1 + rng.int(3) : 0);
      for (let i = 0; i < n; i++) {
        let kind = KIND.draw(rng);
        let activity: string = rng.pick(ACTIVITIES[kind]);
        // Positive-action programmes go to the staff they are for.
        if (activity === 'Stepping Up programme' && p.group !== 'B') activity = 'Leadership Fundamentals';
        if (activity === 'Calibre leadership programme' && state.esrDisability !== 0)
          activity = 'Mentoring programme';
        if (kind === 'Programme' && p.group === 'B' && rng.chance(0.3)) activity = 'Reciprocal mentoring';
        if (def.medical && kind === 'Non-mandatory training' && rng.chance(0.5)) kind = 'CPD';
        add(p.staffNumber, kind, activity, from + rng.int(span), rng.chance(0.9));
      }
    }
    if (rng.chance(L.mandatoryShare * exposure))
      add(p.staffNumber, 'Mandatory', rng.pick(MANDATORY), from + rng.int(span), true);
  }
  records.sort((a, b) => a.day - b.day);
  function* rows(): Generator<Cell[]> {
    let seq = 0;
    for (const r of records) {
      seq++;
      const values: Record<string, Cell> = {
        ...r.values,
        record_id: `LRN-${yy}-${String(seq).padStart(6, '0')}`,
      };
      yield LEARNING_KEYS.map((k) => values[k] ?? null);
    }
  }
  return { layout: { header: LEARNING_KEYS }, rows: rows() };
}

export function appraisalRows(ctx: DatasetContext): DatasetRows {
  const A = PATTERNS.appraisals;
  const rng = Rng.for(ctx.seed, ctx.history.plan.odsCode, 'appraisals', ctx.year);
  const fy = financialYear(ctx.year);
  const rowsOut: { day: number; values: Cell[] }[] = [];
  for (const state of ctx.state.snapshot) {
    const p = state.person;
    // Bank-only staff (as this year's snapshot has them) and those who started in the last six months are
    // not due an appraisal.
    if (state.bankOnly || p.startDay > fy.end - 182) continue;
    const dept = ctx.history.departments[state.main.unit]!;
    const p0 =
      trended(A.completed, A.trendPerYear, ctx.year) *
      (p.group === 'B' ? A.bmeFactor : 1) *
      (state.esrDisability === 0 ? A.disabledFactor : 1) *
      (GRADES[state.main.grade]!.medical ? A.medicalFactor : 1) *
      (A.careGroupFactor[dept.careGroupKind] ?? 1);
    const exempt = rng.chance(A.exempt);
    const status = exempt ? 'Exempt' : rng.chance(Math.min(0.99, p0)) ? 'Completed' : 'Not completed';
    const day = fy.start + rng.int(365);
    const values: Readonly<Record<string, Cell>> = {
      staff_number: p.staffNumber,
      appraisal_date: isoDate(day),
      status,
    };
    rowsOut.push({ day, values: APPRAISAL_KEYS.map((k) => values[k] ?? null) });
  }
  rowsOut.sort((a, b) => a.day - b.day);
  return { layout: { header: APPRAISAL_KEYS }, rows: rowsOut.map((r) => r.values) };
}

export function movementRows(ctx: DatasetContext): DatasetRows {
  const band = (g: number | null): string =>
    g === null
      ? ''
      : GRADES[g]!.esrGrade === 'Very Senior Manager'
        ? 'VSM'
        : GRADES[g]!.medical
          ? GRADES[g]!.esrGrade
          : GRADES[g]!.esrPayBand;
  function* rows(): Generator<Cell[]> {
    for (const m of ctx.state.movements) {
      const values: Readonly<Record<string, Cell>> = {
        staff_number: m.person.staffNumber,
        movement_type: m.type,
        movement_date: isoDate(m.day),
        from_band: band(m.fromGrade),
        to_band: band(m.toGrade),
        reason: m.reason,
      };
      yield MOVEMENT_KEYS.map((k) => values[k] ?? null);
    }
  }
  return { layout: { header: MOVEMENT_KEYS }, rows: rows() };
}
