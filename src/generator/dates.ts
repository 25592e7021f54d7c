/**
 * Dates as whole day numbers (days since 1970-01-01, UTC), which are cheap to store and compare for a
 * million people, and their two written forms: ISO for Parity's canonical files and dd/mm/yyyy for the
 * ESR and Trac exports.
 */

const MS_PER_DAY = 86_400_000;

export function dayOf(year: number, month: number, day: number): number {
  return Math.round(Date.UTC(year, month - 1, day) / MS_PER_DAY);
}

/** 31 March of a WRES/WDES year: the workforce, pay and board snapshot. */
export const snapshotDay = (year: number): number => dayOf(year, 3, 31);

/** The financial year ending 31 March `year`, as inclusive day numbers. */
export function financialYear(year: number): { start: number; end: number } {
  return { start: dayOf(year - 1, 4, 1), end: dayOf(year, 3, 31) };
}

const isoCache = new Map<number, string>();
const ukCache = new Map<number, string>();

export function isoDate(day: number): string {
  let text = isoCache.get(day);
  if (text === undefined) {
    text = new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
    isoCache.set(day, text);
  }
  return text;
}

/** "31/03/2024", as ESR and Trac export dates. */
export function ukDate(day: number): string {
  let text = ukCache.get(day);
  if (text === undefined) {
    const iso = isoDate(day);
    text = `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
    ukCache.set(day, text);
  }
  return text;
}

/** Whole years between a birth date and a later date. */
export function ageOn(birthDay: number, day: number): number {
  const b = new Date(birthDay * MS_PER_DAY);
  const d = new Date(day * MS_PER_DAY);
  let age = d.getUTCFullYear() - b.getUTCFullYear();
  if (
    d.getUTCMonth() < b.getUTCMonth() ||
    (d.getUTCMonth() === b.getUTCMonth() && d.getUTCDate() < b.getUTCDate())
  )
    age--;
  return age;
}

export const DAYS_PER_YEAR = 365.25;
