/**
 * What is due from a person this quarter: the rules of the home page. For each organisation they can open,
 * from what their role there lets them see:
 *
 * - the progress updates they owe: actions they lead whose update for the quarter is missing, due by the
 *   update window's closing date (before its meeting), or by the quarter's end when the plan has no window;
 * - the late updates of the plans they own (the owner the plan's cycle names, who receives the digest);
 * - for a role limited to units (a care group's manager), their units' actions still owing the update;
 * - plans awaiting the board's approval and approved reports not yet on the public page, for those who
 *   record approvals and those who publish;
 * - quarterly packs issued for a coming meeting of a forum whose list holds their address, and, for those
 *   who manage the plans, coming meetings the updates close before that have no pack yet.
 *
 * An action owes a quarter's update by the reminders' own rule (`owingUpdate`), so the page and the email
 * never disagree. A quarter's deadline counts from the day the quarter starts until the later of its end
 * and the last day its digest of late updates may go (a window may close after its quarter ends, before a
 * meeting early in the next). Every item says what it is in words, with its date as people write it
 * ("11 September 2024"); nothing is counted that is not listed. Pure: the caller reads only what the
 * person may see, and passes today.
 */
import { formatDate } from '../../engine/index.js';
import { DIGEST_DAYS, owingUpdate } from '../mail/planner.js';
import {
  QUARTERS,
  quarterOf,
  quarterWords,
  type Forum,
  type Meeting,
  type PackIssue,
  type QuarterNumber,
  type UpdateWindow,
} from '../meetings/meeting.js';
import type { Organisation } from '../organisations/organisation.js';
import type { PublishedReport, Revision } from '../publication/approval.js';
import { titleOf } from '../plans/markup.js';
import { financialYearLabel, financialYearOf, type Action, type Plan } from '../plans/plan.js';

/** What a person's role in one organisation lets them do, as far as the home page needs to know. */
export interface DueRights {
  /** May post progress updates on the actions they lead. */
  update: boolean;
  /** Records the board's approval of a year's report and plan (an organisation-wide role). */
  approve: boolean;
  /** Publishes an approved revision on the public page. */
  publish: boolean;
  /** Manages the plans, their cycle and the meetings of the whole organisation. */
  manage: boolean;
  /** May download a pack as it was issued (an organisation-wide reader). */
  readIssued: boolean;
  /**
   * For a role limited to units: the ids of the units it reaches (with those below them) with their paths,
   * and the care groups whose packs it may open, by path. Null for an organisation-wide role.
   */
  units: {
    ids: ReadonlySet<string>;
    paths: ReadonlyMap<string, string>;
    careGroups: readonly string[];
  } | null;
}

/** One plan as the person sees it. */
export interface PlanFacts {
  plan: Plan;
  /** The plan's actions within the person's reach (visibility.ts), never another unit's. */
  actions: readonly Action[];
  windows: readonly UpdateWindow[];
  /** Who receives the plan's digest of late updates. */
  ownerUserId: string | null;
  /** The approved revisions of the plan's year, oldest first (empty unless the person approves or publishes). */
  revisions: readonly Revision[];
  /** Which revision of the plan's year the public page shows. */
  published: PublishedReport | null;
}

/** One organisation as the person sees it. */
export interface OrganisationFacts {
  organisation: Organisation;
  rights: DueRights;
  plans: readonly PlanFacts[];
  forums: readonly Forum[];
  meetings: readonly Meeting[];
  /** The packs issued for meetings on or after today, newest first. */
  issues: readonly PackIssue[];
}

export interface DueItem {
  /** The link's text: what the item is. */
  title: string;
  href: string;
  /** The date it is due by, or that it is about (ISO), for ordering; `dateText` as people write it. */
  date: string;
  dateText: string;
  /** Sentences that say what is due and why. */
  lines: string[];
  /** A word for its state, shown as a tag beside the words that explain it (never colour alone). */
  tag: { text: string; colour: 'red' | 'orange' | 'yellow' | 'blue' | 'grey' } | null;
  /** The organisation, named when the person can open more than one. */
  organisation: string;
  /** Actions listed under the item (the late updates of a plan). */
  actions: { title: string; href: string; lines: string[] }[];
}

export type DueGroupId = 'updates' | 'late' | 'unit' | 'approvals' | 'review' | 'issue';

export interface DueGroup {
  id: DueGroupId;
  heading: string;
  /** One sentence under the heading: what the group holds. */
  intro: string;
  items: DueItem[];
}

export interface Due {
  today: string;
  todayText: string;
  /** "Q4 2024/25", and "January to March 2025". */
  quarterLabel: string;
  quarterWords: string;
  /** Only the groups that hold something, in the order of the page. */
  groups: DueGroup[];
  /** How many items there are in all (the sum of what is listed). */
  total: number;
}

/** A plan's deadline for one quarter's updates: its update window, or the quarter's end when none is set. */
export interface Deadline {
  quarter: QuarterNumber;
  /** An update dated on or after this day counts for the quarter. */
  quarterStart: string;
  /** Null when the plan has no window for the quarter. */
  opensOn: string | null;
  closesOn: string;
  meeting: { id: string; meetsOn: string; forum: string } | null;
  state: 'upcoming' | 'open' | 'late';
}

const addDays = (iso: string, days: number): string =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

const GROUPS: Readonly<Record<DueGroupId, { heading: string; intro: string }>> = {
  updates: {
    heading: 'Updates due from you',
    intro: 'Actions you lead that still need their progress update for the quarter.',
  },
  late: {
    heading: 'Late updates of the plans you own',
    intro: 'The update window has closed and these actions still have no update for the quarter.',
  },
  unit: {
    heading: 'Updates due in your part of the organisation',
    intro: 'Actions your units own that still need their progress update for the quarter.',
  },
  approvals: {
    heading: 'Approvals waiting for you',
    intro: 'Plans that await the board’s approval, and approved reports not yet on the public page.',
  },
  review: {
    heading: 'Packs to review',
    intro: 'Quarterly packs issued for a coming meeting of a forum whose list you are on.',
  },
  issue: {
    heading: 'Packs to issue',
    intro: 'Coming meetings that the updates close before, with no pack issued for them yet.',
  },
};

/**
 * The plan's deadlines in force on `today`: each quarter whose start has come, until the later of its end
 * and the last day of its digest of late updates. A quarter with a window is upcoming before the window
 * opens, open until it closes and late after; a quarter without one is open until its end.
 */
export function deadlinesOn(
  plan: Plan,
  windows: readonly UpdateWindow[],
  meetings: readonly Meeting[],
  forums: readonly Forum[],
  today: string,
): Deadline[] {
  const out: Deadline[] = [];
  for (const quarter of QUARTERS) {
    const { start, end } = quarterOf(plan.year, quarter);
    if (today < start) continue;
    const window = windows.find((w) => w.planId === plan.id && w.quarter === quarter);
    if (!window) {
      if (today <= end)
        out.push({
          quarter,
          quarterStart: start,
          opensOn: null,
          closesOn: end,
          meeting: null,
          state: 'open',
        });
      continue;
    }
    const digestEnds = addDays(window.closesOn, DIGEST_DAYS);
    if (today > end && today > digestEnds) continue;
    const meeting = meetings.find((m) => m.id === window.meetingId);
    const forum = meeting ? forums.find((f) => f.id === meeting.forumId) : undefined;
    out.push({
      quarter,
      quarterStart: start,
      opensOn: window.opensOn,
      closesOn: window.closesOn,
      meeting: meeting ? { id: meeting.id, meetsOn: meeting.meetsOn, forum: forum?.name ?? 'meeting' } : null,
      state: today < window.opensOn ? 'upcoming' : today <= window.closesOn ? 'open' : 'late',
    });
  }
  return out;
}

/** The earliest-closing deadline the action still owes an update for, or null. */
export function deadlineOf(action: Action, deadlines: readonly Deadline[]): Deadline | null {
  let best: Deadline | null = null;
  for (const d of deadlines)
    if (owingUpdate([action], d.quarterStart).length === 1 && (!best || d.closesOn < best.closesOn)) best = d;
  return best;
}

const quarterName = (plan: Plan, d: Deadline) => `Q${d.quarter} ${financialYearLabel(plan.year)}`;
const beforeMeeting = (d: Deadline) =>
  d.meeting ? `, before the ${d.meeting.forum} on ${formatDate(d.meeting.meetsOn)}` : '';

/** What a deadline asks, in a sentence or two. */
export function deadlineWords(plan: Plan, d: Deadline): string {
  const q = quarterName(plan, d);
  if (d.state === 'late')
    return `Late: the ${q} update window closed on ${formatDate(d.closesOn)}${beforeMeeting(d)}.`;
  if (d.opensOn === null)
    return `Due by ${formatDate(d.closesOn)}, the end of ${q}. No update window is set for this quarter.`;
  if (d.state === 'upcoming')
    return `Due by ${formatDate(d.closesOn)}${beforeMeeting(d)}. The ${q} update window opens on ${formatDate(d.opensOn)}.`;
  return `Due by ${formatDate(d.closesOn)}${beforeMeeting(d)}. The ${q} update window is open.`;
}

const deadlineTag = (d: Deadline): DueItem['tag'] =>
  d.state === 'late'
    ? { text: 'Late', colour: 'red' }
    : d.state === 'upcoming'
      ? { text: 'Not open yet', colour: 'grey' }
      : { text: 'Due', colour: 'orange' };

const latestWords = (a: Action) =>
  a.lastUpdateOn ? `The latest update is dated ${formatDate(a.lastUpdateOn)}.` : 'It has no update yet.';

/** Which plan an action is in: its title, and its year when the title does not say it. */
const planWords = (plan: Plan) => {
  const year = financialYearLabel(plan.year);
  return `Plan: ${plan.title}${plan.title.includes(year) ? '' : ` (${year})`}.`;
};

const leadsWords = (a: Action) =>
  a.leads.length === 0 ? 'No lead is named.' : `Lead: ${a.leads.map((l) => l.name).join(', ')}.`;

const orgPath = (org: Organisation) => `/o/${encodeURIComponent(org.odsCode)}`;
const planHref = (org: Organisation, plan: Plan) => `${orgPath(org)}/plans/${plan.id}`;
const actionHref = (org: Organisation, plan: Plan, a: Action) => `${planHref(org, plan)}/actions/${a.id}`;
const actionTitle = (a: Action) => `A${a.ref}: ${titleOf(a.text, 120)}`;

function item(
  org: Organisation,
  fields: Pick<DueItem, 'title' | 'href' | 'date' | 'lines'> & Partial<DueItem>,
): DueItem {
  return {
    tag: null,
    actions: [],
    ...fields,
    dateText: formatDate(fields.date),
    organisation: org.name,
  };
}

/** The updates due from the person (`mine`) and, for a role limited to units, their units' (`unit`). */
function updateItems(
  facts: OrganisationFacts,
  userId: string,
  today: string,
): { mine: DueItem[]; late: DueItem[]; unit: DueItem[] } {
  const { organisation: org, rights } = facts;
  const mine: DueItem[] = [];
  const late: DueItem[] = [];
  const unit: DueItem[] = [];
  for (const p of facts.plans) {
    const deadlines = deadlinesOn(p.plan, p.windows, facts.meetings, facts.forums, today);
    if (deadlines.length === 0) continue;
    const owing = p.actions
      .map((action) => ({ action, deadline: deadlineOf(action, deadlines) }))
      .filter((x): x is { action: Action; deadline: Deadline } => x.deadline !== null);
    for (const { action, deadline } of owing) {
      const leads = action.leads.some((l) => l.userId === userId);
      if (leads && rights.update)
        mine.push(
          item(org, {
            title: actionTitle(action),
            href: `${actionHref(org, p.plan, action)}/update`,
            date: deadline.closesOn,
            lines: [planWords(p.plan), deadlineWords(p.plan, deadline), latestWords(action)],
            tag: deadlineTag(deadline),
          }),
        );
      else if (
        rights.units &&
        action.unitId !== null &&
        rights.units.ids.has(action.unitId) &&
        deadline.state !== 'upcoming'
      )
        unit.push(
          item(org, {
            title: actionTitle(action),
            href: actionHref(org, p.plan, action),
            date: deadline.closesOn,
            lines: [
              planWords(p.plan),
              `Owned by ${rights.units.paths.get(action.unitId) ?? 'your unit'}.`,
              deadlineWords(p.plan, deadline),
              leadsWords(action),
              latestWords(action),
            ],
            tag: deadlineTag(deadline),
          }),
        );
    }
    // The owner's digest, on the page: per closed window, the actions still without their update.
    if (p.ownerUserId === userId && rights.manage)
      for (const d of deadlines.filter((x) => x.state === 'late')) {
        const missing = owingUpdate(p.actions, d.quarterStart);
        if (missing.length === 0) continue;
        const q = quarterName(p.plan, d);
        late.push(
          item(org, {
            title: `${p.plan.title}: ${missing.length} action${missing.length === 1 ? '' : 's'} without their ${q} update`,
            href: planHref(org, p.plan),
            date: d.closesOn,
            lines: [
              `The ${q} update window closed on ${formatDate(d.closesOn)}${beforeMeeting(d)}. You own this plan’s cycle.`,
            ],
            tag: { text: 'Late', colour: 'red' },
            actions: missing.map((a) => ({
              title: actionTitle(a),
              href: actionHref(org, p.plan, a),
              lines: [leadsWords(a), latestWords(a)],
            })),
          }),
        );
      }
  }
  return { mine, late, unit };
}

/** Plans that await the board's approval, and approved revisions not on the public page. */
function approvalItems(facts: OrganisationFacts, today: string): DueItem[] {
  const { organisation: org, rights } = facts;
  const out: DueItem[] = [];
  const approvalHref = (year: number) => `${orgPath(org)}/publication/${year}/approval`;
  // This year's plan and report, and next year's plan once it is begun; an earlier year's is history.
  for (const { plan, revisions, published } of facts.plans) {
    if (plan.year < financialYearOf(today)) continue;
    const yearLabel = financialYearLabel(plan.year);
    if (rights.approve && plan.status === 'endorsed')
      out.push(
        item(org, {
          title: `${plan.title}: record the board’s approval`,
          href: approvalHref(plan.year),
          date: plan.endorsedOn ?? plan.updatedAt.slice(0, 10),
          lines: [
            `The ${yearLabel} plan was endorsed${plan.endorsedBy ? ` by the ${plan.endorsedBy}` : ''}${plan.endorsedOn ? ` on ${formatDate(plan.endorsedOn)}` : ''} and awaits the board’s approval.`,
          ],
          tag: { text: 'Awaits approval', colour: 'yellow' },
        }),
      );
    else if (rights.approve && plan.status === 'draft')
      out.push(
        item(org, {
          title: `${plan.title}: awaits endorsement`,
          href: planHref(org, plan),
          date: plan.updatedAt.slice(0, 10),
          lines: [
            `The ${yearLabel} plan is a draft: it awaits endorsement and the board’s approval. It was last changed on ${formatDate(plan.updatedAt.slice(0, 10))}.`,
          ],
          tag: { text: 'Draft', colour: 'grey' },
        }),
      );
    const latest = revisions.at(-1);
    if (rights.publish && latest && published?.revisionId !== latest.id)
      out.push(
        item(org, {
          title: `Publish revision ${latest.revision} of the ${plan.year} report and ${yearLabel} plan`,
          href: approvalHref(plan.year),
          date: latest.approvedOn,
          lines: [
            `Approved at the ${latest.meeting} on ${formatDate(latest.approvedOn)} (minute ${latest.minuteRef}). ${published ? `The public page shows revision ${published.revision}.` : 'No revision of this year is on the public page.'}`,
          ],
          tag: { text: 'Not published', colour: 'yellow' },
        }),
      );
  }
  return out;
}

/** Packs issued for a coming meeting of a forum the person is on, and coming meetings still without a pack. */
function packItems(
  facts: OrganisationFacts,
  email: string | null,
  today: string,
): { review: DueItem[]; issue: DueItem[] } {
  const { organisation: org, rights } = facts;
  const review: DueItem[] = [];
  const issue: DueItem[] = [];
  const address = email?.trim().toLowerCase() ?? '';
  const seen = new Set<string>();
  for (const i of facts.issues) {
    const meeting = facts.meetings.find((m) => m.id === i.meetingId);
    const forum = meeting ? facts.forums.find((f) => f.id === meeting.forumId) : undefined;
    if (!meeting || !forum || meeting.meetsOn < today || address === '') continue;
    if (!forum.recipients.some((r) => r.toLowerCase() === address)) continue;
    // A pack issued again for the same meeting replaces the earlier one (issues come newest first).
    const key = `${i.meetingId}|${i.year}|${i.quarter}|${i.careGroup ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const q = `Q${i.quarter} ${financialYearLabel(i.year)}`;
    const of = i.careGroup ? ` of ${i.careGroup}` : '';
    const lines = [
      `For the ${forum.name} on ${formatDate(meeting.meetsOn)}. Issued on ${formatDate(i.issuedAt.slice(0, 10))} by ${i.issuedByLabel}.`,
    ];
    let href: string;
    if (rights.readIssued) href = `${orgPath(org)}/meetings/${meeting.id}/packs/${i.id}`;
    else if (rights.units && i.careGroup !== null && rights.units.careGroups.includes(i.careGroup)) {
      // The issued copy is the organisation's record; a care group's reader opens their pack as made today.
      href = `${orgPath(org)}/publication/${i.year}/pack/Q${i.quarter}/html?careGroup=${encodeURIComponent(i.careGroup)}`;
      lines.push('The link opens the pack as made from today’s data.');
    } else continue;
    review.push(
      item(org, {
        title: `${q} pack${of} for the ${forum.name}`,
        href,
        date: meeting.meetsOn,
        lines,
        tag: { text: 'To review', colour: 'blue' },
      }),
    );
  }
  if (rights.manage) {
    const planned = new Set<string>();
    for (const p of facts.plans)
      for (const d of deadlinesOn(p.plan, p.windows, facts.meetings, facts.forums, today)) {
        if (!d.meeting || d.meeting.meetsOn < today || planned.has(d.meeting.id)) continue;
        if (facts.issues.some((i) => i.meetingId === d.meeting!.id)) continue;
        planned.add(d.meeting.id);
        const q = quarterName(p.plan, d);
        issue.push(
          item(org, {
            title: `Pack for the ${d.meeting.forum} on ${formatDate(d.meeting.meetsOn)}`,
            href: `${orgPath(org)}/meetings/${d.meeting.id}`,
            date: d.meeting.meetsOn,
            lines: [
              `No pack has been issued for this meeting yet. The ${q} updates ${d.state === 'late' ? 'closed' : 'close'} on ${formatDate(d.closesOn)}.`,
            ],
            tag: { text: 'Not issued', colour: 'yellow' },
          }),
        );
      }
  }
  return { review, issue };
}

/**
 * Everything due from a person on `today` across the organisations they can open (`organisations`, each
 * with only what their role there lets them see), grouped and each group in date order.
 */
export function whatIsDue(
  person: { userId: string; email: string | null },
  organisations: readonly OrganisationFacts[],
  today: string,
): Due {
  const lists: Record<DueGroupId, DueItem[]> = {
    updates: [],
    late: [],
    unit: [],
    approvals: [],
    review: [],
    issue: [],
  };
  for (const facts of organisations) {
    const updates = updateItems(facts, person.userId, today);
    lists.updates.push(...updates.mine);
    lists.late.push(...updates.late);
    lists.unit.push(...updates.unit);
    lists.approvals.push(...approvalItems(facts, today));
    const packs = packItems(facts, person.email, today);
    lists.review.push(...packs.review);
    lists.issue.push(...packs.issue);
  }
  const groups: DueGroup[] = [];
  for (const id of Object.keys(lists) as DueGroupId[]) {
    const items = lists[id].sort((a, b) => a.date.localeCompare(b.date) || a.title.localeCompare(b.title));
    if (items.length > 0) groups.push({ id, ...GROUPS[id], items });
  }
  const fy = financialYearOf(today);
  const quarter = (Math.floor(((Number(today.slice(5, 7)) + 8) % 12) / 3) + 1) as QuarterNumber;
  return {
    today,
    todayText: formatDate(today),
    quarterLabel: `Q${quarter} ${financialYearLabel(fy)}`,
    quarterWords: quarterWords(fy, quarter),
    groups,
    total: groups.reduce((n, g) => n + g.items.length, 0),
  };
}
