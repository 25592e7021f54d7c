/**
 * What people type into the plan forms, checked field by field: every problem is listed with the field it
 * belongs to, and nothing is saved while there is one.
 */
import type { Problem } from '../../shared/errors.js';
import { MAX_TEXT_CHARS, normaliseText } from './markup.js';
import {
  ACTION_STATUSES,
  MILESTONE_STATES,
  parseRag,
  type ActionStatus,
  type Author,
  type MilestoneState,
  type RagLabels,
  type RagStatus,
} from './plan.js';
import { isReference } from './references.js';
import { dueDateOf, parseTimePoint, parseTimescale, type Timescale } from './timescale.js';

/** A date typed as 31/03/2025, 2025-03-31 or 31 March 2025; '' is no date. */
export function readDateField(
  value: string,
  field: string,
  label: string,
  problems: Problem[],
): string | null {
  if (value.trim() === '') return null;
  const p = parseTimePoint(value);
  if (p?.kind === 'date' && p.precision === 'day') return p.date;
  problems.push({ field, message: `${label} must be a date, like 31/03/2025` });
  return null;
}

export function readText(
  value: string,
  field: string,
  label: string,
  problems: Problem[],
  options: { required?: boolean; max?: number } = {},
): string {
  const text = normaliseText(value);
  const max = options.max ?? MAX_TEXT_CHARS;
  if (options.required && text === '') problems.push({ field, message: `Enter ${label.toLowerCase()}` });
  if (text.length > max)
    problems.push({ field, message: `${label} must be ${max.toLocaleString('en-GB')} characters or fewer` });
  return text;
}

/** "Name, Role" per line. */
export function readAuthors(value: string, problems: Problem[]): Author[] {
  const authors: Author[] = [];
  for (const line of normaliseText(value).split('\n')) {
    const text = line.replace(/^-\s+/, '').trim();
    if (text === '') continue;
    const comma = text.indexOf(',');
    const name = (comma === -1 ? text : text.slice(0, comma)).trim();
    const role = comma === -1 ? '' : text.slice(comma + 1).trim();
    if (name.length > 200 || role.length > 200)
      problems.push({
        field: 'authors',
        message: 'Each author’s name and role must be 200 characters or fewer',
      });
    authors.push({ name, role });
  }
  if (authors.length > 30) problems.push({ field: 'authors', message: 'List at most 30 authors' });
  return authors;
}

export interface PlanDetailsInput {
  title: string;
  authors: string;
  publicationDate: string;
  sources: string;
  endorsedBy: string;
  endorsedOn: string;
  boardApprovalDate: string;
  alignment: string;
}

export interface ActionInput {
  text: string;
  status: string;
  theme: string;
  aim: string;
  kpiText: string;
  timescale: string;
  outcome: string;
  sustainability: string;
  /** Any of wres, wdes, other. */
  serves: readonly string[];
  indicators: readonly string[];
  /** People or teams, one per line. */
  leads: string;
  /** Parity users who lead the action. */
  leadUserIds: readonly string[];
  /** The owning unit's id; empty or absent for a trust-wide action (checked by the service, which knows the units). */
  unitId?: string;
}

export interface CheckedAction {
  text: string;
  status: ActionStatus;
  theme: string | null;
  aim: string;
  kpiText: string;
  timescale: Timescale;
  dueDate: string | null;
  outcome: string;
  sustainability: string;
  serves: { wres: boolean; wdes: boolean; other: boolean };
  indicators: string[];
  leadNames: string[];
  leadUserIds: string[];
}

/** Checks an action's fields; the lead accounts are checked by the service, which knows the members. */
export function checkAction(input: ActionInput, problems: Problem[]): CheckedAction {
  const text = readText(input.text, 'text', 'The action', problems, { required: true });
  const status = (ACTION_STATUSES as readonly string[]).includes(input.status)
    ? (input.status as ActionStatus)
    : null;
  if (!status)
    problems.push({
      field: 'status',
      message: 'Choose whether the action is new, continued, ongoing or completed',
    });
  const theme = readText(input.theme, 'theme', 'The theme', problems, { max: 300 }).replace(/\n+/g, ' ');
  const timescaleText = readText(input.timescale, 'timescale', 'The timescale', problems, { max: 300 });
  const timescale = parseTimescale(timescaleText);
  const indicators = [...new Set(input.indicators.map((i) => i.trim()).filter((i) => i !== ''))];
  for (const id of indicators)
    if (!isReference(id))
      problems.push({ field: 'indicators', message: `${id} is not an indicator Parity knows` });
  const leadNames = normaliseText(input.leads)
    .split('\n')
    .map((l) => l.replace(/^-\s+/, '').trim())
    .filter((l) => l !== '');
  if (leadNames.some((l) => l.length > 300))
    problems.push({ field: 'leads', message: 'Each lead must be 300 characters or fewer' });
  if (leadNames.length > 30) problems.push({ field: 'leads', message: 'List at most 30 leads' });
  return {
    text,
    status: status ?? 'new',
    theme: theme === '' ? null : theme,
    aim: readText(input.aim, 'aim', 'The aim', problems),
    kpiText: readText(input.kpiText, 'kpiText', 'The KPIs', problems),
    timescale,
    dueDate: dueDateOf(timescale),
    outcome: readText(input.outcome, 'outcome', 'The intended outcome', problems),
    sustainability: readText(input.sustainability, 'sustainability', 'How it will be sustained', problems),
    serves: {
      wres: input.serves.includes('wres'),
      wdes: input.serves.includes('wdes'),
      other: input.serves.includes('other'),
    },
    indicators,
    leadNames: [...new Set(leadNames)],
    leadUserIds: [...new Set(input.leadUserIds.filter((id) => id !== ''))],
  };
}

export interface UpdateInput {
  postedOn: string;
  rag: string;
  narrative: string;
  /** The person answered yes to posting an update dated outside the plan's year (see status.ts). */
  confirmOutsideYear?: boolean;
}

export function checkUpdate(
  input: UpdateInput,
  labels: RagLabels,
  today: string,
  problems: Problem[],
): { postedOn: string; rag: RagStatus | null; narrative: string } {
  const postedOn = readDateField(input.postedOn, 'postedOn', 'The date of the update', problems) ?? today;
  if (postedOn > today)
    problems.push({ field: 'postedOn', message: 'The date of the update cannot be in the future' });
  const rag = input.rag.trim() === '' ? null : parseRag(input.rag, labels);
  if (input.rag.trim() !== '' && !rag)
    problems.push({ field: 'rag', message: 'Choose a RAG status from the list' });
  if (!rag && input.rag.trim() === '') problems.push({ field: 'rag', message: 'Choose a RAG status' });
  const narrative = readText(input.narrative, 'narrative', 'The update', problems, { required: true });
  return { postedOn, rag, narrative };
}

/** A milestone as typed: fields left undefined are not in the form (a lead's form has no title or date). */
export interface MilestoneInput {
  title?: string;
  dueOn?: string;
  state: string;
  note: string;
}

/** The longest milestone title, and the most milestones one action keeps. */
export const MILESTONE_TITLE_MAX = 200;
export const MILESTONES_PER_ACTION = 50;

/**
 * Checks a milestone's fields; `current` gives the values a form without them keeps. The problems name
 * the form's fields: milestoneTitle, milestoneDueOn, milestoneState, milestoneNote.
 */
export function checkMilestone(
  input: MilestoneInput,
  current: { title: string; dueOn: string } | null,
  problems: Problem[],
): { title: string; dueOn: string; state: MilestoneState; note: string } {
  const title =
    input.title === undefined
      ? (current?.title ?? '')
      : readText(input.title, 'milestoneTitle', 'The milestone’s title', problems, {
          required: true,
          max: MILESTONE_TITLE_MAX,
        }).replace(/\n+/g, ' ');
  let dueOn = current?.dueOn ?? '';
  if (input.dueOn !== undefined) {
    dueOn = readDateField(input.dueOn, 'milestoneDueOn', 'The milestone’s date', problems) ?? '';
    if (input.dueOn.trim() === '')
      problems.push({ field: 'milestoneDueOn', message: 'Enter the milestone’s date, like 31/12/2024' });
  }
  const state = (MILESTONE_STATES as readonly string[]).includes(input.state)
    ? (input.state as MilestoneState)
    : null;
  if (!state)
    problems.push({
      field: 'milestoneState',
      message: 'Choose whether the milestone is not started, in progress, done or missed',
    });
  const note = readText(input.note, 'milestoneNote', 'The milestone’s update', problems, { max: 4000 });
  return { title, dueOn, state: state ?? 'not_started', note };
}
