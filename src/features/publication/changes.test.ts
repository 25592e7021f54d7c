/** The milestones of an action compared one by one between the approved copy and the plan now. */
import { describe, expect, it } from 'vitest';
import type { Milestone } from '../plans/plan.js';
import { milestoneChanges } from './changes.js';

const milestone = (id: string, over: Partial<Milestone> = {}): Milestone => ({
  id,
  actionId: 'a1',
  dueOn: '2025-09-30',
  title: `Step ${id}`,
  state: 'not_started',
  note: '',
  version: 1,
  updatedAt: '2025-05-01T09:00:00.000Z',
  updatedByLabel: 'edi-lead',
  ...over,
});

describe('milestone changes since approval', () => {
  it('names each milestone added, removed or changed, and which of its parts changed', () => {
    const approved = [milestone('m1'), milestone('m2', { dueOn: '2025-12-31' }), milestone('m3')];
    const current = [
      milestone('m1', { version: 2 }),
      milestone('m2', { dueOn: '2026-01-31', state: 'in_progress', note: 'Moved to January.', version: 3 }),
      milestone('m4', { title: 'Board review', dueOn: '2026-03-31' }),
    ];
    expect(milestoneChanges(approved, current)).toEqual([
      'Milestone “Step m2” changed (date, state, latest word)',
      'Milestone “Board review” added',
      'Milestone “Step m3” removed',
    ]);
  });

  it('finds nothing when only versions differ, and reads a copy frozen without milestones as none', () => {
    expect(milestoneChanges([milestone('m1')], [milestone('m1', { version: 4 })])).toEqual([]);
    expect(milestoneChanges(undefined, [milestone('m1', { title: 'Renamed' })])).toEqual([
      'Milestone “Renamed” added',
    ]);
    expect(milestoneChanges([milestone('m1')], [milestone('m1', { title: 'Renamed' })])).toEqual([
      'Milestone “Renamed” changed (title)',
    ]);
  });
});
