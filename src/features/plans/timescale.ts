/**
 * An action's timescale as plans write it: a date ("31 March 2025", "March 2025", "Mar 23"), a
 * financial-year quarter ("Q4 2023/24" = January to March 2024), a financial year ("2025/26"), a range of
 * these ("Q1 2024/25 to Q3 2024/25"), "ongoing" or "business as usual". Anything else is kept as written
 * and has no due date. The due date (the last day the timescale allows) is what "overdue" is measured by.
 */
import { financialYearLabel } from '../../engine/index.js';

export type TimePoint =
  | { kind: 'date'; date: string; precision: 'day' | 'month' }
  | { kind: 'quarter'; year: number; quarter: 1 | 2 | 3 | 4 }
  | { kind: 'year'; year: number };

export type Timescale =
  | { kind: 'none' }
  | { kind: 'point'; point: TimePoint }
  | { kind: 'range'; from: TimePoint; to: TimePoint }
  | { kind: 'ongoing'; until: TimePoint | null }
  | { kind: 'bau' }
  | { kind: 'text'; text: string };

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
const MONTH_NAMES = MONTHS.map((m) => m[0]!.toUpperCase() + m.slice(1));

const pad = (n: number) => String(n).padStart(2, '0');
const lastDayOfMonth = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const fullYear = (text: string) => (text.length === 2 ? 2000 + Number(text) : Number(text));

function monthOf(word: string): number | null {
  const w = word.toLowerCase().replace(/\.$/, '');
  if (w.length < 3) return null;
  const i = MONTHS.findIndex((m) => m.startsWith(w) || (w === 'sept' && m === 'september'));
  return i === -1 ? null : i + 1;
}

function validDate(y: number, m: number, d: number): string | null {
  if (y < 1990 || y > 2100 || m < 1 || m > 12 || d < 1 || d > lastDayOfMonth(y, m)) return null;
  return `${y}-${pad(m)}-${pad(d)}`;
}

/** One point in time, or null. */
export function parseTimePoint(input: string): TimePoint | null {
  const t = input
    .trim()
    .toLowerCase()
    .replace(/^(by|before|from|in|during|end of|by end of|by the end of|the end of)\s+/, '')
    .replace(/[.,;]+$/, '')
    .trim();
  let m: RegExpExecArray | null;
  // Q4 2023/24, Q4 23/24, Q4, 2022/23, Q4 2023-24
  if ((m = /^q([1-4])\s*,?\s*(?:fy\s*)?((?:20)?\d{2})\s*[/-]\s*((?:20)?\d{2})$/.exec(t))) {
    const year = fullYear(m[2]!);
    if (fullYear(m[3]!) % 100 !== (year + 1) % 100) return null;
    return { kind: 'quarter', year, quarter: Number(m[1]) as 1 | 2 | 3 | 4 };
  }
  // Q3 2024: the quarter whose months fall in that calendar year (Q4 2024 = January to March 2024).
  if ((m = /^q([1-4])\s*,?\s*(20\d{2})$/.exec(t))) {
    const q = Number(m[1]) as 1 | 2 | 3 | 4;
    const y = Number(m[2]);
    return { kind: 'quarter', year: q === 4 ? y - 1 : y, quarter: q };
  }
  // 2025/26, 23/24, FY 2024-25
  if ((m = /^(?:fy\s*)?((?:20)?\d{2})\s*[/-]\s*((?:20)?\d{2})$/.exec(t))) {
    const year = fullYear(m[1]!);
    if (fullYear(m[2]!) % 100 !== (year + 1) % 100 || year < 1990) return null;
    return { kind: 'year', year };
  }
  // 2025-03-31
  if ((m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t))) {
    const date = validDate(Number(m[1]), Number(m[2]), Number(m[3]));
    return date ? { kind: 'date', date, precision: 'day' } : null;
  }
  // 31/03/2025, 31.3.25
  if ((m = /^(\d{1,2})[/.](\d{1,2})[/.](\d{2}|\d{4})$/.exec(t))) {
    const date = validDate(fullYear(m[3]!), Number(m[2]), Number(m[1]));
    return date ? { kind: 'date', date, precision: 'day' } : null;
  }
  // 31 March 2025, 31st October 2023
  if ((m = /^(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?\s+(\d{2}|\d{4})$/.exec(t))) {
    const month = monthOf(m[2]!);
    const date = month ? validDate(fullYear(m[3]!), month, Number(m[1])) : null;
    return date ? { kind: 'date', date, precision: 'day' } : null;
  }
  // March 2025, Mar 23, December\n2023
  if ((m = /^([a-z]+)\.?,?\s+(\d{2}|\d{4})$/.exec(t))) {
    const month = monthOf(m[1]!);
    const y = fullYear(m[2]!);
    if (!month || y < 1990 || y > 2100) return null;
    return { kind: 'date', date: `${y}-${pad(month)}-${pad(lastDayOfMonth(y, month))}`, precision: 'month' };
  }
  return null;
}

/** Reads a timescale as written; unreadable text is kept as `text` (with no due date). */
export function parseTimescale(input: string): Timescale {
  const text = input.replace(/\s+/g, ' ').trim();
  if (text === '') return { kind: 'none' };
  const lower = text.toLowerCase().replace(/[.]+$/, '');
  if (/^(business as usual|bau)\b/.test(lower)) return { kind: 'bau' };
  const ongoing = /^(ongoing|on-going|continuous|continuing|current practi[cs]e)\b(.*)$/.exec(lower);
  if (ongoing) {
    const rest = ongoing[2]!.trim();
    if (rest === '' || /^(requirement|basis)$/.test(rest)) return { kind: 'ongoing', until: null };
    const tail = rest.replace(/^(during|till|until|to|through|up to|to the end of|throughout)\s+/, '');
    const until = parseTimePoint(tail);
    return until ? { kind: 'ongoing', until } : { kind: 'text', text };
  }
  const single = parseTimePoint(lower);
  if (single) return { kind: 'point', point: single };
  // Q3/Q4 2023/24: two quarters of one financial year.
  const pair = /^q([1-4])\s*\/\s*q([1-4])\s+((?:20)?\d{2}\s*\/\s*(?:20)?\d{2})$/.exec(lower);
  if (pair) {
    const from = parseTimePoint(`q${pair[1]} ${pair[3]}`);
    const to = parseTimePoint(`q${pair[2]} ${pair[3]}`);
    if (from && to) return { kind: 'range', from, to };
  }
  const parts = lower.split(/\s+(?:to|until|till|through|-|–|—)\s+/);
  if (parts.length === 2) {
    const from = parseTimePoint(parts[0]!);
    const to = parseTimePoint(parts[1]!);
    if (from && to && startOf(from) <= endOf(to)) return { kind: 'range', from, to };
  }
  return { kind: 'text', text };
}

function quarterMonths(year: number, quarter: number): { startYear: number; startMonth: number } {
  return quarter === 4
    ? { startYear: year + 1, startMonth: 1 }
    : { startYear: year, startMonth: 4 + (quarter - 1) * 3 };
}

/** The first day a point covers. */
export function startOf(p: TimePoint): string {
  switch (p.kind) {
    case 'date':
      return p.precision === 'day' ? p.date : `${p.date.slice(0, 8)}01`;
    case 'quarter': {
      const { startYear, startMonth } = quarterMonths(p.year, p.quarter);
      return `${startYear}-${pad(startMonth)}-01`;
    }
    case 'year':
      return `${p.year}-04-01`;
  }
}

/** The last day a point covers. */
export function endOf(p: TimePoint): string {
  switch (p.kind) {
    case 'date':
      return p.date;
    case 'quarter': {
      const { startYear, startMonth } = quarterMonths(p.year, p.quarter);
      const endMonth = startMonth + 2;
      return `${startYear}-${pad(endMonth)}-${pad(lastDayOfMonth(startYear, endMonth))}`;
    }
    case 'year':
      return `${p.year + 1}-03-31`;
  }
}

/** The last day the timescale allows; null when it has none (ongoing, business as usual, unreadable). */
export function dueDateOf(t: Timescale): string | null {
  switch (t.kind) {
    case 'point':
      return endOf(t.point);
    case 'range':
      return endOf(t.to);
    case 'ongoing':
      return t.until ? endOf(t.until) : null;
    default:
      return null;
  }
}

export function pointLabel(p: TimePoint): string {
  switch (p.kind) {
    case 'date': {
      const [y, m, d] = p.date.split('-').map(Number) as [number, number, number];
      return p.precision === 'day' ? `${d} ${MONTH_NAMES[m - 1]} ${y}` : `${MONTH_NAMES[m - 1]} ${y}`;
    }
    case 'quarter':
      return `Q${p.quarter} ${financialYearLabel(p.year)}`;
    case 'year':
      return financialYearLabel(p.year);
  }
}

/** How the timescale is written back: parsing the label gives the same timescale. */
export function timescaleLabel(t: Timescale): string {
  switch (t.kind) {
    case 'none':
      return '';
    case 'point':
      return pointLabel(t.point);
    case 'range':
      return `${pointLabel(t.from)} to ${pointLabel(t.to)}`;
    case 'ongoing':
      return t.until ? `Ongoing to the end of ${pointLabel(t.until)}` : 'Ongoing';
    case 'bau':
      return 'Business as usual';
    case 'text':
      return t.text;
  }
}

/** A plain explanation of what a quarter or year covers, for the page: "January to March 2024". */
export function timescaleExplanation(t: Timescale): string | null {
  const months = (p: TimePoint) => {
    const s = startOf(p);
    const e = endOf(p);
    const sm = MONTH_NAMES[Number(s.slice(5, 7)) - 1]!;
    const em = MONTH_NAMES[Number(e.slice(5, 7)) - 1]!;
    return s.slice(0, 4) === e.slice(0, 4)
      ? `${sm} to ${em} ${e.slice(0, 4)}`
      : `${sm} ${s.slice(0, 4)} to ${em} ${e.slice(0, 4)}`;
  };
  if (t.kind === 'point' && t.point.kind !== 'date') return months(t.point);
  if (t.kind === 'range')
    return `due by ${pointLabel({ kind: 'date', date: endOf(t.to), precision: 'day' })}`;
  if (t.kind === 'text')
    return 'Parity cannot read a date in this, so it cannot tell when the action is overdue.';
  return null;
}

export function isTimescale(value: unknown): value is Timescale {
  return (
    typeof value === 'object' && value !== null && typeof (value as { kind?: unknown }).kind === 'string'
  );
}
