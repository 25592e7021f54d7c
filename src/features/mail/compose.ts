/**
 * The words of every email Parity sends, each as plain text and as HTML with the same content. Every value
 * that came from people (titles, names, forum names) is escaped in the HTML and kept to one line in a
 * subject. Each email ends by saying why it was sent, whether it is optional, and how to stop optional
 * email. Pure: the caller gives the links, dates and names.
 */
import { formatDate } from '../../engine/index.js';
import { escapeHtml } from '../plans/markup.js';

export interface Composed {
  subject: string;
  text: string;
  html: string;
}

/** An action as a reminder lists it, with the link to its update form. */
export interface ActionLine {
  ref: number;
  title: string;
  href: string;
  lastUpdateOn: string | null;
  /** The leads, as named on the plan (for the owner's digest). */
  leads?: string;
}

export interface WindowFacts {
  organisation: string;
  planTitle: string;
  planHref: string;
  /** "Q3 2025/26" */
  quarter: string;
  /** "October to December 2025" */
  quarterWords: string;
  forum: string;
  meetsOn: string;
  opensOn: string;
  closesOn: string;
}

const oneLine = (text: string, max = 200): string => {
  const line = text
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
};

const FONT = 'font-family: Arial, sans-serif; font-size: 16px; line-height: 1.5; color: #212b32;';

function page(title: string, body: string): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<title>${escapeHtml(title)}</title></head>`,
    `<body style="${FONT}">`,
    body,
    '</body></html>',
  ].join('\n');
}

const p = (html: string) => `<p style="margin: 0 0 16px 0;">${html}</p>`;
const link = (href: string, text: string) =>
  `<a href="${escapeHtml(href)}" style="color: #005eb8;">${escapeHtml(text)}</a>`;

/** Why the email came, whether it is optional, and the link that stops optional email. */
function footer(
  kind: { optional: boolean; why: string },
  unsubscribeUrl: string,
): { text: string; html: string } {
  const status = kind.optional
    ? 'This is optional email.'
    : 'This reminder is about an update you owe, so it is sent even if you have turned optional email off.';
  const stop =
    'To stop optional email from Parity (notices that a window has opened, digests of late updates and quarterly packs), open this link';
  return {
    text: ['--', `${kind.why} ${status}`, `${stop}:`, unsubscribeUrl].join('\n'),
    html: [
      '<hr style="border: 0; border-top: 1px solid #d8dde0; margin: 24px 0 16px 0;">',
      `<p style="margin: 0 0 8px 0; font-size: 14px; color: #4c6272;">${escapeHtml(kind.why)} ${escapeHtml(status)}</p>`,
      `<p style="margin: 0; font-size: 14px; color: #4c6272;">${escapeHtml(stop)}: ${link(unsubscribeUrl, 'stop optional email')}.</p>`,
    ].join('\n'),
  };
}

function actionList(actions: readonly ActionLine[]): { text: string; html: string } {
  const updated = (a: ActionLine) =>
    a.lastUpdateOn ? `last update ${formatDate(a.lastUpdateOn)}` : 'no update yet';
  return {
    text: actions
      .map(
        (a) =>
          `- A${a.ref}: ${oneLine(a.title, 300)}\n  (${updated(a)}${a.leads ? `; ${oneLine(a.leads)}` : ''})\n  ${a.href}`,
      )
      .join('\n'),
    html: `<ul style="margin: 0 0 16px 0; padding-left: 24px;">${actions
      .map(
        (a) =>
          `<li style="margin-bottom: 8px;">${link(a.href, `A${a.ref}: ${oneLine(a.title, 300)}`)}<br><span style="color: #4c6272;">${escapeHtml(updated(a))}${a.leads ? `; ${escapeHtml(oneLine(a.leads))}` : ''}</span></li>`,
      )
      .join('')}</ul>`,
  };
}

/**
 * To an action lead: the window for the quarter's updates is open (`closing: false`), or closes soon and
 * their update is still missing (`closing: true`, the one email that is not optional).
 */
export function updateReminder(input: {
  closing: boolean;
  lead: string;
  facts: WindowFacts;
  actions: readonly ActionLine[];
  unsubscribeUrl: string;
}): Composed {
  const { facts, actions, closing } = input;
  const n = actions.length;
  const these = n === 1 ? 'this action' : `these ${n} actions`;
  const subject = oneLine(
    closing
      ? `Reminder: your ${facts.quarter} update is due by ${formatDate(facts.closesOn)}`
      : `${facts.quarter} updates are open until ${formatDate(facts.closesOn)}`,
    250,
  );
  const opening = closing
    ? `Your ${facts.quarter} progress update on ${these} of ${oneLine(facts.planTitle)} has not been posted yet. Updates close on ${formatDate(facts.closesOn)}.`
    : `The window for ${facts.quarter} progress updates (${facts.quarterWords}) on ${oneLine(facts.planTitle)} is open from ${formatDate(facts.opensOn)} until ${formatDate(facts.closesOn)}. You lead ${these}.`;
  const purpose = `The updates go to the ${oneLine(facts.forum)} on ${formatDate(facts.meetsOn)}.`;
  const how =
    'Each link opens the action’s update form (sign in first if Parity asks): choose a RAG status, say what has happened since the last update, and post it.';
  const list = actionList(actions);
  const end = footer(
    {
      optional: !closing,
      why: `You are named as the lead of ${n === 1 ? 'an action' : 'actions'} in ${oneLine(facts.organisation)}’s action plan.`,
    },
    input.unsubscribeUrl,
  );
  const greeting = `Dear ${oneLine(input.lead)},`;
  return {
    subject,
    text: [greeting, '', opening, purpose, '', list.text, '', how, '', end.text].join('\n'),
    html: page(
      subject,
      [
        p(escapeHtml(greeting)),
        p(`${escapeHtml(opening)} ${escapeHtml(purpose)}`),
        list.html,
        p(escapeHtml(how)),
        end.html,
      ].join('\n'),
    ),
  };
}

/** To a plan's owner after a window closed: the actions whose update did not come in time. */
export function lateDigest(input: {
  owner: string;
  facts: WindowFacts;
  actions: readonly ActionLine[];
  unsubscribeUrl: string;
}): Composed {
  const { facts, actions } = input;
  const n = actions.length;
  const subject = oneLine(
    `${facts.quarter}: ${n} update${n === 1 ? '' : 's'} missing for the ${facts.forum} on ${formatDate(facts.meetsOn)}`,
    250,
  );
  const opening = `The window for ${facts.quarter} updates on ${oneLine(facts.planTitle)} closed on ${formatDate(facts.closesOn)}. ${n === 1 ? 'This action has' : `These ${n} actions have`} no update for the quarter yet:`;
  const after = `The plan: ${facts.planHref}`;
  const list = actionList(actions);
  const end = footer(
    {
      optional: true,
      why: `You receive the digest of late updates for ${oneLine(facts.organisation)}’s ${oneLine(facts.planTitle)}.`,
    },
    input.unsubscribeUrl,
  );
  const greeting = `Dear ${oneLine(input.owner)},`;
  return {
    subject,
    text: [greeting, '', opening, '', list.text, '', after, '', end.text].join('\n'),
    html: page(
      subject,
      [
        p(escapeHtml(greeting)),
        p(escapeHtml(opening)),
        list.html,
        p(link(facts.planHref, 'Open the plan in Parity')),
        end.html,
      ].join('\n'),
    ),
  };
}

/** To a forum's distribution list: the quarterly pack issued for its meeting, attached as a PDF. */
export function packIssued(input: {
  organisation: string;
  forum: string;
  meetsOn: string;
  /** "Q3 2025/26" */
  quarter: string;
  careGroup: string | null;
  fileName: string;
  issueHref: string;
  issuedBy: string;
  unsubscribeUrl: string;
}): Composed {
  const whose = input.careGroup ? `${oneLine(input.careGroup)}’s` : `${oneLine(input.organisation)}’s`;
  const subject = oneLine(
    `${input.quarter} quarterly pack for the ${input.forum} on ${formatDate(input.meetsOn)}`,
    250,
  );
  const opening = `${whose} quarterly equality pack for ${input.quarter} is attached (${oneLine(input.fileName)}), for the ${oneLine(input.forum)} on ${formatDate(input.meetsOn)}. It was issued by ${oneLine(input.issuedBy)}.`;
  const safe =
    'Its figures are in the publication view: counts that rest on small numbers are withheld or rounded, so it may be shared with the meeting’s papers.';
  const online = 'Colleagues with a Parity account can also download it as issued:';
  const end = footer(
    { optional: true, why: `Your address is on the distribution list of the ${oneLine(input.forum)}.` },
    input.unsubscribeUrl,
  );
  return {
    subject,
    text: ['Hello,', '', opening, '', safe, '', online, input.issueHref, '', end.text].join('\n'),
    html: page(
      subject,
      [
        p('Hello,'),
        p(escapeHtml(opening)),
        p(escapeHtml(safe)),
        p(`${escapeHtml(online)} ${link(input.issueHref, 'the pack as issued')}.`),
        end.html,
      ].join('\n'),
    ),
  };
}
