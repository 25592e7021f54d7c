/**
 * Months on the Culture Dashboard through HTTP, on a small demo installation (the demo's trusts drawn at
 * 600 staff): the month in the address and the filter form, a wrong month refused by field, the local
 * metric that has months shown for the month chosen and month by month, for an analyst (every count, as
 * the engine counts it) and for a viewer and a care-group manager (every count from the disclosure
 * ledger at the month's coordinates).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createContext,
  CULTURE_DASHBOARD_EXAMPLES,
  evaluateMetric,
  toMonth,
  type MetricResult,
} from '../../src/engine/index.js';
import { monthKey } from '../../src/features/dashboard/disclosure.js';
import { DEMO_PASSWORD } from '../../src/features/demo/demo.js';
import { loadDemoData } from '../../src/features/demo/demo-data.js';
import { organisationsRepository } from '../../src/features/organisations/organisations.repository.js';
import { buildTestApp, type Agent, type TestApp, TEST_DEMO_YEARS } from '../support/app.js';

const ID = 'appraisals-completed-when-due';
const DEFINITION = CULTURE_DASHBOARD_EXAMPLES.find((e) => e.id === ID)!;
const MONTHS = [
  'April 2023',
  'May 2023',
  'June 2023',
  'July 2023',
  'August 2023',
  'September 2023',
  'October 2023',
  'November 2023',
  'December 2023',
  'January 2024',
  'February 2024',
  'March 2024',
];

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();

/** A table by its id: its column headers, and each row's header and cells ("*" for a withheld one). */
function table(html: string, id: string): { columns: string[]; rows: Map<string, string[]> } {
  const m = new RegExp(`<table[^>]*id="${id}"[^>]*>([\\s\\S]*?)</table>`).exec(html);
  if (!m) throw new Error(`no table ${id}`);
  const head = /<thead[\s\S]*?<\/thead>/.exec(m[1]!)![0];
  const columns = [...head.matchAll(/<th[^>]*>([\s\S]*?)<\/th>/g)].map((c) => text(c[1]!)).slice(1);
  const rows = new Map<string, string[]>();
  for (const r of /<tbody[\s\S]*?<\/tbody>/.exec(m[1]!)![0].matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g))
    rows.set(
      text(/<th[^>]*>([\s\S]*?)<\/th>/.exec(r[1]!)![1]!),
      [...r[1]!.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) =>
        c[1]!.includes('parity-withheld') ? '*' : text(c[1]!),
      ),
    );
  return { columns, rows };
}

/** The table of a chart whose caption is exactly `caption`. */
function captioned(html: string, caption: string) {
  for (const m of html.matchAll(/<table[^>]*id="([^"]+)"[\s\S]*?<caption[^>]*>([\s\S]*?)<\/caption>/g))
    if (text(m[2]!) === caption) return table(html, m[1]!);
  throw new Error(`no table captioned ${caption}`);
}

/** The text of the tile of a figure (its label, value, previous period and counts). */
const tileText = (html: string, id: string) =>
  text(new RegExp(`id="tile-${id}"[\\s\\S]*?</ul>`).exec(html)![0]);

/** [numerator, denominator] of each group of a rate, by group label, as a table shows them. */
function rateCounts(m: MetricResult): Map<string, string[]> {
  const r = m.result;
  if (r.type !== 'rate') throw new Error(r.type);
  return new Map(
    r.groups.map((g) => [g.label, [g.numerator, g.denominator].map((n) => n.toLocaleString('en-GB'))]),
  );
}

describe('months on the Culture Dashboard', () => {
  let t: TestApp;
  const agents: Record<string, Agent> = {};

  // The first page a viewer opens builds the organisation's disclosure ledger of the year: seconds, or
  // a minute on a busy two-core machine.
  beforeAll(async () => {
    t = await buildTestApp({ demo: true });
    await loadDemoData(t.services, { userId: null, label: 'test' }, { staff: 600, years: TEST_DEMO_YEARS });
    for (const name of ['analyst', 'viewer', 'caregroup', 'regional']) {
      agents[name] = t.agent();
      await agents[name].signIn(name, DEMO_PASSWORD);
    }
  }, 120_000);
  afterAll(async () => t?.close());

  it('keeps a month in the address and shows an analyst that month’s counts as the engine counts them', async () => {
    const r = await agents.analyst!.get('/o/DHF/dashboard/local-metrics?year=2024&month=5');
    expect(r.statusCode).toBe(200);
    const body = text(r.body);
    // The filter form offers the reporting year's months, the chosen one selected; links keep the month.
    const select = /<select[^>]*name="month"[^>]*>([\s\S]*?)<\/select>/.exec(r.body)![1]!;
    expect([...select.matchAll(/<option[^>]*>([^<]*)</g)].map((o) => o[1]!.trim())).toEqual([
      'Whole quarter or year',
      ...MONTHS,
    ]);
    expect(select).toMatch(/<option value="5" selected>May 2023<\/option>/);
    expect(r.body).toContain('href="/o/DHF/dashboard/recruitment?year=2024&amp;month=5"');
    expect(body).toContain(
      'May 2023 for the figures that have months, Q1: April to June 2023 for the others',
    );
    // The metric with months: May against April; the others: their quarter.
    expect(tileText(r.body, ID)).toContain('Rate for BME, May 2023');
    expect(tileText(r.body, ID)).toContain('April 2023');
    expect(tileText(r.body, 'dignity-at-work-cases-by-ethnicity')).toContain('Q1 2023/24 (quarterly figure)');
    // May's counts by group are the engine's own, evaluated here from the same data.
    const org = (await organisationsRepository(t.services.db).findByOds('DHF'))!;
    const datasets = await t.services.indicators.datasets(org, 'all');
    const settings = (await t.services.indicators.compute(org, 2024, 'all')).settings;
    const may = evaluateMetric(toMonth(DEFINITION, 5)!, createContext(2024, datasets, settings));
    const shown = captioned(r.body, `${DEFINITION.title}, May 2023`);
    expect(shown.columns).toEqual(['Numerator', 'Denominator', 'Rate']);
    for (const [group, counts] of rateCounts(may))
      expect(shown.rows.get(group)!.slice(0, 2), group).toEqual(counts);
    // Month by month: the twelve months of 2023/24, a figure for each.
    const series = captioned(r.body, `${DEFINITION.title} by month, 2023/24`);
    expect(series.columns).toEqual(MONTHS);
    expect(series.rows.get('Rate for BME')!.every((c) => /^\d+\.\d%$/.test(c))).toBe(true);
    expect(body).toContain(`${DEFINITION.title}: rate for BME, month by month, 2023/24`);
  }, 240_000);

  it('shows a viewer each month’s counts as the organisation’s disclosure ledger publishes them', async () => {
    const r = await agents.viewer!.get('/o/DHF/dashboard/local-metrics?year=2024&month=5');
    expect(r.statusCode).toBe(200);
    const org = (await organisationsRepository(t.services.db).findByOds('DHF'))!;
    const snapshot = await t.services.dashboard.snapshot(org);
    const ctx = await t.services.dashboard.context(
      {
        org,
        scope: 'all',
        scopeLabel: null,
        fullCounts: false,
        year: 2024,
        quarter: null,
        years: snapshot.years,
      },
      snapshot,
    );
    const ledger = (await ctx.disclosure(2024)).lookup(ID, 'main', {
      unit: 'ALL',
      period: monthKey(2024, 5),
    });
    const shown = captioned(r.body, `${DEFINITION.title}, May 2023`);
    for (const [group, slot] of [
      ['White', 'WHITE'],
      ['BME', 'BME'],
    ] as const) {
      const [n, d] = shown.rows.get(group)!;
      expect([n, d], group).toEqual([ledger(`n:${slot}`, -1).text, ledger(`d:${slot}`, -1).text]);
    }
    // Every count on the page is one the rule publishes: 0, a multiple of 5, or withheld.
    for (const [, cells] of shown.rows)
      for (const c of cells.slice(0, 2))
        expect(c === '*' || Number(c.replace(/,/g, '')) % 5 === 0, c).toBe(true);
    // The bars say what the table says: rates worked out from the published counts, never the exact ones.
    const summary = text(
      new RegExp(`id="local-${ID}-groups-summary"[^>]*>([\\s\\S]*?)</p>`).exec(r.body)![1]!,
    );
    for (const [group, cells] of shown.rows)
      if (group !== 'Unknown / not stated' && cells[2] !== '*')
        expect(summary).toContain(`${group} ${cells[2]}`);
    // The tile's May is the series' May, and the series reads the same on the metric's own page.
    const series = captioned(r.body, `${DEFINITION.title} by month, 2023/24`);
    expect(tileText(r.body, ID)).toContain(series.rows.get('Rate for BME')![1]!);
    const page = await agents.viewer!.get(`/o/DHF/dashboard/indicators/${ID}?year=2024&month=5`);
    expect(page.statusCode).toBe(200);
    expect(captioned(page.body, `${DEFINITION.title} by month, 2023/24`)).toEqual(series);
  }, 240_000);

  it('shows an analyst the metric’s own page for a month, broken down by care group', async () => {
    const r = await agents.analyst!.get(`/o/DHF/dashboard/indicators/${ID}?year=2024&month=5`);
    expect(r.statusCode).toBe(200);
    const body = text(r.body);
    expect(body).toContain('Rate for BME, May 2023');
    expect(body).toContain(`${DEFINITION.title} by care group, May 2023`);
    expect(captioned(r.body, `${DEFINITION.title} by month, 2023/24`).columns).toEqual(MONTHS);
    // Its quarters, as before.
    expect(body).toContain(`${DEFINITION.title}: rate for BME, quarter by quarter`);
  }, 240_000);

  it('keeps a care-group manager to their care group in a month, counts from the ledger', async () => {
    const r = await agents.caregroup!.get('/o/DHF/dashboard/local-metrics?year=2024&month=1');
    expect(r.statusCode).toBe(200);
    expect(text(r.body)).toContain('Medicine and Emergency Care only');
    const org = (await organisationsRepository(t.services.db).findByOds('DHF'))!;
    const snapshot = await t.services.dashboard.snapshot(org);
    const ctx = await t.services.dashboard.context(
      {
        org,
        scope: 'all',
        scopeLabel: null,
        fullCounts: false,
        year: 2024,
        quarter: null,
        years: snapshot.years,
      },
      snapshot,
    );
    const ledger = (await ctx.disclosure(2024)).lookup(ID, 'main', {
      unit: 'Medicine and Emergency Care',
      period: monthKey(2024, 1),
    });
    const [n, d] = captioned(r.body, `${DEFINITION.title}, January 2024`).rows.get('BME')!;
    expect([n, d]).toEqual([ledger('n:BME', -1).text, ledger('d:BME', -1).text]);
  }, 240_000);

  it('refuses a wrong month with a message against the month field, and nothing computed', async () => {
    const cases: [string, string][] = [
      [
        '/o/DHF/dashboard/local-metrics?year=2024&month=13',
        '"13" is not a month: choose a month from April 2023 to March 2024, or none for the whole quarter or year',
      ],
      [
        '/o/DHF/dashboard?year=2024&quarter=2&month=4',
        'April 2023 is not in quarter 2: choose July 2023, August 2023, September 2023, or none for the whole quarter',
      ],
    ];
    for (const [url, message] of cases) {
      const r = await agents.viewer!.get(url);
      expect(r.statusCode, url).toBe(400);
      expect(r.body, url).toContain('href="#month"');
      expect(text(r.body), url).toContain(message);
      expect(r.body, url).toContain('id="month"');
      expect(text(r.body), url).not.toContain('Rate for BME');
    }
    // The other trust has no metric with months.
    const other = await agents.regional!.get('/o/DCM/dashboard?year=2024&month=4');
    expect(other.statusCode).toBe(400);
    expect(text(other.body)).toContain(
      'Figures by month are not available here: choose a quarter or the whole year',
    );
    const plain = await agents.regional!.get('/o/DCM/dashboard?year=2024');
    expect(plain.body).not.toContain('name="month"');
  }, 240_000);

  it('writes a month’s address without its quarter, and keeps it as the quarter on another trust', async () => {
    const both = await agents.analyst!.get('/o/DHF/dashboard/local-metrics?year=2024&quarter=3&month=11');
    expect(both.statusCode).toBe(303);
    expect(both.headers.location).toBe('/o/DHF/dashboard/local-metrics?year=2024&month=11');
    const moved = await agents.regional!.get('/o/DHF/dashboard/local-metrics?org=DCM&year=2024&month=11');
    expect(moved.statusCode).toBe(303);
    expect(moved.headers.location).toBe('/o/DCM/dashboard/local-metrics?year=2024&quarter=3');
  });
});
