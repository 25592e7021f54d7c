/**
 * Pay quartiles (reg 13, standards.md §8.1). Everyone is ranked by hourly pay, lowest first, and split into
 * four bands of (so far as possible) equal size: lower, lower-middle, upper-middle, upper.
 *
 * Remainder rule (setting `paygap.quartileRemainderRule`, UNCONFIRMED): with n = 4k + r,
 *   LOWER_THEN_UPPER_MIDDLE: r=1 -> lower; r=2 -> lower, upper-middle; r=3 -> lower, lower-middle, upper-middle
 *   LOWEST_FIRST:            r=1 -> lower; r=2 -> lower, lower-middle; r=3 -> lower, lower-middle, upper-middle
 *
 * Ties (reg 13(2)): people with the same hourly rate who straddle a boundary are shared between the bands
 * so that each group's share at that rate is, as far as possible, the same in each band. For a tie of |T|
 * people over bands with c_j seats: the first group (the reference, e.g. men) gets floor(m c_j / |T|) seats
 * in band j, and the remaining seats go to the largest remainders (lower band first on equal remainders);
 * the next group is allocated the same way over the seats left, and the last group fills what remains.
 * With two groups this is exactly the rule of standards.md §8.1.
 */
import type { QuartileRemainderRule } from '../settings.js';

export const QUARTILE_BANDS = ['LOWER', 'LOWER_MIDDLE', 'UPPER_MIDDLE', 'UPPER'] as const;

/**
 * Band sizes for n people.
 *
 * Example: quartileSizes(10, 'LOWER_THEN_UPPER_MIDDLE') -> [3, 2, 3, 2]
 */
export function quartileSizes(n: number, rule: QuartileRemainderRule): [number, number, number, number] {
  const k = Math.floor(n / 4);
  const r = n % 4;
  const extra =
    r === 0
      ? [0, 0, 0, 0]
      : r === 1
        ? [1, 0, 0, 0]
        : r === 2
          ? rule === 'LOWEST_FIRST'
            ? [1, 1, 0, 0]
            : [1, 0, 1, 0]
          : [1, 1, 1, 0];
  return [k + extra[0]!, k + extra[1]!, k + extra[2]!, k + extra[3]!];
}

export interface QuartileAllocation {
  sizes: [number, number, number, number];
  /** Per band: people of each group, and the lowest and highest value in the band. */
  bands: { counts: Record<string, number>; min: number | null; max: number | null }[];
}

/** Largest-remainder apportionment of m people over bands with capacities `caps` (total T = sum caps >= m). */
function apportion(m: number, caps: number[]): number[] {
  const total = caps.reduce((a, b) => a + b, 0);
  if (total === 0 || m === 0) return caps.map(() => 0);
  const floors = caps.map((c) => Math.floor((m * c) / total));
  const remainders = caps.map((c, j) => m * c - floors[j]! * total);
  let left = m - floors.reduce((a, b) => a + b, 0);
  const order = caps.map((_, j) => j).sort((a, b) => remainders[b]! - remainders[a]! || a - b);
  for (const j of order) {
    if (left === 0) break;
    if (floors[j]! < caps[j]!) {
      floors[j]!++;
      left--;
    }
  }
  return floors;
}

/**
 * Ranks values into the four bands with the remainder and tie rules. `groupOrder` lists the groups in
 * allocation order (reference first); a group not listed is allocated after them, in code-point order.
 *
 * Example: 8 people (bands of 2): three men and three women at £1, one man and one woman at £2. The six
 * tied people fill the lower, lower-middle and upper-middle bands; men get 3 x 2 / 6 = 1 seat in each, and
 * women the other seat: every band is half men, half women.
 */
export function allocateQuartiles(
  entries: readonly { value: number; group: string }[],
  groupOrder: readonly string[],
  rule: QuartileRemainderRule,
): QuartileAllocation {
  const sorted = [...entries].sort((a, b) => a.value - b.value);
  const sizes = quartileSizes(sorted.length, rule);
  const bands: QuartileAllocation['bands'] = QUARTILE_BANDS.map(() => ({ counts: {}, min: null, max: null }));
  const bandOfSeat = (seat: number): number => {
    let edge = 0;
    for (let j = 0; j < 4; j++) {
      edge += sizes[j]!;
      if (seat < edge) return j;
    }
    return 3;
  };
  let start = 0;
  while (start < sorted.length) {
    const value = sorted[start]!.value;
    let end = start;
    while (end < sorted.length && sorted[end]!.value === value) end++;
    const caps = [0, 0, 0, 0];
    for (let seat = start; seat < end; seat++) caps[bandOfSeat(seat)]!++;
    const members = new Map<string, number>();
    for (let i = start; i < end; i++) members.set(sorted[i]!.group, (members.get(sorted[i]!.group) ?? 0) + 1);
    const order = [...members.keys()].sort((a, b) => {
      const ia = groupOrder.indexOf(a);
      const ib = groupOrder.indexOf(b);
      if (ia !== ib) return (ia === -1 ? Infinity : ia) - (ib === -1 ? Infinity : ib);
      return a < b ? -1 : a > b ? 1 : 0;
    });
    order.forEach((group, index) => {
      const m = members.get(group)!;
      const seats = index === order.length - 1 ? [...caps] : apportion(m, caps);
      seats.forEach((n, j) => {
        if (n === 0) return;
        const band = bands[j]!;
        band.counts[group] = (band.counts[group] ?? 0) + n;
        band.min = band.min === null ? value : Math.min(band.min, value);
        band.max = band.max === null ? value : Math.max(band.max, value);
        caps[j]! -= n;
      });
    });
    start = end;
  }
  return { sizes, bands };
}
