/**
 * The person model: who someone is (staff number, sex, ethnicity, disability, date of birth) and their
 * assignments (department, staff group, grade, job role, FTE, contract). A person keeps their staff number
 * for as long as they stay; `simulate.ts` moves them through the years.
 */
import {
  ETHNICITIES,
  GRADES,
  STAFF_GROUPS,
  ethnicityIndex,
  gradeIndex,
  staffGroupIndex,
  type EthnicGroup,
} from './catalogue.js';
import { DAYS_PER_YEAR } from './dates.js';
import { occupation } from './occupations.js';
import { PATTERNS, trended } from './parameters.js';
import { Categorical, type Rng } from './random.js';
import { DEPARTMENT_KINDS, type Department } from './structure.js';

export type ContractName = 'Permanent' | 'Fixed Term Temp' | 'Bank';

export interface Assignment {
  /** Index into the trust's departments. */
  unit: number;
  /** Index into STAFF_GROUPS. */
  group: number;
  /** Index into GRADES. */
  grade: number;
  occupation: string;
  fte: number;
  contract: ContractName;
  /** Day the person reached this grade (pay progression). */
  since: number;
}

export interface Person {
  /** Order of creation within the trust. */
  id: number;
  staffNumber: string;
  female: boolean;
  /** Index into ETHNICITIES: what ESR records. */
  ethnicity: number;
  /** The recorded group (W, B, or U when not recorded). */
  group: EthnicGroup;
  /** How the person would describe themselves in the staff survey. */
  selfBme: boolean;
  /** A long-term condition or illness (the staff survey's Disabled). */
  disabled: boolean;
  /** Index into ESR_DISABILITY. */
  esrDisability: number;
  birthDay: number;
  startDay: number;
  /** Last day in post; +Infinity while in post. */
  leaveDay: number;
  leaveReason: string;
  bankOnly: boolean;
  main: Assignment;
  second: Assignment | null;
}

const WHITE_DETAIL = new Categorical<number>(
  (
    [
      ['A', 78],
      ['CA', 3],
      ['CB', 1],
      ['CC', 1],
      ['C2', 0.6],
      ['B', 2.5],
      ['C', 7],
      ['CP', 2.5],
      ['CY', 3],
      ['CX', 0.4],
    ] as const
  ).map(([c, w]) => [ethnicityIndex(c), w] as const),
);
const BME_DETAIL = new Categorical<number>(
  (
    [
      ['D', 2.5],
      ['E', 1.5],
      ['F', 2.5],
      ['G', 2.5],
      ['H', 20],
      ['J', 7],
      ['K', 2.5],
      ['L', 12],
      ['LH', 1],
      ['LK', 1],
      ['M', 5.5],
      ['N', 22],
      ['P', 2.5],
      ['PC', 1.5],
      ['PD', 1],
      ['R', 2],
      ['S', 6],
      ['SC', 4],
    ] as const
  ).map(([c, w]) => [ethnicityIndex(c), w] as const),
);
const MEDICAL_BME_DETAIL = new Categorical<number>(
  (
    [
      ['H', 30],
      ['J', 12],
      ['K', 3],
      ['L', 8],
      ['LH', 1],
      ['N', 14],
      ['PC', 3],
      ['M', 1],
      ['P', 1],
      ['R', 2],
      ['S', 10],
      ['F', 3],
      ['G', 2],
      ['E', 1],
      ['D', 0.5],
    ] as const
  ).map(([c, w]) => [ethnicityIndex(c), w] as const),
);
const UNKNOWN_DETAIL = new Categorical<number>([
  [ethnicityIndex('Z'), 60],
  [ethnicityIndex('99'), 20],
  [ethnicityIndex(''), 20],
]);

const ESR_IF_DISABLED = new Categorical<number>(
  PATTERNS.disability.esrIfDisabled.map((w, i) => [i, w] as const),
);
const ESR_IF_NOT = new Categorical<number>(
  PATTERNS.disability.esrIfNotDisabled.map((w, i) => [i, w] as const),
);

/** Age ranges (youngest, oldest) at which people hold a grade. */
const AGE_RANGE: Readonly<Record<string, readonly [number, number]>> = {
  FY1: [23, 28],
  FY2: [24, 30],
  CT: [26, 34],
  STR: [28, 42],
  SD: [30, 62],
  AS: [45, 65],
  SPEC: [40, 65],
  CONS: [33, 67],
  B1: [18, 66],
  B2: [18, 66],
  B3: [18, 66],
  B4: [20, 66],
  B5: [21, 64],
  B6: [24, 64],
  B7: [27, 64],
  VSM: [40, 64],
};

const PART_TIME_FTE = [0.4, 0.5, 0.53, 0.6, 0.64, 0.72, 0.8, 0.8, 0.87];

export const VSM = gradeIndex('VSM');
const AC = staffGroupIndex('AC');
const MD = staffGroupIndex('MD');

/** Everything the model needs about one trust, fixed for the run. */
export interface TrustModel {
  departments: readonly Department[];
  /** Department index by weight (its kind's size, varied per department). */
  departmentDraw: Categorical<number>;
  /** Per department: staff group index by weight. */
  staffGroupDraw: readonly Categorical<number>[];
  /** Per department, the index of other departments in the same care group. */
  siblings: readonly (readonly number[])[];
  /** Corporate departments (where VSMs sit). */
  corporate: readonly number[];
  bmeFactor: number;
  careGroupFactor: readonly number[];
}

export function trustModel(departments: readonly Department[], bmeFactor: number, rng: Rng): TrustModel {
  const weights = departments.map((d) => DEPARTMENT_KINDS[d.kind].size * (0.7 + 0.6 * rng.next()));
  const staffGroupDraw = departments.map(
    (d) =>
      new Categorical<number>(
        Object.entries(DEPARTMENT_KINDS[d.kind].staff as Readonly<Record<string, number>>).map(
          ([id, w]) => [staffGroupIndex(id), w] as const,
        ),
      ),
  );
  const siblings = departments.map((d, i) =>
    departments.flatMap((o, j) => (j !== i && o.careGroup === d.careGroup ? [j] : [])),
  );
  const corporate = departments.flatMap((d, i) => (d.careGroupKind === 'corporate' ? [i] : []));
  return {
    departments,
    departmentDraw: new Categorical(weights.map((w, i) => [i, w] as const)),
    staffGroupDraw,
    siblings,
    corporate: corporate.length > 0 ? corporate : [0],
    bmeFactor,
    careGroupFactor: departments.map((d) => PATTERNS.ethnicity.careGroupFactor[d.careGroupKind] ?? 1),
  };
}

/** Probability that a person joining `unit` in `grade` in `year` is BME. */
export function bmeProbability(model: TrustModel, unit: number, grade: number, year: number): number {
  const def = GRADES[grade]!;
  const base = PATTERNS.ethnicity.bmeByGrade[def.id] ?? 0.25;
  const senior = def.senior || def.id === 'B8A' || def.id === 'B8B';
  const perYear = senior ? PATTERNS.ethnicity.seniorTrendPerYear : PATTERNS.ethnicity.otherTrendPerYear;
  return Math.min(0.92, trended(base, perYear, year) * model.bmeFactor * model.careGroupFactor[unit]!);
}

export function femaleProbability(group: number, grade: number): number {
  const id = GRADES[grade]!.id;
  if (id === 'CONS') return 0.42;
  if (id === 'FY1' || id === 'FY2' || id === 'CT') return 0.56;
  if (id === 'VSM') return 0.5;
  const base = STAFF_GROUPS[group]!.female;
  return GRADES[grade]!.senior ? base - 0.12 : base;
}

function drawAge(rng: Rng, grade: number, young: boolean): number {
  const def = GRADES[grade]!;
  const [min, max] = AGE_RANGE[def.id] ?? [32, 64];
  const u = young ? rng.next() * rng.next() : (rng.next() + rng.next()) / 2;
  return min + u * (max - min);
}

export function drawFte(rng: Rng, female: boolean, group: number): number {
  const partTime = STAFF_GROUPS[group]!.partTime * (female ? 1.15 : 0.45);
  return rng.chance(partTime) ? rng.pick(PART_TIME_FTE) : 1;
}

export interface NewPersonInput {
  id: number;
  staffNumber: string;
  unit: number;
  group: number;
  grade: number;
  bankOnly: boolean;
  year: number;
  /** The day the person is created at: a start date for starters, a snapshot for the first population. */
  asOf: number;
  starter: boolean;
}

/** Creates a person with characteristics drawn for their grade, department and year. */
export function newPerson(model: TrustModel, rng: Rng, input: NewPersonInput): Person {
  const { unit, group, grade, year, asOf } = input;
  const def = GRADES[grade]!;
  const female = rng.chance(femaleProbability(group, grade));
  const pBme = bmeProbability(model, unit, grade, year);
  const selfBme = rng.chance(pBme);
  const unknown = rng.chance(
    trended(PATTERNS.ethnicity.unknownShare, PATTERNS.ethnicity.unknownTrendPerYear, year),
  );
  const ethnicity = unknown
    ? UNKNOWN_DETAIL.draw(rng)
    : selfBme
      ? (group === MD ? MEDICAL_BME_DETAIL : BME_DETAIL).draw(rng)
      : WHITE_DETAIL.draw(rng);
  const disabled = rng.chance(
    trended(PATTERNS.disability.trueShare, PATTERNS.disability.trueTrendPerYear, year),
  );
  const esrDisability = (disabled ? ESR_IF_DISABLED : ESR_IF_NOT).draw(rng);
  const age = drawAge(rng, grade, input.starter);
  const birthDay = Math.round(asOf - age * DAYS_PER_YEAR);
  let startDay = asOf;
  let since = asOf;
  if (!input.starter) {
    const maxTenure = Math.max(0.1, age - 18);
    const tenure = Math.min(maxTenure, -Math.log(1 - rng.next()) * PATTERNS.people.meanTenureYears);
    startDay = Math.round(asOf - tenure * DAYS_PER_YEAR);
    const inGrade = Math.min(tenure, -Math.log(1 - rng.next()) * 4);
    since = Math.round(asOf - inGrade * DAYS_PER_YEAR);
  }
  const kind = model.departments[unit]!.kind;
  const trainee = def.code === 'MED_TRAINEE';
  const main: Assignment = {
    unit,
    group,
    grade,
    occupation: occupation(rng, group, grade, kind),
    fte: input.bankOnly ? 0 : drawFte(rng, female, group),
    contract: input.bankOnly ? 'Bank' : trainee || rng.chance(0.04) ? 'Fixed Term Temp' : 'Permanent',
    since,
  };
  const person: Person = {
    id: input.id,
    staffNumber: input.staffNumber,
    female,
    ethnicity,
    group: ETHNICITIES[ethnicity]!.group,
    selfBme,
    disabled,
    esrDisability,
    birthDay,
    startDay,
    leaveDay: Number.POSITIVE_INFINITY,
    leaveReason: '',
    bankOnly: input.bankOnly,
    main,
    second: null,
  };
  person.second = secondAssignment(model, rng, person);
  return person;
}

/** About 5% of people have a second assignment (mostly bank shifts); some bank-only people have two bank assignments. */
function secondAssignment(model: TrustModel, rng: Rng, p: Person): Assignment | null {
  const main = p.main;
  if (main.grade === VSM) return null;
  const share = p.bankOnly ? 0.12 : PATTERNS.people.secondAssignmentShare;
  if (!rng.chance(share)) return null;
  const bank = p.bankOnly || rng.chance(PATTERNS.people.secondIsBank);
  const siblings = model.siblings[main.unit]!;
  const unit = siblings.length > 0 && rng.chance(0.7) ? rng.pick(siblings) : model.departmentDraw.draw(rng);
  if (bank) {
    const kind = model.departments[unit]!.kind;
    return {
      ...main,
      unit,
      occupation: occupation(rng, main.group, main.grade, kind),
      fte: 0,
      contract: 'Bank',
    };
  }
  // A second substantive post: part time, often administrative.
  const group = rng.chance(0.5) ? main.group : AC;
  const grade = group === main.group ? main.grade : gradeIndex(rng.pick(['B3', 'B4', 'B5']));
  const kind = model.departments[unit]!.kind;
  return {
    unit,
    group,
    grade,
    occupation: occupation(rng, group, grade, kind),
    fte: rng.pick([0.1, 0.2, 0.27, 0.4]),
    contract: rng.chance(0.6) ? 'Permanent' : 'Fixed Term Temp',
    since: main.since,
  };
}

/** Re-reads declarations (declaration campaigns): some not-declared records become Yes or No each year. */
export function updateDeclaration(rng: Rng, p: Person): void {
  if (p.esrDisability >= 2 && rng.chance(PATTERNS.disability.yearlyDeclarationUpdate))
    p.esrDisability = p.disabled ? (rng.chance(0.5) ? 0 : 1) : 1;
  else if (p.disabled && p.esrDisability === 1 && rng.chance(0.02)) p.esrDisability = 0;
}
