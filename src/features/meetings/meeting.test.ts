import { describe, expect, it } from 'vitest';
import type { Problem } from '../../shared/errors.js';
import type { OrgUnit } from '../organisations/organisation.js';
import {
  addWorkingDays,
  workingDayWords,
  checkForum,
  checkMeeting,
  checkWindow,
  DEFAULT_CYCLE_SETTINGS,
  quarterOf,
  quarterWords,
  reminderDate,
  windowFor,
  type Meeting,
} from './meeting.js';

const unit = (id: string, level: OrgUnit['level'], path: string): OrgUnit => ({
  id,
  organisationId: 'org',
  parentId: null,
  level,
  name: path,
  path,
});
const UNITS = [unit('cg', 'care_group', 'Surgery'), unit('dir', 'directorate', 'Surgery > Theatres')];

const meeting = (id: string, meetsOn: string): Meeting => ({
  id,
  organisationId: 'org',
  forumId: 'forum',
  meetsOn,
  note: '',
  createdAt: '',
  createdByLabel: '',
});

describe('working days', () => {
  it('counts Monday to Friday only, backwards and forwards', () => {
    // Wednesday 14 January 2026, less 5 working days: Wednesday 7 January.
    expect(addWorkingDays('2026-01-14', -5)).toBe('2026-01-07');
    // Monday less one is the Friday before; Friday plus one is the Monday after.
    expect(addWorkingDays('2026-01-12', -1)).toBe('2026-01-09');
    expect(addWorkingDays('2026-01-09', 1)).toBe('2026-01-12');
    // From a Saturday, one working day back is Friday.
    expect(addWorkingDays('2026-01-10', -1)).toBe('2026-01-09');
    expect(addWorkingDays('2026-01-14', 0)).toBe('2026-01-14');
    // Across a year end and a leap day.
    expect(addWorkingDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addWorkingDays('2026-01-02', -3)).toBe('2025-12-30');
  });

  it('skips the bank holidays and closed days of the settings', () => {
    const england = { bankHolidays: 'england-and-wales', closedDays: [] } as const;
    // Good Friday and Easter Monday 2026 lie between Thursday 2 April and Tuesday 7 April.
    expect(addWorkingDays('2026-04-07', -1, england)).toBe('2026-04-02');
    expect(addWorkingDays('2026-04-07', -1)).toBe('2026-04-06');
    expect(addWorkingDays('2026-04-02', 1, england)).toBe('2026-04-07');
    // Christmas: 25 December 2026 is a Friday, Boxing Day's substitute Monday 28 December.
    expect(addWorkingDays('2026-12-29', -2, england)).toBe('2026-12-23');
    expect(addWorkingDays('2027-06-07', -1, { bankHolidays: 'none', closedDays: ['2027-06-04'] })).toBe(
      '2027-06-03',
    );
    // A meeting on Wednesday 15 April 2026 closes its window on Wednesday 8 April, which opens ten working
    // days before, Good Friday and Easter Monday skipped: Monday 23 March.
    expect(windowFor('2026-04-15', DEFAULT_CYCLE_SETTINGS)).toEqual({
      opensOn: '2026-03-23',
      closesOn: '2026-04-08',
    });
  });

  it('says in words what a working day is', () => {
    expect(workingDayWords(DEFAULT_CYCLE_SETTINGS)).toBe(
      'Working days are Monday to Friday except the bank holidays of England and Wales.',
    );
    expect(workingDayWords({ bankHolidays: 'scotland', closedDays: ['2027-06-04'] })).toBe(
      'Working days are Monday to Friday except the bank holidays of Scotland and 1 other closed day set for this installation.',
    );
    expect(workingDayWords({ bankHolidays: 'none', closedDays: [] })).toBe(
      'Working days are Monday to Friday.',
    );
  });

  it('closes a window before its meeting and opens it before it closes, by the settings', () => {
    // The People Group of Wednesday 14 January 2026, 5 working days' lead, a 10-working-day window that
    // skips Christmas Day, Boxing Day and New Year's Day.
    const w = windowFor('2026-01-14', DEFAULT_CYCLE_SETTINGS);
    expect(w).toEqual({ opensOn: '2025-12-19', closesOn: '2026-01-07' });
    expect(reminderDate(w, DEFAULT_CYCLE_SETTINGS)).toBe('2026-01-02');
    // A reminder never falls before the window opens.
    expect(reminderDate({ opensOn: '2026-01-06', closesOn: '2026-01-07' }, DEFAULT_CYCLE_SETTINGS)).toBe(
      '2026-01-06',
    );
  });

  it('knows the quarters of a financial year', () => {
    expect(quarterOf(2025, 1)).toEqual({ start: '2025-04-01', end: '2025-06-30' });
    expect(quarterOf(2025, 3)).toEqual({ start: '2025-10-01', end: '2025-12-31' });
    expect(quarterOf(2025, 4)).toEqual({ start: '2026-01-01', end: '2026-03-31' });
    expect(quarterWords(2025, 3)).toBe('October to December 2025');
    expect(quarterWords(2025, 4)).toBe('January to March 2026');
  });
});

describe('checking what people type', () => {
  it('reads a distribution list as pasted, each wrong address named, repeats kept once', () => {
    const problems: Problem[] = [];
    const forum = checkForum(
      {
        name: '  People   Group ',
        unitId: 'cg',
        recipients: 'a.one@trust.nhs.uk; <b.two@trust.nhs.uk>\nA.ONE@trust.nhs.uk,\n\nnot-an-address\nc@d',
      },
      UNITS,
      problems,
    );
    expect(forum).toEqual({
      name: 'People Group',
      unitId: 'cg',
      recipients: ['a.one@trust.nhs.uk', 'b.two@trust.nhs.uk'],
    });
    expect(problems).toEqual([
      { field: 'recipients', message: 'These are not an email address: “not-an-address”, “c@d”' },
    ]);
  });

  it('lists every problem of a forum at once, each naming its field', () => {
    const problems: Problem[] = [];
    checkForum({ name: ' ', unitId: 'dir', recipients: 'x' }, UNITS, problems);
    expect(problems.map((p) => p.field)).toEqual(['name', 'unitId', 'recipients']);
    const unknown: Problem[] = [];
    checkForum({ name: 'Board', unitId: 'elsewhere', recipients: '' }, UNITS, unknown);
    expect(unknown).toEqual([
      { field: 'unitId', message: 'Choose the care group from the list of this organisation’s' },
    ]);
  });

  it('needs a meeting date that is a real date', () => {
    const problems: Problem[] = [];
    expect(checkMeeting({ meetsOn: '14/01/2026', note: ' Extra  ' }, problems)).toEqual({
      meetsOn: '2026-01-14',
      note: 'Extra',
    });
    checkMeeting({ meetsOn: '', note: '' }, problems);
    checkMeeting({ meetsOn: '31/02/2026', note: '' }, problems);
    expect(problems.map((p) => p.field)).toEqual(['meetsOn', 'meetsOn']);
  });

  it('works a window out from its meeting, keeps typed dates, and refuses impossible ones', () => {
    const meetings = [meeting('jan', '2026-01-14'), meeting('sep', '2025-09-10')];
    const problems: Problem[] = [];
    const input = { meetingId: 'jan', opensOn: '', closesOn: '' };
    expect(checkWindow(3, 2025, input, meetings, DEFAULT_CYCLE_SETTINGS, problems)).toEqual({
      meetingId: 'jan',
      opensOn: '2025-12-19',
      closesOn: '2026-01-07',
    });
    expect(
      checkWindow(3, 2025, { ...input, opensOn: '01/12/2025' }, meetings, DEFAULT_CYCLE_SETTINGS, problems),
    ).toEqual({ meetingId: 'jan', opensOn: '2025-12-01', closesOn: '2026-01-07' });
    expect(problems).toEqual([]);

    const bad: Problem[] = [];
    // Closing on the meeting's day, opening after closing, a meeting before the quarter, an unknown one.
    checkWindow(
      3,
      2025,
      { meetingId: 'jan', opensOn: '', closesOn: '14/01/2026' },
      meetings,
      DEFAULT_CYCLE_SETTINGS,
      bad,
    );
    checkWindow(
      3,
      2025,
      { meetingId: 'jan', opensOn: '08/01/2026', closesOn: '' },
      meetings,
      DEFAULT_CYCLE_SETTINGS,
      bad,
    );
    checkWindow(
      3,
      2025,
      { meetingId: 'sep', opensOn: '', closesOn: '' },
      meetings,
      DEFAULT_CYCLE_SETTINGS,
      bad,
    );
    checkWindow(
      3,
      2025,
      { meetingId: 'nope', opensOn: '', closesOn: '' },
      meetings,
      DEFAULT_CYCLE_SETTINGS,
      bad,
    );
    checkWindow(
      4,
      2025,
      { meetingId: '', opensOn: '', closesOn: '01/03/2026' },
      meetings,
      DEFAULT_CYCLE_SETTINGS,
      bad,
    );
    expect(bad.map((p) => p.field)).toEqual([
      'q3-closesOn',
      'q3-opensOn',
      'q3-meetingId',
      'q3-closesOn',
      'q3-meetingId',
      'q4-meetingId',
    ]);
    expect(bad[0]!.message).toBe('The Q3 window must close before the meeting');
  });
});
