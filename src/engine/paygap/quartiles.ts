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
  const byGroup = new Map<string, number[]>();
  for (const e of entries) {
    const list = byGroup.get(e.group);
    if (list) list.push(e.value);
    else byGroup.set(e.group, [e.value]);
  }
  const sorted = new Map<string, Float64Array>();
  for (const [group, values] of byGroup) sorted.set(group, Float64Array.from(values).sort());
  return allocateSortedQuartiles(sorted, groupOrder, rule);
}

/** The band of seat `seat`, for band edges [0, e0, e1, e2, total]. */
function bandOfSeat(seat: number, edges: readonly number[]): number {
  return seat < edges[1]! ? 0 : seat < edges[2]! ? 1 : seat < edges[3]! ? 2 : 3;
}

/**
 * Puts n people of `group` with `value` in band b. Module functions rather than closures in the
 * allocation: the allocation runs for every quartile figure, and a closure made anew each time is compiled
 * anew each time.
 */
function place(b: QuartileAllocation['bands'][number], group: string, n: number, value: number): void {
  b.counts[group] = (b.counts[group] ?? 0) + n;
  b.min = b.min === null ? value : Math.min(b.min, value);
  b.max = b.max === null ? value : Math.max(b.max, value);
}

/**
 * allocateQuartiles for values already split by group, each group's values sorted ascending: the groups'
 * lists are merged in value order, one run of equal values at a time.
 */
export function allocateSortedQuartiles(
  byGroup: ReadonlyMap<string, ArrayLike<number>>,
  groupOrder: readonly string[],
  rule: QuartileRemainderRule,
): QuartileAllocation {
  // Groups in allocation order: listed ones first, then the others in code-point order.
  const rankOf = (g: string) => {
    const i = groupOrder.indexOf(g);
    return i === -1 ? Infinity : i;
  };
  const groups = [...byGroup.keys()].sort((a, b) => rankOf(a) - rankOf(b) || (a < b ? -1 : a > b ? 1 : 0));
  const lists = groups.map((g) => byGroup.get(g)!);
  const heads = new Array<number>(groups.length).fill(0);
  const total = lists.reduce((n, l) => n + l.length, 0);
  const sizes = quartileSizes(total, rule);
  const bands: QuartileAllocation['bands'] = QUARTILE_BANDS.map(() => ({ counts: {}, min: null, max: null }));
  const e0 = sizes[0];
  const e1 = e0 + sizes[1];
  const e2 = e1 + sizes[2];
  const bandEdges = [0, e0, e1, e2, total];
  const members = new Array<number>(groups.length).fill(0);
  let start = 0;
  while (start < total) {
    // The next run: the least head value, and how many of each group have it.
    let value = Infinity;
    for (let g = 0; g < lists.length; g++)
      if (heads[g]! < lists[g]!.length && lists[g]![heads[g]!]! < value) value = lists[g]![heads[g]!]!;
    let size = 0;
    let only = -1;
    let groupsInRun = 0;
    for (let g = 0; g < lists.length; g++) {
      const list = lists[g]!;
      let h = heads[g]!;
      while (h < list.length && list[h] === value) h++;
      members[g] = h - heads[g]!;
      heads[g] = h;
      if (members[g]! > 0) {
        size += members[g]!;
        only = g;
        groupsInRun++;
      }
    }
    const end = start + size;
    const firstBand = bandOfSeat(start, bandEdges);
    if (bandOfSeat(end - 1, bandEdges) === firstBand) {
      // Everyone at this value is in one band (the apportionment would give each group all its people).
      if (groupsInRun === 1) place(bands[firstBand]!, groups[only]!, size, value);
      else
        for (let g = 0; g < lists.length; g++)
          if (members[g]! > 0) place(bands[firstBand]!, groups[g]!, members[g]!, value);
      start = end;
      continue;
    }
    // The seats of this run in each band: the overlap of [start, end) with the band's seats.
    const caps = [0, 1, 2, 3].map((j) =>
      Math.max(0, Math.min(end, bandEdges[j + 1]!) - Math.max(start, bandEdges[j]!)),
    );
    let left = groupsInRun;
    for (let g = 0; g < lists.length; g++) {
      const m = members[g]!;
      if (m === 0) continue;
      left--;
      const seats = left === 0 ? [...caps] : apportion(m, caps);
      for (let j = 0; j < seats.length; j++) {
        const n = seats[j]!;
        if (n === 0) continue;
        place(bands[j]!, groups[g]!, n, value);
        caps[j]! -= n;
      }
    }
    start = end;
  }
  return { sizes, bands };
}
