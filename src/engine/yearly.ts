/**
 * The years behind a mean of yearly ratios, as the publication view shows them. Under the window method
 * MEAN_OF_RATIOS the headline is the mean of each year's own relative likelihood, so the counts of the
 * figure are each year's, not the years added together: every output that shows the counts shows each
 * year's numerators, denominators and ratio, through the same publication view as every other figure.
 */
import type { IndicatorResult, IndicatorResults } from './compute.js';
import { financialYearLabel } from './periods.js';
import { toPublication, type DisplayTable, type PartLookup } from './suppression/publication.js';

export interface PublishedYear {
  /** The reporting year N. */
  year: number;
  /** "2023/24": the financial year of its cases, ending 31 March N. */
  label: string;
  /** The year's own relative likelihood, as the publication view shows it ("*" when withheld). */
  ratio: string;
  /** The year's counts and rates. */
  table: DisplayTable;
}

export interface PublishedYears {
  /** The indicator part ("main" for a one-part indicator). */
  part: string;
  years: PublishedYear[];
}

/**
 * Each year of every part of `ind` that is a mean of yearly ratios, through the publication view (or the
 * full view with `{ suppress: false }`). Empty for pooled and one-year figures.
 *
 * Example: WRES 3 under MEAN_OF_RATIOS for 2024 -> [{ part: "main", years: [{ year: 2023, label: "2022/23",
 *   ratio: "1.84", table }, { year: 2024, label: "2023/24", ratio: "3.60", table }] }]
 */
export function publishYearly(
  ind: IndicatorResult,
  results: IndicatorResults,
  view: { suppress: boolean; lookup?: PartLookup | null },
): PublishedYears[] {
  const out: PublishedYears[] = [];
  for (const part of ind.parts) {
    const r = part.metric.result;
    if (r.type !== 'relativeLikelihood' || !r.yearly || r.yearly.length === 0) continue;
    const yearly = r.yearly;
    // Each year as a one-year figure of its own, so the publication view treats its counts as it treats any.
    const asYears: IndicatorResult = {
      ...ind,
      parts: yearly.map((y) => ({
        ...part,
        key: String(y.year),
        metric: {
          ...part.metric,
          result: {
            type: 'relativeLikelihood',
            scheme: r.scheme,
            groups: y.groups,
            all: y.all,
            relativeLikelihood: y.relativeLikelihood,
          },
          breakdowns: [],
          window: null,
          windowKind: 'ONE_YEAR',
          windowYears: [y.year],
        },
      })),
      change: null,
    };
    // Each year's counts are those of the window's year in the disclosure ledger (`~YEAR`), when there is one.
    const base = view.lookup ?? null;
    const lookup: PartLookup | null = base
      ? (_ind, yearKey) => {
          const counts = base(ind, part.key);
          return (slot, exact) => counts(slot, exact, `~${yearKey}`);
        }
      : null;
    const published = toPublication(
      { ...results, indicators: [asYears], local: [] },
      { suppress: view.suppress, lookup },
    )[0]!;
    out.push({
      part: part.key,
      years: yearly.map((y, i) => {
        const p = published.parts[i]!;
        return {
          year: y.year,
          label: financialYearLabel(y.year - 1),
          ratio: p.headline[0]?.text ?? '–',
          table: p.tables[0] ?? { title: 'Counts and rates', columns: [], rows: [] },
        };
      }),
    });
  }
  return out;
}
