/**
 * The Culture Dashboard through HTTP, on the demo installation with its three years of data: every page
 * for each kind of reader, filters in the address, the publication view's small-number suppression on
 * every table, a care-group manager kept to their care group, the regional comparison, targets, and the
 * caches following a new import.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { organisationsRepository } from '../../src/features/organisations/organisations.repository.js';
import { ACTION_STATE_LABELS, ACTION_STATES, actionState } from '../../src/features/plans/status.js';
import { buildDemoApp, TEST_NOW, type Agent, type TestApp } from '../support/app.js';

const EXAMPLES = path.resolve(import.meta.dirname, '../../examples');
const PAGES = [
  '',
  '/pipeline',
  '/recruitment',
  '/employee-relations',
  '/pay-gaps',
  '/staff-survey',
  '/staff-survey/hotspots',
  '/data-quality',
  '/local-metrics',
  '/indicators/WRES2',
  '/indicators/WRES3',
  '/indicators/WDES1',
  '/indicators/WRES5',
  '/indicators/GPG_MEAN',
  '/indicators/appraisal-compliance-by-ethnicity',
];
const OTHER_CARE_GROUPS = [
  'Surgery and Anaesthetics',
  'Women and Children',
  'Clinical Support Services',
  'Community and Integrated Care',
  'Corporate Services',
];

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();

/** The cells of a table, by its id: rows of [header, ...cells] as text. */
function table(html: string, id: string): string[][] {
  const m = new RegExp(`<table[^>]*id="${id}"[^>]*>([\\s\\S]*?)</table>`).exec(html);
  if (!m) throw new Error(`no table ${id}`);
  return [...m[1]!.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((r) =>
    [...r[1]!.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => text(c[1]!)),
  );
}

/** Table cells that are a bare count from 1 to 7: what the publication view must never show. */
function smallCounts(html: string): string[] {
  return [...html.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)]
    .map((c) => text(c[1]!))
    .filter((t) => /^[1-7]$/.test(t));
}

describe('the Culture Dashboard', () => {
  let t: TestApp;
  const agents: Record<string, Agent> = {};

  beforeAll(async () => {
    t = await buildDemoApp(['analyst', 'viewer', 'caregroup', 'regional', 'lead'], agents);
  }, 180_000);
  afterAll(async () => t?.close());

  it('answers a figure by a characteristic it cannot be shown by with a 404 that says so, escaped', async () => {
    for (const [id, characteristic] of [
      ['WRES2', 'shoeSize'],
      ['WRES2', '<script>alert(1)</script>'],
      ['NOPE', 'religion'],
      // The board's make-up is not broken down by other characteristics.
      ['WRES9', 'religion'],
    ]) {
      const url = `/o/DHF/dashboard/indicators/${id}/by/${encodeURIComponent(characteristic!)}?year=2024`;
      const r = await agents.analyst!.get(url);
      expect(r.statusCode, url).toBe(404);
      const escaped = characteristic!.replace(/</g, '&lt;').replace(/>/g, '&gt;');
      expect(text(r.body), url).toContain(`"${id}" cannot be shown by "${escaped}"`);
      expect(r.body, url).not.toContain('<script>alert(1)</script>');
    }
    // A figure about people, by one of the characteristics its page offers, is shown.
    expect(
      (await agents.analyst!.get('/o/DHF/dashboard/indicators/WRES2/by/religion?year=2024')).statusCode,
    ).toBe(200);
  });

  it('shows an analyst every page, with every count, each chart beside its table', async () => {
    for (const page of PAGES) {
      const r = await agents.analyst!.get(`/o/DHF/dashboard${page}`);
      expect(r.statusCode, page).toBe(200);
      expect(r.body, page).toContain('You are seeing every count');
      expect(r.body, page).not.toContain('withheld (small number)');
      // Every picture is one image labelled by its heading and summary, which are on the page.
      for (const m of r.body.matchAll(/<svg role="img"[^>]*aria-labelledby="([^"]+)"/g))
        for (const id of m[1]!.split(' ')) expect(r.body, `${page}: #${id}`).toContain(`id="${id}"`);
      // No inline script: the content security policy forbids it.
      expect(r.body.match(/<script(?![^>]*\ssrc=)[^>]*>/g), page).toBeNull();
    }
    const overview = await agents.analyst!.get('/o/DHF/dashboard');
    for (const id of ['WRES1', 'WRES2', 'WRES9', 'WDES1', 'WDES4a_i', 'WDES9b', 'WDES10'])
      expect(overview.body).toContain(`id="tile-${id}"`);
    // The Bank WRES and the MWRES have a section of tiles each, every indicator of theirs in it.
    for (const [section, ids] of [
      ['bwres', ['BWRES1', 'BWRES2', 'BWRES3', 'BWRES4', 'BWRES5', 'BWRES6', 'BWRES7', 'BWRES8', 'BWRES9']],
      ['mwres', ['MWRES1', 'MWRES2', 'MWRES3', 'MWRES4', 'MWRES5', 'MWRES6', 'MWRES7', 'MWRES8', 'MWRES10']],
    ] as const) {
      const start = overview.body.indexOf(`id="${section}"`);
      expect(start, section).toBeGreaterThan(0);
      const tiles = [...overview.body.slice(start).matchAll(/id="tile-([A-Za-z0-9_]+)"/g)].map((m) => m[1]);
      expect(tiles.slice(0, ids.length), section).toEqual(ids);
    }
    expect(overview.body.match(/<svg role="img"/g)!.length).toBeGreaterThanOrEqual(1);
    expect(overview.body).toContain('Non-adverse range');
    expect(text(overview.body)).toMatch(/Compared with 2023: \d+ improved, \d+ worsened/);
  });

  it('gives the indicator page its trend, quarters, breakdowns, method and actions', async () => {
    const r = await agents.analyst!.get('/o/DHF/dashboard/indicators/WRES2');
    const body = text(r.body);
    for (const heading of [
      'year by year',
      'quarter by quarter',
      'WRES 2 by care group, 2024',
      'WRES 2 by staff group, 2024',
      'WRES 2 by clinical or non-clinical, 2024',
      'WRES 2 by band, 2024',
      'How this is calculated',
      'Actions in the 2024/25 action plan',
    ])
      expect(body).toContain(heading);
    // The national figure loaded as reference data is beside the trust's.
    expect(body).toContain('National figure');
    expect(body).toContain('NHS England WRES 2023 data analysis report');
    expect(table(r.body, 'breakdown-wres2-caregroup-table').length).toBe(7);
    // The demo's 2024/25 action plan links actions to WRES 2: they are listed, and counted on the tile.
    const actions = /<h2[^>]*id="actions"[\s\S]*$/.exec(r.body)![0];
    expect(actions).toContain('Actions linked to WRES 2');
    // Each linked action shows its one status with the reasons, as the plan pages do, not its bare RAG.
    const dhf = (await organisationsRepository(t.services.db).findByOds('DHF'))!;
    const plan = (await t.services.plans.planForYear(dhf, 2024))!;
    const labels = await t.services.plans.ragLabels(dhf);
    const today = TEST_NOW.slice(0, 10);
    const linked = (await t.services.plans.actions(plan)).filter((a) => a.indicators.includes('WRES2'));
    const rows = table(r.body, 'indicator-actions');
    expect(rows[0]).toEqual(['Action', 'Status', 'Where it stands', 'Leads', 'Last update']);
    expect(rows.length - 1).toBe(linked.length);
    const states = linked.map((a) => actionState(a, { today, planYear: 2024, labels }));
    expect(states.length).toBeGreaterThan(0);
    for (const [i, state] of states.entries())
      expect(rows[i + 1]![2]).toBe(text(`${state.label} ${state.reasons.join(' ')}`));
    // The summary above the table counts the same statuses, not the actions' RAG.
    const counts = new Map<string, number>();
    for (const st of states) counts.set(st.label, (counts.get(st.label) ?? 0) + 1);
    const summary = ACTION_STATES.map((k) => ACTION_STATE_LABELS[k])
      .filter((l) => counts.has(l))
      .map((l) => `${l}: ${counts.get(l)}`)
      .join(' ');
    expect(text(r.body)).toContain(
      `Action plan 2024/25: ${linked.length} action${linked.length === 1 ? '' : 's'} ${summary}`,
    );
    const overview = text((await agents.analyst!.get('/o/DHF/dashboard')).body);
    expect(overview).toMatch(/Action plan 2024\/25: \d+ actions?/);
  });

  it('keeps a viewer to the publication view: no count from 1 to 7 in any table of any page', async () => {
    let withheld = 0;
    for (const page of [
      ...PAGES,
      '?year=2023&quarter=3',
      '/recruitment?quarter=1',
      '/employee-relations?quarter=2',
    ]) {
      const r = await agents.viewer!.get(`/o/DHF/dashboard${page}`);
      expect(r.statusCode, page).toBe(200);
      expect(r.body, page).toContain('counts from 1 to 7 are withheld and shown as *');
      expect(smallCounts(r.body), page).toEqual([]);
      withheld += (r.body.match(/withheld \(small number\)/g) ?? []).length;
    }
    expect(withheld).toBeGreaterThan(20);
  });

  it('withholds for the viewer exactly the small counts the analyst sees', async () => {
    for (const [page, id] of [
      ['/indicators/WRES3', 'breakdown-wres3-caregroup-table'],
      ['/indicators/WRES2', 'breakdown-wres2-grade-table'],
      ['/employee-relations', 'cases-wres-table'],
    ] as const) {
      const full = table((await agents.analyst!.get(`/o/DHF/dashboard${page}`)).body, id);
      const published = table((await agents.viewer!.get(`/o/DHF/dashboard${page}`)).body, id);
      expect(published.length, id).toBe(full.length);
      let small = 0;
      full.forEach((row, i) =>
        row.forEach((cell, j) => {
          const n = /^(\d+)(?: of|$)/.exec(cell);
          if (j > 0 && n && Number(n[1]) >= 1 && Number(n[1]) <= 7) {
            small++;
            expect(published[i]![j], `${id} ${row[0]} column ${j}`).toContain('withheld');
          }
        }),
      );
      expect(small, id).toBeGreaterThan(0);
    }
  });

  it('shows the demo trust’s survey hotspots by care group, from the survey page and its indicators', async () => {
    const survey = await agents.viewer!.get('/o/DHF/dashboard/staff-survey');
    expect(survey.body).toContain('href="/o/DHF/dashboard/staff-survey/hotspots');
    const wres5 = await agents.viewer!.get('/o/DHF/dashboard/indicators/WRES5');
    expect(wres5.body).toContain('href="/o/DHF/dashboard/staff-survey/hotspots');
    expect(text(wres5.body)).toContain('WRES 5 by care group, 2024');
    expect(text(wres5.body)).not.toContain('cannot be broken down here');
    const page = await agents.viewer!.get('/o/DHF/dashboard/staff-survey/hotspots');
    expect(page.statusCode).toBe(200);
    const summaries: string[] = [];
    for (const id of ['wres5', 'wres6', 'wres7', 'wres8', 'wdes4a-i', 'wdes5', 'wdes7']) {
      const rows = table(page.body, `hotspots-${id}-table`).slice(1);
      // Every care group of the trust with survey figures: the six care groups, worst first.
      const byName = (a: string, b: string) => a.localeCompare(b, 'en-GB');
      expect(rows.map((r) => r[0]!).sort(byName), id).toEqual(
        ['Medicine and Emergency Care', ...OTHER_CARE_GROUPS].sort(byName),
      );
      const shown = rows.filter((r) => !r[3]!.includes('withheld'));
      expect(shown.length, id).toBeGreaterThan(1);
      summaries.push(
        `${id}: ${rows.map((r) => `${r[0]} ${r[3]!.includes('withheld') ? '*' : r[3]}`).join('; ')}`,
      );
    }
    console.log(`demo hotspots (viewer, 2024):\n${summaries.join('\n')}`);
    // The care-group manager's: Medicine and Emergency Care's own figures, no other care group's.
    const own = await agents.caregroup!.get('/o/DHF/dashboard/staff-survey');
    expect(text(own.body)).not.toContain('describe the whole organisation');
    expect(own.body).toContain('id="survey-wres-table"');
    // And its hotspots are its directorates (the survey file names them too), each with its figures.
    const ownHotspots = await agents.caregroup!.get('/o/DHF/dashboard/staff-survey/hotspots');
    expect(ownHotspots.statusCode).toBe(200);
    expect(text(ownHotspots.body)).toContain('by directorate (worst first)');
    const directorates = table(ownHotspots.body, 'hotspots-wres5-table').slice(1);
    expect(directorates.length).toBeGreaterThan(1);
    for (const r of directorates) expect(OTHER_CARE_GROUPS.some((c) => r[0]!.includes(c))).toBe(false);
    const wres5Own = await agents.caregroup!.get('/o/DHF/dashboard/indicators/WRES5');
    expect(text(wres5Own.body)).toContain('WRES 5 by directorate, 2024');
  });

  it('keeps a care-group manager to their care group on every page', async () => {
    for (const page of PAGES) {
      const r = await agents.caregroup!.get(`/o/DHF/dashboard${page}`);
      expect(r.statusCode, page).toBe(200);
      expect(r.body, page).toContain('These figures are for Medicine and Emergency Care only');
      for (const other of OTHER_CARE_GROUPS) expect(r.body, `${page}: ${other}`).not.toContain(other);
      expect(smallCounts(r.body), page).toEqual([]);
    }
    // Breakdowns go one level down, to the directorates of the care group.
    const wres2 = await agents.caregroup!.get('/o/DHF/dashboard/indicators/WRES2');
    expect(text(wres2.body)).toContain('WRES 2 by directorate');
    // Another care group cannot be asked for, and nothing is computed for it.
    const refused = await agents.caregroup!.get('/o/DHF/dashboard?careGroup=Surgery%20and%20Anaesthetics');
    expect(refused.statusCode).toBe(400);
    expect(text(refused.body)).toContain('"Surgery and Anaesthetics" is not a care group you can see');
    expect(refused.body).not.toContain('id="tile-WRES2"');
    // Nor the comparison of organisations, which needs an organisation-wide role.
    expect((await agents.caregroup!.get('/o/DIC/dashboard/compare')).statusCode).toBe(403);
    expect((await agents.caregroup!.get('/o/DHF/dashboard/compare')).statusCode).toBe(403);
  });

  it('lists beside an indicator the trust-wide actions and the care group’s own, not another care group’s', async () => {
    const actionsOf = async (agent: Agent, query = '') => {
      const r = await agent.get(`/o/DHF/dashboard/indicators/WRES5${query}`);
      expect(r.statusCode).toBe(200);
      return /<h2[^>]*id="actions"[\s\S]*$/.exec(r.body)![0];
    };
    const trustWide = 'Train every ward and department manager in responding to racism';
    const medicine = 'Put a security officer in the Emergency Department waiting room';
    const community = 'Give community staff who visit patients alone a personal alarm';
    const own = await actionsOf(agents.caregroup!);
    expect(own).toContain(trustWide);
    expect(own).toContain(medicine);
    expect(own).not.toContain(community);
    const whole = await actionsOf(agents.analyst!);
    for (const words of [trustWide, medicine, community]) expect(whole).toContain(words);
    const chosen = await actionsOf(
      agents.analyst!,
      `?careGroup=${encodeURIComponent('Community and Integrated Care')}`,
    );
    expect(chosen).toContain(community);
    expect(chosen).not.toContain(medicine);
  });

  it('lets an organisation-wide reader choose a care group, and shows that care group’s figures', async () => {
    const whole = await agents.analyst!.get('/o/DHF/dashboard');
    const part = await agents.analyst!.get('/o/DHF/dashboard?careGroup=Women%20and%20Children');
    expect(part.statusCode).toBe(200);
    expect(part.body).toContain('These figures are for Women and Children only');
    const tileText = (html: string) => text(/id="tile-WRES1"[\s\S]*?<\/ul>/.exec(html)![0]);
    expect(tileText(part.body)).not.toBe(tileText(whole.body));
  });

  it('keeps the period and care group in the address, and reports wrong values by field', async () => {
    const q = await agents.analyst!.get('/o/DHF/dashboard?year=2023&quarter=2');
    expect(q.statusCode).toBe(200);
    expect(text(q.body)).toContain('Q2: July to September 2022');
    expect(text(q.body)).toContain('Q2 2022/23');
    // Links to the other pages carry the view.
    expect(q.body).toContain('href="/o/DHF/dashboard/recruitment?year=2023&amp;quarter=2"');
    const bad = await agents.analyst!.get('/o/DHF/dashboard/pipeline?year=1999&quarter=9&careGroup=Nowhere');
    expect(bad.statusCode).toBe(400);
    for (const href of ['#year', '#quarter', '#careGroup']) expect(bad.body).toContain(`href="${href}"`);
    expect(text(bad.body)).toContain('There is no data for the year "1999"');
    const unknown = await agents.analyst!.get('/o/DHF/dashboard/indicators/NOT_AN_INDICATOR');
    expect(unknown.statusCode).toBe(404);
    expect(text(unknown.body)).toContain('There is no indicator or local metric "NOT_AN_INDICATOR"');
  });

  it('moves to another organisation from the filter form, keeping the period', async () => {
    const r = await agents.regional!.get('/o/DHF/dashboard/recruitment?org=DCM&year=2023&careGroup=x');
    expect(r.statusCode).toBe(303);
    expect(r.headers.location).toBe('/o/DCM/dashboard/recruitment?year=2023');
  });

  it('shows a regional reader the trusts side by side, each relative likelihood with its interval', async () => {
    const r = await agents.regional!.get('/o/DIC/dashboard/compare');
    expect(r.statusCode).toBe(200);
    const body = text(r.body);
    expect(body).toContain('Demo Hospitals NHS Foundation Trust');
    expect(body).toContain('Demo Community and Mental Health NHS Trust');
    for (const id of ['wres2', 'wres3', 'wres4', 'wdes2', 'wdes3'])
      expect(r.body).toContain(`id="compare-${id}-title"`);
    expect(smallCounts(r.body)).toEqual([]);
    // The ICB holds no data of its own: its dashboard shows its trusts side by side, and links to the comparison.
    const own = await agents.regional!.get('/o/DIC/dashboard');
    expect(own.statusCode).toBe(200);
    expect(own.body).toContain('href="/o/DIC/dashboard/compare');
    // On a trust's indicator page, the other trusts of the ICB are beside it.
    const wres2 = await agents.regional!.get('/o/DHF/dashboard/indicators/WRES2');
    expect(text(wres2.body)).toContain('WRES 2 across Demo Integrated Care Board');
  });

  it('lets an analyst set a target trajectory, shown on the pipeline, and refuses a wrong one whole', async () => {
    const page = await agents.analyst!.get('/o/DHF/dashboard/pipeline');
    expect(page.body).toContain('Set a target trajectory');
    const bad = await agents.analyst!.post('/o/DHF/dashboard/targets', {
      characteristic: 'BME',
      band: 'SENIOR',
      percent: 'lots',
      toYear: '2020',
    });
    expect(bad.statusCode).toBe(400);
    expect(text(bad.body)).toContain('Enter the target as a percentage from 0 to 100');
    expect(text(bad.body)).toContain('Enter the year to reach the target by');
    const saved = await agents.analyst!.post('/o/DHF/dashboard/targets', {
      characteristic: 'BME',
      band: 'SENIOR',
      percent: '19',
      toYear: '2028',
    });
    expect(saved.statusCode).toBe(303);
    const after = text((await agents.analyst!.get('/o/DHF/dashboard/pipeline')).body);
    expect(after).toContain('BME staff, Band 8a and above, with VSM');
    expect(after).toContain('2028: 19%');
    expect(after).toContain('BME target');
    // A viewer sees the target but cannot change it.
    const viewer = await agents.viewer!.get('/o/DHF/dashboard/pipeline');
    expect(text(viewer.body)).toContain('2028: 19%');
    expect(viewer.body).not.toContain('Set a target trajectory');
    expect((await agents.viewer!.post('/o/DHF/dashboard/targets', { band: 'SENIOR' })).statusCode).toBe(403);
    const removed = await agents.analyst!.post('/o/DHF/dashboard/targets/delete', {
      characteristic: 'BME',
      band: 'SENIOR',
    });
    expect(removed.statusCode).toBe(303);
    expect(text((await agents.analyst!.get('/o/DHF/dashboard/pipeline')).body)).not.toContain('2028: 19%');
  });

  it('shows national and regional reference values loaded as reference data', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parity-benchmarks-'));
    try {
      const file = path.join(dir, 'benchmarks.csv');
      writeFileSync(
        file,
        [
          'indicator,year,scope,region,value,source',
          'WRES5.BME,2024,National,,28.5,Test national survey figure',
          'WRES5.WHITE,2024,National,,27.1,Test national survey figure',
          'WRES2,2024,Regional,Test Region,1.41,Test regional figure',
        ].join('\n'),
      );
      const trust = (await organisationsRepository(t.database.db).findByOds('DHF'))!;
      const loaded = await t.services.datasets.importFiles({ userId: null, label: 'test' }, trust, [
        { input: { path: file } },
      ]);
      expect(loaded.saved).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const survey = await agents.viewer!.get('/o/DHF/dashboard/staff-survey');
    const wres = table(survey.body, 'survey-wres-table');
    const wres5 = wres.find((row) => row[0]!.startsWith('WRES 5'))!;
    expect(wres5).toContain('28.5% (2024)');
    expect(text(survey.body)).toContain('Diamonds mark the national figure for BME staff');
    const wres2 = text((await agents.viewer!.get('/o/DHF/dashboard/indicators/WRES2')).body);
    expect(wres2).toContain('Regional Test Region 2024 1.41 Test regional figure');
  });

  it('follows a new import at once: the cached figures are keyed by the loaded versions', async () => {
    const tile = async () =>
      text(/id="tile-WRES9"[\s\S]*?<\/dl>/.exec((await agents.analyst!.get('/o/DHF/dashboard')).body)![0]);
    const before = await tile();
    expect(await tile()).toBe(before);
    const trust = (await organisationsRepository(t.database.db).findByOds('DHF'))!;
    const loaded = await t.services.datasets.importFiles({ userId: null, label: 'test' }, trust, [
      { input: { path: path.join(EXAMPLES, 'board.csv') } },
    ]);
    expect(loaded.saved).toBe(true);
    expect(await tile()).not.toBe(before);
  });
});
