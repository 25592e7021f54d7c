/**
 * Display rounding, kept apart from computation: the engine computes and compares at full precision and
 * rounds only when a figure is shown. Rounding is half away from zero (1.005 -> 1.01, -2.5 -> -3), done on
 * the decimal digits of the value so that binary floating point does not turn 1.005 into 1.00.
 */

/**
 * x rounded to `decimals` places, half away from zero.
 *
 * Example: roundHalfAwayFromZero(1.605, 2) -> 1.61; roundHalfAwayFromZero(-4.05, 1) -> -4.1
 */
export function roundHalfAwayFromZero(x: number, decimals: number): number {
  if (!Number.isFinite(x)) throw new RangeError('only finite numbers are rounded');
  const factor = 10 ** decimals;
  const scaled = Number((Math.abs(x) * factor).toPrecision(15));
  const rounded = Math.round(scaled) / factor;
  return x < 0 && rounded !== 0 ? -rounded : rounded;
}

/** A number as text with exactly `decimals` places, or the dash when missing. Example: fixed(13.3387, 2) -> "13.34" */
export function fixed(x: number | null, decimals: number): string {
  if (x === null) return '–';
  return roundHalfAwayFromZero(x, decimals).toFixed(decimals);
}

/** Digits of a non-negative integer text grouped in thousands: "10668" -> "10,668". */
function group(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * A number with thousands separators and exactly `decimals` places (the one style for every figure a
 * person reads). Example: grouped(10668.544, 2) -> "10,668.54"; grouped(-1234, 0) -> "-1,234"
 */
export function grouped(x: number | null, decimals = 0): string {
  if (x === null) return '–';
  const text = fixed(x, decimals);
  const negative = text.startsWith('-');
  const [whole, fraction] = (negative ? text.slice(1) : text).split('.');
  return `${negative ? '-' : ''}${group(whole!)}${fraction === undefined ? '' : `.${fraction}`}`;
}

/** A count of people or events: "2,400". Example: formatCount(2400) -> "2,400" */
export function formatCount(x: number | null): string {
  return grouped(x, Number.isInteger(x ?? 0) ? 0 : 1);
}

/** The months' names, January first. */
export const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/**
 * An ISO date (YYYY-MM-DD, or the date part of a timestamp) as people write it: "11 September 2024".
 * Text that is not such a date is returned as it is.
 */
export function formatDate(iso: string | null): string {
  if (iso === null) return '–';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return iso;
  const month = MONTHS[Number(m[2]) - 1];
  return month ? `${Number(m[3])} ${month} ${m[1]}` : iso;
}

/** A proportion (0.2) as a percentage text ("20.0%"). */
export function formatProportion(x: number | null, decimals: number): string {
  return x === null ? '–' : `${fixed(x * 100, decimals)}%`;
}

/** A percentage (13.34) as text ("13.3%"). */
export function formatPercent(x: number | null, decimals: number): string {
  return x === null ? '–' : `${fixed(x, decimals)}%`;
}

/** Percentage points with a sign ("-4.0 pp"). */
export function formatPoints(x: number | null, decimals: number): string {
  if (x === null) return '–';
  const text = fixed(x, decimals);
  return `${x > 0 && Number(text) !== 0 ? '+' : ''}${text} pp`;
}

/** Money in pounds to the penny, with thousands separators ("£10,668.54"). */
export function formatPounds(x: number | null): string {
  if (x === null) return '–';
  return x < 0 ? `-£${grouped(-x, 2)}` : `£${grouped(x, 2)}`;
}
