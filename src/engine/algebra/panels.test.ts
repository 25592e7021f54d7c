import { describe, expect, it } from 'vitest';
import { validateLocalMetric } from '../local/validate.js';
import type { PanelMemberRecord, WorkforceRecord } from '../records.js';
import { PersonIndex } from './context.js';
import { panelSeatsOf, panelsOf, trainedAtInterview, trainingCurrentFrom } from './panels.js';

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

  it.each([
    ['trained the day after the same date three years before', '2020-06-02', true],
    ['trained on the same date three years before: lapsed the day before', '2020-06-01', false],
    ['trained four years before', '2019-05-01', false],
    ['trained the year before', '2022-09-30', true],
  ] as const)('with training lapsing after three years, reads a member %s', (_, trainedDate, expected) => {
    expect(trainedAtInterview(member({ trained: true, trainedDate }), 3)).toBe(expected);
    // Without a lapse (the default), training done before the interview counts however long ago.
    expect(trainedAtInterview(member({ trained: true, trainedDate }))).toBe(true);
  });

  it('counts training current from the day after the same date years before, 29 February included', () => {
    expect(trainingCurrentFrom('2023-06-01', 3)).toBe('2020-06-02');
    expect(trainingCurrentFrom('2024-02-29', 1)).toBe('2023-03-01');
    expect(trainingCurrentFrom('2024-12-31', 2)).toBe('2023-01-01');
  });

  it('counts a member trained with no date while training lapses, and reports that it cannot check them', () => {
    const issues: [string, string, string, number][] = [];
    const log = {
      add: (code: string, dataset: string, message: string, count = 1) =>
        void issues.push([code, dataset, message, count]),
    };
    const members = [
      member({ memberId: 'M1', trained: true }),
      member({ memberId: 'M2', trained: true, trainedDate: '2019-01-01' }),
      member({ vacancyId: 'V2', memberId: 'M3', trained: true, trainedDate: '2023-01-01' }),
    ];
    const persons = new PersonIndex([]);
    const lapsing = panelsOf(members, [], persons, { trainingValidYears: 3, issues: log });
    expect(lapsing.map((p) => [p.panelId, p.trainedMembers])).toEqual([
      ['V1|2023-06-01', 1],
      ['V2|2023-06-01', 1],
    ]);
    expect(issues).toEqual([
      [
        'UNDATED_TRAINING',
        'panels',
        'panel members trained with no training date: counted as trained, though whether their training was still current (for 3 years, as the trust sets) cannot be checked',
        1,
      ],
    ]);
    issues.length = 0;
    const never = panelsOf(members, [], persons, { trainingValidYears: 0, issues: log });
    expect(never.map((p) => p.trainedMembers)).toEqual([2, 1]);
    expect(issues.filter((i) => i[3] > 0)).toEqual([]);
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

  it('give their members’ seats as a dataset too: the post from the panel, the person from the file or ESR', () => {
    const esr = (personId: string, ethnicity: string) =>
      ({ personId, snapshotDate: '2024-03-31', ethnicity, disability: 'N', sex: 'F' }) as WorkforceRecord;
    const seats = panelSeatsOf(
      [
        member({ memberId: 'S1', personId: 'S1', grade: 'AFC_8A', unitPath: ['Surgery'], trained: true }),
        member({ memberId: 'X1', ethnicity: 'M', independent: true, trainedDate: '2023-07-01' }),
      ],
      [],
      new PersonIndex([esr('S1', 'H')]),
      { trainingValidYears: 0, issues: { add: () => {} } },
    );
    expect(seats).toEqual([
      expect.objectContaining({
        panelId: 'V1|2023-06-01',
        memberId: 'S1',
        grade: 'AFC_8A',
        unitPath: ['Surgery'],
        trainedAtInterview: true,
        independent: false,
        ethnicMinority: true,
        ethnicity: 'H',
        disability: 'N',
        sex: 'F',
      }),
      // The second member's row gives no post: the panel's (from the first member's row) is theirs.
      expect.objectContaining({
        memberId: 'X1',
        grade: 'AFC_8A',
        unitPath: ['Surgery'],
        trainedAtInterview: false,
        independent: true,
        ethnicMinority: true,
        ethnicity: 'M',
        disability: null,
      }),
    ]);
    const metric = validateLocalMetric({
      id: 'seats',
      title: 'Seats',
      population: { dataset: 'panelMembers', at: { type: 'financialYear', dateField: 'interviewDate' } },
      characteristic: 'wres',
      outcome: { type: 'condition', where: [{ field: 'trainedAtInterview', op: 'eq', value: true }] },
      statistic: { type: 'rate' },
      breakdown: ['careGroup'],
    });
    expect(metric.ok ? [] : metric.problems).toEqual([]);
    const panelField = validateLocalMetric({
      id: 'seats',
      title: 'Seats',
      population: { dataset: 'panelMembers', at: { type: 'financialYear', dateField: 'interviewDate' } },
      characteristic: 'none',
      outcome: { type: 'condition', where: [{ field: 'hasTrainedMember', op: 'eq', value: true }] },
      statistic: { type: 'rate' },
    });
    expect(panelField.ok ? [] : panelField.problems.map((p) => p.path)).toEqual(['$.outcome.where[0].field']);
  });
});
