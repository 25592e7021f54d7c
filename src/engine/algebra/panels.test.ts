import { describe, expect, it } from 'vitest';
import { validateLocalMetric } from '../local/validate.js';
import type { PanelMemberRecord, WorkforceRecord } from '../records.js';
import { PersonIndex } from './context.js';
import { panelsOf, trainedAtInterview } from './panels.js';

const member = (extra: Partial<PanelMemberRecord> = {}): PanelMemberRecord => ({
  vacancyId: 'V1',
  interviewDate: '2023-06-01',
  grade: null,
  staffGroup: null,
  unitPath: [],
  personId: null,
  memberId: 'M1',
  role: null,
  independent: null,
  trained: null,
  trainedDate: null,
  ethnicity: null,
  disability: null,
  sex: null,
  ...extra,
});

describe('interview panels from their members', () => {
  it.each([
    ['trained, no date', { trained: true }, true],
    ['trained before the interview', { trained: true, trainedDate: '2023-05-31' }, true],
    ['trained on the interview day', { trained: true, trainedDate: '2023-06-01' }, true],
    ['trained after the interview', { trained: true, trainedDate: '2023-06-02' }, false],
    ['a date and no flag', { trainedDate: '2020-01-01' }, true],
    ['not trained, with a date', { trained: false, trainedDate: '2020-01-01' }, false],
    ['nothing said', {}, false],
  ] as const)('reads a member %s', (_, extra, expected) => {
    expect(trainedAtInterview(member(extra))).toBe(expected);
  });

  it('takes the post from any member, else the vacancy, and ethnicity from ESR at the year end', () => {
    const esr = (personId: string, snapshotDate: string, ethnicity: string) =>
      ({ personId, snapshotDate, ethnicity }) as WorkforceRecord;
    // S1 is White at 31 March 2023 and recorded as Asian (H) at 31 March 2024: the year end is used.
    const persons = new PersonIndex([esr('S1', '2023-03-31', 'A'), esr('S1', '2024-03-31', 'H')]);
    const panels = panelsOf(
      [
        member({ memberId: 'S1', personId: 'S1' }),
        member({ memberId: 'M2', grade: 'AFC_8B', independent: true }),
        member({ vacancyId: 'V2', memberId: 'M3', ethnicity: 'Z' }),
      ],
      [
        {
          applicationId: 'A1',
          vacancyId: 'V1',
          grade: 'AFC_5',
          staffGroup: 'ADMIN_CLERICAL',
          unitPath: ['Surgery'],
        } as never,
      ],
      persons,
    );
    expect(panels).toEqual([
      {
        panelId: 'V1|2023-06-01',
        vacancyId: 'V1',
        interviewDate: '2023-06-01',
        grade: 'AFC_8B',
        staffGroup: 'ADMIN_CLERICAL',
        unitPath: ['Surgery'],
        members: 2,
        trainedMembers: 0,
        independentMembers: 1,
        ethnicMinorityMembers: 1,
        hasTrainedMember: false,
        hasIndependentMember: true,
        hasEthnicMinorityMember: true,
      },
      expect.objectContaining({ panelId: 'V2|2023-06-01', members: 1, ethnicMinorityMembers: 0 }),
    ]);
  });

  it('are a dataset local metrics may name, with their own fields', () => {
    const base = {
      id: 'p',
      title: 'P',
      population: { dataset: 'panels', at: { type: 'financialYear', dateField: 'interviewDate' } },
      characteristic: 'none',
      statistic: { type: 'rate' },
    };
    const ok = validateLocalMetric({
      ...base,
      outcome: { type: 'condition', where: [{ field: 'hasTrainedMember', op: 'eq', value: true }] },
      breakdown: ['careGroup'],
    });
    expect(ok.ok ? [] : ok.problems).toEqual([]);
    const bad = validateLocalMetric({
      ...base,
      outcome: { type: 'condition', where: [{ field: 'appointed', op: 'eq', value: true }] },
    });
    expect(bad.ok ? [] : bad.problems.map((p) => p.path)).toEqual(['$.outcome.where[0].field']);
  });
});
