/**
 * Moves a trust's people through the years. It starts from a population at 31 March of the year before
 * the base year, then for each financial year: ESR declarations are updated, some people leave, some are
 * promoted (BME staff less often, see `promotionProbability`), some transfer, and starters fill the
 * headcount back to the year's target, each starter's grade chosen where the grade structure is short.
 * For every year asked for it keeps the snapshot at 31 March, everyone in post at some time during the
 * financial year (with the days they were), and the year's movements.
 */
import { GRADES, STAFF_GROUPS, gradeIndex, type EthnicGroup } from './catalogue.js';
import { financialYear, snapshotDay } from './dates.js';
import { occupation } from './occupations.js';
import { PATTERNS } from './parameters.js';
import {
  drawFte,
  newPerson,
  trustModel,
  updateDeclaration,
  VSM,
  type Assignment,
  type Person,
  type TrustModel,
} from './people.js';
import { Rng } from './random.js';
import { departmentsOf, type Department } from './structure.js';
import type { TrustPlan } from './trusts.js';

/** A person as they were at a date: assignments and ESR disability are copied, the rest is shared. */
export interface PersonState {
  person: Person;
  main: Assignment;
  second: Assignment | null;
  esrDisability: number;
  /** Bank-only at this time: a later year's move into a substantive post does not change it. */
  bankOnly: boolean;
}

export interface RosterEntry {
  state: PersonState;
  /** First and last day in post within the financial year. */
  from: number;
  to: number;
}

export type MovementType = 'Starter' | 'Leaver' | 'Promotion' | 'Transfer';

export interface Movement {
  person: Person;
  type: MovementType;
  day: number;
  fromGrade: number | null;
  toGrade: number | null;
  reason: string;
}

export interface YearState {
  year: number;
  snapshot: PersonState[];
  roster: RosterEntry[];
  movements: Movement[];
}

export interface TrustHistory {
  plan: TrustPlan;
  departments: readonly Department[];
  model: TrustModel;
  years: ReadonlyMap<number, YearState>;
}

const freeze = (p: Person): PersonState => ({
  person: p,
  main: { ...p.main },
  second: p.second ? { ...p.second } : null,
  esrDisability: p.esrDisability,
  bankOnly: p.bankOnly,
});

export const headcountTarget = (staff: number, year: number): number =>
  Math.max(20, Math.round(staff * Math.pow(1 + PATTERNS.headcountGrowth, year - PATTERNS.anchorYear)));

/** Executive directors on VSM pay: about 6 to 12 per trust. */
const vsmTarget = (staff: number): number => Math.min(12, Math.max(6, Math.round(staff / 1500) + 5));

/** Promotion odds for BME staff relative to White: the ratio that keeps each grade's BME share on its pattern. */
export function promotionProbability(grade: number, group: EthnicGroup): number {
  const def = GRADES[grade]!;
  if (def.next === null) return 0;
  const white = PATTERNS.people.promotionRate[def.id] ?? PATTERNS.people.promotionRate.default!;
  if (group !== 'B') return white;
  const t = PATTERNS.ethnicity.bmeByGrade[def.id] ?? 0.25;
  const u = PATTERNS.ethnicity.bmeByGrade[def.next] ?? 0.25;
  return Math.min(0.95, white * Math.sqrt((u * (1 - t)) / (t * (1 - u))));
}

function leaveProbability(p: Person, day: number): number {
  const P = PATTERNS.people;
  const age = (day - p.birthDay) / 365.25;
  let rate: number = P.leaveRate;
  if (p.bankOnly) rate = Math.max(rate, P.leaveRateBank);
  if (GRADES[p.main.grade]!.code === 'MED_TRAINEE') rate = Math.max(rate, P.leaveRateTrainee);
  if (age >= 60) rate = Math.max(rate, P.leaveRateOver60);
  if (p.main.contract === 'Fixed Term Temp') rate = Math.max(rate, 0.25);
  if (day - p.startDay < 365) rate *= 1.3;
  return Math.min(0.9, rate);
}

function leaveReason(rng: Rng, p: Person, day: number): string {
  if ((day - p.birthDay) / 365.25 >= 60)
    return rng.pick([
      'Retirement Age',
      'Flexi Retirement',
      'Voluntary Early Retirement - no Actuarial Reduction',
    ]);
  if (p.main.contract !== 'Permanent' && rng.chance(0.6))
    return rng.pick(['End of Fixed Term Contract', 'Employee Transfer']);
  return rng.pick([
    'Voluntary Resignation - Relocation',
    'Voluntary Resignation - Work Life Balance',
    'Voluntary Resignation - Promotion',
    'Voluntary Resignation - Better Reward Package',
    'Voluntary Resignation - Other/Not Known',
    'Voluntary Resignation - Health',
    'Dismissal - Conduct',
    'Dismissal - Capability',
  ]);
}

/** Executives sit in Administrative and Clerical. */
const ADMIN = STAFF_GROUPS.findIndex((g) => g.id === 'AC');

/** Grade shares by staff group, as weights. */
const GRADE_SHARES = STAFF_GROUPS.map((g) => {
  const total = g.grades.reduce((a, [, w]) => a + w, 0);
  return g.grades.map(([id, w]) => [gradeIndex(id), w / total] as const);
});

/** Staff numbers per trust: 215 trusts x 400,000 fit in the 8-digit range from 10,000,000. */
const STAFF_NUMBER_BLOCK = 400_000;

class Builder {
  private created = 0;
  private readonly numbers: Rng;
  private readonly used = new Set<number>();
  constructor(
    readonly plan: TrustPlan,
    readonly model: TrustModel,
    seed: number,
  ) {
    this.numbers = Rng.for(seed, plan.odsCode, 'staff-numbers');
  }

  /**
   * A new 8-digit staff number, drawn from the trust's own stream in order of creation, and unique
   * nationally as ESR employee numbers are: each trust draws from its own block of 400,000 numbers.
   */
  private staffNumber(): string {
    if (this.used.size >= STAFF_NUMBER_BLOCK / 2)
      throw new Error(`Trust ${this.plan.odsCode} needs more staff numbers than its block holds`);
    let n: number;
    do n = 10_000_000 + this.plan.index * STAFF_NUMBER_BLOCK + this.numbers.int(STAFF_NUMBER_BLOCK);
    while (this.used.has(n));
    this.used.add(n);
    return String(n);
  }

  create(
    rng: Rng,
    year: number,
    asOf: number,
    starter: boolean,
    choose: (rng: Rng) => { unit: number; group: number; grade: number; bankOnly: boolean },
  ): Person {
    return newPerson(this.model, rng, {
      id: this.created++,
      staffNumber: this.staffNumber(),
      ...choose(rng),
      year,
      asOf,
      starter,
    });
  }
}

/** Starters' share of bank-only people that keeps the stock near its target share despite higher bank turnover. */
function starterBankShare(): number {
  const P = PATTERNS.people;
  const t = P.bankOnlyShare;
  return (t * P.leaveRateBank) / (t * P.leaveRateBank + (1 - t) * P.leaveRate * 1.25);
}

export function simulateTrust(plan: TrustPlan, seed: number, years: readonly number[]): TrustHistory {
  const departments = departmentsOf(plan.structure);
  const model = trustModel(departments, plan.bmeFactor, Rng.for(seed, plan.odsCode, 'departments'));
  const builder = new Builder(plan, model, seed);
  const wanted = new Set(years);
  const first = Math.min(PATTERNS.baseYear, ...years);
  const last = Math.max(...years);
  const out = new Map<number, YearState>();

  // The first population, at 31 March of the year before the first simulated year.
  const start = snapshotDay(first - 1);
  const rng0 = Rng.for(seed, plan.odsCode, 'people', first - 1);
  const initial = headcountTarget(plan.staff, first - 1);
  const execs = vsmTarget(plan.staff);
  let inPost: Person[] = [];
  for (let i = 0; i < initial; i++) {
    const exec = i < execs;
    inPost.push(
      builder.create(rng0, first - 1, start, false, (rng) => {
        if (exec) return { unit: rng.pick(model.corporate), group: ADMIN, grade: VSM, bankOnly: false };
        const unit = model.departmentDraw.draw(rng);
        const group = model.staffGroupDraw[unit]!.draw(rng);
        const shares = GRADE_SHARES[group]!;
        const grade = shares[drawShare(rng, shares)]![0];
        return { unit, group, grade, bankOnly: rng.chance(PATTERNS.people.bankOnlyShare) };
      }),
    );
  }

  for (let year = first; year <= last; year++) {
    const rng = Rng.for(seed, plan.odsCode, 'people', year);
    const fy = financialYear(year);
    const movements: Movement[] = [];
    const stayers: Person[] = [];
    const leavers: Person[] = [];
    for (const p of inPost) {
      updateDeclaration(rng, p);
      if (rng.chance(leaveProbability(p, fy.start))) {
        p.leaveDay = fy.start + rng.int(364);
        p.leaveReason = leaveReason(rng, p, p.leaveDay);
        movements.push({
          person: p,
          type: 'Leaver',
          day: p.leaveDay,
          fromGrade: p.main.grade,
          toGrade: null,
          reason: p.leaveReason,
        });
        leavers.push(p);
      } else stayers.push(p);
    }
    // Its own stream, so that the draws of everyone else in the year stay as they were.
    const moves = Rng.for(seed, plan.odsCode, 'bank-to-substantive', year);
    for (const p of stayers) {
      if (p.bankOnly) {
        const P = PATTERNS.people;
        if (moves.chance(P.bankToSubstantive * (p.group === 'B' ? P.bankToSubstantiveBmeFactor : 1))) {
          const day = fy.start + moves.int(365);
          p.bankOnly = false;
          p.main.contract = 'Permanent';
          p.main.fte = drawFte(moves, p.female, p.main.group);
          p.main.since = day;
          movements.push({
            person: p,
            type: 'Transfer',
            day,
            fromGrade: p.main.grade,
            toGrade: p.main.grade,
            reason: 'Bank to substantive post',
          });
        }
        continue;
      }
      if (rng.chance(promotionProbability(p.main.grade, p.group))) {
        const from = p.main.grade;
        const to = gradeIndex(GRADES[from]!.next!);
        const day = fy.start + rng.int(365);
        p.main.grade = to;
        p.main.since = day;
        p.main.occupation = occupation(rng, p.main.group, to, model.departments[p.main.unit]!.kind);
        if (
          GRADES[to]!.code !== 'MED_TRAINEE' &&
          p.main.contract === 'Fixed Term Temp' &&
          GRADES[to]!.medical
        )
          p.main.contract = 'Permanent';
        movements.push({
          person: p,
          type: 'Promotion',
          day,
          fromGrade: from,
          toGrade: to,
          reason: 'Promotion',
        });
      } else if (rng.chance(PATTERNS.people.transferRate) && p.main.grade !== VSM) {
        const siblings = model.siblings[p.main.unit]!;
        const unit =
          siblings.length > 0 && rng.chance(0.6) ? rng.pick(siblings) : model.departmentDraw.draw(rng);
        if (unit !== p.main.unit) {
          p.main.unit = unit;
          movements.push({
            person: p,
            type: 'Transfer',
            day: fy.start + rng.int(365),
            fromGrade: p.main.grade,
            toGrade: p.main.grade,
            reason: 'Internal transfer',
          });
        }
      }
    }
    const starters = fillHeadcount(builder, rng, stayers, year, fy);
    for (const s of starters)
      movements.push({
        person: s,
        type: 'Starter',
        day: s.startDay,
        fromGrade: null,
        toGrade: s.main.grade,
        reason: s.bankOnly ? 'Bank' : 'New starter',
      });
    inPost = [...stayers, ...starters];

    if (wanted.has(year)) {
      const snapshot = inPost.map(freeze);
      const roster: RosterEntry[] = [];
      for (const state of snapshot)
        roster.push({ state, from: Math.max(fy.start, state.person.startDay), to: fy.end });
      for (const p of leavers) roster.push({ state: freeze(p), from: fy.start, to: p.leaveDay });
      movements.sort((a, b) => a.day - b.day || a.person.id - b.person.id);
      out.set(year, { year, snapshot, roster, movements });
    }
  }
  return { plan, departments, model, years: out };
}

function drawShare(rng: Rng, shares: readonly (readonly [number, number])[]): number {
  let x = rng.next();
  for (let i = 0; i < shares.length; i++) {
    x -= shares[i]![1];
    if (x < 0) return i;
  }
  return shares.length - 1;
}

/** Starters up to the year's headcount: executives first, then grades where the structure is short. */
function fillHeadcount(
  builder: Builder,
  rng: Rng,
  stayers: readonly Person[],
  year: number,
  fy: { start: number; end: number },
): Person[] {
  const { model, plan } = builder;
  const target = headcountTarget(plan.staff, year);
  const counts = STAFF_GROUPS.map(() => new Map<number, number>());
  const totals = STAFF_GROUPS.map(() => 0);
  let execs = 0;
  for (const p of stayers) {
    if (p.main.grade === VSM) {
      execs++;
      continue;
    }
    const c = counts[p.main.group]!;
    c.set(p.main.grade, (c.get(p.main.grade) ?? 0) + 1);
    totals[p.main.group]!++;
  }
  const starters: Person[] = [];
  const bankShare = starterBankShare();
  const needed = target - stayers.length;
  for (let i = 0; i < needed; i++) {
    const day = fy.start + rng.int(365);
    const exec = execs < vsmTarget(plan.staff);
    if (exec) execs++;
    starters.push(
      builder.create(rng, year, day, true, (r) => {
        if (exec) return { unit: r.pick(model.corporate), group: ADMIN, grade: VSM, bankOnly: false };
        const unit = model.departmentDraw.draw(r);
        const group = model.staffGroupDraw[unit]!.draw(r);
        const c = counts[group]!;
        const shares = GRADE_SHARES[group]!;
        const n = totals[group]! + 1;
        const weights = shares.map(([g, s]) => Math.max(0, s * n - (c.get(g) ?? 0)) + s * 0.02);
        let x = r.next() * weights.reduce((a, b) => a + b, 0);
        let k = 0;
        for (; k < weights.length - 1; k++) {
          x -= weights[k]!;
          if (x < 0) break;
        }
        const grade = shares[k]![0];
        c.set(grade, (c.get(grade) ?? 0) + 1);
        totals[group]!++;
        return { unit, group, grade, bankOnly: r.chance(bankShare) };
      }),
    );
  }
  return starters;
}
