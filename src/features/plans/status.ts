/**
 * Where an action stands, in one word a person understands, with the reasons in plain English. The RAG
 * its lead gave, its timescale, how recently it was updated and its milestones are weighed together into
 * exactly one headline state, so no page says "On track", "Overdue" and "No update this quarter" of the
 * same action at once. Every page, export and publication shows an action's state through this module.
 * Pure: the date is given, never read from a clock.
 *
 * The rules, most serious first (the headline is the most serious that applies; every reason is listed):
 *
 * - Complete: marked Completed, or its latest update rated it Complete. Nothing else is weighed.
 * - Overdue: its timescale ended before today, or a milestone's date passed and it is not marked done.
 * - Off track: its latest update rated it Critical (red).
 * - At risk: its latest update rated it Slippage likely (amber), or a milestone was missed.
 * - Update missing: no update dated in the current quarter (for a plan whose year has ended, in its last
 *   quarter), or the latest update gave no RAG, or it has never been updated though it was added before
 *   this quarter.
 * - Not started: never updated, and added this quarter or before its plan's year began.
 * - On track: none of the above; its latest update, this quarter, rated it On track (green).
 */
import { formatDate } from '../../engine/index.js';
import {
  financialYearLabel,
  isComplete,
  MILESTONE_STATE_LABELS,
  quarterLabelOf,
  quarterStart,
  type Action,
  type Milestone,
  type RagLabels,
  type RagStatus,
} from './plan.js';

export const ACTION_STATES = [
  'complete',
  'overdue',
  'off_track',
  'at_risk',
  'update_missing',
  'not_started',
  'on_track',
] as const;
export type ActionStateKey = (typeof ACTION_STATES)[number];

export const ACTION_STATE_LABELS: Readonly<Record<ActionStateKey, string>> = {
  complete: 'Complete',
  overdue: 'Overdue',
  off_track: 'Off track',
  at_risk: 'At risk',
  update_missing: 'Update missing',
  not_started: 'Not started',
  on_track: 'On track',
};

/** The NHS.UK tag colour each state is shown in (always beside its words, never colour alone). */
export const ACTION_STATE_TAGS: Readonly<Record<ActionStateKey, string>> = {
  complete: 'blue',
  overdue: 'red',
  off_track: 'red',
  at_risk: 'yellow',
  update_missing: 'orange',
  not_started: 'grey',
  on_track: 'green',
};

/** The states someone should chase, in the order a plan page lists them. */
export const STATES_TO_CHASE: readonly ActionStateKey[] = [
  'overdue',
  'off_track',
  'at_risk',
  'update_missing',
  'not_started',
];

export interface ActionState {
  key: ActionStateKey;
  label: string;
  tag: string;
  /** Why, in plain English: the reasons behind the headline first, then what else is true of it. */
  reasons: string[];
}

/** What the state is worked out from: an action's own fields (a stored snapshot may lack milestones). */
export type StatusInput = Pick<Action, 'status' | 'rag' | 'dueDate' | 'lastUpdateOn' | 'createdAt'> & {
  milestones?: readonly Milestone[];
};

export interface StatusContext {
  /** Today, as an ISO date. */
  today: string;
  /** The plan's financial year, by its starting year (2024 for 2024/25). */
  planYear: number;
  labels: RagLabels;
}

/** How a RAG status is said in colour words, beside the organisation's own label. */
const RAG_COLOUR_WORDS: Readonly<Record<RagStatus, string>> = {
  on_track: 'green',
  slippage: 'amber',
  critical: 'red',
  complete: 'blue',
};

const RAG_STATE: Readonly<Record<RagStatus, ActionStateKey>> = {
  on_track: 'on_track',
  slippage: 'at_risk',
  critical: 'off_track',
  complete: 'complete',
};

/** "Rated Slippage likely (amber) on 12 May 2025" */
export function ragReason(rag: RagStatus, on: string | null, labels: RagLabels): string {
  return `Rated ${labels[rag]} (${RAG_COLOUR_WORDS[rag]})${on ? ` on ${formatDate(on)}` : ''}`;
}

const rank = (key: ActionStateKey) => ACTION_STATES.indexOf(key);

/** The action's one headline state, with every reason for it. */
export function actionState(action: StatusInput, ctx: StatusContext): ActionState {
  const found: { key: ActionStateKey; text: string }[] = [];
  const add = (key: ActionStateKey, text: string) => found.push({ key, text });

  if (isComplete(action)) {
    if (action.status === 'completed') add('complete', 'Marked completed');
    if (action.rag === 'complete') add('complete', ragReason('complete', action.lastUpdateOn, ctx.labels));
    return settle(found);
  }

  const { today } = ctx;
  if (action.dueDate !== null)
    add(
      action.dueDate < today ? 'overdue' : 'on_track',
      action.dueDate < today
        ? `Due ${formatDate(action.dueDate)}, passed`
        : `Due ${formatDate(action.dueDate)}`,
    );

  for (const m of action.milestones ?? []) {
    if (m.state === 'missed')
      add('at_risk', `Milestone “${m.title}” (due ${formatDate(m.dueOn)}) was missed`);
    else if (m.state !== 'done' && m.dueOn < today)
      add('overdue', `Milestone “${m.title}” was due ${formatDate(m.dueOn)} and is not done`);
  }

  if (action.rag !== null) add(RAG_STATE[action.rag], ragReason(action.rag, action.lastUpdateOn, ctx.labels));

  // Freshness: an update in the current quarter, or, once the plan's year is over, in its last quarter.
  const yearStart = `${ctx.planYear}-04-01`;
  const yearEnd = `${ctx.planYear + 1}-03-31`;
  const over = today > yearEnd;
  const since = quarterStart(over ? yearEnd : today);
  const which = over ? `in ${quarterLabelOf(yearEnd)}` : 'this quarter';
  if (action.lastUpdateOn === null) {
    const added = action.createdAt.slice(0, 10);
    if (today < yearStart)
      add('not_started', `No update yet: the plan’s year ${financialYearLabel(ctx.planYear)} has not begun`);
    else if (added >= since) add('not_started', `No update yet (added ${formatDate(added)})`);
    else add('update_missing', `No update since it was added on ${formatDate(added)}`);
  } else if (today >= yearStart && action.lastUpdateOn < since) {
    add('update_missing', `Last update ${formatDate(action.lastUpdateOn)}, none ${which}`);
  } else {
    add('on_track', `Last update ${formatDate(action.lastUpdateOn)}`);
    if (action.rag === null) add('update_missing', 'Its latest update gave no RAG rating');
  }
  return settle(found);
}

function settle(found: { key: ActionStateKey; text: string }[]): ActionState {
  // A stable sort: the most serious reasons first, each group in the order the rules found them.
  const sorted = [...found].sort((a, b) => rank(a.key) - rank(b.key));
  const key = sorted[0]?.key ?? 'on_track';
  return {
    key,
    label: ACTION_STATE_LABELS[key],
    tag: ACTION_STATE_TAGS[key],
    reasons: sorted.map((r) => r.text),
  };
}

/** "Q3 review, 31 December 2024: Done" */
export const milestoneText = (m: Pick<Milestone, 'title' | 'dueOn' | 'state'>): string =>
  `${m.title}, ${formatDate(m.dueOn)}: ${MILESTONE_STATE_LABELS[m.state]}`;

/**
 * The milestones in one line: "2 of 4 milestones done; next: Q3 review, 31 December 2024". The next is the
 * earliest not done or missed; null when the action has none.
 */
export function milestoneSummary(milestones: readonly Milestone[] | undefined): string | null {
  const list = milestones ?? [];
  if (list.length === 0) return null;
  const done = list.filter((m) => m.state === 'done').length;
  const next = [...list]
    .filter((m) => m.state !== 'done' && m.state !== 'missed')
    .sort((a, b) => a.dueOn.localeCompare(b.dueOn))[0];
  const missed = list.filter((m) => m.state === 'missed').length;
  return [
    `${done} of ${list.length} milestone${list.length === 1 ? '' : 's'} done`,
    ...(missed > 0 ? [`${missed} missed`] : []),
    ...(next ? [`next: ${next.title}, ${formatDate(next.dueOn)}`] : []),
  ].join('; ');
}

/**
 * The question asked before an update dated outside its plan's financial year is posted; null when the
 * date is within it.
 */
export function outsideYearQuestion(postedOn: string, planYear: number): string | null {
  const start = `${planYear}-04-01`;
  const end = `${planYear + 1}-03-31`;
  const year = financialYearLabel(planYear);
  if (postedOn > end)
    return `This update is dated ${formatDate(postedOn)}, after the plan’s year ${year} ended. Post it to this plan anyway?`;
  if (postedOn < start)
    return `This update is dated ${formatDate(postedOn)}, before the plan’s year ${year} began. Post it to this plan anyway?`;
  return null;
}
