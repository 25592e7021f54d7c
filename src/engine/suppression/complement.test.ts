/**
 * Complementary withholding that takes no more than it needs (issue 13 item 1): a count withheld to
 * protect a small one is shown again when later choices protect it anyway, and every count left withheld
 * to protect another is needed (showing it alone would give a small count away).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { attack, type Range } from './attack.js';
import { cube } from './cube.fixture.js';
import { publishCount, type DisclosureRule } from './disclose.js';
import { DisclosureLedger, knownRange } from './ledger.js';

const RULE: DisclosureRule = { publication: true, threshold: 7, base: 5 };

/** What a reader knows of each count a ledger published, and which are the small ones. */
function readerOf(ledger: DisclosureLedger, show?: string) {
  const known = new Map<string, Range>();
  const withheld = new Set<string>();
  for (const [k, p, state] of ledger.entries()) {
    if (state === 'primary') withheld.add(k);
    // `show`: as if that count were shown, as the rule would publish it.
    known.set(
      k,
      k === show
        ? knownRange('shown', publishCount(p.exact, ledger.rule), ledger.rule)
        : knownRange(state, p, ledger.rule),
    );
  }
  return { known, withheld };
}

describe('complementary withholding', () => {
  it('shows again a count withheld first, once a later choice protects the small count without it', () => {
    // Counts shown exactly. a (3) is given away by T = a + x + r; the cheapest other count, x, is withheld
    // first, but x is given away in turn by U = x + y, so r is withheld too. With r withheld, x protects
    // nothing: it is shown again.
    const exact: DisclosureRule = { ...RULE, base: 1 };
    const ledger = new DisclosureLedger(exact);
    ledger.add('T', 50, { cost: 1000 });
    ledger.add('a', 3);
    ledger.add('x', 10, { cost: 1 });
    ledger.add('r', 37, { cost: 500 });
    ledger.add('U', 30, { cost: 1000 });
    ledger.add('y', 20, { cost: 1000 });
    ledger.relate('T', ['a', 'x', 'r']);
    ledger.relate('U', ['x', 'y']);
    const summary = ledger.resolve();
    expect(Object.fromEntries(ledger.entries().map(([k, , st]) => [k, st]))).toEqual({
      T: 'shown',
      a: 'primary',
      x: 'shown',
      r: 'complementary',
      U: 'shown',
      y: 'shown',
    });
    expect(summary.complementary).toBe(1);
    expect(summary.recovered).toEqual([]);
    const { known, withheld } = readerOf(ledger);
    expect(attack(known, ledger.sums(), withheld).recovered).toEqual([]);
  });

  it('property: on random tables with all their sums, no count is withheld that is not needed', () => {
    // Group x unit x quarter cubes with every margin, small counts common (as in a care group's quarter).
    const count = fc.oneof(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 60 }));
    const stats = { cubes: 0, withheld: 0, complementary: 0 };
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 3 }),
        fc.integer({ min: 2, max: 3 }),
        fc.array(count, { minLength: 36, maxLength: 36 }),
        (groups, units, values) => {
          const { counts, relations } = cube(groups, units, values);
          const ledger = new DisclosureLedger(RULE);
          // Totals cost more than the cells inside them, as the dashboard's costs say.
          for (const [k, v] of counts) ledger.add(k, v, { cost: (k.split('T').length - 1) * 1000 + v });
          for (const r of relations) ledger.relate(r.total, r.parts);
          const summary = ledger.resolve();
          stats.cubes++;
          stats.withheld += summary.primary;
          stats.complementary += summary.complementary;
          const safe = readerOf(ledger);
          if (
            summary.recovered.length > 0 ||
            attack(safe.known, relations, safe.withheld).recovered.length > 0
          )
            return false;
          // Each count withheld to protect another is needed: shown alone, some small count is given away.
          for (const [k, , state] of ledger.entries()) {
            if (state !== 'complementary') continue;
            const r = readerOf(ledger, k);
            if (attack(r.known, relations, r.withheld).recovered.length === 0) return false;
          }
          return true;
        },
      ),
      { numRuns: 150, seed: 20261206 },
    );
    console.log(JSON.stringify(stats));
    expect(stats.complementary).toBeGreaterThan(10);
  });
});
