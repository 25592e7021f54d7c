/**
 * The patterns a demo needs, on a 2,000-staff trust over three years, read back from the files through
 * Parity's own code lists (not the generator's internals).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  deriveGrade,
  parseDisability,
  parseEthnicity,
  wresGroup,
  type WresGroup,
} from '../engine/classification/index.js';
import { generate } from './generate.js';
import { GENERATED_DATASETS } from './manifest.js';

const YEARS = [2022, 2023, 2024] as const;
let out: string;

beforeAll(async () => {
  out = mkdtempSync(path.join(tmpdir(), 'parity-gen-patterns-'));
  await generate({
    out,
    seed: 1,
    trusts: 1,
    staff: 2000,
    national: false,
    years: YEARS,
    format: 'csv',
    datasets: GENERATED_DATASETS,
  });
}, 60_000);

afterAll(() => rmSync(out, { recursive: true, force: true }));

type Row = Record<string, string>;

/** A survey row of a care group (its unit a name), or of a directorate (a path, "Care group > Directorate"). */
const unitOf = (r: Row): string => r.survey_unit ?? '';
const isCareGroup = (r: Row) => unitOf(r) !== '' && !unitOf(r).includes(' > ');
const isDirectorate = (r: Row) => unitOf(r).includes(' > ');

function read(year: number, dataset: string, headerRow = 1): Row[] {
  const records = parse(readFileSync(path.join(out, 'DHF', String(year), `${dataset}.csv`)), {
    relax_column_count: true,
    skip_empty_lines: false,
  });
  const header = records[headerRow - 1]!;
  return records.slice(headerRow).map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}

const ethnicGroup = (value: string): WresGroup => {
  const parsed = parseEthnicity(value);
  return parsed.ok ? wresGroup(parsed.value) : 'UNKNOWN';
};
const disabled = (value: string): string => {
  const parsed = parseDisability(value);
  return parsed.ok ? parsed.value : 'U';
};

interface Person {
  staffNumber: string;
  assignments: Row[];
  primary: Row;
  bankOnly: boolean;
  group: WresGroup;
  disability: string;
}

function people(year: number): Map<string, Person> {
  const byNumber = new Map<string, Row[]>();
  for (const row of read(year, 'workforce', 6)) {
    const list = byNumber.get(row['Employee Number']!) ?? [];
    list.push(row);
    byNumber.set(row['Employee Number']!, list);
  }
  const out = new Map<string, Person>();
  for (const [staffNumber, assignments] of byNumber) {
    const primary = assignments.find((a) => a['Primary Assignment'] === 'Yes')!;
    out.set(staffNumber, {
      staffNumber,
      assignments,
      primary,
      bankOnly: assignments.every((a) => a['Assignment Category'] === 'Bank'),
      group: ethnicGroup(primary['Ethnic Origin']!),
      disability: disabled(primary['Disability Flag']!),
    });
  }
  return out;
}

const share = (xs: readonly Person[], pred: (p: Person) => boolean) => xs.filter(pred).length / xs.length;
const rate = (num: number, den: number) => (den === 0 ? 0 : num / den);

describe('generated patterns (2,000 staff, 2022-2024)', () => {
  it('has fewer BME staff at bands 8c and above than at bands 2-5, and more among doctors', () => {
    const staff = [...people(2024).values()].filter((p) => !p.bankOnly);
    const grade = (p: Person) => {
      const g = deriveGrade({ payBand: p.primary['Pay Band'], grade: p.primary.Grade });
      return g.ok ? g.value : null;
    };
    const low = staff.filter((p) => ['AFC_2', 'AFC_3', 'AFC_4', 'AFC_5'].includes(grade(p) ?? ''));
    const senior = staff.filter((p) => ['AFC_8C', 'AFC_8D', 'AFC_9', 'VSM'].includes(grade(p) ?? ''));
    const doctors = staff.filter((p) => (grade(p) ?? '').startsWith('MED_'));
    const bme = (xs: Person[]) => share(xs, (p) => p.group === 'BME');
    expect(senior.length).toBeGreaterThan(10);
    expect(bme(senior)).toBeLessThan(bme(low));
    expect(bme(doctors)).toBeGreaterThan(bme(staff));
    expect(bme(staff)).toBeGreaterThan(0.18);
    expect(bme(staff)).toBeLessThan(0.34);
  });

  it('has more BME staff in Medicine than in Corporate Services', () => {
    const staff = [...people(2024).values()].filter((p) => !p.bankOnly);
    const bmeIn = (careGroup: string) =>
      share(
        staff.filter((p) => p.primary['Org L4'] === careGroup),
        (p) => p.group === 'BME',
      );
    expect(bmeIn('Medicine and Emergency Care')).toBeGreaterThan(bmeIn('Corporate Services'));
  });

  it('records fewer Disabled staff in ESR than say so in the staff survey', () => {
    for (const year of YEARS) {
      const staff = [...people(year).values()];
      const esrDisabled = share(staff, (p) => p.disability === 'Y');
      const undeclared = share(staff, (p) => p.disability === 'U');
      // The organisation's rows (no unit): its care groups' follow.
      const survey = read(year, 'survey_aggregate').filter(
        (r) => r.measure === 'WDES7' && r.scheme === 'Disability' && r.survey_unit === '',
      );
      const surveyDisabled =
        Number(survey.find((r) => r.group === 'Disabled')!.base) /
        survey.reduce((a, r) => a + Number(r.base), 0);
      expect(esrDisabled).toBeGreaterThan(0.02);
      expect(esrDisabled).toBeLessThan(0.08);
      expect(undeclared).toBeGreaterThan(0.08);
      expect(surveyDisabled).toBeGreaterThan(0.15);
      expect(esrDisabled).toBeLessThan(surveyDisabled / 2);
    }
  });

  it('splits the survey by care group and directorate: the workforce file’s units, adding up to the unit above', () => {
    for (const year of YEARS) {
      const staff = [...people(year).values()];
      const careGroups = new Set(staff.map((p) => p.primary['Org L4']));
      const directorates = new Set(staff.map((p) => `${p.primary['Org L4']} > ${p.primary['Org L5']}`));
      const rows = read(year, 'survey_aggregate');
      const units = new Set(rows.filter((r) => isCareGroup(r)).map(unitOf));
      const below = new Set(rows.filter((r) => isDirectorate(r)).map(unitOf));
      expect(units.size).toBeGreaterThan(2);
      expect(below.size).toBeGreaterThan(units.size);
      for (const u of units) expect(careGroups.has(u), u).toBe(true);
      for (const u of below) expect(directorates.has(u), u).toBe(true);
      for (const measure of ['WRES5', 'WRES7', 'WDES4a-i'])
        for (const group of measure.startsWith('WRES') ? ['White', 'BME'] : ['Disabled', 'Non-disabled']) {
          const of = (r: Row) => r.measure === measure && r.group === group;
          const whole = rows.find((r) => of(r) && r.survey_unit === '')!;
          const parts = rows.filter((r) => of(r) && isCareGroup(r));
          for (const k of ['numerator', 'base'] as const) {
            expect(
              parts.reduce((a, r) => a + Number(r[k]), 0),
              `${year} ${measure} ${group} ${k}`,
            ).toBe(Number(whole[k]));
            for (const cg of parts)
              expect(
                rows
                  .filter((r) => of(r) && unitOf(r).startsWith(`${unitOf(cg)} > `))
                  .reduce((a, r) => a + Number(r[k]), 0),
                `${year} ${measure} ${group} ${k} in ${unitOf(cg)}'s directorates`,
              ).toBe(Number(cg[k]));
          }
        }
    }
  });

  it('gives each care group and directorate its engagement score (WDES 9a): its bases adding up, its overall score their mean', () => {
    for (const year of YEARS) {
      const rows = read(year, 'survey_aggregate').filter((r) => r.measure === 'WDES9a');
      const units = new Set(rows.filter((r) => unitOf(r) !== '').map(unitOf));
      expect(units.size).toBeGreaterThan(2);
      for (const group of ['Disabled', 'Non-disabled']) {
        const whole = rows.find((r) => r.group === group && r.survey_unit === '')!;
        const parts = rows.filter((r) => r.group === group && isCareGroup(r));
        expect(parts.reduce((a, r) => a + Number(r.base), 0)).toBe(Number(whole.base));
        for (const cg of parts)
          expect(
            rows
              .filter((r) => r.group === group && unitOf(r).startsWith(`${unitOf(cg)} > `))
              .reduce((a, r) => a + Number(r.base), 0),
          ).toBe(Number(cg.base));
        for (const r of parts) expect(Number(r.score)).toBeGreaterThan(0);
      }
      expect([...units].some((u) => u.includes(' > '))).toBe(true);
      for (const u of units) {
        const own = rows.filter((r) => r.survey_unit === u);
        const groups = own.filter((r) => r.group !== 'All');
        const all = own.find((r) => r.group === 'All')!;
        expect(Number(all.base)).toBe(groups.reduce((a, r) => a + Number(r.base), 0));
        const mean = groups.reduce((a, r) => a + Number(r.base) * Number(r.score), 0) / Number(all.base);
        expect(Number(all.score)).toBeCloseTo(mean, 1);
      }
      // Some care group is a hotspot: its Disabled staff's score below the organisation's by a tenth or more.
      const disabled = Number(rows.find((r) => r.group === 'Disabled' && r.survey_unit === '')!.score);
      expect(
        rows.some((r) => r.group === 'Disabled' && r.survey_unit !== '' && Number(r.score) <= disabled - 0.1),
      ).toBe(true);
    }
  });

  it('appoints shortlisted White applicants more often than BME applicants (WRES 2)', () => {
    const counts = { WHITE: [0, 0], BME: [0, 0], UNKNOWN: [0, 0] };
    for (const year of YEARS)
      for (const r of read(year, 'recruitment'))
        if (r.Shortlisted === 'Yes') {
          const c = counts[ethnicGroup(r['Ethnic Origin']!)];
          c[0]!++;
          if (r.Offered === 'Yes') c[1]!++;
        }
    const white = rate(counts.WHITE[1]!, counts.WHITE[0]!);
    const bme = rate(counts.BME[1]!, counts.BME[0]!);
    expect(white).toBeGreaterThan(bme * 1.2);
    expect(white / bme).toBeLessThan(2.2);
  });

  it('takes BME staff into formal disciplinary more often than White staff (WRES 3)', () => {
    let [whiteCases, bmeCases, whiteStaff, bmeStaff] = [0, 0, 0, 0];
    for (const year of YEARS) {
      const staff = [...people(year).values()].filter((p) => !p.bankOnly);
      whiteStaff += staff.filter((p) => p.group === 'WHITE').length;
      bmeStaff += staff.filter((p) => p.group === 'BME').length;
      for (const c of read(year, 'cases'))
        if (c.case_type === 'Disciplinary' && c.formal === 'Formal') {
          const g = ethnicGroup(c.ethnicity!);
          if (g === 'WHITE') whiteCases++;
          if (g === 'BME') bmeCases++;
        }
    }
    expect(rate(bmeCases, bmeStaff)).toBeGreaterThan(rate(whiteCases, whiteStaff));
  });

  it('gives White staff slightly more non-mandatory training and CPD than BME staff (WRES 4)', () => {
    let [w, b, ws, bs] = [0, 0, 0, 0];
    for (const year of YEARS) {
      const staff = [...people(year).values()].filter((p) => !p.bankOnly);
      const trained = new Set(
        read(year, 'learning')
          .filter((r) => r.kind !== 'Mandatory')
          .map((r) => r.staff_number),
      );
      for (const p of staff) {
        if (p.group === 'WHITE') [ws, w] = [ws + 1, w + (trained.has(p.staffNumber) ? 1 : 0)];
        if (p.group === 'BME') [bs, b] = [bs + 1, b + (trained.has(p.staffNumber) ? 1 : 0)];
      }
    }
    expect(rate(w, ws)).toBeGreaterThan(rate(b, bs));
    expect(rate(w, ws)).toBeGreaterThan(0.25);
    expect(rate(w, ws)).toBeLessThan(0.55);
  });

  it('keeps staff numbers across years, with starters and leavers recorded as movements', () => {
    const [y2023, y2024] = [people(2023), people(2024)];
    const stayed = [...y2023.keys()].filter((n) => y2024.has(n));
    const starters = [...y2024.keys()].filter((n) => !y2023.has(n));
    const leavers = [...y2023.keys()].filter((n) => !y2024.has(n));
    expect(stayed.length / y2023.size).toBeGreaterThan(0.75);
    expect(starters.length).toBeGreaterThan(0.05 * y2024.size);
    expect(leavers.length).toBeGreaterThan(0.05 * y2023.size);
    const moves = read(2024, 'movements');
    const ofType = (t: string) =>
      new Set(moves.filter((m) => m.movement_type === t).map((m) => m.staff_number));
    for (const n of starters) expect(ofType('Starter').has(n), n).toBe(true);
    for (const n of leavers) expect(ofType('Leaver').has(n), n).toBe(true);
    expect(ofType('Promotion').size).toBeGreaterThan(0);
    // A person keeps their characteristics from one year to the next.
    for (const n of stayed.slice(0, 200))
      expect(y2024.get(n)!.primary['Ethnic Origin']).toBe(y2023.get(n)!.primary['Ethnic Origin']);
  });

  it('has some people with two assignments and some bank-only people', () => {
    const staff = [...people(2024).values()];
    const two = share(staff, (p) => p.assignments.length > 1);
    const bank = share(staff, (p) => p.bankOnly);
    expect(two).toBeGreaterThan(0.02);
    expect(two).toBeLessThan(0.1);
    expect(bank).toBeGreaterThan(0.04);
    expect(bank).toBeLessThan(0.1);
  });

  it('has realistic volumes: applications, cases, appraisal compliance, board size, pay rows', () => {
    const n = people(2024).size;
    expect(read(2024, 'recruitment').length / n).toBeGreaterThan(1.5);
    expect(read(2024, 'recruitment').length / n).toBeLessThan(2.7);
    const cases = read(2024, 'cases').length / n;
    expect(cases).toBeGreaterThan(0.015);
    expect(cases).toBeLessThan(0.05);
    const appraisals = read(2024, 'appraisals');
    const completed = appraisals.filter((a) => a.status === 'Completed').length / appraisals.length;
    expect(completed).toBeGreaterThan(0.75);
    expect(completed).toBeLessThan(0.93);
    const board = read(2024, 'board');
    expect(board.length).toBeGreaterThanOrEqual(12);
    expect(board.length).toBeLessThanOrEqual(16);
    expect(board.some((m) => m.voting === 'Yes' && m.executive === 'Yes')).toBe(true);
    expect(board.some((m) => m.voting === 'Yes' && m.executive === 'No')).toBe(true);
    const pay = read(2024, 'pay');
    expect(pay.length).toBe(n);
    const notFull = pay.filter((r) => r.full_pay_relevant === 'No').length / pay.length;
    expect(notFull).toBeGreaterThan(0.04);
    expect(notFull).toBeLessThan(0.13);
  });

  it('pays men more than women on average (a gender pay gap from the grade mix)', () => {
    const pay = read(2024, 'pay').filter((r) => r.full_pay_relevant === 'Yes');
    const hourly = (r: Row) => (Number(r.ordinary_pay) * 12) / 52.143 / Number(r.weekly_hours);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const men = mean(pay.filter((r) => r.sex === 'Male').map(hourly));
    const women = mean(pay.filter((r) => r.sex === 'Female').map(hourly));
    expect((men - women) / men).toBeGreaterThan(0.03);
    expect(pay.some((r) => Number(r.bonus_12_months) > 0 && r.grade === 'Consultant')).toBe(true);
  });
});
