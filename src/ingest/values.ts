/**
 * Reading one cell as the type its field expects. Each reader returns the value or a message saying what
 * was expected; the caller attaches file, row and column.
 */
import { normaliseLabel } from '../engine/classification/text.js';
import { parseIsoDate } from '../engine/periods.js';
import type { Cell } from './readers/types.js';

export type ValueResult<T> = { ok: true; value: T } | { ok: false; message: string };

/** The cell as trimmed text ('' for empty). */
export function cellText(cell: Cell | undefined): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'string') return cell.trim();
  return String(cell);
}

/**
 * Text cut to at most `length` UTF-16 units, never inside a character: half of a surrogate pair cannot be
 * stored (a database keeps U+FFFD instead, so what was read back would differ from what was written).
 */
export function clip(text: string, length: number): string {
  if (text.length <= length) return text;
  const last = text.charCodeAt(length - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? length - 1 : length);
}

const MONTHS: Readonly<Record<string, number>> = {
  JAN: 1,
  JANUARY: 1,
  FEB: 2,
  FEBRUARY: 2,
  MAR: 3,
  MARCH: 3,
  APR: 4,
  APRIL: 4,
  MAY: 5,
  JUN: 6,
  JUNE: 6,
  JUL: 7,
  JULY: 7,
  AUG: 8,
  AUGUST: 8,
  SEP: 9,
  SEPT: 9,
  SEPTEMBER: 9,
  OCT: 10,
  OCTOBER: 10,
  NOV: 11,
  NOVEMBER: 11,
  DEC: 12,
  DECEMBER: 12,
};

const pad = (n: number): string => String(n).padStart(2, '0');

function isoDate(year: number, month: number, day: number): string | null {
  const iso = `${String(year).padStart(4, '0')}-${pad(month)}-${pad(day)}`;
  return parseIsoDate(iso) ? iso : null;
}

/** Spreadsheet serial day numbers count from 30 December 1899 (Excel's 1900 leap-year bug included). */
function fromSerial(serial: number): string | null {
  if (!Number.isFinite(serial) || serial < 1 || serial > 2_958_465) return null;
  const ms = Math.round(serial) * 86_400_000 + Date.UTC(1899, 11, 30);
  return new Date(ms).toISOString().slice(0, 10);
}

const DATE_HINT = 'Use a date such as 2024-03-31 or 31/03/2024';

/**
 * A date from the forms found in NHS extracts: ISO (2024-03-31, also with a time), UK day-first
 * (31/03/2024, 31-03-2024, 31.03.2024, 31/03/24), with a month name (31-Mar-2024, 31 March 2024), or a
 * spreadsheet serial number. Day-first is assumed; a value that only makes sense month-first is refused.
 */
export function readDate(cell: Cell | undefined): ValueResult<string | null> {
  if (typeof cell === 'number') {
    const d = fromSerial(cell);
    return d ? { ok: true, value: d } : { ok: false, message: `${cell} is not a date. ${DATE_HINT}` };
  }
  const text = cellText(cell);
  if (text === '') return { ok: true, value: null };
  let m =
    /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(
      text,
    );
  if (m) {
    const d = isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
    return d ? { ok: true, value: d } : { ok: false, message: `${text} is not a real date. ${DATE_HINT}` };
  }
  m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$/.exec(text);
  if (m) {
    const [day, month] = [Number(m[1]), Number(m[2])];
    const year = m[3]!.length === 2 ? 2000 + Number(m[3]) : Number(m[3]);
    if (month > 12 && day <= 12)
      return {
        ok: false,
        message: `${text} looks like a month-first (US) date. Parity reads dates day first: 31/03/2024`,
      };
    const d = isoDate(year, month, day);
    return d ? { ok: true, value: d } : { ok: false, message: `${text} is not a real date. ${DATE_HINT}` };
  }
  m = /^(\d{1,2})[\s/-]+([A-Za-z]{3,9})[\s/-]+(\d{2}|\d{4})$/.exec(text);
  if (m) {
    const month = MONTHS[m[2]!.toUpperCase()];
    const year = m[3]!.length === 2 ? 2000 + Number(m[3]) : Number(m[3]);
    const d = month ? isoDate(year, month, Number(m[1])) : null;
    return d ? { ok: true, value: d } : { ok: false, message: `${text} is not a date. ${DATE_HINT}` };
  }
  return { ok: false, message: `${text} is not a date. ${DATE_HINT}` };
}

/** A number written with optional £, thousands separators and spaces: "£2,500.00" -> 2500. */
export function readNumber(cell: Cell | undefined): ValueResult<number | null> {
  if (typeof cell === 'number')
    return Number.isFinite(cell) ? { ok: true, value: cell } : { ok: false, message: 'is not a number' };
  const text = cellText(cell);
  if (text === '') return { ok: true, value: null };
  const cleaned = text
    .replace(/^£\s*/, '')
    .replace(/(\d),(?=\d{3}\b)/g, '$1')
    .replace(/\s+/g, '');
  if (!/^-?(\d+(\.\d*)?|\.\d+)$/.test(cleaned)) return { ok: false, message: `${text} is not a number` };
  return { ok: true, value: Number(cleaned) };
}

export function readInteger(cell: Cell | undefined): ValueResult<number | null> {
  const n = readNumber(cell);
  if (!n.ok || n.value === null) return n;
  return Number.isInteger(n.value) ? n : { ok: false, message: `${cellText(cell)} is not a whole number` };
}

const TRUE_WORDS = new Set([
  'Y',
  'YES',
  'TRUE',
  '1',
  'T',
  'FORMAL',
  'PRIMARY',
  'INTERNAL',
  'EXECUTIVE',
  'EXEC',
  'VOTING',
  'SHORTLISTED',
  'APPOINTED',
  'OFFERED',
  'SUCCESSFUL',
  'FULL PAY',
  'FULL',
]);
const FALSE_WORDS = new Set([
  'N',
  'NO',
  'FALSE',
  '0',
  'F',
  'INFORMAL',
  'SECONDARY',
  'NOT PRIMARY',
  'EXTERNAL',
  'NON EXECUTIVE',
  'NON EXEC',
  'NONEXECUTIVE',
  'NON VOTING',
  'NOT SHORTLISTED',
  'NOT APPOINTED',
  'UNSUCCESSFUL',
  'REJECTED',
  'NOT OFFERED',
  'WITHDRAWN',
  'REDUCED PAY',
  'NIL PAY',
  'REDUCED',
  'NIL',
]);

/** Yes/No in the words extracts use: Y/N, True/False, 1/0, and the field's own words (Formal/Informal...). */
export function readBoolean(cell: Cell | undefined): ValueResult<boolean | null> {
  if (typeof cell === 'boolean') return { ok: true, value: cell };
  const label = normaliseLabel(cellText(cell));
  if (label === '') return { ok: true, value: null };
  if (TRUE_WORDS.has(label)) return { ok: true, value: true };
  if (FALSE_WORDS.has(label)) return { ok: true, value: false };
  return { ok: false, message: `${cellText(cell)} is not yes or no` };
}

/** "Care group > Directorate > Department" with >, |, / or \ between the names. */
export function readPath(cell: Cell | undefined): string[] {
  return cellText(cell)
    .split(/\s*[>|/\\]\s*/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}
