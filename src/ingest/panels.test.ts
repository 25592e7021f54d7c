/**
 * Interview panel files: recognised from their headers, one record per member, and refused whole (with
 * the row and column named) when a panel's rows disagree, name a member twice or name no member.
 */
import { describe, expect, it } from 'vitest';
import type { PanelMemberRecord } from '../engine/records.js';
import { loadFile } from './load.js';
import { createPseudonymiser } from './pseudonymise.js';

const pseudonymise = createPseudonymiser('panel-file-test-key-0123456789abcdef');

const HEADER =
  'Vacancy Reference,Interview Date,Band,Division,Panel Member Staff Number,Panel Member ID,Independent Member,R&S Trained,R&S Training Date,Ethnicity';

async function load(lines: string[]) {
  const text = [HEADER, ...lines].join('\n');
  return loadFile({ buffer: Buffer.from(text), fileName: 'panels.csv' }, { pseudonymise });
}

const issues = (r: Awaited<ReturnType<typeof load>>) =>
  r.issues.kinds.flatMap((k) =>
    k.examples.map((e) => ({ kind: k.kind, row: e.row, column: e.column, message: e.message })),
  );

describe('interview panel files', () => {
  it('are recognised and read one record per member, pseudonymising staff numbers and member ids', async () => {
    const r = await load([
      'V1,12/07/2023,Band 8a,Medicine,1001,,No,Yes,14/03/2022,',
      'V1,12/07/2023,,Medicine,,EXT-7,Yes,,,Asian or Asian British - Indian',
    ]);
    expect(r.ok, JSON.stringify(issues(r))).toBe(true);
    expect(r.dataset).toBe('panels');
    expect(r.period).toEqual({ start: '2023-07-12', end: '2023-07-12' });
    const [chair, stakeholder] = r.records as PanelMemberRecord[];
    expect(chair).toMatchObject({
      vacancyId: 'V1',
      interviewDate: '2023-07-12',
      grade: 'AFC_8A',
      unitPath: ['Medicine'],
      personId: pseudonymise('1001'),
      memberId: pseudonymise('1001'),
      independent: false,
      trained: true,
      trainedDate: '2022-03-14',
      // Blank: taken from the workforce record, not "not known".
      ethnicity: null,
    });
    expect(stakeholder).toMatchObject({
      grade: null,
      personId: null,
      memberId: pseudonymise('EXT-7'),
      independent: true,
      trained: null,
      ethnicity: 'H',
    });
    expect(JSON.stringify(r.records)).not.toContain('1001');
    expect(JSON.stringify(r.records)).not.toContain('EXT-7');
  });

  it('refuse a panel whose rows give different bands or units, naming the row and the column', async () => {
    const r = await load([
      'V1,12/07/2023,Band 8a,Medicine,1001,,No,Yes,,',
      'V1,12/07/2023,Band 7,Medicine,1002,,No,Yes,,',
      'V2,13/07/2023,Band 6,Surgery,1001,,No,Yes,,',
      'V2,13/07/2023,Band 6,Medicine,1003,,No,Yes,,',
    ]);
    expect(r.ok).toBe(false);
    expect(issues(r)).toEqual([
      {
        kind: 'BAD_VALUE',
        row: 3,
        column: 'Pay band',
        message:
          "Pay band 'Band 7' on row 3 differs from 'Band 8a' given for the panel of vacancy V1 interviewing on 2023-07-12 on an earlier row: one panel's rows must describe the same post.",
      },
      {
        kind: 'BAD_VALUE',
        row: 5,
        column: 'Organisation unit',
        message:
          "The unit 'Medicine' on row 5 differs from 'Surgery' given for the panel of vacancy V2 interviewing on 2023-07-13 on row 4: one panel's rows must describe the same post.",
      },
    ]);
  });

  it('refuse a member listed twice on one panel, and a row naming no member', async () => {
    const r = await load([
      'V1,12/07/2023,Band 8a,Medicine,1001,,No,Yes,,',
      'V1,12/07/2023,Band 8a,Medicine,1001,,Yes,Yes,,',
      'V1,12/07/2023,Band 8a,Medicine,,,No,No,,',
      // The same member on another panel is no duplicate.
      'V1,19/07/2023,Band 8a,Medicine,1001,,No,Yes,,',
    ]);
    expect(r.ok).toBe(false);
    expect(issues(r).map((i) => [i.kind, i.row, i.column])).toEqual([
      ['DUPLICATE', 3, 'Staff number / Panel member ID'],
      ['MISSING_VALUE', 4, 'Staff number / Panel member ID'],
    ]);
    expect(issues(r)[0]!.message).toBe(
      'The panel member on row 3 is already on the panel of vacancy V1 interviewing on 2023-07-12 (row 2); list each member once.',
    );
  });

  it('refuse an unreadable interview date or training flag, and a file with no member column', async () => {
    const r = await load(['V1,31/02/2023,Band 8a,Medicine,1001,,No,Perhaps,,']);
    expect(r.ok).toBe(false);
    expect(issues(r).map((i) => [i.kind, i.row, i.column])).toEqual([
      ['BAD_VALUE', 2, 'Interview Date'],
      ['BAD_VALUE', 2, 'R&S Trained'],
    ]);
    const noMember = await loadFile(
      {
        buffer: Buffer.from('Vacancy Reference,Interview Date,Band,R&S Trained\nV1,12/07/2023,Band 8a,Yes\n'),
        fileName: 'panels.csv',
      },
      { pseudonymise, dataset: 'panels' },
    );
    expect(noMember.ok).toBe(false);
    expect(noMember.issues.kinds.map((k) => k.kind)).toEqual(['MISSING_COLUMN']);
    expect(noMember.records).toEqual([]);
  });
});
