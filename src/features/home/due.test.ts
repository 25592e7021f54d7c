import { describe, expect, it } from 'vitest';
import type { Forum, Meeting, PackIssue, UpdateWindow } from '../meetings/meeting.js';
import type { Organisation } from '../organisations/organisation.js';
import type { Action, Plan } from '../plans/plan.js';
import type { PublishedReport, Revision } from '../publication/approval.js';
import {
  deadlineOf,
  deadlinesOn,
  deadlineWords,
  whatIsDue,
  type DueRights,
  type OrganisationFacts,
  type PlanFacts,
} from './due.js';

// The 2024/25 plan's Q4 (January to March 2025) closes on Wednesday 5 March 2025, five working days before
// the People Group of Wednesday 12 March; its window opens ten working days earlier, on 19 February.
const ORG: Organisation = {
  id: 'org',
  odsCode: 'DHF',
  name: 'Demo Hospitals',
  kind: 'trust',
  parentId: null,
  createdAt: '',
};
const ME = 'user-me';
const MY_EMAIL = 'Sam.Okoro@dhf.example';

const plan = (over: Partial<Plan> = {}): Plan => ({
  id: 'plan-24',
  organisationId: 'org',
  year: 2024,
  title: 'Action plan 2024/25',
  status: 'approved',
  authors: [],
  publicationDate: null,
  sources: '',
  endorsedBy: '',
  endorsedOn: null,
  boardApprovalDate: null,
  alignment: '',
  carriedFromPlanId: null,
  version: 1,
  createdAt: '2024-04-01T09:00:00.000Z',
  createdByLabel: 'analyst',
  updatedAt: '2024-04-01T09:00:00.000Z',
  updatedByLabel: 'analyst',
  ...over,
});

let nextRef = 1;
const action = (over: Partial<Action> = {}): Action => {
  const ref = nextRef++;
  return {
    id: `action-${ref}`,
    planId: 'plan-24',
    organisationId: 'org',
    ref,
    text: `Action number ${ref}. More detail follows.`,
    status: 'ongoing',
    theme: null,
    aim: '',
    kpiText: '',
    timescale: { kind: 'none' },
    dueDate: null,
    outcome: '',
    sustainability: '',
    serves: { wres: true, wdes: false, other: false },
    rag: 'on_track',
    lastUpdateOn: '2024-12-13',
    originActionId: null,
    unitId: null,
    version: 1,
    indicators: [],
    leads: [{ name: 'Sam Okoro', userId: ME }],
    kpis: [],
    milestones: [],
    createdAt: '',
    createdByLabel: '',
    updatedAt: '',
    updatedByLabel: '',
    ...over,
  };
};

const forum = (over: Partial<Forum> = {}): Forum => ({
  id: 'people-group',
  organisationId: 'org',
  name: 'People Group',
  unitId: null,
  recipients: ['secretary@dhf.example'],
  version: 1,
  createdAt: '',
  createdByLabel: '',
  updatedAt: '',
  updatedByLabel: '',
  ...over,
});

const meeting = (id: string, meetsOn: string, forumId = 'people-group'): Meeting => ({
  id,
  organisationId: 'org',
  forumId,
  meetsOn,
  note: '',
  createdAt: '',
  createdByLabel: '',
});

const window = (quarter: 1 | 2 | 3 | 4, meetingId: string, opensOn: string, closesOn: string) =>
  ({
    id: `w${quarter}`,
    organisationId: 'org',
    planId: 'plan-24',
    quarter,
    meetingId,
    opensOn,
    closesOn,
    updatedAt: '',
    updatedByLabel: '',
  }) satisfies UpdateWindow;

const MARCH = meeting('march', '2025-03-12');
const Q4 = window(4, 'march', '2025-02-19', '2025-03-05');

const RIGHTS: Record<'lead' | 'analyst' | 'admin' | 'viewer' | 'unitViewer', DueRights> = {
  lead: { update: true, approve: false, publish: false, manage: false, readIssued: true, units: null },
  analyst: { update: true, approve: true, publish: false, manage: true, readIssued: true, units: null },
  admin: { update: true, approve: true, publish: true, manage: true, readIssued: true, units: null },
  viewer: { update: false, approve: false, publish: false, manage: false, readIssued: true, units: null },
  unitViewer: {
    update: false,
    approve: false,
    publish: false,
    manage: false,
    readIssued: false,
    units: {
      ids: new Set(['medicine', 'cardiology']),
      paths: new Map([
        ['medicine', 'Medicine'],
        ['cardiology', 'Medicine > Cardiology'],
      ]),
      careGroups: ['Medicine'],
    },
  },
};

function planFacts(over: Partial<PlanFacts> = {}): PlanFacts {
  return {
    plan: plan(),
    actions: [],
    windows: [Q4],
    ownerUserId: null,
    revisions: [],
    published: null,
    ...over,
  };
}

function orgFacts(over: Partial<OrganisationFacts> = {}): OrganisationFacts {
  return {
    organisation: ORG,
    rights: RIGHTS.lead,
    plans: [planFacts()],
    forums: [forum()],
    meetings: [MARCH],
    issues: [],
    ...over,
  };
}

const titles = (due: ReturnType<typeof whatIsDue>, group: string) =>
  due.groups.find((g) => g.id === group)?.items.map((i) => i.title) ?? [];

describe('the deadlines of a plan on a day', () => {
  const p = plan();
  const states = (today: string, windows: UpdateWindow[] = [Q4], meetings = [MARCH]) =>
    deadlinesOn(p, windows, meetings, [forum()], today).map((d) => `Q${d.quarter} ${d.state} ${d.closesOn}`);

  it('follows a window from the quarter’s start: not open yet, open, late until the quarter ends', () => {
    expect(states('2024-12-31')).toEqual(['Q3 open 2024-12-31']);
    expect(states('2025-01-02')).toEqual(['Q4 upcoming 2025-03-05']);
    expect(states('2025-02-19')).toEqual(['Q4 open 2025-03-05']);
    expect(states('2025-03-05')).toEqual(['Q4 open 2025-03-05']);
    expect(states('2025-03-06')).toEqual(['Q4 late 2025-03-05']);
    expect(states('2025-03-31')).toEqual(['Q4 late 2025-03-05']);
    expect(states('2025-04-01')).toEqual([]);
  });

  it('keeps a window that closes after its quarter ends until its digest’s last day', () => {
    // Q3's updates are for the People Group of 14 January 2025; the window closes on 7 January.
    const q3 = window(3, 'january', '2024-12-20', '2025-01-07');
    const meetings = [meeting('january', '2025-01-14'), MARCH];
    expect(states('2025-01-06', [q3, Q4], meetings)).toEqual([
      'Q3 open 2025-01-07',
      'Q4 upcoming 2025-03-05',
    ]);
    expect(states('2025-01-14', [q3, Q4], meetings)).toEqual([
      'Q3 late 2025-01-07',
      'Q4 upcoming 2025-03-05',
    ]);
    expect(states('2025-01-15', [q3, Q4], meetings)).toEqual(['Q4 upcoming 2025-03-05']);
  });

  it('falls back to the quarter’s end when the plan has no window for the quarter', () => {
    const [d] = deadlinesOn(p, [], [], [], '2025-02-03');
    expect(d).toMatchObject({ quarter: 4, opensOn: null, closesOn: '2025-03-31', state: 'open' });
    expect(deadlineWords(p, d!)).toBe(
      'Due by 31 March 2025, the end of Q4 2024/25. No update window is set for this quarter.',
    );
  });

  it('says each state in words, with the meeting the window closes before', () => {
    const words = (today: string) => deadlineWords(p, deadlinesOn(p, [Q4], [MARCH], [forum()], today)[0]!);
    expect(words('2025-02-03')).toBe(
      'Due by 5 March 2025, before the People Group on 12 March 2025. The Q4 2024/25 update window opens on 19 February 2025.',
    );
    expect(words('2025-02-24')).toBe(
      'Due by 5 March 2025, before the People Group on 12 March 2025. The Q4 2024/25 update window is open.',
    );
    expect(words('2025-03-10')).toBe(
      'Late: the Q4 2024/25 update window closed on 5 March 2025, before the People Group on 12 March 2025.',
    );
  });

  it('owes the update while unfinished and not updated since the quarter began, by the earliest deadline', () => {
    const q3 = window(3, 'january', '2024-12-20', '2025-01-07');
    const deadlines = deadlinesOn(p, [q3, Q4], [meeting('january', '2025-01-14'), MARCH], [], '2025-01-06');
    expect(deadlineOf(action({ lastUpdateOn: '2024-09-30' }), deadlines)?.quarter).toBe(3);
    expect(deadlineOf(action({ lastUpdateOn: null }), deadlines)?.quarter).toBe(3);
    // Updated in Q3: it owes only Q4's.
    expect(deadlineOf(action({ lastUpdateOn: '2024-12-13' }), deadlines)?.quarter).toBe(4);
    expect(deadlineOf(action({ lastUpdateOn: '2025-01-03' }), deadlines)).toBeNull();
    expect(deadlineOf(action({ lastUpdateOn: null, status: 'completed' }), deadlines)).toBeNull();
    expect(deadlineOf(action({ lastUpdateOn: null, rag: 'complete' }), deadlines)).toBeNull();
  });
});

describe('what is due from a person', () => {
  const me = { userId: ME, email: MY_EMAIL };

  it('lists the updates due from a lead, linked to each update form, in date order', () => {
    const mine = action({ text: 'Train a pool of panel members. Then more.' });
    const fresh = action({ lastUpdateOn: '2025-01-20' });
    const done = action({ lastUpdateOn: null, status: 'completed' });
    const others = action({ leads: [{ name: 'Priya Patel', userId: 'someone-else' }] });
    const textLead = action({ leads: [{ name: 'Sam Okoro', userId: null }] });
    const due = whatIsDue(
      me,
      [orgFacts({ plans: [planFacts({ actions: [mine, fresh, done, others, textLead] })] })],
      '2025-02-24',
    );
    expect(due.groups.map((g) => g.id)).toEqual(['updates']);
    const [item] = due.groups[0]!.items;
    expect(due.groups[0]!.items).toHaveLength(1);
    expect(item).toMatchObject({
      title: `A${mine.ref}: Train a pool of panel members.`,
      href: `/o/DHF/plans/plan-24/actions/${mine.id}/update`,
      date: '2025-03-05',
      dateText: '5 March 2025',
      tag: { text: 'Due', colour: 'orange' },
      lines: [
        'Plan: Action plan 2024/25.',
        'Due by 5 March 2025, before the People Group on 12 March 2025. The Q4 2024/25 update window is open.',
        'The latest update is dated 13 December 2024.',
      ],
    });
    expect(due).toMatchObject({
      total: 1,
      quarterLabel: 'Q4 2024/25',
      quarterWords: 'January to March 2025',
      todayText: '24 February 2025',
    });
  });

  it('marks a missed window late, in words as well as by its tag', () => {
    const due = whatIsDue(me, [orgFacts({ plans: [planFacts({ actions: [action()] })] })], '2025-03-10');
    const [item] = due.groups[0]!.items;
    expect(item!.tag).toEqual({ text: 'Late', colour: 'red' });
    expect(item!.lines[1]).toMatch(/^Late: the Q4 2024\/25 update window closed on 5 March 2025/);
  });

  it('names the plan’s year when its title does not', () => {
    const untitled = planFacts({ plan: plan({ title: 'Our equality plan' }), actions: [action()] });
    const due = whatIsDue(me, [orgFacts({ plans: [untitled] })], '2025-02-24');
    expect(due.groups[0]!.items[0]!.lines[0]).toBe('Plan: Our equality plan (2024/25).');
  });

  it('asks nothing of a lead whose role may no longer post updates', () => {
    const due = whatIsDue(
      me,
      [orgFacts({ rights: RIGHTS.viewer, plans: [planFacts({ actions: [action()] })] })],
      '2025-02-24',
    );
    expect(due).toMatchObject({ groups: [], total: 0 });
  });

  it('gives the plan’s owner the late updates of the plan once the window has closed', () => {
    const late = [
      action({ leads: [{ name: 'Head of Employee Relations', userId: null }], lastUpdateOn: null }),
      action({ leads: [{ name: 'Sam Okoro', userId: 'lead' }] }),
    ];
    const updated = action({ lastUpdateOn: '2025-03-01' });
    const facts = (ownerUserId: string | null, rights = RIGHTS.analyst) =>
      orgFacts({ rights, plans: [planFacts({ ownerUserId, actions: [...late, updated] })] });
    const analyst = { userId: 'owner', email: null };

    const open = whatIsDue(analyst, [facts('owner')], '2025-02-24');
    expect(titles(open, 'late')).toEqual([]);

    const closed = whatIsDue(analyst, [facts('owner')], '2025-03-10');
    const [item] = closed.groups.find((g) => g.id === 'late')!.items;
    expect(item!.title).toBe('Action plan 2024/25: 2 actions without their Q4 2024/25 update');
    expect(item!.lines).toEqual([
      'The Q4 2024/25 update window closed on 5 March 2025, before the People Group on 12 March 2025. You own this plan’s cycle.',
    ]);
    expect(item!.actions.map((a) => a.lines)).toEqual([
      ['Lead: Head of Employee Relations.', 'It has no update yet.'],
      ['Lead: Sam Okoro.', 'The latest update is dated 13 December 2024.'],
    ]);
    // Not the owner, or no longer managing the plans: nothing.
    expect(titles(whatIsDue(analyst, [facts('someone-else')], '2025-03-10'), 'late')).toEqual([]);
    expect(titles(whatIsDue(analyst, [facts('owner', RIGHTS.lead)], '2025-03-10'), 'late')).toEqual([]);
  });

  it('shows a unit’s reader the updates their units owe, not the trust-wide ones, once the window opens', () => {
    const cardiology = action({ unitId: 'cardiology', leads: [{ name: 'Dr Cardio', userId: 'dr' }] });
    const trustWide = action({ leads: [{ name: 'Dr Wide', userId: 'wide' }] });
    const facts = orgFacts({
      rights: RIGHTS.unitViewer,
      plans: [planFacts({ actions: [cardiology, trustWide] })],
    });
    const manager = { userId: 'manager', email: null };
    expect(whatIsDue(manager, [facts], '2025-02-03').total).toBe(0);
    const due = whatIsDue(manager, [facts], '2025-02-24');
    expect(due.groups.map((g) => g.id)).toEqual(['unit']);
    expect(due.groups[0]!.items.map((i) => i.href)).toEqual([
      `/o/DHF/plans/plan-24/actions/${cardiology.id}`,
    ]);
    expect(due.groups[0]!.items[0]!.lines).toEqual([
      'Plan: Action plan 2024/25.',
      'Owned by Medicine > Cardiology.',
      'Due by 5 March 2025, before the People Group on 12 March 2025. The Q4 2024/25 update window is open.',
      'Lead: Dr Cardio.',
      'The latest update is dated 13 December 2024.',
    ]);
    // An organisation-wide reader is not given everybody's updates.
    expect(whatIsDue(manager, [{ ...facts, rights: RIGHTS.viewer }], '2025-02-24').total).toBe(0);
  });

  it('lists the plans awaiting the board’s approval to those who record it, and unpublished revisions to those who publish', () => {
    const endorsed = plan({
      id: 'plan-25',
      year: 2025,
      title: 'Action plan 2025/26',
      status: 'endorsed',
      endorsedBy: 'EDI Steering Group',
      endorsedOn: '2025-09-11',
    });
    const draft = plan({ id: 'plan-26', year: 2026, title: 'Action plan 2026/27', status: 'draft' });
    const lastYear = plan({ status: 'draft' });
    const revision = (n: number): Revision => ({
      id: `rev-${n}`,
      organisationId: 'org',
      year: 2025,
      revision: n,
      approver: 'Trust Board',
      meeting: 'Trust Board',
      approvedOn: '2025-10-30',
      minuteRef: 'TB/25/117',
      recordedByUserId: null,
      recordedByLabel: 'analyst',
      recordedAt: '',
      meetingId: null,
    });
    const published: PublishedReport = {
      year: 2025,
      revision: 1,
      revisionId: 'rev-1',
      publishedAt: '',
      publishedByLabel: 'admin',
    };
    const facts = (rights: DueRights, revisions: Revision[] = [revision(1), revision(2)]) =>
      orgFacts({
        rights,
        plans: [
          planFacts({ plan: lastYear, windows: [] }),
          planFacts({ plan: endorsed, windows: [], revisions, published }),
          planFacts({ plan: draft, windows: [] }),
        ],
      });
    const today = '2025-11-03';
    const admin = whatIsDue(me, [facts(RIGHTS.admin)], today);
    expect(titles(admin, 'approvals')).toEqual([
      'Action plan 2026/27: awaits endorsement',
      'Action plan 2025/26: record the board’s approval',
      'Publish revision 2 of the 2025 report and 2025/26 plan',
    ]);
    const items = admin.groups.find((g) => g.id === 'approvals')!.items;
    expect(items[1]!.lines).toEqual([
      'The 2025/26 plan was endorsed by the EDI Steering Group on 11 September 2025 and awaits the board’s approval.',
    ]);
    expect(items[1]!.href).toBe('/o/DHF/publication/2025/approval');
    expect(items[2]!.lines[0]).toBe(
      'Approved at the Trust Board on 30 October 2025 (minute TB/25/117). The public page shows revision 1.',
    );
    // An analyst records approvals but does not publish.
    expect(titles(whatIsDue(me, [facts(RIGHTS.analyst)], today), 'approvals')).toHaveLength(2);
    // The latest revision on the public page: nothing to publish.
    expect(titles(whatIsDue(me, [facts(RIGHTS.admin, [revision(1)])], today), 'approvals')).toHaveLength(2);
    for (const rights of [RIGHTS.lead, RIGHTS.viewer, RIGHTS.unitViewer])
      expect(whatIsDue(me, [facts(rights)], today).total).toBe(0);
  });

  it('lists the packs issued for a coming meeting of a forum the person is on, where they may open them', () => {
    const june = meeting('june', '2025-06-18');
    const issue = (id: string, meetingId: string, careGroup: string | null, issuedAt: string): PackIssue => ({
      id,
      organisationId: 'org',
      meetingId,
      year: 2024,
      quarter: 4,
      careGroup,
      fileName: 'pack.pdf',
      recipients: [],
      mailed: false,
      issuedAt,
      issuedByUserId: null,
      issuedByLabel: 'analyst',
    });
    const board = forum({ id: 'board', name: 'Medicine Board', unitId: 'medicine', recipients: [MY_EMAIL] });
    const boardMeeting = meeting('board-june', '2025-06-11', 'board');
    const facts = (rights: DueRights, recipients: string[]) =>
      orgFacts({
        rights,
        plans: [],
        forums: [forum({ recipients }), board],
        meetings: [MARCH, june, boardMeeting],
        issues: [
          issue('again', 'june', null, '2025-06-10T10:00:00.000Z'),
          issue('first', 'june', null, '2025-06-09T10:00:00.000Z'),
          issue('past', 'march', null, '2025-03-06T10:00:00.000Z'),
          issue('medicine', 'board-june', 'Medicine', '2025-06-05T10:00:00.000Z'),
        ],
      });
    const onList = ['chair@dhf.example', 'sam.okoro@DHF.example'];
    const reader = whatIsDue(me, [facts(RIGHTS.viewer, onList)], '2025-06-10');
    const review = reader.groups.find((g) => g.id === 'review')!.items;
    expect(review.map((i) => [i.title, i.href, i.dateText])).toEqual([
      [
        'Q4 2024/25 pack of Medicine for the Medicine Board',
        '/o/DHF/meetings/board-june/packs/medicine',
        '11 June 2025',
      ],
      ['Q4 2024/25 pack for the People Group', '/o/DHF/meetings/june/packs/again', '18 June 2025'],
    ]);
    expect(review[1]!.lines).toEqual([
      'For the People Group on 18 June 2025. Issued on 10 June 2025 by analyst.',
    ]);
    // Not on the People Group's list: only the board's pack.
    expect(
      titles(whatIsDue(me, [facts(RIGHTS.viewer, ['chair@dhf.example'])], '2025-06-10'), 'review'),
    ).toEqual(['Q4 2024/25 pack of Medicine for the Medicine Board']);
    // A care group's reader opens their care group's pack on the Publication page, and no other pack.
    const unit = whatIsDue(me, [facts(RIGHTS.unitViewer, onList)], '2025-06-10');
    expect(unit.groups.find((g) => g.id === 'review')!.items.map((i) => i.href)).toEqual([
      '/o/DHF/publication/2024/pack/Q4/html?careGroup=Medicine',
    ]);
    // After the meetings, nothing to review; without an address, nothing either.
    expect(whatIsDue(me, [facts(RIGHTS.viewer, onList)], '2025-06-19').total).toBe(0);
    expect(whatIsDue({ userId: ME, email: null }, [facts(RIGHTS.viewer, onList)], '2025-06-10').total).toBe(
      0,
    );
  });

  it('asks those who manage the plans for the pack of a coming meeting the updates close before', () => {
    const facts = (issues: PackIssue[]) => orgFacts({ rights: RIGHTS.analyst, issues });
    const analyst = { userId: 'analyst', email: null };
    const due = whatIsDue(analyst, [facts([])], '2025-03-06');
    const [item] = due.groups.find((g) => g.id === 'issue')!.items;
    expect(item).toMatchObject({
      title: 'Pack for the People Group on 12 March 2025',
      href: '/o/DHF/meetings/march',
      lines: ['No pack has been issued for this meeting yet. The Q4 2024/25 updates closed on 5 March 2025.'],
    });
    const issued: PackIssue = {
      id: 'i',
      organisationId: 'org',
      meetingId: 'march',
      year: 2024,
      quarter: 4,
      careGroup: null,
      fileName: 'pack.pdf',
      recipients: [],
      mailed: false,
      issuedAt: '2025-03-06T10:00:00.000Z',
      issuedByUserId: null,
      issuedByLabel: 'analyst',
    };
    expect(titles(whatIsDue(analyst, [facts([issued])], '2025-03-06'), 'issue')).toEqual([]);
    expect(titles(whatIsDue(analyst, [facts([])], '2025-03-13'), 'issue')).toEqual([]);
    expect(
      titles(whatIsDue(analyst, [{ ...facts([]), rights: RIGHTS.lead }], '2025-03-06'), 'issue'),
    ).toEqual([]);
  });

  it('says nothing is due with no groups at all, and counts only what it lists', () => {
    const nothing = whatIsDue(me, [], '2024-09-11');
    expect(nothing).toMatchObject({
      groups: [],
      total: 0,
      todayText: '11 September 2024',
      quarterLabel: 'Q2 2024/25',
      quarterWords: 'July to September 2024',
    });
    const some = whatIsDue(
      me,
      [orgFacts({ rights: RIGHTS.analyst, plans: [planFacts({ actions: [action(), action()] })] })],
      '2025-03-06',
    );
    expect(some.total).toBe(some.groups.reduce((n, g) => n + g.items.length, 0));
    expect(some.groups.map((g) => [g.id, g.items.length])).toEqual([
      ['updates', 2],
      ['issue', 1],
    ]);
  });
});
