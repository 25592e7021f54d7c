/**
 * One copy of each repeated value. A million-row extract repeats a few hundred care group, directorate,
 * department and job-role names; keeping one string (and one unit-path array) for each instead of one per
 * row saves hundreds of megabytes. Bounded, so a column of unique values cannot grow it without limit.
 */
const LIMIT = 200_000;

export class Interner {
  private readonly strings = new Map<string, string>();
  private readonly paths = new Map<string, string[]>();

  text(value: string): string {
    const known = this.strings.get(value);
    if (known !== undefined) return known;
    if (this.strings.size < LIMIT) this.strings.set(value, value);
    return value;
  }

  /** The same array for the same path; callers never modify it. */
  path(parts: string[]): string[] {
    const key = parts.join('\u0000');
    const known = this.paths.get(key);
    if (known) return known;
    if (this.paths.size < LIMIT) this.paths.set(key, parts);
    return parts;
  }
}
