/**
 * Texts as integer codes: the evaluator keeps groups, breakdown keys, record ids and snapshot dates as
 * numbers, each text coded once.
 */

/** Texts numbered in order of first sight: the same text always gets the same code. */
export class Dictionary {
  /** The text of each code. */
  readonly values: string[] = [];
  private readonly index = new Map<string, number>();
  constructor(initial: readonly string[] = []) {
    for (const text of initial) this.code(text);
  }
  code(text: string): number {
    const values = this.values;
    // A few texts (groups, care groups, rows): comparing is cheaper than hashing a text read from a
    // record, whose hash is not yet known (and a hit in the map compares the texts anyway).
    if (values.length <= 16) for (let k = 0; k < values.length; k++) if (values[k] === text) return k;
    let c = this.index.get(text);
    if (c === undefined) {
      c = this.values.length;
      this.values.push(text);
      this.index.set(text, c);
    }
    return c;
  }
  get size(): number {
    return this.values.length;
  }
}

/**
 * A code per position (a record of a frame), worked out the first time it is read: `derive(i)` is called
 * at most once per position, and its codes are those of `dictionary`.
 *
 * Each kind of column is a subclass, not a column given a function: the evaluator makes columns anew for
 * every evaluation, and V8 compiles a function made anew (a closure) anew, often several times an
 * evaluation, while a class's methods stay compiled from one evaluation to the next.
 */
export abstract class CodeColumn {
  private readonly codes: Int32Array;
  constructor(
    size: number,
    readonly dictionary: Dictionary,
  ) {
    this.codes = new Int32Array(size).fill(-1);
  }
  /** The code of the record at position i (called once per position). */
  protected abstract derive(i: number): number;
  at(i: number): number {
    let c = this.codes[i]!;
    if (c === -1) {
      c = this.derive(i);
      this.codes[i] = c;
    }
    return c;
  }
  /** The codes at the given positions. */
  gather(index: Int32Array): Int32Array {
    const out = new Int32Array(index.length);
    for (let j = 0; j < index.length; j++) out[j] = this.at(index[j]!);
    return out;
  }
}

/**
 * Positions grouped by their code (a counting sort): the positions with code k are
 * `order[start[k]] ... order[start[k + 1] - 1]`, ascending. Negative codes (none) are left out.
 */
export function groupByCode(codes: Int32Array, keys: number): { start: Int32Array; order: Int32Array } {
  const start = new Int32Array(keys + 1);
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i]!;
    if (c >= 0) start[c + 1]!++;
  }
  for (let k = 0; k < keys; k++) start[k + 1]! += start[k]!;
  const fill = start.slice(0, keys);
  const order = new Int32Array(start[keys]!);
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i]!;
    if (c >= 0) order[fill[c]!++] = i;
  }
  return { start, order };
}
