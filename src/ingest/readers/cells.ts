/**
 * Pure conversions for XLSX cell values: date serials to ISO strings, number formats that mean "date",
 * cell references to column numbers and the _xHHHH_ escapes of SpreadsheetML strings.
 */

/**
 * Built-in number formats that display dates or times (ECMA-376 18.8.30): 14-22 in every locale, 27-36
 * and 50-58 in East Asian ones, 45-47 minutes and seconds.
 */
const BUILT_IN_DATE_FORMATS = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54,
  55, 56, 57, 58,
]);

/** Whether a built-in number format (one with no format code in styles.xml) shows a date. */
export function isBuiltInDateFormat(id: number): boolean {
  return BUILT_IN_DATE_FORMATS.has(id);
}

/**
 * True when a custom format code shows a date or time: after removing quoted text, escaped characters,
 * padding and fill directives and bracketed colours, conditions and locales (but not the elapsed-time
 * [h], [m], [s]), it still has d, m, y, h or s. Only the first section counts (the one for positive
 * numbers), so '0;[Red]-0' is a number.
 */
export function isDateFormat(code: string): boolean {
  const stripped = code
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/[_*]./g, '')
    .replace(/\[(?![hms]+\])[^\]]*\]/gi, '');
  const firstSection = stripped.split(';')[0] ?? '';
  return /[dmyhs]/i.test(firstSection);
}

const DAY_MS = 86_400_000;
const EPOCH_1900 = Date.UTC(1899, 11, 30);
const EPOCH_1904 = Date.UTC(1904, 0, 1);
/** 31 December 9999, Excel's last date. */
const LAST_SERIAL = 2_958_465;

const two = (n: number): string => String(n).padStart(2, '0');

/**
 * An Excel date serial as an ISO string: 'YYYY-MM-DD' at midnight, else 'YYYY-MM-DDTHH:MM:SS', rounded
 * to the second (a serial is a binary fraction of a day). Excel's 1900 system counts a 29 February 1900
 * that never existed: serials before it are shifted by a day, and serial 60 itself comes back as the
 * impossible '1900-02-29' that Excel shows, for the caller to reject. Null when out of Excel's range.
 */
export function serialToIso(serial: number, date1904: boolean): string | null {
  if (!Number.isFinite(serial) || serial < 0 || serial >= LAST_SERIAL + 1) return null;
  let days = Math.floor(serial);
  let seconds = Math.round((serial - days) * 86_400);
  if (seconds === 86_400) {
    days++;
    seconds = 0;
  }
  const time =
    seconds === 0
      ? ''
      : `T${two(Math.floor(seconds / 3600))}:${two(Math.floor(seconds / 60) % 60)}:${two(seconds % 60)}`;
  if (!date1904 && days === 60) return `1900-02-29${time}`;
  if (!date1904 && days < 60) days++;
  const date = new Date((date1904 ? EPOCH_1904 : EPOCH_1900) + days * DAY_MS);
  return `${date.getUTCFullYear()}-${two(date.getUTCMonth() + 1)}-${two(date.getUTCDate())}${time}`;
}

/**
 * A cell of type "d" (ISO 8601 text, written by some tools instead of a serial) in the same shape as
 * converted serials; text that is not a recognisable date is returned unchanged.
 */
export function normaliseIsoDate(text: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2}(?::\d{2})?)(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$/.exec(
    text.trim(),
  );
  if (!match) return text;
  const [, date, time] = match;
  if (time === undefined) return date!;
  const full = time.length === 5 ? `${time}:00` : time;
  return full === '00:00:00' ? date! : `${date}T${full}`;
}

/** 'AB12' -> 28. Null when the reference has no column letters (the cell then follows the previous). */
export function columnOf(reference: string): number | null {
  let column = 0;
  let i = 0;
  for (; i < reference.length; i++) {
    const c = reference.charCodeAt(i) | 0x20; // lower case
    if (c < 0x61 || c > 0x7a) break;
    column = column * 26 + (c - 0x60);
    if (column > 1e9) break;
  }
  return i === 0 ? null : column;
}

/** Half of a surrogate pair with no other half beside it. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * SpreadsheetML escapes characters XML cannot carry as _xHHHH_ (a carriage return is _x000D_), and a
 * literal '_x' as _x005F_x. Decoding them gives the text Excel shows. An escape can name half of a
 * surrogate pair (_xD800_), which is no character at all: it becomes U+FFFD, as a database would store it,
 * so the text read is the text kept.
 */
export function decodeEscapes(text: string): string {
  if (!text.includes('_x')) return text;
  return text
    .replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
    .replace(LONE_SURROGATE, '\ufffd');
}
