/**
 * The quarterly cycle's domain: an organisation's forums (People Group, EDI Steering Group, a care group's
 * board, the Trust Board) with their distribution lists, the dates they meet, and each quarter's update
 * window, which closes a set number of working days before the meeting the updates are for. What people
 * type is checked here field by field, every problem naming its field. Pure: no storage, no clock.
 */
import { MONTHS } from '../../engine/index.js';
import type { Problem } from '../../shared/errors.js';
import { workingDays, type BankHolidayRegion } from '../../shared/bank-holidays.js';
import type { OrgUnit } from '../organisations/organisation.js';
import { readDateField } from '../plans/inputs.js';

export interface Forum {
  id: string;
  organisationId: string;
  name: string;
  /** The unit whose forum it is (a care group's board): its pack is that unit's. Null: the organisation's. */
  unitId: string | null;
  /** The distribution list the quarterly pack goes to. */
  recipients: string[];
  version: number;
  createdAt: string;
  createdByLabel: string;
  updatedAt: string;
  updatedByLabel: string;
}

export interface Meeting {
  id: string;
  organisationId: string;
  forumId: string;
  /** ISO date. */
  meetsOn: string;
  note: string;
  createdAt: string;
  createdByLabel: string;
}

export type QuarterNumber = 1 | 2 | 3 | 4;
export const QUARTERS: readonly QuarterNumber[] = [1, 2, 3, 4];

/** A plan's update window for one quarter of its financial year. */
export interface UpdateWindow {
  id: string;
  organisationId: string;
  planId: string;
  quarter: QuarterNumber;
  meetingId: string;
  opensOn: string;
  closesOn: string;
  updatedAt: string;
  updatedByLabel: string;
}

/** A quarterly pack issued for a meeting. */
export interface PackIssue {
  id: string;
  organisationId: string;
  meetingId: string;
  year: number;
  quarter: QuarterNumber;
  careGroup: string | null;
  fileName: string;
  recipients: string[];
  /** Whether its mail went into the outbox (false when mail was off). */
  mailed: boolean;
  issuedAt: string;
  issuedByUserId: string | null;
  issuedByLabel: string;
}

/** The named settings of the cycle, in working days (Monday to Friday). */
export interface CycleSettings {
  /** A window closes this many working days before its meeting. */
  updateLeadWorkingDays: number;
  /** A window opens this many working days before it closes. */
  updateWindowWorkingDays: number;
  /** Leads still owing an update are reminded this many working days before the window closes. */
  reminderWorkingDays: number;
  /** Whose bank holidays are not working days (shared/bank-holidays.ts); `none` counts Monday to Friday. */
  bankHolidays: BankHolidayRegion;
  /** Other days the organisation does not count as working days (a holiday proclaimed for one year). */
  closedDays: readonly string[];
}

export const DEFAULT_CYCLE_SETTINGS: CycleSettings = {
  updateLeadWorkingDays: 5,
  updateWindowWorkingDays: 10,
  reminderWorkingDays: 3,
  bankHolidays: 'england-and-wales',
  closedDays: [],
};

const shiftDays = (iso: string, days: number): string =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** Each settings object's working-day test, made once. */
const calendars = new WeakMap<Pick<CycleSettings, 'bankHolidays' | 'closedDays'>, (iso: string) => boolean>();
const MONDAY_TO_FRIDAY = { bankHolidays: 'none', closedDays: [] } as const;

/**
 * The date `n` working days after `iso` (before it when `n` is negative): Monday to Friday, less the bank
 * holidays and closed days of the settings. Examples (England and Wales): 5 working days before Wednesday
 * 14 January 2026 is Wednesday 7 January; 1 working day before Monday 12 January is Friday 9 January;
 * 1 working day before Tuesday 7 April 2026 is Thursday 2 April (Good Friday and Easter Monday between);
 * 0 is the date itself.
 */
export function addWorkingDays(
  iso: string,
  n: number,
  calendar: Pick<CycleSettings, 'bankHolidays' | 'closedDays'> = MONDAY_TO_FRIDAY,
): string {
  let working = calendars.get(calendar);
  if (!working) calendars.set(calendar, (working = workingDays(calendar.bankHolidays, calendar.closedDays)));
  let date = iso;
  const step = n < 0 ? -1 : 1;
  for (let left = Math.abs(n); left > 0;) {
    date = shiftDays(date, step);
    if (working(date)) left--;
  }
  return date;
}

const REGION_WORDS: Readonly<Record<BankHolidayRegion, string>> = {
  'england-and-wales': 'England and Wales',
  scotland: 'Scotland',
  'northern-ireland': 'Northern Ireland',
  none: '',
};

/** What a working day is, by the settings, in words for the pages that count them. */
export function workingDayWords(settings: Pick<CycleSettings, 'bankHolidays' | 'closedDays'>): string {
  const holidays =
    settings.bankHolidays === 'none'
      ? ''
      : ` except the bank holidays of ${REGION_WORDS[settings.bankHolidays]}`;
  const closed =
    settings.closedDays.length === 0
      ? ''
      : `${holidays ? ' and' : ' except'} ${settings.closedDays.length} other closed day${settings.closedDays.length === 1 ? '' : 's'} set for this installation`;
  return `Working days are Monday to Friday${holidays}${closed}.`;
}

/** The window a meeting gives, by the settings: it closes before the meeting and opens before it closes. */
export function windowFor(meetsOn: string, settings: CycleSettings): { opensOn: string; closesOn: string } {
  const closesOn = addWorkingDays(meetsOn, -settings.updateLeadWorkingDays, settings);
  return { opensOn: addWorkingDays(closesOn, -settings.updateWindowWorkingDays, settings), closesOn };
}

/** The day the leads still owing an update are reminded. */
export function reminderDate(window: Pick<UpdateWindow, 'opensOn' | 'closesOn'>, settings: CycleSettings) {
  const date = addWorkingDays(window.closesOn, -settings.reminderWorkingDays, settings);
  return date < window.opensOn ? window.opensOn : date;
}

/** The first and last days of quarter q of the financial year starting in April of `year`. */
export function quarterOf(year: number, q: QuarterNumber): { start: string; end: string } {
  const startMonth = 4 + (q - 1) * 3; // 4, 7, 10, 13 (January of the next year)
  const y = startMonth > 12 ? year + 1 : year;
  const m = startMonth > 12 ? startMonth - 12 : startMonth;
  const start = `${y}-${String(m).padStart(2, '0')}-01`;
  const end = new Date(Date.UTC(y, m - 1 + 3, 0)).toISOString().slice(0, 10);
  return { start, end };
}

export const isQuarter = (n: number): n is QuarterNumber => n === 1 || n === 2 || n === 3 || n === 4;

/** An email address as a distribution list holds it: something@somewhere.tld, no spaces or brackets. */
const ADDRESS = /^[^\s@<>(),;:"[\]\\]+@[^\s@<>(),;:"[\]\\]+\.[^\s@<>(),;:"[\]\\]+$/;
export const isEmailAddress = (value: string): boolean => value.length <= 254 && ADDRESS.test(value);

export const FORUM_LIMITS = { name: 200, recipients: 200, note: 300 } as const;

export interface ForumInput {
  name: string;
  /** '' for the whole organisation. */
  unitId: string;
  /** One address a line (commas and semicolons also separate them, as pasted from an email). */
  recipients: string;
}

export interface CheckedForum {
  name: string;
  unitId: string | null;
  recipients: string[];
}

/**
 * Checks a forum's fields: a name, one of the organisation's care groups (a care group's board) or none, and
 * a distribution list of email addresses, each problem naming the field and, for an address, which one.
 * Repeated addresses are kept once.
 */
export function checkForum(input: ForumInput, units: readonly OrgUnit[], problems: Problem[]): CheckedForum {
  const name = input.name.replace(/\s+/g, ' ').trim();
  if (name === '')
    problems.push({ field: 'name', message: 'Enter the name of the forum, like People Group' });
  else if (name.length > FORUM_LIMITS.name)
    problems.push({ field: 'name', message: `The name must be ${FORUM_LIMITS.name} characters or fewer` });
  const unitText = input.unitId.trim();
  const unit = unitText === '' ? null : (units.find((u) => u.id === unitText) ?? null);
  if (unitText !== '' && !unit)
    problems.push({ field: 'unitId', message: 'Choose the care group from the list of this organisation’s' });
  else if (unit && unit.level !== 'care_group')
    problems.push({
      field: 'unitId',
      message: 'Choose a care group: a pack is made for the whole organisation or for one care group',
    });
  const recipients: string[] = [];
  const seen = new Set<string>();
  const wrong: string[] = [];
  for (const part of input.recipients.split(/[\n\r,;]+/)) {
    const address = part.trim().replace(/^<(.*)>$/, '$1');
    if (address === '') continue;
    if (!isEmailAddress(address)) {
      wrong.push(address.length > 60 ? `${address.slice(0, 60)}…` : address);
      continue;
    }
    const key = address.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    recipients.push(address);
  }
  if (wrong.length > 0)
    problems.push({
      field: 'recipients',
      message: `${wrong.length === 1 ? 'This is' : 'These are'} not an email address: ${wrong.map((w) => `“${w}”`).join(', ')}`,
    });
  if (recipients.length > FORUM_LIMITS.recipients)
    problems.push({
      field: 'recipients',
      message: `The distribution list can hold at most ${FORUM_LIMITS.recipients} addresses`,
    });
  return { name, unitId: unit?.id ?? null, recipients };
}

export interface MeetingInput {
  meetsOn: string;
  note: string;
}

/** Checks a meeting: its date (required) and an optional note ("extraordinary meeting"). */
export function checkMeeting(input: MeetingInput, problems: Problem[]): { meetsOn: string; note: string } {
  let meetsOn = '';
  if (input.meetsOn.trim() === '')
    problems.push({ field: 'meetsOn', message: 'Enter the date of the meeting, like 14/01/2026' });
  else meetsOn = readDateField(input.meetsOn, 'meetsOn', 'The date of the meeting', problems) ?? '';
  const note = input.note.replace(/\s+/g, ' ').trim();
  if (note.length > FORUM_LIMITS.note)
    problems.push({ field: 'note', message: `The note must be ${FORUM_LIMITS.note} characters or fewer` });
  return { meetsOn, note };
}

export interface WindowInput {
  /** '' to have no window for the quarter. */
  meetingId: string;
  /** '' to work the date out from the meeting. */
  opensOn: string;
  closesOn: string;
}

/**
 * Checks one quarter's window: the meeting it is for (one of `meetings`, on or after the quarter starts),
 * and its dates, worked out from the meeting by the settings unless typed. It must open on or before it
 * closes, close before the meeting, and close on or after the quarter starts (updates are about the
 * quarter). Field names carry the quarter: `q3-meetingId`, `q3-closesOn`. Null when no meeting is chosen.
 */
export function checkWindow(
  quarter: QuarterNumber,
  planYear: number,
  input: WindowInput,
  meetings: readonly Meeting[],
  settings: CycleSettings,
  problems: Problem[],
): { meetingId: string; opensOn: string; closesOn: string } | null {
  const f = (name: string) => `q${quarter}-${name}`;
  const id = input.meetingId.trim();
  if (id === '') {
    if (input.opensOn.trim() !== '' || input.closesOn.trim() !== '')
      problems.push({ field: f('meetingId'), message: `Choose the meeting the Q${quarter} updates are for` });
    return null;
  }
  const meeting = meetings.find((m) => m.id === id);
  if (!meeting) {
    problems.push({ field: f('meetingId'), message: 'Choose a meeting from the list' });
    return null;
  }
  const { start } = quarterOf(planYear, quarter);
  const derived = windowFor(meeting.meetsOn, settings);
  const before = problems.length;
  const typed = (value: string, name: string, label: string, fallback: string) =>
    value.trim() === '' ? fallback : (readDateField(value, f(name), label, problems) ?? fallback);
  const opensOn = typed(input.opensOn, 'opensOn', `The date the Q${quarter} window opens`, derived.opensOn);
  const closesOn = typed(
    input.closesOn,
    'closesOn',
    `The date the Q${quarter} window closes`,
    derived.closesOn,
  );
  if (problems.length > before) return null;
  if (meeting.meetsOn < start)
    problems.push({
      field: f('meetingId'),
      message: `The Q${quarter} updates cannot be for a meeting before the quarter starts (${start})`,
    });
  if (closesOn >= meeting.meetsOn)
    problems.push({ field: f('closesOn'), message: `The Q${quarter} window must close before the meeting` });
  if (closesOn < start)
    problems.push({
      field: f('closesOn'),
      message: `The Q${quarter} window cannot close before the quarter starts (${start})`,
    });
  if (opensOn > closesOn)
    problems.push({
      field: f('opensOn'),
      message: `The Q${quarter} window must open on or before the day it closes`,
    });
  return problems.length > before ? null : { meetingId: meeting.id, opensOn, closesOn };
}

/** "October to December 2025" for Q3 of 2025/26; "January to March 2026" for its Q4. */
export function quarterWords(year: number, q: QuarterNumber): string {
  const { start, end } = quarterOf(year, q);
  const month = (iso: string) => MONTHS[Number(iso.slice(5, 7)) - 1]!;
  return `${month(start)} to ${month(end)} ${end.slice(0, 4)}`;
}
