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

/** Money in pounds to the penny ("£15.33"). */
export function formatPounds(x: number | null): string {
  return x === null ? '–' : `£${fixed(x, 2)}`;
}
