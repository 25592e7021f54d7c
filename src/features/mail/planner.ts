/**
 * What mail is due today, worked out afresh on every tick from the update windows, the plans and the
 * accounts; the outbox keeps each message once (its key names the window, its closing date, the kind and
 * the person), so planning the same day again, or in another server process, adds nothing.
 *
 * - From the day a window opens until the reminder day: to each lead with actions still owing the
 *   quarter's update, that the window is open (optional email).
 * - From the reminder day until it closes: to each lead whose update is still missing (not optional).
 * - For a week after it closes: to the plan's owner, the digest of the actions still without an update.
 *
 * An action owes the quarter's update while it is not complete and its latest update is dated before the
 * quarter began. A message that was not sent in time (the SMTP server was down for days) goes out of date
 * with its window, rather than telling people about a window already closed.
 */
import type { Db } from '../../storage/database.js';
import {
  reminderDate,
  quarterOf,
  quarterWords,
  type CycleSettings,
  type UpdateWindow,
} from '../meetings/meeting.js';
import { meetingsRepository } from '../meetings/meetings.repository.js';
import { organisationsRepository } from '../organisations/organisations.repository.js';
import { titleOf } from '../plans/markup.js';
import { financialYearLabel, isComplete, type Action } from '../plans/plan.js';
import { plansRepository } from '../plans/plans.repository.js';
import { usersRepository } from '../users/users.repository.js';
import { lateDigest, updateReminder, type ActionLine, type WindowFacts } from './compose.js';
import { planHref, unsubscribeHref, updateFormHref, type MailLinks } from './links.js';
import { accountKey, type NewMail } from './mail.js';
import { mailableLeads } from './recipients.js';

/** For how many days after a window closes its digest may still be sent. */
export const DIGEST_DAYS = 7;

const addDays = (iso: string, days: number): string =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
/** The first moment after a day: what "until the end of that day" means for an expiry. */
const endOf = (iso: string): string => `${addDays(iso, 1)}T00:00:00.000Z`;

/** The actions of a plan that still owe the quarter's update. */
export function owingUpdate(actions: readonly Action[], quarterStart: string): Action[] {
  return actions
    .filter((a) => !isComplete(a) && (a.lastUpdateOn === null || a.lastUpdateOn < quarterStart))
    .sort((a, b) => a.ref - b.ref);
}

/** Every message due on the day of `now` (UTC), for every organisation. */
export async function dueMail(
  db: Db,
  now: Date,
  settings: CycleSettings,
  links: MailLinks,
): Promise<NewMail[]> {
  const today = now.toISOString().slice(0, 10);
  const meetings = meetingsRepository(db);
  const windows = await meetings.activeWindows(today, addDays(today, -DIGEST_DAYS));
  const out: NewMail[] = [];
  for (const window of windows) out.push(...(await windowMail(db, window, today, settings, links)));
  return out;
}

async function windowMail(
  db: Db,
  window: UpdateWindow,
  today: string,
  settings: CycleSettings,
  links: MailLinks,
): Promise<NewMail[]> {
  const meetings = meetingsRepository(db);
  const plans = plansRepository(db);
  const [org, plan, meeting] = await Promise.all([
    organisationsRepository(db).findById(window.organisationId),
    plans.findPlan(window.organisationId, window.planId),
    meetings.findMeeting(window.organisationId, window.meetingId),
  ]);
  if (!org || !plan || !meeting) return [];
  const forum = await meetings.findForum(org.id, meeting.forumId);
  if (!forum) return [];
  const { start } = quarterOf(plan.year, window.quarter);
  const owing = owingUpdate(await plans.listActions(plan.id), start);
  if (owing.length === 0) return [];
  const facts: WindowFacts = {
    organisation: org.name,
    planTitle: plan.title,
    planHref: planHref(links, org.odsCode, plan.id),
    quarter: `Q${window.quarter} ${financialYearLabel(plan.year)}`,
    quarterWords: quarterWords(plan.year, window.quarter),
    forum: forum.name,
    meetsOn: meeting.meetsOn,
    opensOn: window.opensOn,
    closesOn: window.closesOn,
  };
  const line = (a: Action): ActionLine => ({
    ref: a.ref,
    title: titleOf(a.text, 200),
    href: updateFormHref(links, org.odsCode, plan.id, a.id),
    lastUpdateOn: a.lastUpdateOn,
    leads: a.leads.map((l) => l.name).join(', ') || 'no lead named',
  });
  // The window's key includes its closing date: a window moved to another meeting reminds again.
  const key = (kind: string, userId: string) => `${kind}:${window.id}:${window.closesOn}:${userId}`;

  if (today > window.closesOn) {
    const ownerId = await meetings.planOwner(plan.id);
    const owner = ownerId ? await usersRepository(db).findById(ownerId) : null;
    if (!owner || !owner.isActive || !owner.email) return [];
    const mail = lateDigest({
      owner: owner.displayName,
      facts,
      actions: owing.map(line),
      unsubscribeUrl: unsubscribeHref(links, accountKey(owner.id)),
    });
    return [
      {
        organisationId: org.id,
        dedupeKey: key('update.late', owner.id),
        kind: 'update.late',
        to: owner.email,
        recipientKey: accountKey(owner.id),
        ...mail,
        unsubscribeUrl: unsubscribeHref(links, accountKey(owner.id)),
        attachments: [],
        expiresAt: endOf(addDays(window.closesOn, DIGEST_DAYS)),
      },
    ];
  }

  const closing = today >= reminderDate(window, settings);
  const kind = closing ? 'update.closing' : 'update.open';
  const mailable = await mailableLeads(db, org.id);
  const byLead = new Map<string, Action[]>();
  for (const action of owing)
    for (const lead of action.leads)
      if (lead.userId !== null && mailable.has(lead.userId))
        byLead.set(lead.userId, [...(byLead.get(lead.userId) ?? []), action]);
  const out: NewMail[] = [];
  for (const [userId, actions] of byLead) {
    const lead = mailable.get(userId)!;
    const unsubscribeUrl = unsubscribeHref(links, accountKey(userId));
    const mail = updateReminder({
      closing,
      lead: lead.displayName,
      facts,
      actions: actions.map((a) => ({ ...line(a), leads: undefined })),
      unsubscribeUrl,
    });
    out.push({
      organisationId: org.id,
      dedupeKey: key(kind, userId),
      kind,
      to: lead.email,
      recipientKey: accountKey(userId),
      ...mail,
      unsubscribeUrl,
      attachments: [],
      expiresAt: endOf(window.closesOn),
    });
  }
  return out;
}
