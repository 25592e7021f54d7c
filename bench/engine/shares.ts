import type { CanonicalTrust } from '../support/canonical.js';

/**
 * The trusts of share `part` of `parts`: largest first, each to the share with the fewest staff so far, so
 * that the shares finish at about the same time. Deterministic: every child computes the same split.
 */
export function shareOf(trusts: readonly CanonicalTrust[], part: number, parts: number): CanonicalTrust[] {
  const load = new Array<number>(parts).fill(0);
  const out: CanonicalTrust[] = [];
  const bySize = [...trusts].sort((a, b) => b.staff - a.staff || (a.odsCode < b.odsCode ? -1 : 1));
  for (const trust of bySize) {
    const lightest = load.indexOf(Math.min(...load));
    load[lightest]! += trust.staff;
    if (lightest === part) out.push(trust);
  }
  return out;
}
