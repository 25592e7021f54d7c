import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bridges } from './graph.js';
import { suppressLinked, suppressTable, type CountTable, type SuppressedTable } from './suppress.js';

const options = { threshold: 7, suppressTotals: true };
const hidden = (s: string) => s !== 'shown';

/**
 * The reader's equations: for each line of the extended grid, cells sum to the total. Unknowns are the
 * entries not shown. An unknown is pinned when the equations fix it: rank(A) = rank(A without its column)
 * + 1. Gaussian elimination in floating point on small 0/±1 matrices.
 */
function rank(matrix: number[][]): number {
  const m = matrix.map((r) => [...r]);
  let r = 0;
  const cols = m[0]?.length ?? 0;
  for (let c = 0; c < cols && r < m.length; c++) {
    let pivot = -1;
    for (let i = r; i < m.length; i++)
      if (Math.abs(m[i]![c]!) > 1e-9 && (pivot === -1 || Math.abs(m[i]![c]!) > Math.abs(m[pivot]![c]!)))
        pivot = i;
    if (pivot === -1) continue;
    [m[r], m[pivot]] = [m[pivot]!, m[r]!];
    for (let i = 0; i < m.length; i++) {
      if (i === r) continue;
      const f = m[i]![c]! / m[r]![c]!;
      for (let k = c; k < cols; k++) m[i]![k]! -= f * m[r]![k]!;
    }
    r++;
  }
  return r;
}

function pinnedEntries(t: SuppressedTable): string[] {
  const R = t.values.length - 1;
  const C = t.values[0]!.length - 1;
  const unknowns: [number, number][] = [];
  t.states.forEach((row, i) => row.forEach((s, j) => hidden(s) && unknowns.push([i, j])));
  const lines: number[][] = [];
  for (let i = 0; i <= R; i++) lines.push(unknowns.map(([a, b]) => (a === i ? (b === C ? -1 : 1) : 0)));
  for (let j = 0; j <= C; j++) lines.push(unknowns.map(([a, b]) => (b === j ? (a === R ? -1 : 1) : 0)));
  const full = rank(lines);
  const out: string[] = [];
  unknowns.forEach(([i, j], k) => {
    const protectedEntry = t.states[i]![j] === 'primary' || t.states[i]![j] === 'complementary';
    if (!protectedEntry) return;
    const without = rank(lines.map((row) => row.filter((_, x) => x !== k)));
    if (without < full) out.push(`${i},${j}`);
  });
  return out;
}

/** Exhaustive reader for small tables: can the published figures be completed with other values? */
function alternativeExists(t: SuppressedTable, target: [number, number]): boolean {
  const R = t.values.length - 1;
  const C = t.values[0]!.length - 1;
  const unknowns: [number, number][] = [];
  t.states.forEach((row, i) => row.forEach((s, j) => hidden(s) && unknowns.push([i, j])));
  const bound = t.values[R]![C]!;
  const known = t.values.map((row, i) => row.map((v, j) => (hidden(t.states[i]![j]!) ? null : v)));
  const actual = t.values[target[0]]![target[1]]!;
  const grid = known.map((r) => [...r]);
  const consistent = (): boolean => {
    for (let i = 0; i <= R; i++) {
      const row = grid[i]!;
      if (row.every((v) => v !== null)) {
        const s = row.slice(0, C).reduce((a, b) => a + b, 0);
        if (s !== row[C]) return false;
      }
    }
    for (let j = 0; j <= C; j++) {
      const col = grid.map((r) => r[j]!);
      if (col.every((v) => v !== null)) {
        const s = col.slice(0, R).reduce((a, b) => a + b, 0);
        if (s !== col[R]) return false;
      }
    }
    return true;
  };
  const search = (k: number): boolean => {
    if (k === unknowns.length) return grid[target[0]]![target[1]] !== actual;
    const [i, j] = unknowns[k]!;
    for (let v = 0; v <= bound; v++) {
      grid[i]![j] = v;
      if (consistent() && search(k + 1)) return true;
    }
    grid[i]![j] = null;
    return false;
  };
  return search(0);
}

const table = (cells: number[][], margins = true): CountTable => ({
  cells,
  rowTotals: true,
  columnTotals: margins,
  grandTotal: margins,
});

describe('suppression', () => {
  it('finds bridges', () => {
    expect(bridges([{ row: 0, col: 0 }], 1, 1)).toEqual(new Set([0]));
    const square = [
      { row: 0, col: 0 },
      { row: 0, col: 1 },
      { row: 1, col: 0 },
      { row: 1, col: 1 },
    ];
    expect(bridges(square, 2, 2).size).toBe(0);
  });

  it('suppresses a small count and the cheapest other count in its row', () => {
    const t = suppressTable(table([[3, 40, 50]], false), options);
    expect(t.states[0]).toEqual(['primary', 'complementary', 'shown', 'shown']);
  });

  it('never suppresses zeros; with only zeros beside a small count, hides the total', () => {
    const t = suppressTable(table([[3, 0, 0]], false), options);
    expect(t.states[0]).toEqual(['primary', 'shown', 'shown', 'primary']);
  });

  it('protects a 2-D table with totals', () => {
    const t = suppressTable(
      table([
        [20, 3, 15],
        [30, 12, 25],
        [18, 22, 40],
      ]),
      options,
    );
    expect(t.states[0]![1]).toBe('primary');
    expect(pinnedEntries(t)).toEqual([]);
    expect(t.states.flat().filter((s) => s === 'complementary').length).toBe(3);
  });

  it('property: no suppressed count can be worked out from the published figures (linear algebra)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }).chain((cols) =>
          fc.array(fc.array(fc.integer({ min: 0, max: 30 }), { minLength: cols, maxLength: cols }), {
            minLength: 1,
            maxLength: 5,
          }),
        ),
        fc.boolean(),
        (cells, margins) => {
          const t = suppressTable(table(cells, margins), options);
          expect(pinnedEntries(t)).toEqual([]);
          t.states.forEach((row, i) =>
            row.forEach((s, j) => {
              if (s === 'primary') expect(t.values[i]![j]).toBeLessThanOrEqual(7);
              if (s === 'complementary' || s === 'primary') expect(t.values[i]![j]).toBeGreaterThanOrEqual(1);
              if (t.values[i]![j]! >= 1 && t.values[i]![j]! <= 7 && s === 'shown')
                throw new Error('small count shown');
            }),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('property: even knowing counts are whole numbers >= 0, every suppressed count has another possible value', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 2, maxLength: 2 }), {
          minLength: 2,
          maxLength: 2,
        }),
        (cells) => {
          const t = suppressTable(table(cells), { threshold: 3, suppressTotals: true });
          t.states.forEach((row, i) =>
            row.forEach((s, j) => {
              if (s === 'primary' || s === 'complementary') expect(alternativeExists(t, [i, j])).toBe(true);
            }),
          );
        },
      ),
      { numRuns: 60 },
    );
  });

  it('linked tables share their suppressed column totals', () => {
    const [a, b] = suppressLinked(
      [
        table([
          [10, 2, 30],
          [12, 4, 20],
        ]),
        table([
          [15, 5, 25],
          [7, 1, 25],
        ]),
      ],
      options,
    );
    const last = (t: SuppressedTable) => t.states[t.states.length - 1]!.map(hidden);
    expect(last(a!)).toEqual(last(b!));
    expect(pinnedEntries(a!)).toEqual([]);
    expect(pinnedEntries(b!)).toEqual([]);
  });
});
