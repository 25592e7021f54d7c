/** One status per action: the rules of status.ts, the milestone summary, and the missing-plan warning. */
import { describe, expect, it } from 'vitest';
import { missingPlan } from './next-plan.js';
import { DEFAULT_RAG_LABELS, type Milestone, type MilestoneState } from './plan.js';
import { actionState, milestoneSummary, outsideYearQuestion, type StatusInput } from './status.js';

const labels = DEFAULT_RAG_LABELS;
/** An action of the 2024/25 plan, added before the year began, due at its end, rated green in Q3. */
const base: StatusInput = {
  status: 'new',
  rag: 'on_track',
  dueDate: '2025-03-31',
  lastUpdateOn: '2024-11-05',
  createdAt: '2024-03-01T10:00:00.000Z',
  milestones: [],
};
const at = (today: string, a: Partial<StatusInput> = {}) =>
  actionState({ ...base, ...a }, { today, planYear: 2024, labels });

const milestone = (dueOn: string, title: string, state: MilestoneState): Milestone => ({
  id: `m-${title}`,
  actionId: 'a',
  dueOn,
  title,
  state,
  note: '',
  version: 1,
  updatedAt: '2024-06-01T00:00:00.000Z',
  updatedByLabel: 'edi',
});

describe('one status per action', () => {
  it('is On track when rated green this quarter and not yet due, and says why', () => {
    const s = at('2024-12-01');
    expect([s.key, s.label, s.tag]).toEqual(['on_track', 'On track', 'green']);
    expect(s.reasons).toEqual([
      'Due 31 March 2025',
      'Rated On track (green) on 5 November 2024',
      'Last update 5 November 2024',
    ]);
  });

  it('gives exactly one headline where the old page showed On track, Overdue and No update this quarter at once', () => {
    // Rated green in June 2024, due March 2025, read in May 2025: all three were true.
    const s = at('2025-05-10', { lastUpdateOn: '2024-06-14' });
    expect(s.key).toBe('overdue');
    expect(s.label).toBe('Overdue');
    expect(s.reasons).toEqual([
      'Due 31 March 2025, passed',
      'Last update 14 June 2024, none in Q4 2024/25',
      'Rated On track (green) on 14 June 2024',
    ]);
  });

  it.each([
    ['critical', 'off_track', 'Rated Critical (red) on 5 November 2024'],
    ['slippage', 'at_risk', 'Rated Slippage likely (amber) on 5 November 2024'],
    ['complete', 'complete', 'Rated Complete (blue) on 5 November 2024'],
  ] as const)('reads a %s rating as %s', (rag, key, reason) => {
    const s = at('2024-12-01', { rag });
    expect(s.key).toBe(key);
    expect(s.reasons[0]).toBe(reason);
  });

  it('puts a passed timescale above a red rating, and a red rating above amber and stale', () => {
    expect(at('2025-04-02', { rag: 'critical' }).key).toBe('overdue');
    expect(at('2025-02-01', { rag: 'critical', lastUpdateOn: '2024-06-01' }).key).toBe('off_track');
    expect(at('2025-02-01', { rag: 'slippage', lastUpdateOn: '2024-06-01' }).key).toBe('at_risk');
  });

  it('is Complete when marked completed, whatever else is late', () => {
    const s = at('2025-06-01', { status: 'completed', rag: 'critical', lastUpdateOn: '2024-05-01' });
    expect(s.key).toBe('complete');
    expect(s.reasons).toEqual(['Marked completed']);
  });

  it('asks for an update when none is dated this quarter, or the latest gave no RAG', () => {
    const stale = at('2025-01-02');
    expect(stale.key).toBe('update_missing');
    expect(stale.reasons[0]).toBe('Last update 5 November 2024, none this quarter');
    const unrated = at('2024-12-01', { rag: null });
    expect(unrated.key).toBe('update_missing');
    expect(unrated.reasons).toContain('Its latest update gave no RAG rating');
  });

  it('tells Not started (never updated, added this quarter or before the year) from Update missing', () => {
    const never = { rag: null, lastUpdateOn: null };
    expect(at('2024-03-20', never).key).toBe('not_started');
    expect(at('2024-03-20', never).reasons[0]).toBe('No update yet: the plan’s year 2024/25 has not begun');
    expect(at('2024-05-01', { ...never, createdAt: '2024-04-20T09:00:00.000Z' }).reasons[0]).toBe(
      'No update yet (added 20 April 2024)',
    );
    const owed = at('2024-08-01', never);
    expect(owed.key).toBe('update_missing');
    expect(owed.reasons[0]).toBe('No update since it was added on 1 March 2024');
  });

  it('rolls milestones up: a missed one puts the action at risk, a late one makes it overdue, both named', () => {
    const missed = at('2024-12-01', {
      milestones: [milestone('2024-10-31', 'First cohort starts', 'missed')],
    });
    expect(missed.key).toBe('at_risk');
    expect(missed.reasons[0]).toBe('Milestone “First cohort starts” (due 31 October 2024) was missed');
    const late = at('2024-12-01', {
      milestones: [
        milestone('2024-08-30', 'Coaches trained', 'done'),
        milestone('2024-11-30', 'Q3 review', 'in_progress'),
        milestone('2025-01-31', 'Evaluation', 'not_started'),
      ],
    });
    expect(late.key).toBe('overdue');
    expect(late.reasons[0]).toBe('Milestone “Q3 review” was due 30 November 2024 and is not done');
    expect(late.reasons.filter((r) => r.startsWith('Milestone'))).toHaveLength(1);
    // Done on time, or not yet due: nothing to say.
    expect(at('2024-12-01', { milestones: [milestone('2024-08-30', 'Coaches trained', 'done')] }).key).toBe(
      'on_track',
    );
  });

  it('reads a stored action that has no milestones (a frozen snapshot) as having none', () => {
    const old: StatusInput = {
      status: base.status,
      rag: base.rag,
      dueDate: base.dueDate,
      lastUpdateOn: base.lastUpdateOn,
      createdAt: base.createdAt,
    };
    expect(actionState(old, { today: '2024-12-01', planYear: 2024, labels }).key).toBe('on_track');
  });

  it('uses the organisation’s own RAG labels in its reasons', () => {
    const own = { ...labels, slippage: 'Some concern' };
    const s = actionState({ ...base, rag: 'slippage' }, { today: '2024-12-01', planYear: 2024, labels: own });
    expect(s.reasons[0]).toBe('Rated Some concern (amber) on 5 November 2024');
  });
});

describe('milestones in a line', () => {
  it('counts those done, names the missed and the next', () => {
    expect(milestoneSummary([])).toBeNull();
    expect(
      milestoneSummary([
        milestone('2024-08-30', 'Coaches trained', 'done'),
        milestone('2024-09-30', 'Booking open', 'done'),
        milestone('2025-03-31', 'Q4 evaluation', 'not_started'),
        milestone('2024-12-31', 'Q3 review', 'in_progress'),
      ]),
    ).toBe('2 of 4 milestones done; next: Q3 review, 31 December 2024');
    expect(milestoneSummary([milestone('2024-12-31', 'Q3 review', 'missed')])).toBe(
      '0 of 1 milestone done; 1 missed',
    );
  });
});

describe('updates dated outside the plan’s year', () => {
  it('asks before posting one dated after the year ended or before it began, and not within it', () => {
    expect(outsideYearQuestion('2026-12-03', 2024)).toBe(
      'This update is dated 3 December 2026, after the plan’s year 2024/25 ended. Post it to this plan anyway?',
    );
    expect(outsideYearQuestion('2024-03-31', 2024)).toBe(
      'This update is dated 31 March 2024, before the plan’s year 2024/25 began. Post it to this plan anyway?',
    );
    expect(outsideYearQuestion('2024-04-01', 2024)).toBeNull();
    expect(outsideYearQuestion('2025-03-31', 2024)).toBeNull();
  });
});

describe('a missing plan', () => {
  it('warns from the set number of days before the year ends while next year’s plan does not exist', () => {
    expect(missingPlan([2024], '2024-12-30', 90)).toBeNull();
    expect(missingPlan([2024], '2024-12-31', 90)).toEqual({
      year: 2025,
      message: 'There is no plan for 2025/26 yet, and 2024/25 ends on 31 March 2025, in 90 days.',
    });
    expect(missingPlan([2024], '2024-12-30', 91)?.year).toBe(2025);
    expect(missingPlan([2024], '2025-03-31', 0)?.message).toContain('ends on 31 March 2025, today.');
    expect(missingPlan([2024, 2025], '2025-03-01', 90)).toBeNull();
  });

  it('warns at once when the year under way has no plan, and not when there is no plan at all', () => {
    expect(missingPlan([2023, 2024], '2025-06-15', 90)).toEqual({
      year: 2025,
      message: 'There is no plan for 2025/26, the financial year under way since 1 April 2025.',
    });
    expect(missingPlan([], '2025-06-15', 90)).toBeNull();
  });
});
