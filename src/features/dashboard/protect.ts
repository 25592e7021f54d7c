/**
 * The dashboard's own count tables (counts by case type and quarter, the recruitment funnel, declaration
 * by year) through the engine's disclosure rule: each table with its row totals, column totals and grand
 * total in one ledger (the sums of the table), so that every count is withheld or rounded and no withheld
 * count can be worked out from the table's own sums. The national indicators and their breakdowns are
 * protected over every view of the organisation together (disclosure.ts); these tables are not yet in that
 * ledger.
 */
import {
  DisclosureLedger,
  disclosureRule,
  type DisclosureRule,
  type EngineSettings,
  type PublishedCount,
} from '../../engine/index.js';

export interface Protection {
  /** False for analysts' full view: nothing is withheld or rounded. */
  suppress: boolean;
  rule: DisclosureRule;
  /** Averages of this many people or fewer are withheld in the publication view. */
  threshold: number;
}

export function protectionFor(s: EngineSettings, suppress: boolean): Protection {
  return {
    suppress,
    rule: disclosureRule(s, suppress),
    threshold: s['suppression.primaryThreshold'],
  };
}

export interface ProtectedTable {
  cells: PublishedCount[][];
  rowTotals: PublishedCount[];
  columnTotals: PublishedCount[];
  total: PublishedCount;
}

/**
 * One table of counts (rows x columns) with its totals, as published.
 *
 * Example: cells [[8, 8, 1]]: the row total 17 reads 15 and the cells 10, 10 and *; since 17 - 8 - 8
 * would leave only 1 for the third, one more count is withheld.
 */
export function protectTable(cells: readonly (readonly number[])[], protection: Protection): ProtectedTable {
  const ledger = new DisclosureLedger(protection.rule);
  const columns = Math.max(0, ...cells.map((r) => r.length));
  const cell = (i: number, j: number) => `${i},${j}`;
  const rowTotal = (i: number) => `${i},T`;
  const colTotal = (j: number) => `T,${j}`;
  cells.forEach((row, i) => {
    row.forEach((v, j) => ledger.add(cell(i, j), v));
    ledger.add(
      rowTotal(i),
      row.reduce((a, b) => a + b, 0),
      { cost: 0 },
    );
    ledger.relate(
      rowTotal(i),
      row.map((_, j) => cell(i, j)),
    );
  });
  let grand = 0;
  for (let j = 0; j < columns; j++) {
    const sum = cells.reduce((a, r) => a + (r[j] ?? 0), 0);
    grand += sum;
    ledger.add(colTotal(j), sum, { cost: 0 });
    ledger.relate(
      colTotal(j),
      cells.map((_, i) => cell(i, j)),
    );
  }
  ledger.add('T', grand, { cost: 0 });
  ledger.relate(
    'T',
    cells.map((_, i) => rowTotal(i)),
  );
  return {
    cells: cells.map((row, i) => row.map((_, j) => ledger.get(cell(i, j))!)),
    rowTotals: cells.map((_, i) => ledger.get(rowTotal(i))!),
    columnTotals: Array.from({ length: columns }, (_, j) => ledger.get(colTotal(j))!),
    total: ledger.get('T')!,
  };
}
