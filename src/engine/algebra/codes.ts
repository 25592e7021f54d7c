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
 * A text per position (a record of a frame), coded in `dictionary` the first time it is read. `text(i)` is
 * called at most once per position.
 */
export class CodeColumn {
  private readonly codes: Int32Array;
  constructor(
    size: number,
    private readonly text: (i: number) => string,
    readonly dictionary = new Dictionary(),
  ) {
    this.codes = new Int32Array(size).fill(-1);
  }
  at(i: number): number {
    let c = this.codes[i]!;
    if (c === -1) {
      c = this.dictionary.code(this.text(i));
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
