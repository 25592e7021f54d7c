/**
 * Interview panels through HTTP: a panel file uploaded on the Data page (a bad one refused with its row
 * and column, loading nothing), the shipped panel metric added on the Indicators page, and its figure on
 * the local metrics page: every count for an analyst, the disclosure control's for a viewer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/features/demo/demo.js';
import { buildDemoApp, buildTestApp, type Agent, type TestApp } from '../support/app.js';

const CARE_GROUPS = ['Medicine and Emergency Care', 'Surgery and Anaesthetics'];

/** 40 staff in post at 31 March 2024, half in each care group; every fourth is Black African. */
const ESR = [
  'Staff in Post - Detail',
  'Effective Date: 31/03/2024',
  '',
  'Employee Number,Assignment Number,Org L4,Staff Group,Pay Band,Assignment Category,Ethnic Origin,Disability Flag,Gender',
  ...Array.from({ length: 40 }, (_, i) => {
    const n = 2001 + i;
    const ethnicity = i % 4 === 0 ? 'N Black or Black British - African' : 'A White - British';
    return `${n},${n}-1,${CARE_GROUPS[i % 2]},Administrative and Clerical,Band 8a,Permanent,${ethnicity},No,Female`;
  }),
].join('\n');

const PANEL_HEADER =
  'Vacancy Reference,Interview Date,Band,Division,Panel Member Staff Number,Independent Member,R&S Trained,R&S Training Date';

/**
 * 20 panels for Band 8a posts in October 2023, two members each (staff 2002-2041). Trained: the chairs of
 * panels 1-8. Independent: the second member of panels 1-5. Everything else not.
 */
const PANELS = [
  PANEL_HEADER,
  ...Array.from({ length: 20 }, (_, i) => {
    const vacancy = `V-${String(i + 1).padStart(3, '0')}`;
    const date = `2023-10-${String(i + 1).padStart(2, '0')}`;
    const careGroup = CARE_GROUPS[i % 2];
    const chair = `${vacancy},${date},Band 8a,${careGroup},${2002 + 2 * i},No,${i < 8 ? 'Yes,01/01/2023' : 'No,'}`;
    const member = `${vacancy},${date},Band 8a,${careGroup},${2003 + 2 * i},${i < 5 ? 'Yes' : 'No'},No,`;
    return `${chair}\n${member}`;
  }),
].join('\n');

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ')
    .trim();

/** The markup of a tile, from its id to the end of its list of counts. */
const tile = (html: string, id: string) => text(new RegExp(`id="tile-${id}"[\\s\\S]*?</ul>`).exec(html)![0]);

describe('interview panels through HTTP', () => {
  let t: TestApp;
  const analyst = (): Agent => agents.analyst!;
  const agents: Record<string, Agent> = {};

  beforeAll(async () => {
    t = await buildTestApp({ demo: true });
    for (const who of ['analyst', 'viewer']) {
      agents[who] = t.agent();
      await agents[who].signIn(who, DEMO_PASSWORD);
    }
    await analyst().get('/o/DHF/data');
  });
  afterAll(async () => t?.close());

  async function load(name: string, content: string) {
    await analyst().get('/o/DHF/data');
    const upload = await analyst().upload('/o/DHF/data/upload', { dataset: '', asAt: '' }, [
      { field: 'files', name, content, type: 'text/csv' },
    ]);
    expect(upload.statusCode).toBe(303);
    const previewUrl = upload.headers.location as string;
    const preview = await analyst().get(previewUrl);
    return { previewUrl, preview, confirm: () => analyst().post(`${previewUrl}/confirm`) };
  }

  it('refuses a panel file whose rows disagree, naming the row and column, and loads nothing', async () => {
    expect((await (await load('staff.csv', ESR)).confirm()).statusCode).toBe(303);
    // Row 5 (V-002's second member) gives another band than row 4 (its chair).
    const lines = PANELS.split('\n');
    lines[4] = lines[4]!.replace('Band 8a', 'Band 7');
    const bad = lines.join('\n');
    const { preview, confirm } = await load('panels.csv', bad);
    expect(preview.statusCode).toBe(200);
    expect(preview.body).toContain('Interview panel members');
    expect(text(preview.body)).toContain(
      "Pay band 'Band 7' on row 5 differs from 'Band 8a' given for the panel of vacancy V-002 interviewing on 2023-10-02 on an earlier row",
    );
    expect((await confirm()).statusCode).toBe(400);
    const { organisationsRepository } =
      await import('../../src/features/organisations/organisations.repository.js');
    const org = (await organisationsRepository(t.database.db).findByOds('DHF'))!;
    const versions = await t.services.datasets.versions(org);
    expect(versions.map((v) => v.dataset)).toEqual(['workforce']);
  });

  it('shows the share of 8a+ panels with a trained member: every count to an analyst, safe ones to a viewer', async () => {
    const { preview, confirm } = await load('panels.csv', PANELS);
    expect(preview.body).toContain('Load 1 file');
    expect((await confirm()).statusCode).toBe(303);
    const data = await analyst().get('/o/DHF/data');
    expect(data.body).toContain('Loaded 40 interview panel members records from panels.csv.');

    await analyst().get('/o/DHF/indicators/local');
    for (const example of ['panels-8a-trained-member', 'panels-8a-independent-member']) {
      const saved = await analyst().post('/o/DHF/indicators/local', { example, definition: '' });
      expect(saved.statusCode, example).toBe(303);
    }

    const own = await analyst().get('/o/DHF/dashboard/local-metrics?year=2024');
    expect(own.statusCode).toBe(200);
    // 8 of 20 panels had a trained chair; 5 an independent member.
    expect(tile(own.body, 'panels-8a-trained-member')).toContain('40.0%');
    expect(tile(own.body, 'panels-8a-trained-member')).toMatch(/\b8 of 20\b/);
    expect(tile(own.body, 'panels-8a-independent-member')).toMatch(/\b5 of 20\b/);

    const published = await agents.viewer!.get('/o/DHF/dashboard/local-metrics?year=2024');
    expect(published.statusCode).toBe(200);
    const trained = tile(published.body, 'panels-8a-trained-member');
    const independent = tile(published.body, 'panels-8a-independent-member');
    // 8 is published rounded to 5 (10), 20 as 20; 5 (from 1 to 7) is withheld, with its percentage.
    expect(trained).not.toMatch(/\b8 of 20\b/);
    expect(trained).toContain('All: 10 of 20 (50.0%)');
    expect(independent).not.toMatch(/\b5 of 20\b/);
    expect(independent).not.toContain('25.0%');
    expect(independent).toContain('All: * withheld (small number) of 20 ( * withheld (small number) )');
  });
});

describe('interview panels on the demo trust', () => {
  let t: TestApp;
  const agents: Record<string, Agent> = {};
  beforeAll(async () => {
    t = await buildDemoApp(['viewer'], agents);
  }, 240_000);
  afterAll(async () => t?.close());

  it('shows the panel KPIs on the local metrics page, with their counts', async () => {
    const page = await agents.viewer!.get('/o/DHF/dashboard/local-metrics?year=2024');
    expect(page.statusCode).toBe(200);
    for (const id of [
      'panels-8a-trained-member',
      'panels-8a-independent-member',
      'panels-8a-ethnic-minority-member',
      'panel-members-8a-trained',
    ]) {
      const shown = tile(page.body, id);
      expect(shown, id).toMatch(/All: (\d+|\* withheld \(small number\)) of \d+/);
    }
  });

  it('shows the other recruitment KPIs of the seed plans: internal applicants and bank to substantive', async () => {
    const page = await agents.viewer!.get('/o/DHF/dashboard/local-metrics?year=2024');
    for (const [id, groups] of [
      ['internal-applicants-appointed-by-ethnicity', ['White', 'BME']],
      ['internal-applicants-appointed-by-disability', ['Non-disabled', 'Disabled']],
      ['bank-to-substantive-by-ethnicity', ['White', 'BME']],
    ] as const) {
      const shown = tile(page.body, id);
      for (const group of groups)
        expect(shown, `${id} ${group}`).toMatch(
          new RegExp(
            `${group}: (\\d+|\\* withheld \\(small number\\)) with the outcome of (\\d+|\\* withheld \\(small number\\)) in the group`,
          ),
        );
    }
  });
});
