/**
 * The attacker's side of disclosure control: what a reader can work out about each count from the
 * published figures and the sums that tie them together (a total and its groups, a trust and its care
 * groups, a year and its quarters). Used by the tests to prove the publication view, and available to
 * check any set of published views.
 *
 * The reader knows the rule (disclose.ts), so a published figure is a range of possible counts: "0" is 0,
 * "*" is 1 to the threshold, a rounded value v is every count that rounds to v, and a full count is itself.
 * Each sum relation (total = part + part + ...) then narrows the ranges: a part is at least the total's
 * least minus the others' greatest, and at most the total's greatest minus the others' least. Repeated to a
 * fixed point, this is the shuttle algorithm of tabular disclosure control (Buzzigoli and Giusti, 1999),
 * which gives the tightest ranges that sums alone can give for tables of this kind. A withheld count is
 * recovered when its range comes down to one value.
 */
import type { DisclosureRule } from './disclose.js';

/** The greatest count a cell no published figure bounds could be (large enough, and exact in doubles). */
export const UNBOUNDED = 1e12;

export interface Range {
  lo: number;
  hi: number;
}

/** What a reader knows of a count from its published text under the rule. */
export function rangeOf(text: string, rule: DisclosureRule): Range {
  const t = text.replace(/,/g, '').trim();
  if (t === '*') return { lo: 1, hi: rule.threshold };
  const v = Number(t);
  if (!Number.isFinite(v)) throw new RangeError(`not a published count: ${text}`);
  if (v === 0 || !rule.publication || rule.base <= 1) return { lo: v, hi: v };
  const half = rule.base / 2;
  const lo = v === rule.base ? rule.threshold + 1 : Math.max(rule.threshold + 1, Math.ceil(v - half));
  return { lo, hi: Math.ceil(v + half) - 1 };
}

/** total = sum of parts, by cell key. */
export interface SumRelation {
  total: string;
  parts: readonly string[];
}

export interface AttackResult {
  /** Each cell's range after the attack. */
  ranges: Map<string, Range>;
  /** Withheld cells whose range came down to one value. */
  recovered: string[];
  /** Withheld cells attacked. */
  attacked: number;
  /** Rounds of narrowing until nothing changed. */
  rounds: number;
}

/**
 * Narrows every cell's range by the sum relations until nothing changes; reports the withheld cells
 * (`withheld`) that end with a single value.
 *
 * Example: total "10" (8-12), parts "*" and "10" (8-12): the withheld part is 8-12 minus 8-12, within
 * 1-7: 1 to 4, not recovered. With a part "0" instead of "10" the withheld part would be the total, which
 * cannot be (8-12 is not withheld), so such views are never published together.
 */
export function attack(
  known: ReadonlyMap<string, Range>,
  relations: readonly SumRelation[],
  withheld: ReadonlySet<string>,
  maxRounds = 1000,
): AttackResult {
  // Cells as indexes into typed arrays; each relation as its total then its parts in one flat list.
  const index = new Map<string, number>();
  const lo: number[] = [];
  const hi: number[] = [];
  const id = (k: string) => {
    let i = index.get(k);
    if (i === undefined) {
      i = lo.length;
      index.set(k, i);
      const r = known.get(k);
      lo.push(r ? r.lo : 0);
      hi.push(r ? r.hi : UNBOUNDED);
    }
    return i;
  };
  for (const k of known.keys()) id(k);
  const starts = new Int32Array(relations.length + 1);
  const flat: number[] = [];
  relations.forEach((rel, r) => {
    starts[r] = flat.length;
    flat.push(id(rel.total));
    for (const p of rel.parts) flat.push(id(p));
  });
  starts[relations.length] = flat.length;
  const L = Float64Array.from(lo);
  const H = Float64Array.from(hi);
  const members = Int32Array.from(flat);
  const rounds = narrow(L, H, starts, members, maxRounds);
  const ranges = new Map<string, Range>();
  for (const [k, i] of index) ranges.set(k, { lo: L[i]!, hi: H[i]! });
  const recovered = [...withheld].filter((k) => {
    const i = index.get(k);
    return i !== undefined && L[i] === H[i];
  });
  return { ranges, recovered, attacked: withheld.size, rounds };
}

/**
 * The shuttle algorithm on cells given as indexes: `L` and `H` (each cell's least and greatest possible
 * count) are narrowed in place by the relations (relation r is `members[starts[r]]` = the sum of
 * `members[starts[r] + 1 .. starts[r + 1] - 1]`) until nothing changes. Returns the rounds it took.
 */
export function narrow(
  L: Float64Array,
  H: Float64Array,
  starts: Int32Array,
  members: Int32Array,
  maxRounds = 1000,
): number {
  const relations = starts.length - 1;
  // Which relations each cell is in, to look again only at relations whose cells changed.
  const count = new Int32Array(L.length + 1);
  for (const m of members) count[m + 1]!++;
  for (let i = 0; i < L.length; i++) count[i + 1]! += count[i]!;
  const inRelation = new Int32Array(members.length);
  const fill = count.slice(0, L.length);
  for (let r = 0; r < relations; r++)
    for (let x = starts[r]!; x < starts[r + 1]!; x++) inRelation[fill[members[x]!]!++] = r;
  let queue = new Uint8Array(relations).fill(1);
  let rounds = 0;
  for (let changed = true; changed && rounds < maxRounds; rounds++) {
    changed = false;
    const next = new Uint8Array(relations);
    const touch = (cell: number) => {
      changed = true;
      for (let y = count[cell]!; y < count[cell + 1]!; y++) next[inRelation[y]!] = 1;
    };
    for (let r = 0; r < relations; r++) if (queue[r] !== 0) narrowRelation(r, starts, members, L, H, touch);
    queue = next;
  }
  return rounds;
}

/**
 * The relations each cell is in, as offsets into one list (compressed rows): the relations of cell `c` are
 * `relations[offsets[c] .. offsets[c + 1] - 1]`.
 */
export interface CellRelations {
  offsets: Int32Array;
  relations: Int32Array;
}

/** Which relations each of `cells` cells is in (see `narrow` for `starts` and `members`). */
export function cellRelations(cells: number, starts: Int32Array, members: Int32Array): CellRelations {
  const offsets = new Int32Array(cells + 1);
  for (const m of members) offsets[m + 1]!++;
  for (let i = 0; i < cells; i++) offsets[i + 1]! += offsets[i]!;
  const fill = offsets.slice(0, cells);
  const relations = new Int32Array(members.length);
  for (let r = 0; r < starts.length - 1; r++)
    for (let x = starts[r]!; x < starts[r + 1]!; x++) relations[fill[members[x]!]!++] = r;
  return { offsets, relations };
}

/**
 * The shuttle algorithm again from ranges that are already narrowed, after a reader has learnt more about
 * a few cells (their ranges were tightened in `L` and `H`): only the relations of `seeds`, and then those
 * of every cell that changes, are looked at. From ranges that were a fixed point before, this reaches the
 * same fixed point as narrowing everything from the start, at the cost of the cells it touches. Every
 * change is reported to `changed` (the cell and its range before) first, so the caller can undo them.
 * Returns false when it stopped after `maxVisits` relation visits without settling: the ranges are then
 * wider than they would be and must not be relied on.
 */
export function narrowFrom(
  L: Float64Array,
  H: Float64Array,
  starts: Int32Array,
  members: Int32Array,
  index: CellRelations,
  seeds: Iterable<number>,
  changed: (cell: number, lo: number, hi: number) => void,
  maxVisits = 1_000_000,
): boolean {
  const queue: number[] = [];
  const queued = new Set<number>();
  const push = (r: number) => {
    if (queued.has(r)) return;
    queued.add(r);
    queue.push(r);
  };
  const touch = (cell: number, lo: number, hi: number) => {
    changed(cell, lo, hi);
    for (let y = index.offsets[cell]!; y < index.offsets[cell + 1]!; y++) push(index.relations[y]!);
  };
  for (const cell of seeds)
    for (let y = index.offsets[cell]!; y < index.offsets[cell + 1]!; y++) push(index.relations[y]!);
  for (let visits = 0; queue.length > 0; visits++) {
    if (visits >= maxVisits) return false;
    const r = queue.pop()!;
    queued.delete(r);
    narrowRelation(r, starts, members, L, H, touch);
  }
  return true;
}

/**
 * One step of the attack: relation `r` says its first member (the total) is the sum of the others, so the
 * total lies within the sums of the parts' bounds, and each part within the total's bounds less the other
 * parts'. Tightens the bounds in place and calls `touch` with each cell's bounds before it was tightened.
 */
function narrowRelation(
  r: number,
  starts: ArrayLike<number>,
  members: ArrayLike<number>,
  L: Float64Array | number[],
  H: Float64Array | number[],
  touch: (cell: number, lo: number, hi: number) => void,
): void {
  const a = starts[r]!;
  const b = starts[r + 1]!;
  const t = members[a]!;
  let sumLo = 0;
  let sumHi = 0;
  for (let x = a + 1; x < b; x++) {
    sumLo += L[members[x]!]!;
    sumHi += H[members[x]!]!;
  }
  if (sumLo > L[t]! || sumHi < H[t]!) {
    const [lo, hi] = [L[t]!, H[t]!];
    L[t] = Math.max(lo, sumLo);
    H[t] = Math.min(hi, sumHi);
    touch(t, lo, hi);
  }
  for (let x = a + 1; x < b; x++) {
    const p = members[x]!;
    const pl = L[t]! - (sumHi - H[p]!);
    const ph = H[t]! - (sumLo - L[p]!);
    if (pl > L[p]! || ph < H[p]!) {
      const [lo, hi] = [L[p]!, H[p]!];
      L[p] = Math.max(lo, pl);
      H[p] = Math.min(hi, ph);
      touch(p, lo, hi);
    }
  }
}
