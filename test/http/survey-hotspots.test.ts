/**
 * The staff survey by unit as readers see it: a survey file whose rows name the trust's care groups gives
 * each care group its own survey figures and a hotspots page ranking them by gap; a viewer sees it through
 * the disclosure ledger (a care group with fewer BME respondents than the survey's minimum withheld), and no
 * withheld count can be worked out from the trust's figure less the other care groups'. A care group the
 * file names nowhere keeps the sentence that survey results describe the whole organisation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attack, rangeOf, type Range } from '../../src/engine/index.js';
import { DEMO_PASSWORD } from '../../src/features/demo/demo.js';
import { organisationsRepository } from '../../src/features/organisations/organisations.repository.js';
import { buildTestApp, type Agent, type TestApp } from '../support/app.js';

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&#39;/g, "'")
    .replace(/&rsquo;|’/g, '’')
    .replace(/\s+/g, ' ')
    .trim();

/** The rows of the table whose caption starts with `caption`: each row's header and its cells ("*" withheld). */
function tableRows(html: string, caption: string): { label: string; cells: string[] }[] {
  for (const [table] of html.matchAll(/<table[\s\S]*?<\/table>/g)) {
    const title = text(/<caption[^>]*>([\s\S]*?)<\/caption>/.exec(table)?.[1] ?? '');
    if (!title.startsWith(caption)) continue;
    const body = /<tbody[\s\S]*?<\/tbody>/.exec(table)?.[0] ?? '';
    return [...body.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((r) => ({
      label: text(/<th[^>]*>([\s\S]*?)<\/th>/.exec(r[1]!)?.[1] ?? ''),
      cells: [...r[1]!.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) =>
        c[1]!.includes('parity-withheld') || text(c[1]!) === '*' ? '*' : text(c[1]!),
      ),
    }));
  }
  return [];
}

/** "24 of 60 (40.0%)" -> [24, 60]; "*" -> null. */
const ofCounts = (cell: string): [number, number] | null => {
  const m = /^(\d+) of (\d+)/.exec(cell);
  return m ? [Number(m[1]), Number(m[2])] : null;
};

const RULE = { publication: true, threshold: 7, base: 5 };

describe('the staff survey by care group, and its hotspots', () => {
  let t: TestApp;
  const agents: Record<string, Agent> = {};
  let careGroups: string[] = [];

  beforeAll(async () => {
    t = await buildTestApp({ demo: true });
    const trust = (await organisationsRepository(t.database.db).findByOds('DHF'))!;
    const units = await organisationsRepository(t.database.db).unitsOf(trust.id);
    careGroups = units
      .filter((u) => u.level === 'care_group')
      .map((u) => u.name)
      .sort();
    // Medicine and Emergency Care (the care-group manager's), and two more; the fourth has no survey rows.
    const [a, b, c] = [
      'Medicine and Emergency Care',
      ...careGroups.filter((g) => g !== 'Medicine and Emergency Care'),
    ];
    const workforce = [
      'Employee Number,Primary Assignment,Org L4,Staff Group,Pay Band,Assignment Category,FTE,Ethnic Origin,Disability Flag,Gender,Age',
      ...careGroups.flatMap((g, i) =>
        [0, 1, 2].map(
          (k) =>
            `${1000 + i * 10 + k},Yes,"${g}",Nursing and Midwifery Registered,Band 5,Permanent,1,A White - British,No,Female,40`,
        ),
      ),
    ].join('\n');
    // WRES 5 for the trust and three care groups (the trust's counts are theirs added up). Care group c has
    // 9 BME respondents: under the survey's minimum of 11, above the rule's threshold of 7.
    const rows: [string, number, number, number, number][] = [
      ['', 55, 250, 40, 110],
      [a, 20, 100, 24, 60],
      [b!, 25, 100, 12, 41],
      [c!, 10, 50, 4, 9],
    ];
    const survey = [
      'survey_year,measure,scheme,group,numerator,base,unit',
      ...rows.flatMap(([unit, wn, wb, bn, bb]) => [
        `2023,WRES5,Ethnicity,White,${wn},${wb},"${unit}"`,
        `2023,WRES5,Ethnicity,BME,${bn},${bb},"${unit}"`,
      ]),
    ].join('\n');
    const outcome = await t.services.datasets.importFiles({ userId: null, label: 'test' }, trust, [
      {
        input: { buffer: Buffer.from(workforce), fileName: 'workforce.csv' },
        dataset: 'workforce',
        asAtDate: '2024-03-31',
      },
      { input: { buffer: Buffer.from(survey), fileName: 'survey.csv' }, dataset: 'survey_aggregate' },
    ]);
    expect(
      outcome.results.flatMap((r) =>
        r.issues.kinds.filter((k) => k.severity === 'error').map((k) => k.examples[0]?.message),
      ),
    ).toEqual([]);
    expect(outcome.saved).toBe(true);
    for (const name of ['viewer', 'caregroup', 'analyst']) {
      agents[name] = t.agent();
      await agents[name].signIn(name, DEMO_PASSWORD);
    }
  }, 60_000);
  afterAll(async () => t?.close());

  it('ranks the care groups by gap for a viewer, the small one withheld', async () => {
    const page = await agents.viewer!.get('/o/DHF/dashboard/staff-survey/hotspots?year=2024');
    expect(page.statusCode).toBe(200);
    const rows = tableRows(page.body, 'WRES 5');
    // Medicine and Emergency Care: BME 24/60 = 40% against White 20/100 = 20%, gap 20 points; the second
    // care group: BME 12/41 (published 10 of 40: 25%) against 25/100 = 25%; the third withheld, last.
    expect(rows.map((r) => r.label)).toEqual([
      'Medicine and Emergency Care',
      expect.any(String),
      expect.any(String),
    ]);
    expect(rows[0]!.cells.slice(0, 3)).toEqual(['25 of 60 (41.7%)', '20 of 100 (20.0%)', '21.7']);
    expect(rows[0]!.cells[3]).toMatch(/^2\.08 \(\d\.\d\d to \d\.\d\d\)$/);
    expect(rows[2]!.cells).toEqual(['*', '10 of 50 (20.0%)', '*', '*']);
    expect(text(page.body)).toContain('1 care group is withheld');
    // The analyst sees every count, the small group too.
    const full = tableRows(
      (await agents.analyst!.get('/o/DHF/dashboard/staff-survey/hotspots?year=2024')).body,
      'WRES 5',
    );
    expect(full.find((r) => r.label === rows[2]!.label)!.cells[0]).toBe('4 of 9 (44.4%)');
  });

  it('lets no withheld count be worked out from the trust’s figures less the other care groups’', async () => {
    // The BME respondents and positives a viewer reads: the trust's on the indicator's page, each care
    // group's on the hotspots page and on the indicator's breakdown.
    const indicator = await agents.viewer!.get('/o/DHF/dashboard/indicators/WRES5?year=2024');
    expect(indicator.statusCode).toBe(200);
    const trustRow = tableRows(indicator.body, 'NHS Staff Survey 2023').find((r) => r.label === 'BME')!;
    const hotspots = tableRows(
      (await agents.viewer!.get('/o/DHF/dashboard/staff-survey/hotspots?year=2024')).body,
      'WRES 5',
    );
    const captions = [...indicator.body.matchAll(/<caption[^>]*>([\s\S]*?)<\/caption>/g)].map((m) =>
      text(m[1]!),
    );
    const breakdown = tableRows(indicator.body, captions.find((c) => / by care group/.test(c)) ?? '-').filter(
      (r) => careGroups.includes(r.label),
    );
    expect(breakdown.length, captions.join(' / ')).toBe(3);
    const known = new Map<string, Range>();
    const withheld = new Set<string>();
    const put = (key: string, shown: string | null) => {
      if (shown === null) {
        withheld.add(key);
        known.set(key, { lo: 1, hi: 1e12 });
      } else known.set(key, rangeOf(shown, RULE));
    };
    // The trust's respondents as shown, and its positives as its percentage of them gives away (the
    // percentage is of the published counts: published positives / published respondents).
    const [base, percent] = trustRow.cells;
    put('ALL#b', base === '*' ? null : base!);
    put(
      'ALL#n',
      base === '*' || percent === '*'
        ? null
        : String(Math.round((Number(base) * parseFloat(percent!)) / 100)),
    );
    for (const row of [...hotspots, ...breakdown]) {
      const c = ofCounts(row.cells[0]!);
      put(`${row.label}#b`, c ? String(c[1]) : null);
      put(`${row.label}#n`, c ? String(c[0]) : null);
    }
    // The trust's counts are its care groups' added up (those without survey rows have none).
    const relations = ['b', 'n'].map((slot) => ({
      total: `ALL#${slot}`,
      parts: hotspots.map((r) => `${r.label}#${slot}`),
    }));
    expect(withheld.size).toBeGreaterThan(0);
    const found = attack(known, relations, withheld);
    expect(found.recovered).toEqual([]);
    const small = hotspots[2]!.label;
    const range = found.ranges.get(`${small}#b`)!;
    expect(range.hi - range.lo, `${small}: ${JSON.stringify(range)}`).toBeGreaterThan(0);
  });

  it('shows a care group its own survey figures, and the honest sentence where the file names it nowhere', async () => {
    const own = await agents.caregroup!.get('/o/DHF/dashboard/staff-survey?year=2024');
    expect(own.statusCode).toBe(200);
    expect(text(own.body)).not.toContain('describe the whole organisation');
    expect(text(own.body)).toContain('Survey hotspots');
    const indicator = await agents.caregroup!.get('/o/DHF/dashboard/indicators/WRES5?year=2024');
    expect(tableRows(indicator.body, 'NHS Staff Survey 2023').find((r) => r.label === 'BME')!.cells).toEqual([
      '60',
      '41.7%',
    ]);
    const [, , , d] = [
      'Medicine and Emergency Care',
      ...careGroups.filter((g) => g !== 'Medicine and Emergency Care'),
    ];
    const elsewhere = await agents.analyst!.get(
      `/o/DHF/dashboard/staff-survey?year=2024&careGroup=${encodeURIComponent(d!)}`,
    );
    expect(elsewhere.statusCode).toBe(200);
    expect(text(elsewhere.body)).toContain(
      'results without units describe the whole organisation, so they are not shown here',
    );
    // Below a care group, the file names no directorate: the hotspots page says so.
    const below = await agents.caregroup!.get('/o/DHF/dashboard/staff-survey/hotspots?year=2024');
    expect(below.statusCode).toBe(200);
    expect(text(below.body)).toContain('No directorate has NHS Staff Survey 2023 results of its own');
  });
});
