import { describe, expect, it } from 'vitest';
import { loadFile } from './load.js';
import { createPseudonymiser } from './pseudonymise.js';

const pseudonymise = createPseudonymiser('load-test-pseudonymisation-key-0123456789');

describe('loading a file that breaks part-way through', () => {
  it('gives the line where reading stopped as the issue’s row, as the message does', async () => {
    const csv = [
      'case_id,case_type,start_date',
      'C1,Disciplinary,2024-01-05',
      'C2,"Grievance,2024-02-01',
      'C3,Grievance,2024-03-01',
    ].join('\n');
    const result = await loadFile({ buffer: Buffer.from(csv), fileName: 'cases.csv' }, { pseudonymise });
    const issue = result.issues.kinds.find((k) => k.kind === 'FILE')?.examples[0];
    expect(issue?.message).toContain('starts on line 3');
    expect(issue).toMatchObject({ file: 'cases.csv', row: 3 });
  });
});

describe('a value that is not known', () => {
  it('names the column by the file’s own heading', async () => {
    const csv = [
      'Employee Number,Assignment Number,Pay Band,Staff Group,Ethnic Origin,Disability Flag,Gender',
      '1001,1001-1,Band 99,Nursing and Midwifery Registered,A White - British,No,Female',
    ].join('\n');
    const result = await loadFile(
      { buffer: Buffer.from(csv), fileName: 'staff.csv' },
      { pseudonymise, dataset: 'workforce', asAtDate: '2024-03-31' },
    );
    const issue = result.issues.kinds.find((k) => k.kind === 'UNKNOWN_CODE')?.examples[0];
    expect(issue).toMatchObject({ file: 'staff.csv', row: 2, column: 'Pay Band', value: 'Band 99' });
  });
});
