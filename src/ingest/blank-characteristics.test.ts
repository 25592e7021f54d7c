/**
 * A blank ethnicity, disability or sex in a file whose rows name a member of staff (cases, incidents,
 * panels, pay) means the file does not say: the record holds null and the engine takes the person's value
 * from the workforce (ESR) record. An explicit 99, Z / "Not stated", "Not Declared" stays not known. In
 * the workforce file itself, and for applicants, a blank is not known as before.
 *
 * End to end, on a trust of eight staff in post at 31 March 2024 (all Band 5 nurses; one snapshot, so WRES 3
 * and WDES 3 are one-year figures):
 *
 * | Staff | ESR ethnicity | ESR disability | Case (FY 2023/24)                    | On the case                |
 * | ----- | ------------- | -------------- | ------------------------------------ | -------------------------- |
 * | S1    | A (White)     | Yes            | C1 disciplinary                      | ethnicity, disability blank |
 * | S2    | A             | No             | C4 disciplinary                      | ethnicity "Not stated"     |
 * | S3    | A             | No             | C6 capability (performance)          | disability "Not Declared"  |
 * | S4    | A             | No             | C7 capability (performance)          | disability blank           |
 * | S5    | N (BME)       | No             | C2 disciplinary                      | ethnicity blank            |
 * | S6    | N             | No             | C3 disciplinary                      | ethnicity 99               |
 * | S7    | N             | Yes            | C5 capability (performance)          | disability blank           |
 * | S8    | N             | No             | C8 disciplinary                      | ethnicity "N ..."          |
 *
 * WRES 3: White entering = S1 (from ESR) = 1 of 4; BME = S5 (from ESR) and S8 (on the case) = 2 of 4; unknown
 * = S6 (99) and S2 (Z) = 2. RL = (2/4) / (1/4) = 2. Read as "not known", the blanks would put S1 and S5 in
 * unknown: White 0 of 4, and no ratio (ZERO_BOTTOM_RATE).
 * WDES 3: Disabled = S7 (from ESR) = 1 of 2; non-disabled = S4 (from ESR) = 1 of 6; unknown = S3 (Not
 * Declared) = 1. RL = (1/2) / (1/6) = 3.
 */
import { describe, expect, it } from 'vitest';
import type { RelativeLikelihoodResult } from '../engine/algebra/results.js';
import { computeIndicators } from '../engine/compute.js';
import type { CaseRecord, WorkforceRecord } from '../engine/records.js';
import { loadFile } from './load.js';
import { createPseudonymiser } from './pseudonymise.js';
import type { DatasetId } from './schemas/index.js';

const pseudonymise = createPseudonymiser('blank-characteristics-test-key-0123456789');

async function load(dataset: DatasetId, lines: string[]) {
  const r = await loadFile(
    { buffer: Buffer.from(lines.join('\n')), fileName: `${dataset}.csv` },
    { pseudonymise, dataset },
  );
  expect(r.ok, JSON.stringify(r.issues.kinds)).toBe(true);
  return r;
}

const WORKFORCE = [
  'staff_number,staff_group,pay_band,ethnicity,disability,sex,snapshot_date',
  ...[
    ['S1', 'A', 'Yes'],
    ['S2', 'A', 'No'],
    ['S3', 'A', 'No'],
    ['S4', 'A', 'No'],
    ['S5', 'N', 'No'],
    ['S6', 'N', 'No'],
    ['S7', 'N', 'Yes'],
    ['S8', 'N', 'No'],
  ].map(([id, e, d]) => `${id},Nursing and Midwifery Registered,Band 5,${e},${d},Female,2024-03-31`),
];

const CASES = [
  'case_id,staff_number,case_type,formal,start_date,ethnicity,disability,sex',
  'C1,S1,Disciplinary,Formal,2023-06-01,,,',
  'C2,S5,Disciplinary,Formal,2023-07-01,,No,',
  'C3,S6,Disciplinary,Formal,2023-08-01,99,No,Female',
  'C4,S2,Disciplinary,Formal,2023-09-01,Not stated,No,Female',
  'C5,S7,Capability (performance),Formal,2023-10-01,,,',
  'C6,S3,Capability (performance),Formal,2023-11-01,,Not Declared,',
  'C7,S4,Capability (performance),Formal,2023-12-01,,,',
  'C8,S8,Disciplinary,Formal,2024-01-01,N Black or Black British - African,,',
];

describe('a blank characteristic in a file whose rows name a member of staff', () => {
  it('is read as not given (null) in a case log; 99, Not stated and Not Declared stay not known', async () => {
    const r = await load('cases', CASES);
    const byId = new Map((r.records as CaseRecord[]).map((c) => [c.caseId, c]));
    const of = (id: string) => {
      const c = byId.get(id)!;
      return [c.ethnicity, c.disability, c.sex];
    };
    expect(of('C1')).toEqual([null, null, null]);
    expect(of('C2')).toEqual([null, 'N', null]);
    expect(of('C3')).toEqual(['99', 'N', 'F']);
    expect(of('C4')).toEqual(['Z', 'N', 'F']);
    expect(of('C6')).toEqual([null, 'U', null]);
    expect(of('C8')).toEqual(['N', null, null]);
    // The file's own declaration counts the blanks apart, as taken from the workforce record.
    expect(r.quality).toMatchObject({
      total: 8,
      ethnicityFromWorkforce: 5, // C1, C2, C5, C6, C7
      ethnicityNotKnown: 1, // C3
      ethnicityNotStated: 1, // C4
      ethnicityDeclaredPct: 12.5, // C8
      disabilityFromWorkforce: 4, // C1, C5, C7, C8
      disabilityUnknown: 1, // C6
      disabilityDeclaredPct: 37.5, // C2, C3, C4
    });
  });

  it.each<[DatasetId, string[]]>([
    [
      'incidents',
      [
        'incident_id,incident_date,category,staff_number,ethnicity,disability,sex',
        'I1,2023-06-01,Verbal abuse,S1,,,',
        'I2,2023-06-02,Verbal abuse,S2,99,Not Declared,Unknown',
      ],
    ],
    [
      'panels',
      [
        'vacancy_id,interview_date,staff_number,ethnicity,disability,sex',
        'V1,2023-06-01,S1,,,',
        'V1,2023-06-01,S2,99,Not Declared,Unknown',
      ],
    ],
    [
      'pay',
      [
        'staff_number,ordinary_pay,pay_period,weekly_hours,full_pay_relevant,sex,ethnicity,disability,snapshot_date',
        'S1,2500,Monthly,37.5,Yes,Female,,,2024-03-31',
        'S2,2500,Monthly,37.5,Yes,Female,99,Not Declared,2024-03-31',
      ],
    ],
  ])('is read as not given in %s too; explicit not-known values stay not known', async (dataset, lines) => {
    const r = await load(dataset, lines);
    const records = r.records as {
      ethnicity: string | null;
      disability: string | null;
      sex: string | null;
    }[];
    expect(records.map((x) => [x.ethnicity, x.disability])).toEqual([
      [null, null],
      ['99', 'U'],
    ]);
    // Sex is required in a pay file; elsewhere a blank is not given and Unknown is not known.
    if (dataset !== 'pay') expect(records.map((x) => x.sex)).toEqual([null, 'U']);
  });

  it('is not known, as before, in the workforce file itself and for applicants', async () => {
    const w = await load('workforce', [
      'staff_number,staff_group,pay_band,ethnicity,disability,sex,snapshot_date',
      'S1,Nursing and Midwifery Registered,Band 5,,,Female,2024-03-31',
    ]);
    const person = w.records[0] as WorkforceRecord;
    expect([person.ethnicity, person.disability]).toEqual(['99', 'U']);
    expect(w.quality).toMatchObject({ ethnicityNotKnown: 1, ethnicityFromWorkforce: 0 });
    const a = await load('recruitment', [
      'application_id,vacancy_id,shortlisted,appointed,application_date,ethnicity,disability',
      'A1,V1,Yes,No,2023-06-01,,',
    ]);
    expect(a.records[0]).toMatchObject({ ethnicity: '99', disability: 'U' });
  });
});

describe('end to end: a case log with blanks, over the workforce', () => {
  it('groups a blank by the person’s ESR record and an explicit 99 or Not stated as unknown', async () => {
    const workforce = (await load('workforce', WORKFORCE)).records as WorkforceRecord[];
    const cases = (await load('cases', CASES)).records as CaseRecord[];
    const results = computeIndicators({
      year: 2024,
      datasets: { workforce, cases },
      only: ['WRES3', 'WDES3'],
    });
    const rl = (id: string) => {
      const m = results.indicators.find((i) => i.id === id)!.parts[0]!.metric.result;
      const r = m as RelativeLikelihoodResult;
      return {
        counts: Object.fromEntries(r.groups.map((g) => [g.group, [g.numerator, g.denominator]])),
        value: r.relativeLikelihood.value,
      };
    };
    expect(rl('WRES3')).toEqual({
      counts: { WHITE: [1, 4], BME: [2, 4], UNKNOWN: [2, 0] },
      value: 2,
    });
    expect(rl('WDES3')).toEqual({
      counts: { NON_DISABLED: [1, 6], DISABLED: [1, 2], UNKNOWN: [1, 0] },
      value: 3,
    });
  });
});
