/**
 * A staff survey file's unit column: each row's unit must be one the organisation already has (from its
 * workforce file), named by its path, a name only one unit has, or the code its ESR name begins with. A unit
 * it does not have is an error naming the row and the value, and nothing of the file is loaded.
 */
import { describe, expect, it } from 'vitest';
import type { SurveyAggregateRecord, SurveyResponseRecord } from '../engine/records.js';
import { loadFile } from './load.js';
import { createPseudonymiser } from './pseudonymise.js';

const pseudonymise = createPseudonymiser('survey-units-test-pseudonymisation-key-0123');

const UNITS = [
  ['Medicine', 'Emergency Medicine', 'Ward 1'],
  ['Medicine', '409 Acute Medicine'],
  ['Surgery', 'Theatres'],
  ['Surgery', 'Wards'],
  ['Women and Children', 'Wards'],
];

const aggregate = (units: string[]) =>
  ['survey_year,measure,group,numerator,base,unit', ...units.map((u) => `2023,WRES5,BME,10,40,${u}`)].join(
    '\n',
  );

async function load(csv: string, dataset: 'survey_aggregate' | 'survey_responses' = 'survey_aggregate') {
  return loadFile(
    { buffer: Buffer.from(csv), fileName: 'survey.csv' },
    { dataset, pseudonymise, units: UNITS, organisationName: 'Demo Hospitals NHS Foundation Trust' },
  );
}

describe('a staff survey file’s units', () => {
  it('finds each unit by path, by a name one unit has, or by the code its name begins with', async () => {
    const result = await load(
      aggregate([
        '',
        'medicine',
        'Medicine > Emergency Medicine',
        'Demo Hospitals NHS Foundation Trust > Surgery > Theatres',
        'Emergency Medicine',
        'Ward 1',
        '409',
        'Surgery / Wards',
      ]),
    );
    expect(result.ok).toBe(true);
    expect((result.records as SurveyAggregateRecord[]).map((r) => r.unitPath ?? [])).toEqual([
      [],
      ['Medicine'],
      ['Medicine', 'Emergency Medicine'],
      ['Surgery', 'Theatres'],
      ['Medicine', 'Emergency Medicine'],
      ['Medicine', 'Emergency Medicine', 'Ward 1'],
      ['Medicine', '409 Acute Medicine'],
      ['Surgery', 'Wards'],
    ]);
  });

  it('refuses a unit the organisation does not have, and one name two units share, loading nothing', async () => {
    const result = await load(aggregate(['Medicine', 'Cardiology', 'Wards']));
    expect(result.ok).toBe(false);
    const unknown = result.issues.kinds.find((k) => k.kind === 'UNKNOWN_UNIT')!;
    expect(unknown.severity).toBe('error');
    expect(unknown.count).toBe(2);
    expect(unknown.examples.map((e) => [e.row, e.value])).toEqual([
      [3, 'Cardiology'],
      [4, 'Wards'],
    ]);
    expect(unknown.examples[0]!.message).toBe("Row 3: Unit 'Cardiology' is not a unit of the organisation.");
    expect(unknown.examples[1]!.message).toContain('names more than one unit of the organisation');
    expect(unknown.examples[1]!.message).toContain("'Surgery > Wards'");
  });

  it('gives each respondent their unit', async () => {
    const csv = [
      'respondent_id,survey_year,ethnicity,disability,unit,Q16b',
      'R1,2023,A,No,Surgery > Theatres,Yes',
      'R2,2023,H,No,,No',
      'R3,2023,H,No,Oncology,No',
    ].join('\n');
    const result = await load(csv, 'survey_responses');
    expect(result.ok).toBe(false);
    expect(result.issues.kinds.find((k) => k.kind === 'UNKNOWN_UNIT')!.examples[0]).toMatchObject({
      row: 4,
      value: 'Oncology',
    });
    // "Wards" is a directorate of two care groups: its path is needed.
    const ambiguous = await load(csv.replace('Oncology', 'Wards'), 'survey_responses');
    expect(ambiguous.ok).toBe(false);
    const good = await load(csv.replace('Oncology', 'Medicine'), 'survey_responses');
    expect(good.ok).toBe(true);
    expect((good.records as SurveyResponseRecord[]).map((r) => r.unitPath ?? [])).toEqual([
      ['Surgery', 'Theatres'],
      [],
      ['Medicine'],
    ]);
  });

  it('says so when the organisation has no units yet', async () => {
    const result = await loadFile(
      { buffer: Buffer.from(aggregate(['Medicine'])), fileName: 'survey.csv' },
      { dataset: 'survey_aggregate', pseudonymise, units: [] },
    );
    expect(result.ok).toBe(false);
    expect(result.issues.kinds.find((k) => k.kind === 'UNKNOWN_UNIT')!.examples[0]!.message).toContain(
      'load its workforce file first',
    );
  });
});
