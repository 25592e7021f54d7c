/**
 * Small-number protection for the dashboard's own tables (breakdowns by care group, staff group, band;
 * counts by case type or quarter), with the engine's suppression: primary suppression of counts from 1 to
 * the threshold and complementary suppression so that no hidden count can be worked out from the others
 * or from the totals. Tables that add up to the same totals (a breakdown by care group and one by staff
 * group) are protected together, and a total the engine's own publication view hides stays hidden here.
 * If protecting the tables would hide a total the publication view shows, every figure of them is
 * withheld instead: a reader who knows that total from another page must not be able to subtract their
 * way to a hidden count. (Complementary suppression prefers inner cells, so this is rare.)
 */
import { suppressTable, type EngineSettings, type SuppressionOptions } from '../../engine/index.js';

export interface Protection {
  /** False for analysts' full view: nothing is hidden. */
  suppress: boolean;
  options: SuppressionOptions;
  /** Whether rates and ratios computed from a hidden count are hidden with it. */
  hideDerived: boolean;
}

export function protectionFor(s: EngineSettings, suppress: boolean): Protection {
  return {
    suppress,
    options: {
      threshold: suppress ? s['suppression.primaryThreshold'] : 0,
      suppressTotals: suppress && s['suppression.suppressTotals'],
    },
    hideDerived: suppress && s['suppression.derivedValues'] === 'HIDE',
  };
}

export interface ProtectedTable {
  /** hidden[i][j] for each cell. */
  cells: boolean[][];
  /** Row totals hidden. */
  rowTotals: boolean[];
}

const hiddenState = (s: string | undefined) => s === 'primary' || s === 'complementary';

/**
 * Protects tables of counts (rows x columns) that share their column totals.
 * `published[j]` says whether the column total j is shown elsewhere (the engine's publication view); a
 * total hidden there is hidden here from the start.
 */
export function protectLinked(
  tables: readonly number[][][],
  protection: Protection,
  published: readonly boolean[] | null = null,
): ProtectedTable[] {
  if (!protection.suppress || tables.length === 0)
    return tables.map((t) => ({
      cells: t.map((r) => r.map(() => false)),
      rowTotals: t.map(() => false),
    }));
  const columns = Math.max(0, ...tables.map((t) => t[0]?.length ?? 0));
  let forced = new Set<number>();
  if (published) published.forEach((shown, j) => (shown ? undefined : forced.add(j)));
  let results = tables.map(() => ({ values: [] as number[][], states: [] as string[][] }));
  for (let round = 0; round < 100; round++) {
    results = tables.map((cells) => {
      const R = cells.length;
      return suppressTable(
        { cells: cells.map((r) => [...r]), rowTotals: true, columnTotals: true, grandTotal: true },
        protection.options,
        new Set([...forced].map((j) => `${R},${j}`)),
      );
    });
    const next = new Set(forced);
    for (const r of results)
      r.states[r.states.length - 1]?.forEach((s, j) => {
        if (j < columns && hiddenState(s)) next.add(j);
      });
    if (next.size === forced.size) break;
    forced = next;
  }
  // A column total hidden here but shown elsewhere: the rest of the table could then give away what it
  // hides (the known total minus the shown cells), so every figure of these tables is withheld.
  const conflict = published !== null && [...forced].some((j) => published[j]);
  return results.map((r, t) => ({
    cells: tables[t]!.map((row, i) => row.map((_, j) => conflict || hiddenState(r.states[i]?.[j]))),
    rowTotals: tables[t]!.map((row, i) => conflict || hiddenState(r.states[i]?.[row.length])),
  }));
}

/** One table on its own (counts by case type, by quarter): rows, columns and all totals published. */
export function protectTable(cells: readonly (readonly number[])[], protection: Protection): ProtectedTable {
  return protectLinked([cells.map((r) => [...r])], protection)[0]!;
}
