/**
 * Monthly figures. A local metric that declares months (`periods` with "month") and counts events over the
 * financial year is evaluated for each calendar month of it (the engine's `toMonth`): appraisals falling
 * due, incidents reported. National indicators and the metrics that do not declare months have none: a
 * month rests on small numbers, so a figure has months only when its definition asks for them. Like a
 * quarter, a month keeps the year's denominator where that is the staff in post at 31 March, and is
 * compared with the month before.
 */
import {
  addChanges,
  canBreakDown,
  createContext,
  evaluateMetric,
  FINANCIAL_YEAR_MONTHS,
  formatMonth,
  monthRange,
  periodsOf,
  quarterOfMonth,
  toMonth,
  validateLocalMetric,
  type Datasets,
  type IndicatorResult,
  type IndicatorResults,
  type LocalMetricDefinition,
  type MonthNumber,
  type QuarterNumber,
} from '../../engine/index.js';

export interface MonthRef {
  /** The WRES/WDES reporting year N: its months are April N-1 to March N. */
  year: number;
  month: MonthNumber;
}

/** "April 2023" for month 4 of reporting year 2024 (financial year 2023/24). */
export function monthLabel(m: MonthRef): string {
  return formatMonth({ year: { startYear: m.year - 1 }, month: m.month });
}

/** The month before: March of the previous reporting year comes before April. */
export function previousMonth(m: MonthRef): MonthRef {
  if (m.month === 4) return { year: m.year - 1, month: 3 };
  return { year: m.year, month: (m.month === 1 ? 12 : m.month - 1) as MonthNumber };
}

/** The months of a reporting year in order, April first. */
export function monthsOf(year: number): MonthRef[] {
  return FINANCIAL_YEAR_MONTHS.map((month) => ({ year, month }));
}

/** The quarter a month of a reporting year falls in. */
export const quarterOf = (m: MonthRef): QuarterNumber => quarterOfMonth(m.month);

/** The valid local metric definitions that declare months and have a financial year to divide. */
export function monthlyDefinitions(localDefinitions: readonly unknown[]): LocalMetricDefinition[] {
  return localDefinitions.flatMap((raw) => {
    const v = validateLocalMetric(raw);
    return v.ok && periodsOf(v.definition).includes('month') && toMonth(v.definition, 4) !== null
      ? [v.definition]
      : [];
  });
}

/** Ids of the local metrics that have monthly figures. */
export function monthlyIds(localDefinitions: readonly unknown[]): Set<string> {
  return new Set(monthlyDefinitions(localDefinitions).map((d) => d.id));
}

/**
 * The metrics that have months, evaluated for each of the given months of one reporting year, shaped as
 * the engine's results (so the publication view and the change labels apply unchanged). One engine
 * context serves every month: the people, frames and populations the months share are made once.
 * `annual` is the same year's results: they supply the settings in force and each metric's title,
 * direction and parts.
 */
export function computeMonths(input: {
  year: number;
  months: readonly MonthNumber[];
  datasets: Datasets;
  annual: IndicatorResults;
  localDefinitions: readonly unknown[];
  /**
   * The breakdowns of every figure that can be broken down, in place of the definition's own (a month by
   * staff group or care group is small numbers everywhere: whoever needs a month's breakdown asks for it).
   */
  breakdown?: readonly string[];
}): Map<MonthNumber, IndicatorResults> {
  const { year, annual } = input;
  const extra = input.breakdown ?? [];
  const definitions = new Map(monthlyDefinitions(input.localDefinitions).map((d) => [d.id, d]));
  const out = new Map<MonthNumber, IndicatorResults>();
  if (definitions.size === 0) {
    for (const month of input.months) out.set(month, shaped(annual, { year, month }, []));
    return out;
  }
  const ctx = createContext(year, input.datasets, annual.settings);
  for (const month of input.months) {
    const local = annual.local.flatMap((ind): IndicatorResult[] => {
      const def = definitions.get(ind.id);
      const narrowed = def ? toMonth(def, month) : null;
      if (!narrowed) return [];
      const broken = {
        ...narrowed,
        breakdown: canBreakDown(narrowed) ? [...extra] : [],
      };
      return [
        {
          ...ind,
          parts: ind.parts.slice(0, 1).map((p) => ({ ...p, metric: evaluateMetric(broken, ctx) })),
          issues: [],
          change: null,
        },
      ];
    });
    out.set(month, shaped(annual, { year, month }, local));
  }
  return out;
}

function shaped(annual: IndicatorResults, at: MonthRef, local: IndicatorResult[]): IndicatorResults {
  const range = monthRange({ year: { startYear: at.year - 1 }, month: at.month });
  return {
    ...annual,
    year: at.year,
    period: { ...annual.period, processPeriod: range },
    indicators: [],
    local,
  };
}

/** Labels each monthly figure improved or worsened against the month before. */
export function compareMonths(current: IndicatorResults, previous: IndicatorResults): IndicatorResults {
  const copy: IndicatorResults = { ...current, local: current.local.map((i) => ({ ...i })) };
  addChanges(copy, previous, 'month');
  return copy;
}
