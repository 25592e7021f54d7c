/**
 * The demo trust's action plans, written for Parity: last year's, taken through endorsement, board approval
 * and publication with quarterly updates from its leads, then carried forward into this year's (its
 * unfinished actions, each linked to its history) with new actions and this year's updates so far. The
 * stories are written for 2023/24 and 2024/25 and moved to the demo's years (timeline.ts): what is dated
 * after the demo's day has not happened yet and is left out, so the trust is mid-cycle on any day. Most actions are
 * trust-wide; in the second plan each care group also owns two (one of them a directorate's or a department's),
 * so a care group's manager sees the trust-wide actions and their own, not the other care groups'. A few
 * of its actions carry milestones (done, in progress, missed and still to come), as the seed plans' own
 * "August, September, Q3 and Q4" steps do.
 * Everything goes through the plans service, so the demo exercises the same validation, versions and
 * audit as people do.
 */
import type { Actor } from '../audit/audit.js';
import { hasHappened, onWeekday, shiftText, storyDate, type DemoTimeline } from '../demo/timeline.js';
import type { Organisation } from '../organisations/organisation.js';
import type { ActionInput } from './inputs.js';
import type { Plan } from './plan.js';
import type { PlansService } from './plans.service.js';
import { formDate } from '../../shared/clock.js';

interface DemoAction {
  input: Omit<ActionInput, 'leadUserIds' | 'unitId'> & {
    leadIsDemoLead?: boolean;
    /** The owning unit's path; absent for a trust-wide action. */
    unitPath?: string;
  };
  /** Updates as [date, RAG, narrative], oldest first. */
  updates: [string, string, string][];
  kpi?: { choice: string; label: string; target: string; direction: 'up' | 'down' };
  /**
   * Milestones as [date, title, state, latest word, state before its date]: until its date has come on the
   * demo's day, a milestone is in the last state (not started when absent) with no word yet.
   */
  milestones?: [string, string, string, string, string?][];
}

const base = { aim: '', outcome: '', sustainability: '', theme: '', serves: ['wres'] as string[] };

const PLAN_2023: DemoAction[] = [
  {
    input: {
      ...base,
      theme: 'Representative workforce and recruitment',
      text: 'Put at least one trained, independent panel member on every interview panel for band 8a and above.\n\n- train a pool of 60 panel members from the staff networks\n- book them through the recruitment team, not the hiring manager',
      status: 'new',
      aim: 'BME and white candidates are equally likely to be appointed once shortlisted.',
      kpiText: 'Share of band 8a+ panels with a trained independent member (target 90%).',
      timescale: 'Q4 2023/24',
      outcome: 'Decisions at senior interviews that candidates and panels trust.',
      sustainability:
        'Panel membership becomes part of the recruitment checklist in Trac; reported to the People Group each quarter.',
      indicators: ['WRES2', 'WDES2', 'HIA2'],
      serves: ['wres', 'wdes'],
      leads: 'Recruitment team',
      leadIsDemoLead: true,
    },
    updates: [
      [
        '2023-06-30',
        'on_track',
        'Pool of 42 panel members trained; sessions for the Disability Network booked for July.',
      ],
      [
        '2023-09-29',
        'slippage',
        'Only 61% of senior panels had a trained member in the quarter: hiring managers still book panels directly.',
      ],
      [
        '2023-12-15',
        'on_track',
        'Booking moved to the recruitment team from November. 84% of panels covered in December.',
      ],
      ['2024-03-28', 'on_track', '91% of band 8a+ panels covered in Q4. The pool now has 63 members.'],
    ],
    kpi: {
      choice: 'WRES2|relativeLikelihood',
      label: 'Likelihood of appointment from shortlisting, white to BME',
      target: '1.25',
      direction: 'down',
    },
  },
  {
    input: {
      ...base,
      theme: 'Inclusive leadership and progression',
      text: 'Run a reciprocal mentoring programme pairing executive directors with staff from the Race Equality and Disability networks.',
      status: 'new',
      kpiText: 'Number of pairs; mentees promoted or acting up within 12 months; what participants say.',
      timescale: 'Q2 2023/24 to Q4 2023/24',
      outcome:
        'Executives who understand what gets in the way of progression, and mentees with senior sponsors.',
      sustainability: 'A second cohort each year, chosen by the networks.',
      indicators: ['WRES7', 'WRES1', 'WDES5', 'HIA1'],
      serves: ['wres', 'wdes'],
      leads: 'Director of People\nChair of the Race Equality Network',
    },
    updates: [
      ['2023-09-29', 'on_track', 'Twelve pairs matched; first meetings held in September.'],
      ['2023-12-15', 'on_track', 'Mid-point review: all pairs meeting monthly.'],
      [
        '2024-03-28',
        'complete',
        'Cohort one finished; three mentees promoted, two acting up. Evaluation shared with the board.',
      ],
    ],
  },
  {
    input: {
      ...base,
      theme: 'Safe and respectful workplace',
      text: 'Give every formal disciplinary case involving a BME member of staff a pre-investigation review by a senior manager and a cultural ambassador.',
      status: 'continued',
      kpiText:
        'Relative likelihood of BME staff entering formal disciplinary (WRES 3), by care group each quarter.',
      timescale: 'Ongoing',
      outcome:
        'Cases that can be resolved informally are, and no one enters a formal process because of how they are perceived.',
      sustainability: 'Written into the Disciplinary Policy from April 2024.',
      indicators: ['WRES3'],
      leads: 'Head of Employee Relations',
    },
    updates: [
      ['2023-06-30', 'on_track', '14 cases reviewed; 5 resolved informally.'],
      ['2023-12-15', 'on_track', 'Policy wording agreed with staff side.'],
      ['2024-03-28', 'on_track', 'Policy ratified; reviews continue.'],
    ],
    kpi: {
      choice: 'WRES3|relativeLikelihood',
      label: 'Likelihood of entering formal disciplinary, BME to white',
      target: '1.25',
      direction: 'down',
    },
  },
  {
    input: {
      ...base,
      theme: 'Safe and respectful workplace',
      text: 'Record the ethnicity and disability of staff who report violence or abuse from patients in the incident system, and publish hotspots to care groups.',
      status: 'new',
      kpiText: 'Share of incident reports with the member of staff’s characteristics recorded.',
      timescale: 'December 2023',
      outcome: 'Support sent where staff from minority groups are most at risk.',
      sustainability: 'Hotspots reviewed monthly by the Keeping People Safe group.',
      indicators: ['WRES5', 'WDES4a_i', 'EDS:2B', 'HIA6', 'local:violence-abuse-incidents-by-ethnicity'],
      serves: ['wres', 'wdes'],
      leads: 'Head of Health and Safety',
    },
    updates: [
      ['2023-09-29', 'slippage', 'The supplier needs until January to add the fields.'],
      ['2023-12-15', 'critical', 'Change delayed again by the system upgrade; December date missed.'],
      ['2024-03-28', 'slippage', 'Fields live in March; first hotspot report due in Q1.'],
    ],
  },
  {
    input: {
      ...base,
      theme: 'Disability inclusion',
      text: 'Introduce a health and adjustments passport that moves with the member of staff between teams.',
      status: 'new',
      kpiText: 'Passports agreed; WDES 8 staff survey score.',
      timescale: 'Q3 2023/24',
      outcome: 'Disabled staff do not have to negotiate their adjustments again with every new manager.',
      sustainability: 'Passport checked at every internal move in ESR.',
      indicators: ['WDES8', 'WDES6', 'EDS:2A'],
      serves: ['wdes'],
      leads: 'Head of Occupational Health\nChair of the Disability Network',
    },
    updates: [
      ['2023-09-29', 'on_track', 'Passport designed with the Disability Network.'],
      ['2023-12-15', 'complete', 'Passport launched in November; 38 agreed so far.'],
    ],
  },
  {
    input: {
      ...base,
      theme: 'Pay equality',
      text: 'Publish ethnicity and disability pay gaps beside the gender pay gap, with the reasons for each gap by staff group.',
      status: 'new',
      kpiText: 'Reports published on time.',
      timescale: '31 March 2024',
      outcome: 'The board sees every pay gap and what drives it.',
      sustainability: 'Annual, with the gender pay gap report.',
      indicators: ['GPG_MEAN', 'EPG_MEAN', 'DPG_MEAN', 'HIA3'],
      serves: ['wres', 'wdes', 'other'],
      leads: 'Head of Reward',
    },
    updates: [
      ['2023-12-15', 'on_track', 'Draft analysis with the Workforce Committee.'],
      ['2024-03-28', 'complete', 'Published with the gender pay gap report.'],
    ],
  },
];

const NEW_2024: DemoAction[] = [
  {
    input: {
      ...base,
      theme: 'Inclusive leadership and progression',
      text: 'Give every band 6 and 7 member of staff who asks a career conversation with a trained coach outside their line.',
      status: 'new',
      kpiText: 'Conversations held, by ethnicity and disability; applications for promotion that follow.',
      timescale: 'Q1 2024/25 to Q4 2024/25',
      outcome: 'Staff from under-represented groups apply for promotion as often as others.',
      sustainability: 'Coaching pool refreshed each year from the leadership programme.',
      indicators: ['WRES7', 'WDES5', 'WRES4', 'HIA2'],
      serves: ['wres', 'wdes'],
      leads: 'Head of Organisational Development',
    },
    updates: [
      ['2024-05-24', 'on_track', 'Coach training booked for June; the first cohort is full.'],
      ['2024-06-28', 'on_track', '20 coaches trained; booking open on the intranet.'],
      ['2024-08-16', 'on_track', '35 conversations booked over the summer.'],
      ['2024-09-30', 'on_track', '74 conversations held; 41% with BME staff.'],
      ['2024-12-13', 'slippage', 'Demand above capacity: waiting list of 30.'],
      ['2025-02-07', 'on_track', 'A second cohort of twelve coaches trained; the waiting list is cleared.'],
    ],
    milestones: [
      ['2024-08-30', 'Coaches trained', 'done', 'Twenty coaches trained in two cohorts.', 'in_progress'],
      ['2024-09-30', 'Booking open to all band 6 and 7 staff', 'done', '', 'in_progress'],
      [
        '2024-12-31',
        'Q3 review at the People Group',
        'missed',
        'Moved to January: the waiting list came first.',
        'in_progress',
      ],
      ['2025-03-31', 'Q4 evaluation of who applied for promotion', 'done', '', 'not_started'],
    ],
  },
  {
    input: {
      ...base,
      theme: 'Safe and respectful workplace',
      text: 'Train every ward and department manager in responding to racism from patients, using the zero-tolerance procedure.',
      status: 'new',
      kpiText: 'Managers trained (target 95%); WRES 5 staff survey score.',
      timescale: 'March 2025',
      outcome: 'Staff are backed by their managers when a patient is abusive.',
      sustainability: 'Part of the new managers’ induction from April 2025.',
      indicators: ['WRES5', 'WRES6', 'EDS:2B', 'HIA6'],
      leads: 'Head of Health and Safety\nRace Equality Network',
    },
    updates: [
      [
        '2024-08-02',
        'on_track',
        'Training agreed with the Race Equality Network; sessions start in September.',
      ],
      ['2024-09-30', 'on_track', 'Sessions running in all six care groups; 38% trained.'],
      ['2024-11-22', 'on_track', '66% trained.'],
      ['2025-03-21', 'on_track', '91% trained; the rest are booked for the last week of March.'],
    ],
    milestones: [
      ['2024-12-31', 'Half of managers trained', 'done', '66% by the end of November.', 'in_progress'],
      ['2025-03-31', '95% of managers trained', 'done', '', 'in_progress'],
    ],
  },
];

/** The care groups' own actions in 2024/25: two each, one of them a directorate's or a department's. */
const CARE_GROUPS_2024: DemoAction[] = [
  {
    input: {
      ...base,
      unitPath: 'Medicine and Emergency Care',
      theme: 'Safe and respectful workplace',
      text: 'Hold a listening event on every Medicine and Emergency Care ward with members of the Race Equality Network, and act on the three issues raised most.',
      status: 'new',
      kpiText: 'Events held; actions agreed and completed; WRES 6 and 8 by care group.',
      timescale: 'Q3 2024/25',
      indicators: ['WRES6', 'WRES8'],
      leads: 'Head of Nursing, Medicine and Emergency Care',
    },
    updates: [
      ['2024-07-26', 'on_track', 'Five ward listening events held; six more booked for September.'],
      [
        '2024-09-30',
        'on_track',
        'Eleven ward listening events held; rota fairness and access to training were raised most.',
      ],
      [
        '2025-01-31',
        'complete',
        'The three issues acted on: rota rules published, study leave booked fairly, a quiet room on each floor.',
      ],
    ],
  },
  {
    input: {
      ...base,
      unitPath: 'Medicine and Emergency Care > Emergency Medicine > Emergency Department',
      theme: 'Safe and respectful workplace',
      text: 'Put a security officer in the Emergency Department waiting room every night, and debrief staff after every incident of abuse from patients.',
      status: 'new',
      kpiText: 'Nights covered; debriefs held within 72 hours of an incident.',
      timescale: 'March 2025',
      indicators: ['WRES5', 'WDES4a_i'],
      serves: ['wres', 'wdes'],
      leads: 'Emergency Department Matron',
    },
    updates: [
      [
        '2024-11-08',
        'on_track',
        'Night cover in place since October; fourteen debriefs held, all within 72 hours.',
      ],
      ['2025-03-07', 'on_track', 'Cover continues; debriefs held after all nine incidents this quarter.'],
    ],
  },
  {
    input: {
      ...base,
      unitPath: 'Surgery and Anaesthetics',
      theme: 'Inclusive leadership and progression',
      text: 'Run a development programme for band 5 and 6 theatre staff before theatre team leader posts are advertised.',
      status: 'new',
      kpiText: 'Staff on the programme by ethnicity and disability; applications for team leader posts.',
      timescale: 'Q4 2024/25',
      indicators: ['WRES1', 'WRES7'],
      leads: 'Surgery and Anaesthetics Head of Nursing',
    },
    updates: [
      ['2024-07-12', 'slippage', 'Theatre staffing in August may delay the start.'],
      ['2024-09-30', 'slippage', 'Programme starts late: theatre staffing in August left no time.'],
      [
        '2025-02-14',
        'critical',
        'Programme paused: theatre vacancies mean no one can be released to attend.',
      ],
    ],
    milestones: [
      ['2024-10-31', 'First cohort starts', 'in_progress', 'Starting in November instead.', 'not_started'],
      ['2025-02-28', 'Team leader posts advertised', 'missed', 'Held back until the programme restarts.'],
    ],
  },
  {
    input: {
      ...base,
      unitPath: 'Surgery and Anaesthetics > Anaesthetics and Critical Care > Theatres',
      theme: 'Disability inclusion',
      text: 'Agree the reasonable adjustments of theatre staff with a disability before each theatre rota is published.',
      status: 'new',
      kpiText: 'Rotas published with adjustments agreed; WDES 8 in Theatres.',
      timescale: 'Ongoing',
      indicators: ['WDES8'],
      serves: ['wdes'],
      leads: 'Theatres Manager',
    },
    updates: [
      ['2024-09-27', 'on_track', 'Adjustments agreed with the six theatre staff who asked for them.'],
      ['2024-12-13', 'on_track', 'Adjustments checked for the January to March rota.'],
    ],
  },
  {
    input: {
      ...base,
      unitPath: 'Women and Children',
      theme: 'Disability inclusion',
      text: 'Give every midwife returning from long-term sickness a phased return plan agreed with occupational health.',
      status: 'new',
      kpiText: 'Returns with an agreed plan; WDES 6 in the care group.',
      timescale: 'Q4 2024/25',
      indicators: ['WDES6', 'WDES8'],
      serves: ['wdes'],
      leads: 'Head of Midwifery',
    },
    updates: [
      ['2024-09-27', 'on_track', 'Plan template agreed with occupational health; four returns so far.'],
      ['2024-12-13', 'on_track', 'Nine returns this year, all with a plan agreed before the first shift.'],
      ['2025-03-28', 'on_track', 'Twelve returns this year, all with a plan.'],
    ],
  },
  {
    input: {
      ...base,
      unitPath: 'Women and Children > Maternity and Gynaecology > Maternity',
      theme: 'Safe and respectful workplace',
      text: 'Train maternity team leaders to handle concerns about racism raised by their staff, with the Freedom to Speak Up Guardian.',
      status: 'new',
      kpiText: 'Team leaders trained; concerns raised and resolved.',
      timescale: 'Q3 2024/25',
      indicators: ['WRES6', 'WRES8'],
      leads: 'Maternity Matron',
    },
    updates: [
      ['2024-09-30', 'on_track', 'Two sessions held; 18 of 24 team leaders trained.'],
      ['2025-01-17', 'complete', 'All 24 team leaders trained; the Guardian now joins their monthly huddle.'],
    ],
  },
  {
    input: {
      ...base,
      unitPath: 'Clinical Support Services',
      theme: 'Inclusive leadership and progression',
      text: 'Advertise band 5 to 7 posts in Pharmacy and Diagnostics to internal candidates first, with feedback for every unsuccessful applicant.',
      status: 'new',
      kpiText: 'Posts filled internally; feedback given within two weeks.',
      timescale: 'Q2 2024/25 to Q4 2024/25',
      indicators: ['WRES7', 'WRES2'],
      leads: 'Clinical Support Services Business Manager',
    },
    updates: [
      ['2024-10-25', 'on_track', 'Twelve posts filled internally; feedback given on all 31 applications.'],
      ['2025-03-12', 'on_track', 'Eighteen posts filled internally this year.'],
    ],
  },
  {
    input: {
      ...base,
      unitPath: 'Clinical Support Services > Diagnostics and Imaging > Radiology',
      theme: 'Representative workforce and recruitment',
      text: 'Pair every radiographer recruited from overseas with a buddy for their first six months.',
      status: 'new',
      kpiText: 'New radiographers with a buddy; retention at twelve months.',
      timescale: 'Ongoing',
      indicators: ['WRES6', 'HIA5'],
      leads: 'Radiology Services Manager',
    },
    updates: [
      [
        '2024-08-09',
        'on_track',
        'Buddies chosen with the practice educators for the five who started so far.',
      ],
      ['2024-09-30', 'on_track', 'All seven radiographers who started this year have a buddy.'],
      ['2025-02-28', 'on_track', 'Buddies in place for the two radiographers who started in January.'],
    ],
  },
  {
    input: {
      ...base,
      unitPath: 'Community and Integrated Care',
      theme: 'Safe and respectful workplace',
      text: 'Give community staff who visit patients alone a personal alarm, and a way to report abuse from their phone.',
      status: 'new',
      kpiText: 'Staff with an alarm; reports made from the phone.',
      timescale: 'December 2024',
      indicators: ['WRES5', 'WDES4a_i'],
      serves: ['wres', 'wdes'],
      leads: 'Community Services Manager',
    },
    updates: [
      ['2024-11-29', 'complete', 'Alarms issued to 212 staff; reporting from the phone live since November.'],
    ],
  },
  {
    input: {
      ...base,
      unitPath: 'Community and Integrated Care > Community Nursing > District Nursing',
      theme: 'Disability inclusion',
      text: 'Plan district nurses’ rounds around their agreed adjustments, and supply adapted equipment for the car.',
      status: 'new',
      kpiText: 'Adjustments recorded in the rostering system; WDES 8 in Community Nursing.',
      timescale: 'Q4 2024/25',
      indicators: ['WDES8'],
      serves: ['wdes'],
      leads: 'District Nursing Team Leader',
    },
    updates: [['2024-09-30', 'on_track', 'Adjustments recorded for every district nurse who asked.']],
  },
  {
    input: {
      ...base,
      unitPath: 'Corporate Services',
      theme: 'Disability inclusion',
      text: 'Check every corporate services job description for requirements that shut out disabled applicants without need.',
      status: 'new',
      kpiText: 'Job descriptions reviewed; requirements removed.',
      timescale: 'Q3 2024/25',
      indicators: ['WDES2', 'WDES1'],
      serves: ['wdes'],
      leads: 'Head of Resourcing',
    },
    updates: [
      ['2024-11-15', 'slippage', '140 of 310 job descriptions reviewed; the rest by March.'],
      ['2025-03-26', 'slippage', '260 of 310 reviewed; the last fifty in April.'],
    ],
  },
  {
    input: {
      ...base,
      unitPath: 'Corporate Services > People and Organisational Development > Human Resources',
      theme: 'Safe and respectful workplace',
      text: 'Review every employee relations case closed in the year for differences in outcome by ethnicity and disability.',
      status: 'new',
      kpiText: 'Cases reviewed; findings reported to the People Group.',
      timescale: 'March 2025',
      indicators: ['WRES3', 'WDES3'],
      serves: ['wres', 'wdes'],
      leads: 'Head of Employee Relations',
    },
    updates: [
      ['2024-09-30', 'on_track', 'Case log for April to September taken from the employee relations system.'],
      [
        '2024-12-13',
        'on_track',
        'First half of the year reviewed; findings due at the January People Group.',
      ],
      ['2025-03-20', 'on_track', 'Findings heard at the January People Group; the second half is under way.'],
    ],
  },
];

/** Later updates on the actions carried into 2024/25, by the 2023/24 action's text. */
const CARRIED_UPDATES: Record<number, [string, string, string][]> = {
  0: [
    ['2024-05-17', 'on_track', 'Pool refreshed: twelve new panel members from the staff networks.'],
    ['2024-06-28', 'on_track', 'Coverage held at 93% in Q1.'],
    ['2024-09-30', 'on_track', 'Extended to band 7 panels in Surgery as a trial.'],
    ['2024-10-18', 'on_track', 'Surgery trial going well: 88% of band 7 panels covered.'],
    ['2025-01-24', 'on_track', 'The band 7 trial extended to Medicine and Emergency Care.'],
  ],
  2: [
    ['2024-07-26', 'on_track', 'Eleven reviews since April; four resolved informally.'],
    ['2024-09-30', 'on_track', '22 reviews in the half year; 9 resolved informally.'],
    ['2025-03-14', 'on_track', 'Two cases this quarter, both resolved informally after review.'],
  ],
  3: [
    ['2024-06-28', 'on_track', 'First hotspot report: Emergency Department and two medical wards.'],
    ['2024-12-13', 'on_track', 'Security presence increased in the ED at night; reports down by a fifth.'],
    [
      '2025-02-21',
      'complete',
      'Hotspot reports now go to the care groups every month from the Keeping People Safe group.',
    ],
  ],
};

/** A story's action moved to the demo's years, with only what has happened by the demo's day. */
function placed(a: DemoAction, tl: DemoTimeline): DemoAction {
  const text = (v: string) => shiftText(v, tl.shift);
  const input = Object.fromEntries(
    Object.entries(a.input).map(([k, v]) => [k, typeof v === 'string' ? text(v) : v]),
  ) as DemoAction['input'];
  return {
    ...a,
    input,
    updates: placedUpdates(a.updates, tl),
    milestones: a.milestones?.map(([date, title, state, note, before]) => {
      const dueOn = storyDate(date, tl);
      return hasHappened(dueOn, tl)
        ? [dueOn, text(title), state, text(note)]
        : [dueOn, text(title), before ?? 'not_started', ''];
    }),
  };
}

function placedUpdates(updates: [string, string, string][], tl: DemoTimeline): [string, string, string][] {
  return updates
    .map(([date, rag, narrative]): [string, string, string] => [
      storyDate(date, tl, true),
      rag,
      shiftText(narrative, tl.shift),
    ])
    .filter(([date]) => hasHappened(date, tl));
}

/** The nth (1-based) weekday `day` (0 Sunday .. 6 Saturday) of a month; n = -1 for the last. */
export function nthWeekday(year: number, month: number, day: number, n: number): string {
  const iso = (d: Date) => d.toISOString().slice(0, 10);
  if (n > 0) {
    const first = new Date(Date.UTC(year, month - 1, 1));
    const offset = (day - first.getUTCDay() + 7) % 7;
    return iso(new Date(Date.UTC(year, month - 1, 1 + offset + (n - 1) * 7)));
  }
  const last = new Date(Date.UTC(year, month, 0));
  const back = (last.getUTCDay() - day + 7) % 7;
  return iso(new Date(Date.UTC(year, month, -back)));
}

/**
 * The dates a plan goes through for the financial year starting in `year`: endorsed by the EDI Steering
 * Group on the second Wednesday of September, approved by the Trust Board on the last Thursday of October,
 * and published by 31 October (the standards' deadline; the Friday before when it falls at a weekend).
 */
export function planMilestoneDates(year: number): {
  endorsedOn: string;
  approvedOn: string;
  publishedOn: string;
} {
  return {
    endorsedOn: nthWeekday(year, 9, 3, 2),
    approvedOn: nthWeekday(year, 10, 4, -1),
    publishedOn: onWeekday(`${year}-10-31`),
  };
}

/** "2024-10-31" as the plan forms take it: "31/10/2024". */

/**
 * Creates the two plans as they stand on the timeline's day: last year's published, this year's carried
 * forward from it with this year's updates so far, endorsed and approved once those days have come.
 */
export async function createDemoPlans(
  plans: PlansService,
  input: {
    actor: Actor;
    org: Organisation;
    lead: { userId: string; label: string; name: string };
    timeline: DemoTimeline;
  },
): Promise<Plan[]> {
  const { actor, org, timeline: tl } = input;
  const leadActor: Actor = { userId: input.lead.userId, label: input.lead.label, name: input.lead.name };
  const rights = { userId: input.lead.userId, canManage: true };
  // Figures a KPI may bind to; with data loaded the engine computes each of these.
  const measures = new Map([
    ['WRES2|relativeLikelihood', 'WRES 2: relative likelihood'],
    ['WRES3|relativeLikelihood', 'WRES 3: relative likelihood'],
  ]);

  const unitIds = new Map((await plans.units(org)).map((u) => [u.path, u.id]));

  async function add(plan: Plan, list: DemoAction[]) {
    const ids: string[] = [];
    for (const story of list) {
      const a = placed(story, tl);
      const { leadIsDemoLead, unitPath, ...fields } = a.input;
      const action = await plans.createAction(actor, org, plan, {
        ...fields,
        leadUserIds: leadIsDemoLead ? [input.lead.userId] : [],
        // The demo trust has every unit its stories name; another trust given the demo's plans (a
        // benchmark's generated trust) may not, and there an action without its unit is trust-wide.
        unitId: unitPath ? (unitIds.get(unitPath) ?? '') : '',
      });
      ids.push(action.id);
      for (const [date, rag, narrative] of a.updates)
        await plans.postUpdate(leadActor, org, plan, action.id, { postedOn: date, rag, narrative }, rights);
      for (const [dueOn, title, state, note] of a.milestones ?? [])
        await plans.addMilestone(actor, org, plan, action.id, { title, dueOn, state, note, reason: '' });
      if (a.kpi) {
        const current = await plans.action(plan, action.id);
        await plans.addKpi(
          actor,
          org,
          plan,
          action.id,
          { version: String(current.version), ...a.kpi, reason: '' },
          measures,
        );
      }
    }
    return ids;
  }

  /** Takes a plan through endorsement, approval and publication, as far as the demo's day has come. */
  async function progress(plan: Plan, steps: ('endorsed' | 'approved' | 'published')[]) {
    const dates = planMilestoneDates(plan.year);
    let p = await plans.plan(org, plan.id);
    const blank = { endorsedBy: '', endorsedOn: '', boardApprovalDate: '', publicationDate: '' };
    for (const to of steps) {
      const on = { endorsed: dates.endorsedOn, approved: dates.approvedOn, published: dates.publishedOn }[to];
      if (!hasHappened(on, tl)) break;
      p = await plans.changeStatus(actor, org, p, {
        ...blank,
        to,
        version: String(p.version),
        ...(to === 'endorsed' ? { endorsedBy: 'EDI Steering Group', endorsedOn: formDate(on) } : {}),
        ...(to === 'approved' ? { boardApprovalDate: formDate(on) } : {}),
        ...(to === 'published' ? { publicationDate: formDate(on) } : {}),
      });
    }
    return p;
  }

  const firstYear = tl.years[2]! - 1;
  const first = await plans.createPlan(actor, org, {
    year: String(firstYear),
    title: shiftText('WRES and WDES action plan 2023/24', tl.shift),
  });
  await plans.editPlan(actor, org, first, {
    title: first.title,
    authors: 'Priya Patel, EDI Lead\nSam Okoro, Head of Resourcing',
    publicationDate: '',
    sources: shiftText(
      '- NHS Staff Survey 2022\n- Electronic Staff Record\n- Trac recruitment data\n- Employee relations case log\n- The Race Equality and Disability staff networks',
      tl.shift,
    ),
    endorsedBy: '',
    endorsedOn: '',
    boardApprovalDate: '',
    alignment:
      'This plan answers the WRES and WDES together, and aligns with our gender, ethnicity and disability pay gap reports, our EDS 2022 assessment (domain 2) and the six High Impact Actions of the NHS EDI Improvement Plan.',
    version: String(first.version),
    reason: '',
  });
  const firstIds = await add(await plans.plan(org, first.id), PLAN_2023);
  const p = await progress(first, ['endorsed', 'approved', 'published']);

  const actions = await plans.actions(p);
  const unfinished = actions.filter((a) => a.status !== 'completed' && a.rag !== 'complete').map((a) => a.id);
  const second = await plans.carryForward(actor, org, p, unfinished);
  const carried = await plans.actions(second);
  for (const [index, updates] of Object.entries(CARRIED_UPDATES)) {
    const origin = firstIds[Number(index)];
    const action = carried.find((a) => a.originActionId === origin);
    if (!action) continue;
    for (const [date, rag, narrative] of placedUpdates(updates, tl))
      await plans.postUpdate(leadActor, org, second, action.id, { postedOn: date, rag, narrative }, rights);
  }
  await add(second, NEW_2024);
  await add(second, CARE_GROUPS_2024);
  const s = await progress(second, ['endorsed', 'approved']);
  return [p, s];
}
