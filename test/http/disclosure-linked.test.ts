/**
 * Years whose ledgers must be one: with a mean of annual ratios (`wres.indicator3.windowMethod` set to
 * MEAN_OF_RATIOS), WRES 3 shows each year's counts on two years' pages, so one ledger over every year
 * decides them, and an attack with every year's counts and sums together works out no withheld count.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attack, knownRange, type Range } from '../../src/engine/index.js';
import { ALL_UNITS } from '../../src/features/dashboard/disclosure.js';
import { loadDemoData } from '../../src/features/demo/demo-data.js';
import { DEMO_PASSWORD } from '../../src/features/demo/demo.js';
import type { Organisation } from '../../src/features/organisations/organisation.js';
import { buildTestApp, type TestApp } from '../support/app.js';

const actor = { userId: null, label: 'test' };
const YEARS = [2023, 2024];

describe('one ledger over the years when a window is a mean of annual ratios', () => {
  let t: TestApp;
  let org: Organisation;

  beforeAll(async () => {
    t = await buildTestApp({ demo: true });
    await loadDemoData(t.services, actor, { staff: 800, seed: 11, years: YEARS });
    org = (await t.services.organisations.findByOds('DHF'))!;
    await t.services.indicators.saveSettings(actor, org, {
      'wres.indicator3.windowMethod': 'MEAN_OF_RATIOS',
    });
  }, 240_000);
  afterAll(async () => t?.close());

  it('decides every year in one ledger and reads a year the same on both pages; no withheld count can be worked out', async () => {
    const known = await t.services.dashboard.snapshot(org);
    expect([...known.years].sort((a, b) => a - b)).toEqual(YEARS);
    const ctx = await t.services.dashboard.context({
      org,
      scope: 'all',
      scopeLabel: null,
      fullCounts: false,
      year: 2024,
      quarter: null,
      years: known.years,
    });
    const d = await ctx.disclosure(2024);
    for (const year of YEARS) expect(await ctx.disclosure(year)).toBe(d);
    const entries = d.ledger.entries();
    for (const year of YEARS)
      expect(entries.some(([k]) => k.startsWith(`WRES1|`) && k.includes(`|${year}#`))).toBe(true);

    // 2023's counts of WRES 3 are in the 2024 window and in 2023's own: one count, read the same.
    const slots = entries
      .map(([k]) => /^WRES3\|main\|ALL\|2023~2023#(.+)$/.exec(k)?.[1])
      .filter((x): x is string => x !== undefined);
    expect(slots.length).toBeGreaterThan(3);
    const in2024 = d.lookup('WRES3', 'main', { unit: ALL_UNITS, period: '2024' });
    const in2023 = d.lookup('WRES3', 'main', { unit: ALL_UNITS, period: '2023' });
    for (const slot of slots) expect(in2024(slot, -1, '~2023')).toEqual(in2023(slot, -1, '~2023'));
    expect(entries.some(([k]) => /\|2024~2023#/.test(k))).toBe(false);

    // The strongest reader: every count as published, every sum of every year at once.
    const ranges = new Map<string, Range>();
    const withheld = new Set<string>();
    for (const [k, p, state] of entries) {
      ranges.set(k, knownRange(state, p, d.ledger.rule));
      if (state === 'primary') withheld.add(k);
    }
    expect(withheld.size).toBeGreaterThan(100);
    expect(attack(ranges, d.ledger.sums(), withheld).recovered).toEqual([]);
    expect(d.summary.conflicts).toEqual([]);
    console.log(
      `linked years ${YEARS.join(', ')}: ${entries.length} counts, ${d.ledger.sums().length} sums, ` +
        `${withheld.size} withheld small counts attacked (${d.summary.complementary} more withheld), 0 worked out`,
    );

    // Kept once, as the years' ledger, and the WRES 3 page reads from it.
    const rows = await t.database.db
      .selectFrom('disclosure_ledgers')
      .select('year')
      .where('organisation_id', '=', org.id)
      .execute();
    expect(rows.map((r) => r.year)).toEqual([0]);
    const viewer = t.agent();
    await viewer.signIn('viewer', DEMO_PASSWORD);
    const page = await viewer.get('/o/DHF/dashboard/indicators/WRES3?year=2023');
    expect(page.statusCode).toBe(200);
  }, 600_000);
});
