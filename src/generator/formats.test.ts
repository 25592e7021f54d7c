/**
 * Every file the generator writes must load through the importer: the headers the schema (or the ESR and
 * Trac presets) require, and every value in a spelling Parity's code lists and field types accept.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  deriveGrade,
  parseCaseType,
  parseContract,
  parseDisability,
  parseEthnicity,
  parseSex,
  parseStaffGroup,
} from '../engine/classification/index.js';
import { parseIsoDate } from '../engine/periods.js';
import { ESR_STAFF_IN_POST, TRAC_RECRUITMENT, type Preset } from '../ingest/presets.js';
import { DATASETS, type DatasetId, type FieldSpec } from '../ingest/schemas/index.js';
import { parseProtected, wresGroup } from '../engine/classification/index.js';
import { ETHNICITIES, GRADES, STAFF_GROUPS } from './catalogue.js';
import { generate } from './generate.js';
import { GENERATED_DATASETS, type Manifest, type ManifestFile } from './manifest.js';

let out: string;
let manifest: Manifest;

beforeAll(async () => {
  out = mkdtempSync(path.join(tmpdir(), 'parity-gen-formats-'));
  // Three trusts (the demo trust, the community and mental health trust, a generated one), all datasets.
  await generate({
    out,
    seed: 3,
    trusts: 3,
    staff: 400,
    national: false,
    years: [2023, 2024],
    format: 'csv',
    datasets: GENERATED_DATASETS,
  });
  manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')) as Manifest;
}, 60_000);

afterAll(() => rmSync(out, { recursive: true, force: true }));

function table(f: ManifestFile): { header: string[]; rows: string[][] } {
  const records = parse(readFileSync(path.join(out, f.path)), {
    relax_column_count: true,
    skip_empty_lines: false,
  });
  return { header: records[f.headerRow - 1]!, rows: records.slice(f.headerRow) };
}

const PRESETS: Readonly<Record<string, Preset>> = {
  'esr-staff-in-post': ESR_STAFF_IN_POST,
  'trac-recruitment': TRAC_RECRUITMENT,
};

/** Header text -> field key, through the file's preset (canonical files use the keys themselves). */
function fieldKeys(f: ManifestFile, header: readonly string[]): string[] {
  const preset = PRESETS[f.preset];
  if (!preset) return [...header];
  return header.map(
    (h) => Object.entries(preset.columns).find(([, spellings]) => spellings.includes(h))?.[0] ?? `?${h}`,
  );
}

/** The values a code field accepts, read from the schema's own `accepted` text ("A, B, C (blank means ...)."). */
function acceptedList(spec: FieldSpec): string[] {
  return spec.accepted
    .replace(/\(.*?\)/g, '')
    .replace(/\.\s*$/, '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s !== '');
}

const DATE = /^(\d{4}-\d{2}-\d{2})$|^(\d{2})\/(\d{2})\/(\d{4})$/;

function dateOk(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  return parseIsoDate(m[1] ?? `${m[4]}-${m[3]}-${m[2]}`) !== null;
}

/** Problems with one value of a field ('' = fine). */
function checkValue(spec: FieldSpec, value: string, dataset: DatasetId): string {
  if (value === '') return spec.required === true && spec.type !== 'code' ? 'required but blank' : '';
  switch (spec.type) {
    case 'date':
      return dateOk(value) ? '' : 'not a date';
    case 'number':
    case 'integer': {
      const n = Number(value);
      if (!Number.isFinite(n) || (spec.type === 'integer' && !Number.isInteger(n))) return 'not a number';
      if ((spec.min !== undefined && n < spec.min) || (spec.max !== undefined && n > spec.max))
        return 'out of range';
      return '';
    }
    case 'boolean':
      return ['Yes', 'No'].includes(value) || (dataset === 'cases' && ['Formal', 'Informal'].includes(value))
        ? ''
        : 'not Yes/No';
    case 'code': {
      const ok = (() => {
        switch (spec.codeList) {
          case 'ethnicity':
            return parseEthnicity(value).ok;
          case 'disability':
            return parseDisability(value).ok;
          case 'sex':
            return parseSex(value).ok;
          case 'staff_group': {
            const p = parseStaffGroup(value);
            return p.ok && p.value !== null;
          }
          case 'contract':
            return parseContract(value).ok;
          case 'case_type':
            return parseCaseType(value).ok;
          case 'sexual_orientation':
            return parseProtected('sexualOrientation', value).ok;
          case 'religion':
            return parseProtected('religion', value).ok;
          case 'gender_identity':
            return parseProtected('genderIdentity', value).ok;
          case 'marital_status':
            return parseProtected('maritalStatus', value).ok;
          case 'pregnancy_maternity':
            return parseProtected('pregnancyMaternity', value).ok;
          default:
            return acceptedList(spec).includes(value.toLowerCase());
        }
      })();
      return ok ? '' : `not accepted by the ${spec.codeList} code list`;
    }
    default:
      return '';
  }
}

describe('generated files: headers', () => {
  it('writes every dataset for every trust and year', () => {
    const yearly = GENERATED_DATASETS.filter((d) => d !== 'population' && d !== 'benchmarks');
    for (const ods of ['DHF', 'DCM', 'XAA'])
      for (const year of [2023, 2024])
        for (const d of yearly)
          expect(
            manifest.files.some((f) => f.path === `${ods}/${year}/${d}.csv`),
            `${ods} ${year} ${d}`,
          ).toBe(true);
  });

  it('uses the ESR and Trac preset spellings exactly, and canonical field keys elsewhere', () => {
    for (const f of manifest.files) {
      const { header } = table(f);
      const preset = PRESETS[f.preset];
      if (preset) expect(header, f.path).toEqual(Object.values(preset.columns).map((s) => s[0]));
      else {
        const keys = DATASETS[f.dataset].fields.map((x) => x.key);
        for (const h of header) expect(keys, `${f.path}: ${h}`).toContain(h);
        expect(new Set(header).size).toBe(header.length);
      }
    }
  });

  it('has every field the schema requires (and one of each "one of" group)', () => {
    for (const f of manifest.files) {
      const keys = fieldKeys(f, table(f).header);
      const fields = DATASETS[f.dataset].fields;
      for (const spec of fields)
        if (spec.required === true) expect(keys, `${f.path} needs ${spec.key}`).toContain(spec.key);
      const groups = new Set(
        fields.flatMap((s) => (typeof s.required === 'object' ? [s.required.oneOf] : [])),
      );
      for (const g of groups) {
        const members = fields
          .filter((s) => typeof s.required === 'object' && s.required.oneOf === g)
          .map((s) => s.key);
        if (f.dataset === 'workforce')
          expect(
            members.some((m) => keys.includes(m)),
            `${f.path}: one of ${members.join(', ')}`,
          ).toBe(true);
      }
    }
  });
});

describe("the generator's spellings", () => {
  it('map every ESR and Trac ethnicity value to the group the generator meant', () => {
    const group = { W: 'WHITE', B: 'BME', U: 'UNKNOWN' } as const;
    for (const e of ETHNICITIES)
      for (const text of [e.esr, e.trac]) {
        const parsed = parseEthnicity(text);
        expect(parsed.ok, text).toBe(true);
        if (parsed.ok) expect(wresGroup(parsed.value), text).toBe(group[e.group]);
      }
  });

  it('map every grade and staff group to the code the generator meant', () => {
    for (const g of GRADES)
      for (const [payBand, grade] of [
        [g.esrPayBand, g.esrGrade],
        [g.tracBand, null],
      ] as const) {
        const parsed = deriveGrade({ payBand, grade, medical: g.medical });
        expect(parsed, `${payBand} / ${grade}`).toEqual({
          ok: true,
          value: grade === null && g.medical ? 'MED_OTHER' : g.code,
        });
      }
    for (const s of STAFF_GROUPS) expect(parseStaffGroup(s.esr).ok, s.esr).toBe(true);
  });

  it('are checked by a checker that rejects wrong ones', () => {
    const field = (dataset: DatasetId, key: string) => DATASETS[dataset].fields.find((f) => f.key === key)!;
    expect(checkValue(field('workforce', 'ethnicity'), 'Martian', 'workforce')).not.toBe('');
    expect(checkValue(field('workforce', 'fte'), '3', 'workforce')).not.toBe('');
    expect(checkValue(field('workforce', 'start_date'), '31/02/2024', 'workforce')).not.toBe('');
    expect(checkValue(field('learning', 'kind'), 'Lecture', 'learning')).not.toBe('');
    expect(checkValue(field('learning', 'kind'), 'Non-mandatory training', 'learning')).toBe('');
    expect(checkValue(field('appraisals', 'status'), 'Not completed', 'appraisals')).toBe('');
    expect(checkValue(field('recruitment', 'shortlisted'), 'Maybe', 'recruitment')).not.toBe('');
  });
});

describe('generated files: values', () => {
  it('writes every value in a spelling its field accepts', () => {
    const problems: string[] = [];
    for (const f of manifest.files) {
      const { header, rows } = table(f);
      const keys = fieldKeys(f, header);
      const specs = keys.map((k) => DATASETS[f.dataset].fields.find((s) => s.key === k));
      for (const [r, row] of rows.entries()) {
        expect(row.length, `${f.path} row ${r}`).toBe(header.length);
        row.forEach((value, c) => {
          const spec = specs[c];
          const problem = spec ? checkValue(spec, value, f.dataset) : `unknown column ${header[c]}`;
          if (problem && problems.length < 20)
            problems.push(`${f.path} row ${r + 1} ${header[c]} '${value}': ${problem}`);
        });
      }
    }
    expect(problems).toEqual([]);
  });

  it('gives every assignment a grade Parity reads: medical subgroups for doctors, bands or VSM for others', () => {
    const seen = new Set<string>();
    for (const f of manifest.files.filter(
      (x) => x.dataset === 'workforce' || x.dataset === 'pay' || x.dataset === 'recruitment',
    )) {
      const { header, rows } = table(f);
      const keys = fieldKeys(f, header);
      const [band, grade, group] = ['pay_band', 'grade', 'staff_group'].map((k) => keys.indexOf(k));
      for (const row of rows) {
        const medical = parseStaffGroup(row[group!]).ok && row[group!] === 'Medical and Dental';
        for (const flag of [false, medical]) {
          const parsed = deriveGrade({
            payBand: row[band!],
            grade: grade! >= 0 ? row[grade!] : null,
            medical: flag,
          });
          expect(parsed.ok && parsed.value !== null, `${f.path}: ${row[band!]} / ${row[grade!]}`).toBe(true);
          if (parsed.ok && parsed.value) {
            seen.add(parsed.value);
            if (f.dataset !== 'recruitment')
              expect(parsed.value.startsWith('MED_'), `${row[band!]} ${row[grade!]}`).toBe(medical);
          }
        }
      }
    }
    for (const code of [
      'AFC_2',
      'AFC_5',
      'AFC_8A',
      'AFC_8C',
      'VSM',
      'MED_CONSULTANT',
      'MED_CAREER',
      'MED_TRAINEE',
    ])
      expect(seen).toContain(code);
  });

  it('uses ESR value spellings in the workforce file, including not-known ethnicity and undeclared disability', () => {
    const values = (column: string) =>
      new Set(
        manifest.files
          .filter((f) => f.dataset === 'workforce')
          .flatMap((f) => {
            const { header, rows } = table(f);
            const i = header.indexOf(column);
            return rows.map((r) => r[i]!);
          }),
      );
    const ethnic = values('Ethnic Origin');
    for (const v of ['A White - British', 'Z Not Stated', 'Unspecified', '']) expect(ethnic).toContain(v);
    expect([...ethnic].some((v) => /^[A-Z][0-9A-Z] /.test(v))).toBe(true);
    expect(values('Disability Flag')).toEqual(new Set(['Yes', 'No', 'Not Declared', '']));
    expect(values('Gender')).toEqual(new Set(['Female', 'Male']));
    expect(values('Assignment Category')).toEqual(new Set(['Permanent', 'Fixed Term Temp', 'Bank']));
    expect(values('Staff Group')).toContain('Add Prof Scientific and Technic');
    expect(values('Pay Band')).toContain('Band 8 - Range A');
  });

  it('places the demo trust in the demo units and other trusts in care group > directorate > department', () => {
    const f = manifest.files.find((x) => x.path === 'DHF/2024/workforce.csv')!;
    const { header, rows } = table(f);
    const cg = new Set(rows.map((r) => r[header.indexOf('Org L4')]));
    expect(cg).toEqual(
      new Set([
        'Medicine and Emergency Care',
        'Surgery and Anaesthetics',
        'Women and Children',
        'Clinical Support Services',
        'Community and Integrated Care',
        'Corporate Services',
      ]),
    );
    const other = table(manifest.files.find((x) => x.path === 'XAA/2024/workforce.csv')!);
    for (const r of other.rows)
      for (const col of ['Org L4', 'Org L5', 'Org L6']) expect(r[other.header.indexOf(col)]).not.toBe('');
  });
});
