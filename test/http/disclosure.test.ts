/**
 * The publication view attacked as an adversary would, on the demo installation: every count a viewer or
 * a care-group manager can reach (the organisation and each care group and directorate; each year and its
 * quarters; every breakdown; the years of a two-year window) is collected with every sum that ties the
 * views together, and solved for the withheld counts (attack.ts). Then the pages themselves: every count
 * a viewer and a care-group manager see is one the rule can publish (0, or rounded to 5, or withheld).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attack, knownRange, type Range } from '../../src/engine/index.js';
import type { Disclosure } from '../../src/features/dashboard/disclosure.js';
import { organisationsRepository } from '../../src/features/organisations/organisations.repository.js';
import { buildDemoApp, type Agent, type TestApp } from '../support/app.js';

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();

/**
 * The text of every data cell of every table on a page, but for tables of the board's make-up (published in
 * full by default: suppression.publishBoard) and their rows.
 */
const cells = (html: string) =>
  [...html.matchAll(/<table[\s\S]*?<\/table>/g)]
    .filter((t) => !/<caption[^>]*>[^<]*board/i.test(t[0]))
    .flatMap((t) => [...t[0].matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)])
    .filter((row) => !/<th[^>]*>\s*(Board|Voting|Executive|Non-voting|Non-executive)/i.test(row[1]!))
    .flatMap((row) => [...row[1]!.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => text(c[1]!)));

/** The counts a cell shows: the whole cell, or "n of d" and "(n)" in it. */
function countsIn(cell: string): number[] {
  const n = (t: string) => Number(t.replace(/,/g, ''));
  if (/^\d{1,3}(,\d{3})*$/.test(cell)) return [n(cell)];
  const out: number[] = [];
  for (const m of cell.matchAll(/(\d{1,3}(?:,\d{3})*|\*) of (\d{1,3}(?:,\d{3})*|\*)/g))
    for (const x of [m[1]!, m[2]!]) if (x !== '*') out.push(n(x));
  for (const m of cell.matchAll(/\((\d{1,3}(?:,\d{3})*)\)/g)) out.push(n(m[1]!));
  return out;
}

/**
 * An attack on what the ledger published, by the shuttle algorithm, with more than any reader knows:
 * which withheld counts are the small ones (1 to 7).
 */
function attackLedger(d: Disclosure) {
  const known = new Map<string, Range>();
  const withheld = new Set<string>();
  for (const [k, p, state] of d.ledger.entries()) {
    if (state === 'primary') withheld.add(k);
    known.set(k, knownRange(state, p, d.ledger.rule));
  }
  return attack(known, d.ledger.sums(), withheld);
}

describe('disclosure control over every view a reader can reach', () => {
  let t: TestApp;
  const agents: Record<string, Agent> = {};

  beforeAll(async () => {
    t = await buildDemoApp(['viewer', 'caregroup', 'analyst'], agents);
  }, 240_000);
  afterAll(async () => t?.close());

  it('the demo trust: no withheld count can be worked out from all the views together', async () => {
    const org = (await organisationsRepository(t.services.db).findByOds('DHF'))!;
    const snapshot = await t.services.dashboard.snapshot(org);
    const summaries = [];
    for (const year of snapshot.years) {
      const ctx = await t.services.dashboard.context({
        org,
        scope: 'all',
        scopeLabel: null,
        fullCounts: false,
        year,
        quarter: null,
        years: snapshot.years,
      });
      const d = await ctx.disclosure(year);
      const result = attackLedger(d);
      summaries.push({ year, ...d.summary, attacked: result.attacked, recovered: result.recovered.length });
      expect(d.summary.conflicts, `${year}: two views name one count differently`).toEqual([]);
      expect(result.recovered, `${year}: withheld counts worked out`).toEqual([]);
      expect(d.summary.recovered).toEqual([]);
      expect(result.attacked).toBeGreaterThan(100);
    }
    console.log(
      summaries
        .map(
          (s) =>
            `${s.year}: ${s.cells} counts, ${s.relations} sums, ${s.primary} withheld small counts attacked (${s.complementary} more withheld to protect them), ${s.recovered} recovered`,
        )
        .join('\n'),
    );
  }, 300_000);

  it('every count a viewer and a care-group manager see is one the rule publishes', async () => {
    const pages = [
      '',
      '/pipeline',
      '/recruitment',
      '/employee-relations',
      '/pay-gaps',
      '/data-quality',
      '/local-metrics',
      '/indicators/WRES1',
      '/indicators/WRES2',
      '/indicators/WRES3',
      '/indicators/WRES4',
      '/indicators/WRES9',
      '/indicators/WDES1',
      '/indicators/WDES2',
      '/indicators/WDES3',
      '/indicators/WDES10',
    ];
    const filters = ['', '?year=2024&quarter=3', '?careGroup=Surgery%20and%20Anaesthetics'];
    const bad: string[] = [];
    let counts = 0;
    for (const who of ['viewer', 'caregroup'])
      for (const page of pages)
        for (const f of filters.filter((x) => !(who === 'caregroup' && x.includes('careGroup')))) {
          const url = `/o/DHF/dashboard${page}${f}`;
          const r = await agents[who]!.get(url);
          expect(r.statusCode, `${who} ${url}`).toBe(200);
          for (const c of cells(r.body))
            for (const n of countsIn(c)) {
              if (n >= 1990 && n <= 2100) continue; // a year
              counts++;
              if (n !== 0 && n % 5 !== 0) bad.push(`${who} ${url}: "${c}"`);
            }
        }
    expect(bad.slice(0, 20)).toEqual([]);
    expect(counts).toBeGreaterThan(200);
  }, 600_000);
});
