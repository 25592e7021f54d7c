/**
 * Quarterly figures. The national definitions count recruitment, cases and training over a financial
 * year; the same definitions with the year narrowed to one of its quarters (the algebra's `quarter`
 * period) give the quarterly figures a People Group reviews. Snapshot figures (staff in post at 31 March,
 * the board) and the staff survey have no quarters and are not recomputed. Rolling two-year windows are
 * dropped: a quarter is compared with the quarter before it. Everything here goes through the engine's
 * public API: the same evaluator, the same results, the same publication view.
 */
import {
  addChanges,
  canBreakDown,
  createContext,
  evaluateMetric,
  nationalCatalogue,
  periodsOf,
  quarterRange,
  toQuarter,
  validateLocalMetric,
  type Datasets,
  type IndicatorResult,
  type IndicatorResults,
  type MetricDefinition,
  type QuarterNumber,
  financialYearLabel,
} from '../../engine/index.js';

export interface QuarterRef {
  /** The WRES/WDES reporting year N: its quarters are those of the financial year N-1/N. */
  year: number;
  quarter: QuarterNumber;
}

/** "Q2 2023/24" for quarter 2 of reporting year 2024. */
export function quarterLabel(q: QuarterRef): string {
  return `Q${q.quarter} ${financialYearLabel(q.year - 1)}`;
}

export function previousQuarter(q: QuarterRef): QuarterRef {
  return q.quarter === 1
    ? { year: q.year - 1, quarter: 4 }
    : { year: q.year, quarter: (q.quarter - 1) as QuarterNumber };
}

/** Ids of the indicators that have quarterly figures (national and local). */
export function quarterlyIds(annual: IndicatorResults, localDefinitions: readonly unknown[]): Set<string> {
  const ids = new Set<string>();
  for (const e of nationalCatalogue(annual.settings))
    if (e.parts.some((p) => toQuarter(p.definition, 1) !== null)) ids.add(e.id);
  for (const raw of localDefinitions) {
    const v = validateLocalMetric(raw);
    if (v.ok && periodsOf(v.definition).includes('quarter') && toQuarter(v.definition, 1) !== null)
      ids.add(v.definition.id);
  }
  return ids;
}

/**
 * The indicators that have quarters, evaluated for one quarter, shaped as the engine's results (so the
 * publication view and the change labels apply unchanged). `annual` is the same reporting year's
 * results: they supply the settings in force and each indicator's title, direction and parts.
 */
export function computeQuarter(input: {
  at: QuarterRef;
  datasets: Datasets;
  annual: IndicatorResults;
  localDefinitions: readonly unknown[];
  /** Breakdowns added to every figure that can be broken down (as the year's are). */
  breakdown?: readonly string[];
}): IndicatorResults {
  const { at, annual } = input;
  const extra = input.breakdown ?? [];
  const settings = annual.settings;
  const ctx = createContext(at.year, input.datasets, settings);
  const definitions = new Map<string, Map<string, MetricDefinition>>();
  for (const e of nationalCatalogue(settings))
    definitions.set(e.id, new Map(e.parts.map((p) => [p.key, p.definition])));
  // A local metric whose periods leave out quarters has none.
  for (const raw of input.localDefinitions) {
    const v = validateLocalMetric(raw);
    if (v.ok && periodsOf(v.definition).includes('quarter'))
      definitions.set(v.definition.id, new Map([['main', v.definition]]));
  }
  const evaluate = (ind: IndicatorResult): IndicatorResult | null => {
    const parts = definitions.get(ind.id);
    if (!parts) return null;
    const quarterly = ind.parts.map((p) => {
      const def = parts.get(p.key);
      return def ? toQuarter(def, at.quarter) : null;
    });
    if (quarterly.every((d) => d === null)) return null;
    return {
      ...ind,
      parts: ind.parts.flatMap((p, i) => {
        const def = quarterly[i];
        if (!def) return [];
        const broken =
          extra.length > 0 && canBreakDown(def)
            ? { ...def, breakdown: [...(def.breakdown ?? []), ...extra] }
            : def;
        return [{ ...p, metric: evaluateMetric(broken, ctx) }];
      }),
      issues: [],
      change: null,
    };
  };
  const range = quarterRange({ year: { startYear: at.year - 1 }, quarter: at.quarter });
  return {
    ...annual,
    year: at.year,
    period: { ...annual.period, processPeriod: range },
    indicators: annual.indicators.map(evaluate).filter((x): x is IndicatorResult => x !== null),
    local: annual.local.map(evaluate).filter((x): x is IndicatorResult => x !== null),
  };
}

/** Labels each quarterly figure improved or worsened against the quarter before. */
export function compareQuarters(current: IndicatorResults, previous: IndicatorResults): IndicatorResults {
  const copy: IndicatorResults = {
    ...current,
    indicators: current.indicators.map((i) => ({ ...i })),
    local: current.local.map((i) => ({ ...i })),
  };
  addChanges(copy, previous, 'quarter');
  return copy;
}
