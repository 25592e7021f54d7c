/** Text helpers for matching the values people type against code lists. */

/** Upper case, punctuation to spaces, spaces collapsed: "White - British" -> "WHITE BRITISH". */
export function normaliseLabel(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/&/g, ' AND ')
    .replace(/[^A-Z0-9]+/g, ' ')
    .trim()
    .replace(/\s+/g, ' ');
}

/** Edit distance between two strings (insertions, deletions, substitutions each cost 1). */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * The known values closest to an unknown one, best first: those whose normalised form contains it or is
 * contained in it, then by edit distance. Used to say "did you mean ...?" for a value Parity cannot read.
 * closest('Permenant', ['Permanent', 'Bank']) = ['Permanent'].
 */
export function closest(value: string, known: readonly string[], max = 3): string[] {
  const target = normaliseLabel(value);
  if (target === '') return [];
  const labels = known.map((k) => ({ k, n: normaliseLabel(k) }));
  // Text more than twice as long as every known value misspells none of them (a pasted note, a shifted
  // column): no guess, and no edit distance over a cell of a million characters.
  const longest = labels.reduce((m, l) => Math.max(m, l.n.length), 0);
  if (target.length > 2 * longest + 10) return [];
  const scored = labels.map(({ k, n }) => {
    const contains = n.includes(target) || target.includes(n);
    const distance = editDistance(target, n) / Math.max(target.length, n.length, 1);
    return { k, score: (contains ? 0 : 1) + distance };
  });
  scored.sort((x, y) => x.score - y.score || x.k.localeCompare(y.k));
  const seen = new Set<string>();
  const out: string[] = [];
  for (const s of scored) {
    if (s.score > 1.45 || seen.has(s.k)) continue;
    seen.add(s.k);
    out.push(s.k);
    if (out.length === max) break;
  }
  return out;
}

/** A parsed value, or the reason it could not be read with the nearest known values. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; suggestions: string[] };
