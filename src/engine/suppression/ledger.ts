/**
 * Disclosure control over a whole set of views at once: every count a role can reach, named by a key,
 * and every sum that ties counts together (a total and its groups, a trust and its care groups, a year and
 * its quarters, a breakdown and its total). Each count first goes through the rule (disclose.ts: 1 to the
 * threshold withheld, the rest rounded). Rounding alone leaves a few counts that the sums pin down (a total
 * of 17 published as 15 with parts 8 and 8 published as 10 each leaves at most 1 for a withheld third
 * part), so the ledger then attacks itself (attack.ts) and, while any withheld count can be worked out,
 * withholds one more count in a sum that gave it away, choosing the one that carries the least (the
 * caller's cost: unknown rows, small counts, other quarters and units before the totals and the groups
 * being compared). Chosen one at a time, some of those turn out not to be needed once later ones are
 * withheld, so the ledger then shows again, the most costly first, every one whose showing gives no small
 * count away (`release`): each count left withheld to protect another is needed. The attacker knows the rule: a published count lies within its rounding, a zero is a zero, and a withheld
 * count is at least 1 (see knownRange for what a better informed attacker could do).
 *
 * Because every view reads its counts from one resolved ledger, the same count reads the same everywhere,
 * and the guarantee covers all the views together, not each table alone.
 *
 * Example: add("total", 17), add("a", 8), add("b", 8), add("c", 1), relate("total", ["a", "b", "c"]):
 * rounding alone publishes 15, 10, 10, * and c can only be 1 (17 - 8 - 8); resolving also withholds "a".
 */
import {
  cellRelations,
  narrow,
  narrowFrom,
  rangeOf,
  UNBOUNDED,
  type Range,
  type SumRelation,
} from './attack.js';
import { FULL_COUNTS, publishCount, type DisclosureRule, type PublishedCount } from './disclose.js';

export type CellState = 'shown' | 'primary' | 'complementary' | 'full';

export interface LedgerSummary {
  cells: number;
  relations: number;
  primary: number;
  complementary: number;
  /** Withheld counts the final attack recovered (0 unless the ledger could find nothing more to withhold). */
  recovered: string[];
  /** Names given two different counts by two views (each withheld). */
  conflicts: string[];
  /** Rounds of attack and withholding it took. */
  rounds: number;
}

/**
 * A resolved ledger as kept between processes: every count's name, true count and state, in the order
 * added, with the summary. Restoring it gives the same published counts without resolving again.
 */
export interface LedgerSnapshot {
  keys: string[];
  exact: number[];
  states: CellState[];
  summary: LedgerSummary;
}

const WITHHELD: Omit<PublishedCount, 'exact'> = { value: null, text: '*', withheld: true, rounded: false };

/**
 * What a reader knows of a count in a given state. A reader of the published figures sees "*" for every
 * withheld count and cannot tell a small one (1 to the threshold) from one withheld to protect it (any
 * size; zeros are never withheld): `reader`, every "*" is at least 1. `informed` is a reader who also
 * knows which "*" are the small ones (1 to the threshold): more than anyone can see, used to measure how
 * much rests on the reader not knowing that.
 */
export function knownRange(
  state: CellState,
  published: PublishedCount,
  rule: DisclosureRule,
  model: 'reader' | 'informed' = 'reader',
): Range {
  switch (state) {
    case 'primary':
      return { lo: 1, hi: model === 'informed' ? rule.threshold : UNBOUNDED };
    case 'complementary':
      return { lo: 1, hi: UNBOUNDED };
    case 'full':
      return { lo: published.exact, hi: published.exact };
    case 'shown':
      return rangeOf(published.text, rule);
  }
}

export class DisclosureLedger {
  private readonly index = new Map<string, number>();
  private readonly keys: string[] = [];
  private readonly exact: number[] = [];
  private readonly cost: number[] = [];
  /** Counts never withheld to protect another (see `add`). */
  private readonly fixed: boolean[] = [];
  private readonly states: CellState[] = [];
  private readonly published: PublishedCount[] = [];
  private readonly relations: SumRelation[] = [];
  private readonly pending: SumRelation[] = [];
  /** Pairs of keys that name one count (see `same`). */
  private readonly twins: [string, string][] = [];
  /** Keys added twice with different counts. */
  readonly conflicts: string[] = [];
  private resolved: LedgerSummary | null = null;
  /** Restored from a snapshot: its sums are not kept, so it takes no more counts. */
  private sealed = false;

  constructor(readonly rule: DisclosureRule) {}

  /**
   * A count some view shows. `full`: shown exactly whatever the rule (the board's make-up when published).
   * `cost`: how much withholding it would take from readers (default: the count itself). `fixed`: decided
   * by the rule alone, never withheld to protect another count, so that it reads the same in another
   * ledger that holds it (one year of a two-year window is in the ledgers of both years). `withhold`:
   * withheld whatever the rule, as a small count is (a survey group below the survey's minimum group
   * size). The same key added again with another count means two views disagree: it is withheld and
   * reported.
   */
  add(
    key: string,
    exact: number,
    options: { cost?: number; full?: boolean; fixed?: boolean; withhold?: boolean } = {},
  ): void {
    if (this.sealed) throw new Error('A restored disclosure ledger takes no more counts');
    const found = this.index.get(key);
    if (found !== undefined) {
      if (this.exact[found] !== exact && !this.conflicts.includes(key)) {
        this.conflicts.push(key);
        this.states[found] = 'complementary';
        this.published[found] = { ...WITHHELD, exact: this.exact[found]! };
        this.resolved = null;
      }
      return;
    }
    this.resolved = null;
    const small = options.withhold === true && this.rule.publication && !options.full;
    const published = options.full
      ? publishCount(exact, FULL_COUNTS)
      : small
        ? { ...WITHHELD, exact }
        : publishCount(exact, this.rule);
    this.index.set(key, this.keys.length);
    this.keys.push(key);
    this.exact.push(exact);
    this.cost.push(options.cost ?? exact);
    this.fixed.push(options.fixed ?? false);
    this.states.push(options.full ? 'full' : published.withheld ? 'primary' : 'shown');
    this.published.push(published);
  }

  has(key: string): boolean {
    return this.index.has(key);
  }

  /**
   * total = sum of parts, as a reader would assume it. Checked against the counts when resolving: a sum
   * that holds is used as it is; one whose parts fall short (records in no part) gets an unpublished
   * remainder of its own; one whose parts add up to more (a person counted in two parts) is not a sum and is
   * left out. A part no view shows has no records: it is 0, and a reader knows it; a sum with no part shown
   * is left out.
   */
  relate(total: string, parts: readonly string[]): void {
    if (this.sealed) throw new Error('A restored disclosure ledger takes no more sums');
    if (!this.rule.publication || parts.length === 0) return;
    this.resolved = null;
    this.pending.push({ total, parts: [...parts] });
  }

  /**
   * Two keys that name one and the same count in two views (a case type's total in the table by ethnicity
   * and in the table by disability): a reader may assume they are equal, and they read the same, withheld
   * together. Checked when resolving like a sum: two different counts are left alone.
   */
  same(a: string, b: string): void {
    if (this.sealed) throw new Error('A restored disclosure ledger takes no more sums');
    if (!this.rule.publication) return;
    this.resolved = null;
    this.pending.push({ total: a, parts: [b] });
    this.twins.push([a, b]);
  }

  private settle(): void {
    for (const rel of this.pending) {
      const total = this.index.get(rel.total);
      if (total === undefined) continue;
      const parts = rel.parts.filter((k) => this.index.has(k));
      const sum = parts.reduce((a, k) => a + this.exact[this.index.get(k)!]!, 0);
      const t = this.exact[total]!;
      // No part shown: the sum tells a reader nothing. More than the total: not a sum (see above).
      if (parts.length === 0 || sum > t) continue;
      // Each sum that falls short has its own remainder: the records missing from one breakdown (no band)
      // are not those missing from another (no staff group).
      const rest = `${rel.total}~rest${this.relations.length}`;
      this.relations.push({ total: rel.total, parts: sum === t ? parts : [...parts, rest] });
    }
    this.pending.length = 0;
  }

  /** Withholds what it must until no withheld count can be worked out; idempotent. */
  resolve(): LedgerSummary {
    if (this.resolved) return this.resolved;
    this.settle();
    // Cells and remainders as indexes; relations as a flat list (total first), as the attack takes them.
    const ids = new Map(this.index);
    const id = (k: string) => {
      let i = ids.get(k);
      if (i === undefined) ids.set(k, (i = ids.size));
      return i;
    };
    const starts = new Int32Array(this.relations.length + 1);
    const flat: number[] = [];
    this.relations.forEach((rel, r) => {
      starts[r] = flat.length;
      flat.push(id(rel.total));
      for (const p of rel.parts) flat.push(id(p));
    });
    starts[this.relations.length] = flat.length;
    const members = Int32Array.from(flat);
    const n = ids.size;
    const cells = this.keys.length;
    // Relations of each cell, to choose a count to withhold near a recovered one.
    const degree = new Int32Array(n + 1);
    for (const m of members) degree[m + 1]!++;
    for (let i = 0; i < n; i++) degree[i + 1]! += degree[i]!;
    const fill = degree.slice(0, n);
    const relationOf = new Int32Array(members.length);
    for (let r = 0; r < this.relations.length; r++)
      for (let x = starts[r]!; x < starts[r + 1]!; x++) relationOf[fill[members[x]!]!++] = r;

    let recovered: number[] = [];
    let rounds = 0;
    let released = false;
    if (this.rule.publication && this.relations.length > 0)
      for (; rounds <= cells; rounds++) {
        const L = new Float64Array(n);
        const H = new Float64Array(n).fill(UNBOUNDED);
        for (let i = 0; i < cells; i++) {
          const r = knownRange(this.states[i]!, this.published[i]!, this.rule);
          L[i] = r.lo;
          H[i] = r.hi;
        }
        narrow(L, H, starts, members);
        recovered = [];
        for (let i = 0; i < cells; i++) if (this.states[i] === 'primary' && L[i] === H[i]) recovered.push(i);
        if (recovered.length === 0) {
          // Safe. Withholding one count at a time, nearest first, takes some that later ones made
          // unnecessary: show again what needs no withholding, then attack the whole once more.
          if (released) break;
          released = true;
          if (this.release(L, H, starts, members) === 0) break;
          continue;
        }
        const taken = new Set<number>();
        for (const i of recovered) {
          const c = this.complementFor(i, taken, starts, members, degree, relationOf);
          if (c !== null) taken.add(c);
        }
        if (taken.size === 0) break;
        for (const i of taken) {
          this.states[i] = 'complementary';
          this.published[i] = { ...WITHHELD, exact: this.exact[i]! };
        }
      }
    // A count withheld under one name is withheld under every other: withholding more never lets a reader
    // work out more, so this needs no further attack.
    for (let changed = true; changed;) {
      changed = false;
      for (const [a, b] of this.twins) {
        const i = this.index.get(a);
        const j = this.index.get(b);
        if (i === undefined || j === undefined || this.exact[i] !== this.exact[j]) continue;
        const [shown, hidden] = this.published[i]!.withheld ? [j, i] : [i, j];
        if (this.published[shown]!.withheld || !this.published[hidden]!.withheld) continue;
        if (this.states[shown] === 'full' || this.fixed[shown]) continue;
        this.states[shown] = 'complementary';
        this.published[shown] = { ...WITHHELD, exact: this.exact[shown]! };
        changed = true;
      }
    }
    let primary = 0;
    let complementary = 0;
    for (const st of this.states)
      if (st === 'primary') primary++;
      else if (st === 'complementary') complementary++;
    this.resolved = {
      cells,
      relations: this.relations.length,
      primary,
      complementary,
      recovered: recovered.map((i) => this.keys[i]!),
      conflicts: [...this.conflicts],
      rounds,
    };
    return this.resolved;
  }

  /**
   * Shows again each count withheld only to protect others whose protection does not need it, the most
   * costly first (totals and the groups compared before unknown rows and small counts): a count is shown
   * when the attack, told its published value, still pins no small count to one value. `L` and `H` are the
   * attack's ranges for the ledger as it stands (a fixed point); each trial narrows from them, only where
   * the shown count reaches, and is undone when it gives a small count away. Returns how many were shown.
   */
  private release(L: Float64Array, H: Float64Array, starts: Int32Array, members: Int32Array): number {
    const conflicts = new Set(this.conflicts);
    const candidates: number[] = [];
    for (let i = 0; i < this.keys.length; i++)
      if (this.states[i] === 'complementary' && !conflicts.has(this.keys[i]!)) candidates.push(i);
    if (candidates.length === 0) return 0;
    candidates.sort((a, b) => this.cost[b]! - this.cost[a]! || (this.keys[a]! < this.keys[b]! ? 1 : -1));
    const index = cellRelations(L.length, starts, members);
    let shown = 0;
    for (const c of candidates) {
      const published = publishCount(this.exact[c]!, this.rule);
      const r = knownRange('shown', published, this.rule);
      const undo: number[] = [c, L[c]!, H[c]!];
      L[c] = Math.max(L[c]!, r.lo);
      H[c] = Math.min(H[c]!, r.hi);
      const settled = narrowFrom(L, H, starts, members, index, [c], (cell, lo, hi) =>
        undo.push(cell, lo, hi),
      );
      let safe = settled;
      for (let u = 0; safe && u < undo.length; u += 3) {
        const cell = undo[u]!;
        if (cell < this.keys.length && this.states[cell] === 'primary' && L[cell] === H[cell]) safe = false;
      }
      if (safe) {
        this.states[c] = 'shown';
        this.published[c] = published;
        shown++;
        continue;
      }
      for (let u = undo.length - 3; u >= 0; u -= 3) {
        L[undo[u]!] = undo[u + 1]!;
        H[undo[u]!] = undo[u + 2]!;
      }
    }
    return shown;
  }

  /**
   * The cheapest shown count in a sum with cell `i` (then in sums with those, and so on). A count already
   * taken this round in the nearest sums is taken again rather than a new one: it may well protect this
   * cell too, and if not, the next round's attack finds out. Each sum is read once per search.
   */
  private complementFor(
    i: number,
    taken: Set<number>,
    starts: Int32Array,
    members: Int32Array,
    degree: Int32Array,
    relationOf: Int32Array,
  ): number | null {
    const cells = this.keys.length;
    const seen = new Set<number>([i]);
    const read = new Set<number>();
    let frontier = [i];
    while (frontier.length > 0) {
      let best = -1;
      let again = -1;
      const next: number[] = [];
      for (const k of frontier)
        for (let y = degree[k]!; y < degree[k + 1]!; y++) {
          const r = relationOf[y]!;
          if (read.has(r)) continue;
          read.add(r);
          for (let x = starts[r]!; x < starts[r + 1]!; x++) {
            const o = members[x]!;
            if (seen.has(o)) continue;
            seen.add(o);
            next.push(o);
            if (taken.has(o)) again = o;
            if (o >= cells || this.states[o] !== 'shown' || this.exact[o] === 0 || taken.has(o)) continue;
            if (this.fixed[o]) continue;
            if (
              best === -1 ||
              this.cost[o]! < this.cost[best]! ||
              (this.cost[o] === this.cost[best] && this.keys[o]! < this.keys[best]!)
            )
              best = o;
          }
        }
      if (again !== -1) return again;
      if (best !== -1) return best;
      frontier = next;
    }
    return null;
  }

  /** The resolved ledger as kept between processes (see `restore`). */
  snapshot(): LedgerSnapshot {
    const summary = this.resolve();
    return { keys: [...this.keys], exact: [...this.exact], states: [...this.states], summary };
  }

  /**
   * A ledger resolved before, read back: each count is published from its state as it was then (shown
   * under the rule, in full, or withheld). It holds no sums, so it answers `get` and `state` only and
   * cannot take more counts.
   */
  static restore(rule: DisclosureRule, snapshot: LedgerSnapshot): DisclosureLedger {
    const { keys, exact, states } = snapshot;
    if (keys.length !== exact.length || keys.length !== states.length)
      throw new Error(`A kept disclosure ledger is damaged: ${keys.length} names for ${exact.length} counts`);
    const ledger = new DisclosureLedger(rule);
    keys.forEach((key, i) => {
      const n = exact[i]!;
      const state = states[i]!;
      ledger.index.set(key, i);
      ledger.keys.push(key);
      ledger.exact.push(n);
      ledger.cost.push(n);
      ledger.fixed.push(true);
      ledger.states.push(state);
      ledger.published.push(
        state === 'full'
          ? publishCount(n, FULL_COUNTS)
          : state === 'shown'
            ? publishCount(n, rule)
            : { ...WITHHELD, exact: n },
      );
    });
    ledger.conflicts.push(...snapshot.summary.conflicts);
    ledger.resolved = snapshot.summary;
    ledger.sealed = true;
    return ledger;
  }

  /** A count as published, after resolving; undefined for a key never added. */
  get(key: string): PublishedCount | undefined {
    this.resolve();
    const i = this.index.get(key);
    return i === undefined ? undefined : this.published[i];
  }

  state(key: string): CellState | undefined {
    this.resolve();
    const i = this.index.get(key);
    return i === undefined ? undefined : this.states[i];
  }

  /** Every key with its published text and state (for tests and checks). */
  entries(): [string, PublishedCount, CellState][] {
    this.resolve();
    return this.keys.map((k, i) => [k, this.published[i]!, this.states[i]!]);
  }

  /** Every sum that holds (for tests and checks). A restored ledger keeps none: asking is an error. */
  sums(): readonly SumRelation[] {
    if (this.sealed) throw new Error('A restored disclosure ledger keeps no sums: resolve it to check it');
    this.resolve();
    return this.relations;
  }
}
