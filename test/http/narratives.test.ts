/**
 * The analyst's narrative on the dashboard's indicator page, through HTTP on the demo installation: an
 * analyst writes it and everyone who sees the page reads it (escaped, paragraphs kept); only those who
 * manage the metrics for the whole organisation may post it (a viewer and any care-group role are
 * refused); the form token is required; a bad or stale entry is shown again with the typed text kept; and
 * WDES 9b's answer reaches the tile, the indicator page, `parity compute` and the national return at once.
 */
import ExcelJS from 'exceljs';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { EXIT } from '../../src/cli/exit-codes.js';
import { run } from '../../src/cli/main.js';
import { DEMO_PASSWORD } from '../../src/features/demo/demo.js';
import { organisationsRepository } from '../../src/features/organisations/organisations.repository.js';
import {
  buildDemoApp,
  TEST_PSEUDONYMISATION_KEY,
  TEST_SECRET,
  type Agent,
  type TestApp,
} from '../support/app.js';

const PAGE = '/o/DHF/dashboard/indicators/WRES2?year=2024';
const POST = '/o/DHF/dashboard/indicators/WRES2/narrative?year=2024';

/** The hidden version field of the narrative form. */
const versionOn = (html: string): string => {
  const m = /name="version" value="(\d+)"/.exec(html);
  if (!m) throw new Error('no narrative form on the page');
  return m[1]!;
};

/** The narrative section of an indicator page (from its heading to the end), white space squeezed. */
const section = (html: string): string => {
  const start = html.indexOf('id="narrative"');
  if (start < 0) throw new Error('no narrative section on the page');
  return html.slice(start, html.indexOf('</main>', start)).replace(/\s+/g, ' ');
};

/** The figure a tile shows, as text. */
const tileValue = (html: string, id: string): string => {
  const tile = html.slice(html.indexOf(`id="tile-${id}"`));
  const m = /<p class="parity-tile__value">([\s\S]*?)<strong/.exec(tile);
  if (!m) throw new Error(`no tile ${id}`);
  return m[1]!.replace(/<[^>]+>/g, '').trim();
};

describe('indicator narratives', () => {
  let t: TestApp;
  const agents: Record<string, Agent> = {};

  beforeAll(async () => {
    t = await buildDemoApp(['analyst', 'viewer', 'caregroup', 'admin'], agents);
    // An analyst whose role is limited to one care group: holds metrics.manage, but not organisation-wide.
    const dhf = (await organisationsRepository(t.database.db).findByOds('DHF'))!;
    const actor = { userId: null, label: 'test' };
    const user = await t.services.users.createUser(actor, {
      username: 'unit-analyst',
      displayName: 'Unit analyst',
      password: DEMO_PASSWORD,
    });
    await t.services.users.grantRole(actor, {
      userId: user.id,
      organisationId: dhf.id,
      unitPath: 'Medicine and Emergency Care',
      role: 'analyst',
    });
    agents['unit-analyst'] = t.agent();
    await agents['unit-analyst'].signIn('unit-analyst', DEMO_PASSWORD);
  }, 180_000);
  afterAll(async () => t?.close());

  it('lets an analyst write the narrative on the page, and shows it with its paragraphs', async () => {
    const analyst = agents.analyst!;
    const page = await analyst.get(PAGE);
    expect(page.statusCode).toBe(200);
    const form = section(page.body);
    expect(form).toContain('No narrative has been written for WRES 2 in 2024.');
    expect(form).toContain(
      '<label class="nhsuk-label nhsuk-label--s" for="text"> Narrative for WRES 2, 2024 </label>',
    );
    expect(form).toContain('Shown in the annual report under this indicator');
    expect(form).toContain(`<form method="post" action="${POST}" novalidate>`);
    expect(form).toContain('aria-describedby="text-hint"');
    expect(form).toMatch(/name="_csrf" value="[^"]+"/);
    expect(versionOn(form)).toBe('0');
    // Not WDES 9b: no Yes/No question.
    expect(form).not.toContain('name="answer"');

    const saved = await analyst.post(POST, {
      text: 'White applicants are more likely to be appointed.\r\nShortlisting is the gap.\r\n\r\nWe are changing our panels.',
      version: '0',
    });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe('/o/DHF/dashboard/indicators/WRES2?year=2024#narrative');
    const after = await analyst.get(PAGE);
    expect(after.body).toContain('Narrative saved');
    const shown = section(after.body);
    expect(shown).toContain(
      '<p>White applicants are more likely to be appointed.<br>Shortlisting is the gap.</p><p>We are changing our panels.</p>',
    );
    expect(shown).toContain('Last changed by analyst');
    expect(versionOn(shown)).toBe('1');
    // Another year has its own narrative.
    expect(section((await analyst.get('/o/DHF/dashboard/indicators/WRES2?year=2023')).body)).toContain(
      'No narrative has been written for WRES 2 in 2023.',
    );
  });

  it('shows a viewer the narrative without a form, and refuses their post', async () => {
    const viewer = agents.viewer!;
    const page = await viewer.get(PAGE);
    expect(page.statusCode).toBe(200);
    const shown = section(page.body);
    expect(shown).toContain('We are changing our panels.');
    expect(shown).not.toContain('<form');
    const refused = await viewer.post(POST, { text: 'A viewer’s words', version: '1' });
    expect(refused.statusCode).toBe(403);
    expect((await t.services.narratives.list(await dhf(), 2024))[0]?.text).not.toContain('viewer');
  });

  it('refuses every care-group role, however senior, and shows them no form', async () => {
    for (const name of ['caregroup', 'unit-analyst']) {
      const agent = agents[name]!;
      const page = await agent.get(PAGE);
      expect(page.statusCode, name).toBe(200);
      expect(section(page.body), name).toContain('We are changing our panels.');
      expect(section(page.body), name).not.toContain('<form');
      const refused = await agent.post(POST, { text: `Written by ${name}`, version: '1' });
      expect(refused.statusCode, name).toBe(403);
      expect(refused.body, name).toContain('You do not have access to this page');
    }
    expect((await t.services.narratives.get(await dhf(), 2024, 'WRES2'))?.version).toBe(1);
  });

  it('refuses a post without the form token', async () => {
    const refused = await agents.analyst!.post(POST, { text: 'No token', version: '1', _csrf: null });
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('This form has expired');
    expect((await t.services.narratives.get(await dhf(), 2024, 'WRES2'))?.text).not.toContain('No token');
  });

  it('escapes markup in a narrative on the page', async () => {
    const analyst = agents.analyst!;
    const payload = '<script>alert("x")</script><img src=x onerror=alert(1)> & "quoted"';
    const version = versionOn(section((await analyst.get(PAGE)).body));
    expect((await analyst.post(POST, { text: payload, version })).statusCode).toBe(303);
    for (const who of ['analyst', 'viewer']) {
      const html = (await agents[who]!.get(PAGE)).body;
      expect(html, who).not.toContain('<script>alert');
      expect(html, who).not.toContain('<img src=x');
      expect(section(html), who).toContain(
        '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt; &amp; &quot;quoted&quot;',
      );
    }
  });

  it('shows the form again with the typed text and every problem, and saves nothing', async () => {
    const analyst = agents.analyst!;
    const before = await t.services.narratives.get(await dhf(), 2024, 'WRES2');
    const typed = `KEEP-ME ${'x'.repeat(10_000)}`;
    const bad = await analyst.post(POST, { text: typed, answer: 'yes', version: String(before!.version) });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('nhsuk-error-summary');
    expect(bad.body).toContain('href="#text"');
    expect(bad.body).toContain('The narrative must be 10,000 characters or fewer (it has 10,008)');
    expect(bad.body).toContain('Only WDES 9b has a Yes or No answer');
    expect(bad.body).toMatch(/<textarea[^>]*id="text"[^>]*>KEEP-ME x/);
    expect(bad.body).toContain('<title>Error: ');
    expect(await t.services.narratives.get(await dhf(), 2024, 'WRES2')).toEqual(before);

    // A year without data, and an indicator without a narrative (a pay gap), are refused too.
    const noYear = await analyst.post('/o/DHF/dashboard/indicators/WRES2/narrative?year=2019', {
      text: 'x',
      version: '0',
    });
    expect(noYear.statusCode).toBe(400);
    expect(noYear.body).toContain('There is no data for the year &quot;2019&quot;');
    const payGap = await analyst.post('/o/DHF/dashboard/indicators/GPG_MEAN/narrative?year=2024', {
      text: 'x',
      version: '0',
    });
    expect(payGap.statusCode).toBe(400);
    expect(payGap.body).toContain('GPG_MEAN is not a WRES or WDES indicator');
  });

  it('refuses a save over someone else’s newer one, showing theirs and keeping the typed text', async () => {
    const analyst = agents.analyst!;
    const admin = agents.admin!;
    const opened = versionOn(section((await analyst.get(PAGE)).body));
    await admin.get(PAGE);
    expect((await admin.post(POST, { text: 'The admin’s newer words', version: opened })).statusCode).toBe(
      303,
    );
    const stale = await analyst.post(POST, { text: 'The analyst’s late words', version: opened });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('Somebody else changed this narrative since you opened it');
    expect(stale.body).toContain('The admin’s newer words');
    expect(stale.body).toMatch(/<textarea[^>]*>The analyst’s late words<\/textarea>/);
    // The form now carries the admin's version: saving again replaces it, deliberately.
    const again = versionOn(stale.body);
    expect(Number(again)).toBe(Number(opened) + 1);
    expect((await t.services.narratives.get(await dhf(), 2024, 'WRES2'))?.text).toBe(
      'The admin’s newer words',
    );
    expect((await analyst.post(POST, { text: 'The analyst’s late words', version: again })).statusCode).toBe(
      303,
    );
    expect((await t.services.narratives.get(await dhf(), 2024, 'WRES2'))?.text).toBe(
      'The analyst’s late words',
    );
  });

  describe('WDES 9b', () => {
    const saved = { ...process.env };
    afterEach(() => {
      vi.restoreAllMocks();
      process.env = { ...saved };
    });

    /** `parity compute --format json` against the app's own database, as a person would run it. */
    async function compute(): Promise<{ indicators: { id: string; recorded: unknown }[] }> {
      const out: string[] = [];
      Object.assign(process.env, {
        PARITY_ENV: 'test',
        DATABASE_URL: t.database.url,
        PARITY_SESSION_SECRET: TEST_SECRET,
        PARITY_PSEUDONYMISATION_KEY: TEST_PSEUDONYMISATION_KEY,
      });
      vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
      const code = await run(
        ['compute', '--org', 'DHF', '--year', '2024', '--indicator', 'WDES9b', '--format', 'json'],
        () => undefined,
      );
      vi.restoreAllMocks();
      expect(code).toBe(EXIT.OK);
      return JSON.parse(out.join('\n')) as { indicators: { id: string; recorded: unknown }[] };
    }

    /** WDES 9b's answer and example as the national return downloaded from the publication page has them. */
    async function returned(): Promise<{ answer: unknown; example: unknown; quality: string }> {
      const r = await agents.analyst!.get('/o/DHF/publication/2024/return');
      expect(r.statusCode).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
      const wdes = wb.getWorksheet('WDES')!;
      const quality: string[] = [];
      wb.getWorksheet('Data quality')!.eachRow((row) => {
        const cells: string[] = [];
        row.eachCell((cell) => cells.push(cell.text));
        quality.push(cells.join(' | '));
      });
      // The "WDES 9b" table of the 2024 layout: its answer and example cells.
      expect(wdes.getCell('A49').value).toBe('WDES 9b: facilitating the voices of Disabled staff');
      return {
        answer: wdes.getCell('B51').value,
        example: wdes.getCell('B52').value,
        quality: quality.join('\n'),
      };
    }

    it('records the answer with its example: the tile, the page, parity compute and the return show it at once', async () => {
      const analyst = agents.analyst!;
      const viewer = agents.viewer!;
      const before = await returned();
      expect(before.answer).toBe('Not computed by Parity: enter by hand');
      expect(before.quality).toContain('No answer is recorded in Parity yet: enter it by hand');
      // Not recorded yet, everywhere (the pages are cached from here on).
      expect(tileValue((await viewer.get('/o/DHF/dashboard?year=2024')).body, 'WDES9b')).toBe('Not recorded');
      expect(tileValue((await analyst.get('/o/DHF/dashboard?year=2024')).body, 'WDES9b')).toBe(
        'Not recorded',
      );
      expect((await compute()).indicators).toEqual([
        expect.objectContaining({ id: 'WDES9b', recorded: { answer: null, narrative: null } }),
      ]);

      const page = await analyst.get('/o/DHF/dashboard/indicators/WDES9b?year=2024');
      expect(page.statusCode).toBe(200);
      const form = section(page.body);
      expect(form).toMatch(
        /<legend[^>]*>\s*Has the trust taken action to facilitate the voices of Disabled staff to be heard\?\s*<\/legend>/,
      );
      expect(form).toContain('name="answer" type="radio" value="yes"');
      expect(form).toContain('name="answer" type="radio" value="no"');
      const example = 'Our Disability and Long Term Conditions network co-chairs the EDI steering group.';
      const posted = await analyst.post('/o/DHF/dashboard/indicators/WDES9b/narrative?year=2024', {
        answer: 'yes',
        text: example,
        version: versionOn(form),
      });
      expect(posted.statusCode).toBe(303);

      for (const agent of [viewer, analyst])
        expect(tileValue((await agent.get('/o/DHF/dashboard?year=2024')).body, 'WDES9b')).toBe('Yes');
      const shown = section((await viewer.get('/o/DHF/dashboard/indicators/WDES9b?year=2024')).body);
      expect(shown).toContain('<strong>Yes</strong>');
      expect(shown).toContain(example);
      // The year before is its own: still not recorded.
      expect(tileValue((await viewer.get('/o/DHF/dashboard?year=2023')).body, 'WDES9b')).toBe('Not recorded');
      expect((await compute()).indicators).toEqual([
        expect.objectContaining({ id: 'WDES9b', recorded: { answer: 'yes', narrative: example } }),
      ]);
      const after = await returned();
      expect(after).toMatchObject({ answer: 'Yes', example });
      expect(after.quality).not.toContain('No answer is recorded in Parity yet');
      // A care group's view reports the trust's answer too.
      expect(tileValue((await agents.caregroup!.get('/o/DHF/dashboard?year=2024')).body, 'WDES9b')).toBe(
        'Yes',
      );
    }, 240_000); // the first views of the year build its disclosure ledger, and the return is built twice

    it('asks for Yes or No, nothing else', async () => {
      const analyst = agents.analyst!;
      const form = section((await analyst.get('/o/DHF/dashboard/indicators/WDES9b?year=2024')).body);
      const bad = await analyst.post('/o/DHF/dashboard/indicators/WDES9b/narrative?year=2024', {
        answer: 'maybe',
        text: 'Kept as typed',
        version: versionOn(form),
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.body).toContain('href="#answer"');
      expect(bad.body).toContain('Choose Yes or No');
      expect(bad.body).toMatch(/<textarea[^>]*>Kept as typed<\/textarea>/);
      expect((await t.services.narratives.get(await dhf(), 2024, 'WDES9b'))?.answer).toBe('yes');
    });
  });

  const dhf = async () => (await organisationsRepository(t.database.db).findByOds('DHF'))!;
});
