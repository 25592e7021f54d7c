/**
 * The demo trust's quarterly cycle: its forums (the People Group that reviews the plan each quarter, the
 * EDI Steering Group that endorses it, the Trust Board that approves it, and one care group's board), their
 * meetings from last year's plan to the quarter after this year's ends, so some have passed and some are to
 * come on the demo's day, and each plan's update windows closing before the People Group. Made through the
 * meetings service, as people make them.
 */
import type { Actor } from '../audit/audit.js';
import type { Meeting, QuarterNumber } from '../meetings/meeting.js';
import { QUARTERS } from '../meetings/meeting.js';
import type { Organisation } from '../organisations/organisation.js';
import type { Plan } from '../plans/plan.js';
import { nthWeekday } from '../plans/demo-plans.js';
import type { Services } from '../services.js';
import type { DemoTimeline } from './timeline.js';

interface DemoForum {
  name: string;
  /** The care group whose board it is; absent for the trust's. */
  careGroup?: string;
  recipients: string[];
  /** Months it meets in, and which weekday of the month: [weekday 0-6, nth, -1 for the last]. */
  months: readonly number[];
  on: [number, number];
}

const PEOPLE_GROUP = 'People Group';

export const DEMO_FORUMS: readonly DemoForum[] = [
  {
    name: PEOPLE_GROUP,
    recipients: ['people-group@demo.parity.example', 'analyst@demo.parity.example'],
    months: [1, 4, 7, 10],
    on: [2, 3], // the third Tuesday, after each quarter ends
  },
  {
    name: 'EDI Steering Group',
    recipients: ['edi-steering-group@demo.parity.example'],
    months: [3, 6, 9, 12],
    on: [3, 2], // the second Wednesday: September's endorses the plan
  },
  {
    name: 'Trust Board',
    recipients: ['trust-board@demo.parity.example'],
    months: [1, 3, 5, 7, 10],
    on: [4, -1], // the last Thursday: October's approves the plan
  },
  {
    name: 'Medicine and Emergency Care Board',
    careGroup: 'Medicine and Emergency Care',
    recipients: ['mec-board@demo.parity.example'],
    months: [2, 5, 8, 11],
    on: [1, 1], // the first Monday
  },
];

/** The months from April of `from` to June of `to + 1`: last year's plan to the quarter after this year's. */
function monthsOf(from: number, to: number): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < (to - from + 1) * 12 + 3; i++) {
    const m = ((3 + i) % 12) + 1; // April first
    out.push([from + Math.floor((3 + i) / 12), m]);
  }
  return out;
}

/**
 * Adds the forums and their meetings, and sets each plan's update windows: a quarter's updates are for the
 * People Group after it ends, and the EDI lead receives the digest of late updates.
 */
export async function createDemoCycle(
  services: Services,
  input: {
    actor: Actor;
    org: Organisation;
    plans: readonly Plan[];
    ownerUserId: string;
    timeline: DemoTimeline;
  },
): Promise<void> {
  const { actor, org, timeline } = input;
  const units = await services.plans.units(org);
  const meetingsOf = new Map<string, Meeting[]>();
  const first = Math.min(...input.plans.map((p) => p.year));
  const last = Math.max(...input.plans.map((p) => p.year), timeline.years[2]!);
  for (const f of DEMO_FORUMS) {
    const unit = f.careGroup ? units.find((u) => u.path === f.careGroup) : undefined;
    const forum = await services.meetings.createForum(actor, org, {
      name: f.name,
      unitId: unit?.id ?? '',
      recipients: f.recipients.join('\n'),
    });
    const list: Meeting[] = [];
    for (const [y, m] of monthsOf(first, last))
      if (f.months.includes(m))
        list.push(
          await services.meetings.addMeeting(actor, org, forum, {
            meetsOn: nthWeekday(y, m, f.on[0], f.on[1]),
            note: '',
          }),
        );
    meetingsOf.set(f.name, list);
  }
  const peopleGroup = meetingsOf.get(PEOPLE_GROUP)!;
  for (const plan of input.plans) {
    const quarters = {} as Record<QuarterNumber, { meetingId: string; opensOn: string; closesOn: string }>;
    for (const q of QUARTERS) {
      // The first People Group after the quarter ends: July for Q1, ..., April of the next year for Q4.
      const after = [
        `${plan.year}-07-01`,
        `${plan.year}-10-01`,
        `${plan.year + 1}-01-01`,
        `${plan.year + 1}-04-01`,
      ][q - 1]!;
      const meeting = peopleGroup.find((m) => m.meetsOn >= after);
      quarters[q] = { meetingId: meeting?.id ?? '', opensOn: '', closesOn: '' };
    }
    await services.meetings.saveCycle(actor, org, plan, { ownerUserId: input.ownerUserId, quarters });
  }
}
