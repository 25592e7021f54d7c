/**
 * A group x unit x quarter table with all its sums, as the dashboard's views publish one, for the property
 * tests of the disclosure control. Its inner counts are `values` taken in turn; each total stands under a
 * key with `T` in place of the group, unit or quarter it adds over (`T|1|2` is every group's count of
 * unit 1 in quarter 2), and every total is tied to its parts by a sum.
 */
import type { SumRelation } from './attack.js';

export interface Cube {
  /** Every count, inner ones and totals, by key (`group|unit|quarter`). */
  counts: Map<string, number>;
  /** Each total as the sum of its parts along one of the three ways. */
  relations: SumRelation[];
}

type Way = number | 'T';
const QUARTERS = 4;

export function cube(groups: number, units: number, values: readonly number[]): Cube {
  const key = (g: Way, u: Way, q: Way) => `${g}|${u}|${q}`;
  const inner = new Map<string, number>();
  let i = 0;
  for (let g = 0; g < groups; g++)
    for (let u = 0; u < units; u++)
      for (let q = 0; q < QUARTERS; q++) inner.set(key(g, u, q), values[i++ % values.length]!);
  const sum = (g: Way, u: Way, q: Way): number => {
    let total = 0;
    for (let a = 0; a < groups; a++)
      for (let b = 0; b < units; b++)
        for (let c = 0; c < QUARTERS; c++)
          if ((g === 'T' || g === a) && (u === 'T' || u === b) && (q === 'T' || q === c))
            total += inner.get(key(a, b, c))!;
    return total;
  };
  const gs: Way[] = [...Array(groups).keys(), 'T'];
  const us: Way[] = [...Array(units).keys(), 'T'];
  const qs: Way[] = [...Array(QUARTERS).keys(), 'T'];
  const counts = new Map<string, number>();
  for (const g of gs) for (const u of us) for (const q of qs) counts.set(key(g, u, q), sum(g, u, q));
  const relations: SumRelation[] = [];
  for (const u of us)
    for (const q of qs)
      relations.push({ total: key('T', u, q), parts: [...Array(groups).keys()].map((g) => key(g, u, q)) });
  for (const g of gs)
    for (const q of qs)
      relations.push({ total: key(g, 'T', q), parts: [...Array(units).keys()].map((u) => key(g, u, q)) });
  for (const g of gs)
    for (const u of us)
      relations.push({ total: key(g, u, 'T'), parts: [...Array(QUARTERS).keys()].map((q) => key(g, u, q)) });
  return { counts, relations };
}
