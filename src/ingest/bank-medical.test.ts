/**
 * What the Bank WRES and MWRES need from the files: the bank assignments' last worked date in a staff-in-post
 * extract (the latest over a person's assignments), and the occupation group of survey respondents.
 */
import { describe, expect, it } from 'vitest';
import type { SurveyResponseRecord, WorkforceRecord } from '../engine/records.js';
import { bankMedicalTrust } from '../engine/__golden__/bank-medical.fixture.js';
import { computeIndicators } from '../engine/index.js';
import { loadFile } from './load.js';
import { createPseudonymiser } from './pseudonymise.js';

const pseudonymise = createPseudonymiser('bank-medical-test-pseudonymisation-key-0123456789');

describe('the last worked date of bank assignments', () => {
  it('is kept per person as the latest over their assignments, and absent where the file has none', async () => {
    const csv = [
      'Staff Number,Assignment Number,Staff Group,Pay Band,Assignment Category,Ethnic Origin,Disability,Gender,Last Worked Date',
      '1001,1001-1,Additional Clinical Services,Band 2,Bank,A White - British,No,Female,14/02/2024',
      '1001,1001-2,Additional Clinical Services,Band 3,Bank,A White - British,No,Female,02/03/2024',
      '1002,1002-1,Medical and Dental,Consultant,Permanent,H Asian or Asian British - Indian,No,Male,',
      '1003,1003-1,Additional Clinical Services,Band 2,Bank,N Black or Black British - African,No,Male,',
    ].join('\n');
    const result = await loadFile(
      { buffer: Buffer.from(csv), fileName: 'staff-in-post.csv' },
      { pseudonymise, dataset: 'workforce', asAtDate: '2024-03-31' },
    );
    expect(result.ok).toBe(true);
    const records = result.records as WorkforceRecord[];
    const byId = (raw: string) => records.find((r) => r.personId === pseudonymise(raw))!;
    expect(byId('1001')).toMatchObject({ bankOnly: true, lastWorkedDate: '2024-03-02', assignments: 2 });
    expect(byId('1002')).toMatchObject({
      bankOnly: false,
      staffGroup: 'MEDICAL_DENTAL',
      grade: 'MED_CONSULTANT',
    });
    expect(byId('1002').lastWorkedDate).toBeUndefined();
    expect(byId('1003')).toMatchObject({ bankOnly: true });
    expect(byId('1003').lastWorkedDate).toBeUndefined();
  });

  it('refuses a date it cannot read, naming the row and column', async () => {
    const csv = [
      'Staff Number,Staff Group,Pay Band,Assignment Category,Ethnic Origin,Disability,Gender,Last Worked Date',
      '1001,Additional Clinical Services,Band 2,Bank,A White - British,No,Female,last spring',
    ].join('\n');
    const result = await loadFile(
      { buffer: Buffer.from(csv), fileName: 'staff-in-post.csv' },
      { pseudonymise, dataset: 'workforce', asAtDate: '2024-03-31' },
    );
    expect(result.ok).toBe(false);
    const example = result.issues.kinds.flatMap((k) => k.examples).find((e) => e.value === 'last spring');
    expect(example).toMatchObject({ row: 2 });
    expect(example?.column).toMatch(/Last Worked Date/i);
  });
});

describe('the occupation group of survey respondents', () => {
  it('is read into the respondent’s staff group, not taken as an answer', async () => {
    const csv = [
      'Respondent ID,Survey Year,Ethnicity,Long Term Condition,Occupation Group,Q14a,Q3d',
      'R1,2023,A,No,Medical and Dental,Never,Agree',
      'R2,2023,H,No,,1-2,Disagree',
    ].join('\n');
    const result = await loadFile(
      { buffer: Buffer.from(csv), fileName: 'survey.csv' },
      { pseudonymise, dataset: 'survey_responses' },
    );
    expect(result.ok).toBe(true);
    const [r1, r2] = result.records as SurveyResponseRecord[];
    expect(r1).toMatchObject({ staffGroup: 'MEDICAL_DENTAL', answers: { Q14a: 'Never', Q3d: 'Agree' } });
    expect(r1!.answers).not.toHaveProperty('Occupation Group');
    expect(r2!.staffGroup).toBeUndefined();
  });
});

describe('responses to the bank survey', () => {
  it('are marked by the Bank worker column, and read by the Bank WRES alone', async () => {
    const csv = [
      'Respondent ID,Survey Year,Ethnicity,Long Term Condition,Bank Worker,Q14a',
      'R1,2023,A,No,No,Never',
      'R2,2023,H,No,Yes,1-2',
      'R3,2023,H,No,,3-5',
    ].join('\n');
    const result = await loadFile(
      { buffer: Buffer.from(csv), fileName: 'survey.csv' },
      { pseudonymise, dataset: 'survey_responses' },
    );
    expect(result.ok).toBe(true);
    const responses = result.records as SurveyResponseRecord[];
    expect(responses.map((r) => r.bankOnly ?? false)).toEqual([false, true, false]);
    expect(responses[1]!.answers).not.toHaveProperty('Bank Worker');
    const results = computeIndicators({
      year: 2024,
      datasets: { workforce: bankMedicalTrust().workforce, surveyResponses: responses },
      only: ['WRES5', 'BWRES4'],
    });
    const groups = (id: string) => {
      const r = results.indicators.find((i) => i.id === id)!.parts[0]!.metric.result;
      if (r.type !== 'surveyPercentage') throw new Error(`${id} is not a survey percentage`);
      return Object.fromEntries(r.groups.map((g) => [g.group, [g.numerator, g.base]]));
    };
    // The staff survey: R1 (White, Never) and R3 (BME, 3-5); R2 answered the bank survey.
    expect(groups('WRES5')).toMatchObject({ WHITE: [0, 1], BME: [1, 1] });
    expect(groups('BWRES4')).toMatchObject({ WHITE: [0, 0], BME: [1, 1] });
  });

  it('refuses a Bank worker value it cannot read, naming the row', async () => {
    const csv = [
      'Respondent ID,Survey Year,Ethnicity,Long Term Condition,Bank Worker,Q14a',
      'R1,2023,A,No,sometimes,Never',
    ].join('\n');
    const result = await loadFile(
      { buffer: Buffer.from(csv), fileName: 'survey.csv' },
      { pseudonymise, dataset: 'survey_responses' },
    );
    expect(result.ok).toBe(false);
    const example = result.issues.kinds.flatMap((k) => k.examples).find((e) => e.value === 'sometimes');
    expect(example).toMatchObject({ row: 2 });
  });
});
