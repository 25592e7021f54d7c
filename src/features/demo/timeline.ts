/**
 * When the demo trust stands. The demo is a trust in the middle of its cycle on a given day (by default
 * today, by the application's clock): its latest reporting year is the last complete one (reporting year N
 * is the financial year N-1/N, with its snapshot at 31 March N), with the two years before it; last year's
 * plan is published and this year's is under way, with the updates, milestones and meetings a trust would
 * have by that day. The demo's stories are written once, for the reporting year `DEMO_STORY_YEAR`, and
 * moved to the year the day gives; whatever is dated after the day has not happened yet and is left out.
 * Pure: the day is given.
 */
import { financialYearOf } from '../plans/plan.js';

/** The reporting year the demo's plans, updates and meetings are written for (its plan 2024/25). */
export const DEMO_STORY_YEAR = 2024;

export interface DemoTimeline {
  /** The day the demo stands at, as an ISO date: nothing in it is dated later. */
  asOf: string;
  /** The reporting years of its data, oldest first; the last is the last complete one. */
  years: readonly number[];
  /** Years from the stories' dates to the demo's: `years.at(-1) - DEMO_STORY_YEAR`. */
  shift: number;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether `iso` is a real calendar date written YYYY-MM-DD. */
export function isIsoDate(iso: string): boolean {
  const m = ISO_DATE.exec(iso);
  if (!m) return false;
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso;
}

/**
 * The three reporting years of a demo standing at `asOf`: the last complete financial year's (the year the
 * financial year under way starts in) and the two before. 2026-12-06 and 2026-04-01 give [2024, 2025,
 * 2026] (2025/26 ended on 31 March 2026); 2026-03-31 gives [2023, 2024, 2025].
 */
export function demoYears(asOf: string): number[] {
  const latest = financialYearOf(asOf);
  return [latest - 2, latest - 1, latest];
}

export function demoTimeline(asOf: string): DemoTimeline {
  if (!isIsoDate(asOf)) throw new Error(`The demo’s day must be a date written YYYY-MM-DD, not “${asOf}”`);
  const years = demoYears(asOf);
  return { asOf, years, shift: years[2]! - DEMO_STORY_YEAR };
}

/** `iso` moved by `years` whole years; 29 February becomes 28 February in a year that has none. */
export function shiftDate(iso: string, years: number): string {
  const y = Number(iso.slice(0, 4)) + years;
  const rest = iso.slice(4);
  if (rest === '-02-29' && !(y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0))) return `${y}-02-28`;
  return `${y}${rest}`;
}

/**
 * A working day on or before `iso`: a Saturday or a Sunday becomes the Friday before, so a meeting or an
 * update moved to another year does not fall on a weekend, and never moves into a later quarter or past
 * the demo's day.
 */
export function onWeekday(iso: string): string {
  const day = new Date(`${iso}T00:00:00Z`).getUTCDay();
  if (day !== 0 && day !== 6) return iso;
  return new Date(Date.parse(`${iso}T00:00:00Z`) - (day === 6 ? 1 : 2) * 86_400_000)
    .toISOString()
    .slice(0, 10);
}

/**
 * The years in a story's words moved by `years`: "Q4 2023/24", "31 March 2024", "13/09/2023", "2024-06-28"
 * and "NHS Staff Survey 2022" all move. "EDS 2022" is the name of a framework, not a year, and stays.
 */
export function shiftText(text: string, years: number): string {
  if (years === 0) return text;
  return text.replace(/(EDS )?\b(20\d\d)(\/(\d\d))?\b/g, (whole, eds: string | undefined, y: string) => {
    if (eds) return whole;
    const year = Number(y) + years;
    return whole.includes('/') && whole.length === 7
      ? `${year}/${String((year + 1) % 100).padStart(2, '0')}`
      : String(year);
  });
}

/** A story's ISO date moved to the demo's years (on a working day when `weekday`). */
export function storyDate(iso: string, timeline: DemoTimeline, weekday = false): string {
  const moved = shiftDate(iso, timeline.shift);
  return weekday ? onWeekday(moved) : moved;
}

/** Whether a story's date (already moved) has come by the demo's day. */
export const hasHappened = (iso: string, timeline: DemoTimeline): boolean => iso <= timeline.asOf;
