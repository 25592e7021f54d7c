/**
 * A board's approval of a year's report and action plan, as Parity keeps it: who approved it, at which
 * meeting, on which date and under which minute, and the report and plan exactly as they stood, frozen.
 * The frozen copy is what the approval means: later edits to the plan or new data change the live pages,
 * never an approved revision, and only an approved revision can reach the public page. Pure: no storage,
 * no clock (today is passed in).
 */
import type { Problem } from '../../shared/errors.js';
import { dateText } from '../plans/export/model.js';
import { readDateField } from '../plans/inputs.js';
import type { Action, Plan, ProgressUpdate, RagLabels } from '../plans/plan.js';
import type { PublicationDocument } from './document.js';

/** What a person records about the approval; every field is required. */
export interface ApprovalInput {
  /** Who approved: "Trust Board, chaired by Dr A Example". */
  approver: string;
  /** The meeting: "Trust Board". */
  meeting: string;
  /** The date of the meeting, as typed (31/10/2024, 2024-10-31 or 31 October 2024). */
  approvedOn: string;
  /** The minute reference: "TB/24/117". */
  minuteRef: string;
  /** A meeting recorded in Parity (its id), or '' for one typed in `meeting` and `approvedOn`. */
  meetingId?: string;
}

export interface CheckedApproval {
  approver: string;
  meeting: string;
  /** ISO date. */
  approvedOn: string;
  minuteRef: string;
  /** The recorded meeting the approval was made at, or null. */
  meetingId: string | null;
}

/** A recorded meeting as an approval names it: its forum's name and its date. */
export interface ChosenMeeting {
  id: string;
  forum: string;
  meetsOn: string;
}

/** The plan as the board approved it: JSON-safe, with each action's latest update as the report used it. */
export interface PlanSnapshot {
  plan: Plan;
  labels: RagLabels;
  actions: Action[];
  /** The latest update of each action that has one. */
  latestUpdates: ProgressUpdate[];
  /** Each indicator's headline figure as the plan's KPIs were measured against it (publication view). */
  indicatorValues: Record<string, string>;
}

/** One approved revision, without its frozen contents (for lists). */
export interface Revision {
  id: string;
  organisationId: string;
  year: number;
  revision: number;
  approver: string;
  meeting: string;
  approvedOn: string;
  minuteRef: string;
  recordedByUserId: string | null;
  recordedByLabel: string;
  recordedAt: string;
  /** The recorded meeting, when the approval named one. */
  meetingId: string | null;
}

/** A revision with what was frozen. */
export interface FrozenRevision extends Revision {
  document: PublicationDocument;
  plan: PlanSnapshot;
}

/** Which revision of a year the public page shows. */
export interface PublishedReport {
  year: number;
  revision: number;
  revisionId: string;
  publishedAt: string;
  publishedByLabel: string;
}

export const APPROVAL_LIMITS = { approver: 300, meeting: 200, minuteRef: 100 } as const;

/** One line of text: outer space trimmed, runs of space (line breaks too) made one space. */
const oneLine = (value: string): string => value.replace(/\s+/g, ' ').trim();

/**
 * Checks every field at once (all are required; the date must be a real date no later than `today`),
 * adding one problem per field to `problems`, each naming its field. With a recorded meeting (`chosen`),
 * the meeting's name and date come from it unless typed, and a typed date must be the meeting's.
 */
export function checkApproval(
  input: ApprovalInput,
  today: string,
  problems: Problem[],
  chosen: ChosenMeeting | null = null,
): CheckedApproval {
  if (chosen) {
    const typedDate = oneLine(input.approvedOn);
    const dateProblems: Problem[] = [];
    const date =
      typedDate === ''
        ? chosen.meetsOn
        : readDateField(typedDate, 'approvedOn', 'The date of the meeting', dateProblems);
    problems.push(...dateProblems);
    if (date !== null && date !== chosen.meetsOn)
      problems.push({
        field: 'approvedOn',
        message: `The ${chosen.forum} you chose met on ${dateText(chosen.meetsOn)}: leave the date empty, or choose the meeting of that date`,
      });
    input = {
      ...input,
      meeting: oneLine(input.meeting) === '' ? chosen.forum : input.meeting,
      approvedOn: chosen.meetsOn,
    };
  }
  const text = (field: keyof typeof APPROVAL_LIMITS, value: string, missing: string, label: string) => {
    const v = oneLine(value);
    if (v === '') problems.push({ field, message: missing });
    else if (v.length > APPROVAL_LIMITS[field])
      problems.push({
        field,
        message: `${label} must be ${APPROVAL_LIMITS[field]} characters or fewer`,
      });
    return v;
  };
  const approver = text(
    'approver',
    input.approver,
    'Enter who approved the report and plan, for example Trust Board, chaired by the Chair',
    'Who approved it',
  );
  const meeting = text(
    'meeting',
    input.meeting,
    'Enter the meeting that approved them, for example Trust Board',
    'The meeting',
  );
  let approvedOn = '';
  if (oneLine(input.approvedOn) === '')
    problems.push({ field: 'approvedOn', message: 'Enter the date of the meeting' });
  else {
    const dateProblems: Problem[] = [];
    approvedOn =
      readDateField(oneLine(input.approvedOn), 'approvedOn', 'The date of the meeting', dateProblems) ?? '';
    problems.push(...dateProblems);
    if (approvedOn !== '' && approvedOn > today)
      problems.push({ field: 'approvedOn', message: 'The date of the meeting cannot be in the future' });
  }
  const minuteRef = text(
    'minuteRef',
    input.minuteRef,
    'Enter the minute reference of the approval, for example TB/24/117',
    'The minute reference',
  );
  return { approver, meeting, approvedOn, minuteRef, meetingId: chosen?.id ?? null };
}

/** The fact printed under the frozen report's title. */
export function approvalFact(revision: number, a: CheckedApproval): { label: string; value: string } {
  return {
    label: 'Approved',
    value: `Revision ${revision}, by ${a.approver} at ${a.meeting} on ${dateText(a.approvedOn)}, minute ${a.minuteRef}`,
  };
}
