import { describe, expect, it } from 'vitest';
import { findHeaderRow, proposeMapping, rankDatasets, readPreamble } from './mapping.js';
import type { SourceRow } from './readers/types.js';

const rows = (...lines: (string | null)[][]): SourceRow[] =>
  lines.map((cells, i) => ({ line: i + 1, cells }));

const ESR_HEADERS = [
  'Employee Number',
  'Assignment Number',
  'Org L4',
  'Org L5',
  'Staff Group',
  'Pay Band',
  'Ethnic Origin',
  'Disability Flag',
  'Gender',
  'Age',
];

describe('finding the header', () => {
  it('skips an ESR report title and parameters', () => {
    const found = findHeaderRow(
      rows(
        ['Staff in Post - Detail'],
        ['Organisation:', 'RXX Example Trust'],
        ['Effective Date:', '31/03/2024'],
        [],
        ESR_HEADERS,
        ['1001', '1001-1'],
      ),
    );
    expect(found?.line).toBe(5);
    expect(found?.preamble).toHaveLength(4);
    expect(readPreamble(found!.preamble)).toEqual({
      asAtDate: '2024-03-31',
      organisation: 'RXX Example Trust',
    });
  });

  it('reads "Effective Date: 31/03/2024" written in a single cell', () => {
    expect(readPreamble(rows(['Effective Date: 31/03/2024']))).toEqual({
      asAtDate: '2024-03-31',
      organisation: null,
    });
  });

  it('finds no header in a file of prose', () => {
    expect(
      findHeaderRow(rows(['Dear colleague'], ['Please find attached'], ['Kind regards', 'Sam'])),
    ).toBeNull();
  });
});

describe('mapping columns', () => {
  it('recognises the ESR staff-in-post layout', () => {
    const m = proposeMapping(ESR_HEADERS, 'workforce');
    expect(m.preset?.id).toBe('esr-staff-in-post');
    expect(Object.fromEntries(m.columns.map((c) => [c.field, c.header]))).toMatchObject({
      staff_number: 'Employee Number',
      care_group: 'Org L4',
      directorate: 'Org L5',
      pay_band: 'Pay Band',
      ethnicity: 'Ethnic Origin',
      disability: 'Disability Flag',
      sex: 'Gender',
    });
    expect(m.missing).toEqual([]);
    expect(m.missingOneOf).toEqual([]);
  });

  it('matches synonyms whatever their case and punctuation, and lists what is missing', () => {
    const m = proposeMapping(['STAFF NO.', 'ethnicity', 'Sex', 'staff_group', 'band'], 'workforce');
    expect(m.columns.map((c) => `${c.field}:${c.via}`)).toEqual([
      'staff_number:synonym',
      'ethnicity:canonical',
      'sex:canonical',
      'staff_group:canonical',
      'pay_band:synonym',
    ]);
    expect(m.missing.map((x) => x.field)).toEqual(['disability']);
  });

  it('lets a saved mapping win over everything else', () => {
    const m = proposeMapping(['Emp', 'Ethnic Origin', 'Person Ethnicity'], 'workforce', {
      staff_number: 'Emp',
      ethnicity: 'Person Ethnicity',
    });
    expect(m.columns.find((c) => c.field === 'ethnicity')).toMatchObject({
      header: 'Person Ethnicity',
      via: 'saved',
    });
    expect(m.unused).toEqual(['Ethnic Origin']);
  });

  it('never gives one column to two fields', () => {
    const m = proposeMapping(['Date', 'Staff Number', 'Kind', 'Activity'], 'learning');
    const columns = m.columns.map((c) => c.column);
    expect(new Set(columns).size).toBe(columns.length);
  });

  it('ranks datasets by how well the headers fit', () => {
    expect(rankDatasets(ESR_HEADERS)[0]?.dataset).toBe('workforce');
    expect(
      rankDatasets([
        'Application ID',
        'Ethnicity',
        'Disability',
        'Shortlisted',
        'Appointed',
        'Application Date',
      ])[0]?.dataset,
    ).toBe('recruitment');
    expect(rankDatasets(['case_id', 'case_type', 'formal', 'start_date'])[0]?.dataset).toBe('cases');
  });
});
