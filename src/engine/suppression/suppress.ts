/**
 * Statistical disclosure control for published count tables (standards.md §9).
 *
 * Primary suppression: every published count from 1 to the threshold (7 by default; zeros are shown) is
 * replaced by "*". Totals too, unless the setting says otherwise.
 *
 * Complementary suppression, so that no suppressed count can be worked out from the published figures:
 * view the table with its totals as an (R+1) x (C+1) grid, each entry an edge between its row and its
 * column (graph.ts). Each line gives an equation (cells sum to the total). An unknown entry is determined
 * by the equations exactly when its edge is a bridge of the graph of unknown entries. So, until no
 * suppressed entry is a bridge: take the first suppressed entry that is one, and suppress the published
 * entries on the cheapest path that joins its two ends (cost = the count; totals cost more, so interior
 * cells are preferred). Only entries of at least 1 are ever used: then every suppressed entry lies on a
 * cycle of unknown entries that are all >= 1, and the published figures are equally consistent with that
 * entry being one more or one less (moving +1/-1 alternately around the cycle keeps every count >= 0). So
 * no suppressed count can be recovered exactly, even by someone who knows counts are whole numbers >= 0.
 * A path always exists: a cell joins its row total, the grand total and its column total.
 *
 * Limit: tables are protected one at a time, and linked tables through their shared totals
 * (suppressLinked); figures published elsewhere are outside this guarantee.
 */
import { bridges, cheapestPath, type Edge } from './graph.js';

export type EntryState = 'shown' | 'primary' | 'complementary' | 'unpublished';

export interface CountTable {
  cells: number[][];
  /** Which margins are published. Unpublished margins are unknown to a reader. */
  rowTotals: boolean;
  columnTotals: boolean;
  grandTotal: boolean;
}

export interface SuppressionOptions {
  threshold: number;
  suppressTotals: boolean;
}

export interface SuppressedTable {
  /** (R+1) x (C+1) values: cells, row totals in the last column, column totals in the last row. */
  values: number[][];
  states: EntryState[][];
}

const TOTAL_PENALTY = 1e6;

/** The table with its margins: values[R][C] is the grand total. */
export function extend(table: CountTable): number[][] {
  const rows = table.cells.length;
  const cols = rows === 0 ? 0 : table.cells[0]!.length;
  const values: number[][] = table.cells.map((r) => [...r, r.reduce((a, b) => a + b, 0)]);
  const totals: number[] = [];
  for (let j = 0; j <= cols; j++) totals.push(values.reduce((a, r) => a + r[j]!, 0));
  values.push(totals);
  return values;
}

function initialStates(
  table: CountTable,
  values: number[][],
  options: SuppressionOptions,
  forced: ReadonlySet<string>,
): EntryState[][] {
  const R = values.length - 1;
  const C = values[0]!.length - 1;
  return values.map((row, i) =>
    row.map((v, j): EntryState => {
      const isCell = i < R && j < C;
      const published =
        isCell ||
        (i < R && j === C ? table.rowTotals : i === R && j < C ? table.columnTotals : table.grandTotal);
      if (!published) return 'unpublished';
      if (forced.has(`${i},${j}`)) return 'complementary';
      if ((isCell || options.suppressTotals) && v >= 1 && v <= options.threshold) return 'primary';
      return 'shown';
    }),
  );
}

/**
 * Suppresses a table: primary cells, then complementary cells until no suppressed count can be worked
 * out (see the module comment). `forced` ("i,j" in the extended grid) are suppressed from the start.
 *
 * Example: cells [[3, 40, 50]] with a published row total: 3 is primary, and the cheapest other count
 * (40) is suppressed with it; the total 93 stays.
 */
export function suppressTable(
  table: CountTable,
  options: SuppressionOptions,
  forced: ReadonlySet<string> = new Set(),
): SuppressedTable {
  const values = extend(table);
  const states = initialStates(table, values, options, forced);
  const R = values.length - 1;
  const C = values[0]!.length - 1;
  const isProtected = (s: EntryState) => s === 'primary' || s === 'complementary';
  for (let guard = 0; guard <= (R + 1) * (C + 1); guard++) {
    const unknown: (Edge & { cost: number })[] = [];
    const candidates: (Edge & { cost: number })[] = [];
    for (let i = 0; i <= R; i++)
      for (let j = 0; j <= C; j++) {
        const v = values[i]![j]!;
        if (v < 1) continue;
        const s = states[i]![j]!;
        const total = i === R || j === C;
        const cost = s === 'shown' ? v + (total ? TOTAL_PENALTY : 0) : 0;
        const edge = { row: i, col: j, cost };
        candidates.push(edge);
        if (s !== 'shown') unknown.push(edge);
      }
    const cut = bridges(unknown, R + 1, C + 1);
    const exposed = unknown.findIndex((e, k) => cut.has(k) && isProtected(states[e.row]![e.col]!));
    if (exposed === -1) break;
    const e = unknown[exposed]!;
    const skip = candidates.findIndex((c) => c.row === e.row && c.col === e.col);
    const path = cheapestPath(candidates, R + 1, C + 1, e.row, R + 1 + e.col, skip);
    if (path === null) break; // cannot happen for counts >= 1 (a path through the totals always exists)
    for (const k of path) {
      const c = candidates[k]!;
      if (states[c.row]![c.col] === 'shown') states[c.row]![c.col] = 'complementary';
    }
  }
  return { values, states };
}

/**
 * Several tables sharing their column totals (a breakdown by care group and one by staff group both add
 * up to the trust-wide counts): a column total suppressed in one is suppressed in all, to a fixed point.
 */
export function suppressLinked(
  tables: readonly CountTable[],
  options: SuppressionOptions,
): SuppressedTable[] {
  let forcedColumns = new Set<number>();
  let results: SuppressedTable[] = [];
  for (let round = 0; round < 100; round++) {
    results = tables.map((t) => {
      const R = t.cells.length;
      return suppressTable(t, options, new Set([...forcedColumns].map((j) => `${R},${j}`)));
    });
    const next = new Set<number>();
    for (const r of results) {
      const last = r.states[r.states.length - 1]!;
      last.forEach((s, j) => {
        if (s === 'primary' || s === 'complementary') next.add(j);
      });
    }
    if ([...next].every((j) => forcedColumns.has(j))) break;
    forcedColumns = new Set([...forcedColumns, ...next]);
  }
  return results;
}
