/**
 * Actions owned by units, over HTTP against the demo: the care-group manager (limited to Medicine and
 * Emergency Care) sees the trust-wide actions and their care group's, and nothing of another care group's
 * actions on the plan page, an action's page (404), My actions or any export (CSV, XLSX, DOCX, HTML); an
 * organisation-wide reader filters the plan and its exports to one unit's view; the action form sets the
 * owning unit, checked on the server.
 */
import { text as streamText } from 'node:stream/consumers';
import ExcelJS from 'exceljs';
import yauzl from 'yauzl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/features/demo/demo.js';
import type { Organisation, OrgUnit } from '../../src/features/organisations/organisation.js';
import { organisationsRepository } from '../../src/features/organisations/organisations.repository.js';
import type { Action, Plan } from '../../src/features/plans/plan.js';
import { buildTestApp, type Agent, type TestApp } from '../support/app.js';

/** Words of the demo's 2024/25 actions and updates, by who owns them. */
const OWN = [
  'Hold a listening event on every Medicine and Emergency Care ward',
  'Eleven ward listening events held',
  'Put a security officer in the Emergency Department waiting room',
  'Night cover in place since October',
];
const TRUST_WIDE = [
  'Train every ward and department manager in responding to racism',
  'Give every band 6 and 7 member of staff who asks a career conversation',
];
const OTHERS = [
  'development programme for band 5 and 6 theatre staff',
  'Programme starts late',
  'Agree the reasonable adjustments of theatre staff',
  'phased return plan agreed with occupational health',
  'Train maternity team leaders',
  '18 of 24 team leaders trained',
  'Pharmacy and Diagnostics to internal candidates first',
  'Pair every radiographer recruited from overseas',
  'All seven radiographers',
  'personal alarm',
  'Alarms issued to 212 staff',
  'district nurses’ rounds',
  'corporate services job description',
  '140 of 310 job descriptions',
  'employee relations case closed in the year',
];
const SURGERY = OTHERS.slice(0, 3);

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' };

/** The words of a Word file's body, paragraph by paragraph. */
async function docxText(buffer: Buffer): Promise<string> {
  const zip = await yauzl.fromBufferPromise(buffer, { lazyEntries: true });
  try {
    for await (const entry of zip.eachEntry())
      if (entry.fileName === 'word/document.xml')
        return (await streamText(await zip.openReadStreamPromise(entry)))
          .replace(/<w:p[ >]/g, '\n$&')
          .replace(/<[^>]+>/g, '')
          .replace(/&(lt|gt|quot|apos|amp);/g, (_, e: string) => ENTITIES[e]!);
    throw new Error('word/document.xml is not in the file');
  } finally {
    zip.close();
  }
}

/** Every cell of every sheet of a workbook, as text. */
async function xlsxText(buffer: Buffer): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  const out: string[] = [];
  wb.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => out.push(String(cell.text)))));
  return out.join('\n');
}

/** Every export of a plan, as text, at `query` (a unit's view, or none). */
async function exportsOf(agent: Agent, planUrl: string, query = ''): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const format of ['csv', 'html', 'xlsx', 'docx']) {
    const r = await agent.get(`${planUrl}/export/${format}${query}`);
    expect(r.statusCode, format).toBe(200);
    out[format] =
      format === 'xlsx'
        ? await xlsxText(r.rawPayload)
        : format === 'docx'
          ? await docxText(r.rawPayload)
          : r.body;
  }
  return out;
}

describe('actions owned by units', () => {
  let t: TestApp;
  let org: Organisation;
  let plan: Plan;
  let planUrl = '';
  let actions: Action[] = [];
  let units: OrgUnit[] = [];
  const agents: Record<string, Agent> = {};
  const unitId = (path: string) => units.find((u) => u.path === path)!.id;
  const byText = (words: string) => actions.find((a) => a.text.includes(words))!;

  beforeAll(async () => {
    t = await buildTestApp({ demo: true });
    org = (await organisationsRepository(t.database.db).findByOds('DHF'))!;
    plan = (await t.services.plans.planForYear(org, 2024))!;
    planUrl = `/o/DHF/plans/${plan.id}`;
    actions = await t.services.plans.actions(plan);
    units = await t.services.plans.units(org);
    for (const name of ['caregroup', 'admin', 'analyst']) {
      agents[name] = t.agent();
      await agents[name].signIn(name, DEMO_PASSWORD);
    }
  });
  afterAll(async () => t?.close());

  it('gives the demo’s care groups two actions each, and leaves the rest trust-wide', () => {
    const owned = actions.filter((a) => a.unitId !== null);
    expect(owned).toHaveLength(12);
    const careGroups = units.filter((u) => u.level === 'care_group');
    for (const cg of careGroups)
      expect(
        owned.filter((a) => {
          const u = units.find((x) => x.id === a.unitId)!;
          return u.path === cg.path || u.path.startsWith(`${cg.path} > `);
        }),
        cg.path,
      ).toHaveLength(2);
    expect(actions.filter((a) => a.unitId === null).length).toBeGreaterThan(0);
  });

  it('shows the care-group manager the trust-wide actions and their own, not another care group’s', async () => {
    const page = await agents.caregroup!.get(`${planUrl}?view=theme`);
    expect(page.statusCode).toBe(200);
    for (const words of [...OWN.filter((_, i) => i % 2 === 0), ...TRUST_WIDE])
      expect(page.body).toContain(words);
    for (const words of OTHERS) expect(page.body).not.toContain(words);
    expect(page.body).toContain('Your role covers Medicine and Emergency Care');
    expect(page.body).toContain(
      'Owning unit: Medicine and Emergency Care &gt; Emergency Medicine &gt; Emergency Department',
    );
    // They are not offered another unit's view, and asking for one finds nothing.
    expect(page.body).not.toContain('name="unit"');
    const other = await agents.caregroup!.get(`${planUrl}?unit=${unitId('Surgery and Anaesthetics')}`);
    expect(other.statusCode).toBe(404);
    // The plans list counts only what they see: five trust-wide actions and their two.
    const list = await agents.caregroup!.get('/o/DHF/plans');
    const row = (body: string) =>
      /WRES and WDES action plan 2024\/25<\/a>[\s\S]*?cell--numeric">(\d+)</.exec(body)![1];
    expect(row(list.body)).toBe('7');
    expect(row((await agents.admin!.get('/o/DHF/plans')).body)).toBe(String(actions.length));
  });

  it('answers 404 for another care group’s action, and shows their own with its owner', async () => {
    const theirs = byText(SURGERY[0]!);
    const refused = await agents.caregroup!.get(`${planUrl}/actions/${theirs.id}`);
    expect(refused.statusCode).toBe(404);
    for (const words of SURGERY) expect(refused.body).not.toContain(words);
    const own = byText(OWN[0]!);
    const page = await agents.caregroup!.get(`${planUrl}/actions/${own.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(OWN[1]);
    expect(page.body).toMatch(/Owning unit[\s\S]*?Medicine and Emergency Care/);
    const trust = byText(TRUST_WIDE[0]!);
    expect((await agents.caregroup!.get(`${planUrl}/actions/${trust.id}`)).statusCode).toBe(200);
  });

  it('exports to the care-group manager no other care group’s actions or updates, in every format', async () => {
    const files = await exportsOf(agents.caregroup!, planUrl);
    for (const [format, body] of Object.entries(files)) {
      for (const words of [OWN[0]!, OWN[2]!, ...TRUST_WIDE])
        expect(body, `${format}: ${words}`).toContain(words);
      for (const words of OTHERS) expect(body, `${format}: ${words}`).not.toContain(words);
    }
    // The updates themselves travel in the CSV, HTML and workbook (its Updates sheet).
    for (const format of ['csv', 'html', 'xlsx', 'docx']) expect(files[format], format).toContain(OWN[3]);
    expect(files.csv).toContain('Owning unit');
    expect(files.xlsx).toContain('The actions of Medicine and Emergency Care');
    // Named for the part of the plan it holds, as a unit's view is for an organisation-wide reader, so a
    // copy passed on is not taken for the whole plan.
    for (const format of ['docx', 'xlsx']) {
      const r = await agents.caregroup!.get(`${planUrl}/export/${format}`);
      expect(r.headers['content-disposition'], format).toMatch(
        new RegExp(` - Medicine and Emergency Care\\.${format}"`),
      );
    }
  });

  it('lets an organisation-wide reader see the whole plan, or filter it and its exports to one unit', async () => {
    const whole = await agents.admin!.get(planUrl);
    expect(whole.statusCode).toBe(200);
    for (const words of [OWN[0]!, SURGERY[0]!, ...TRUST_WIDE]) expect(whole.body).toContain(words);
    expect(whole.body).toContain('name="unit"');
    const surgery = unitId('Surgery and Anaesthetics');
    const filtered = await agents.admin!.get(`${planUrl}?view=theme&unit=${surgery}`);
    expect(filtered.statusCode).toBe(200);
    expect(filtered.body).toContain('Surgery and Anaesthetics’s actions');
    for (const words of [SURGERY[0]!, SURGERY[2]!, ...TRUST_WIDE]) expect(filtered.body).toContain(words);
    for (const words of [OWN[0]!, OWN[2]!, 'Train maternity team leaders'])
      expect(filtered.body).not.toContain(words);
    // The downloads offered keep the filter; the exports follow it.
    expect(filtered.body).toContain(`${planUrl}/export/csv?unit=${surgery}`);
    const files = await exportsOf(agents.admin!, planUrl, `?unit=${surgery}`);
    for (const [format, body] of Object.entries(files)) {
      for (const words of [SURGERY[0]!, ...TRUST_WIDE]) expect(body, `${format}: ${words}`).toContain(words);
      for (const words of [OWN[0]!, OWN[1]!, 'Train maternity team leaders'])
        expect(body, `${format}: ${words}`).not.toContain(words);
    }
    const all = await exportsOf(agents.admin!, planUrl);
    for (const words of [OWN[0]!, SURGERY[0]!]) expect(all.csv).toContain(words);
    expect((await agents.admin!.get(`${planUrl}?unit=no-such-unit`)).statusCode).toBe(404);
    expect((await agents.admin!.get(`${planUrl}/export/csv?unit=no-such-unit`)).statusCode).toBe(404);
  });

  it('sets the owning unit from the action form, refuses a unit of another organisation, and shows it', async () => {
    const analyst = agents.analyst!;
    const form = await analyst.get(`${planUrl}/actions/new`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toMatch(/for="unitId">\s*Owning unit\s*<\/label>/);
    expect(form.body).toContain('>Trust-wide</option>');
    expect(form.body).toContain('>Women and Children &gt; Paediatrics &gt; Neonatal Unit</option>');
    const fields = {
      text: 'Offer every neonatal nurse a mentor from another unit.',
      status: 'new',
      theme: '',
      aim: '',
      kpiText: '',
      timescale: 'Q4 2024/25',
      outcome: '',
      sustainability: '',
      leads: 'Neonatal Matron',
      reason: 'Agreed at the care group board',
    };
    const second = (await organisationsRepository(t.database.db).findByOds('DCM'))!;
    const foreign = (await t.services.plans.units(second))[0]!;
    const refused = await analyst.post(`${planUrl}/actions`, { ...fields, unitId: foreign.id });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('Choose the owning unit from the list of this organisation’s units');
    expect((await t.services.plans.actions(plan)).some((a) => a.text.includes('neonatal nurse'))).toBe(false);
    const neonatal = unitId('Women and Children > Paediatrics > Neonatal Unit');
    const created = await analyst.post(`${planUrl}/actions`, { ...fields, unitId: neonatal });
    expect(created.statusCode).toBe(303);
    const page = await analyst.get(String(created.headers.location));
    expect(page.body).toContain('Women and Children &gt; Paediatrics &gt; Neonatal Unit');
    // The care-group manager of another care group does not see it.
    expect((await agents.caregroup!.get(String(created.headers.location))).statusCode).toBe(404);
    const edit = await analyst.get(`${String(created.headers.location)}/edit`);
    expect(edit.body).toMatch(new RegExp(`<option value="${neonatal}" selected>`));
  });

  it('imports the owning unit from a plan file’s column, and keeps another unit’s imported actions out of the history', async () => {
    const analyst = agents.analyst!;
    const csv = [
      'Indicators,Action,Leads,Owning unit,Timescale',
      'WRES 7,Pilot reverse mentoring for theatre nurses,Theatres Manager,Surgery and Anaesthetics,Q4 2024/25',
      'WRES 5,Publish the anti-racism statement on every ward,Chief Nurse,Trust-wide,Q4 2024/25',
      'WRES 6,Start a staff network in the Emergency Department,ED Matron,Emergency Department,Q4 2024/25',
      'WDES 8,Audit the rest rooms for accessibility,Estates,Nowhere Ward,Q4 2024/25',
    ].join('\r\n');
    await analyst.get(`${planUrl}/import`);
    const uploaded = await analyst.upload(`${planUrl}/import`, {}, [
      { field: 'file', name: 'units.csv', content: Buffer.from(csv) },
    ]);
    expect(uploaded.statusCode, uploaded.body.slice(0, 2000)).toBe(303);
    const previewUrl = String(uploaded.headers.location);
    const preview = await analyst.get(previewUrl);
    expect(preview.body).toContain('Owned by Surgery and Anaesthetics');
    expect(preview.body).toContain(
      '“Nowhere Ward” is not a unit of this organisation: the action is trust-wide until you choose its owning unit.',
    );
    const done = await analyst.post(`${previewUrl}/confirm`, { reason: 'Care group plans merged in' });
    expect(done.statusCode, done.body.slice(0, 2000)).toBe(303);
    const owners = new Map((await t.services.plans.actions(plan)).map((a) => [a.text, a.unitId]));
    expect(owners.get('Pilot reverse mentoring for theatre nurses')).toBe(unitId('Surgery and Anaesthetics'));
    expect(owners.get('Publish the anti-racism statement on every ward')).toBeNull();
    expect(owners.get('Start a staff network in the Emergency Department')).toBe(
      unitId('Medicine and Emergency Care > Emergency Medicine > Emergency Department'),
    );
    expect(owners.get('Audit the rest rooms for accessibility')).toBeNull();

    const page = await agents.caregroup!.get(planUrl);
    expect(page.body).toContain('Start a staff network in the Emergency Department');
    expect(page.body).not.toContain('Pilot reverse mentoring for theatre nurses');
    // The import's revision names the actions it added: the care-group manager reads only theirs.
    const history = await agents.caregroup!.get(`${planUrl}/history`);
    expect(history.statusCode).toBe(200);
    expect(history.body).toContain('Start a staff network in the Emergency Department');
    expect(history.body).toContain('Publish the anti-racism statement on every ward');
    expect(history.body).not.toContain('Pilot reverse mentoring for theatre nurses');
    expect((await agents.admin!.get(`${planUrl}/history`)).body).toContain(
      'Pilot reverse mentoring for theatre nurses',
    );
  });
});
