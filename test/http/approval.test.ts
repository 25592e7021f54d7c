/**
 * Board approval and the public page, through the web on the demo installation (DHF, whose 2024/25 plan
 * is already approved, so an approval here is a re-approval of a new revision). One journey, in order:
 * an analyst records an approval (revision 1 frozen), a later edit shows as a change since approval while
 * the frozen copy's bytes stay the same, who may record and publish, the public page off (404) then on,
 * read signed out, the figures the dashboard's viewer sees, withdrawal (404 at once), and the minute
 * reference escaped wherever it appears.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { organisationsRepository } from '../../src/features/organisations/organisations.repository.js';
import { FULL_COUNT_MARKING } from '../../src/engine/index.js';
import { timescaleLabel } from '../../src/features/plans/timescale.js';
import { buildDemoApp, type Agent, type TestApp } from '../support/app.js';

const BASE = '/o/DHF/publication/2024';
const XSS = '<script>alert("minute")</script>';
const APPROVAL = {
  approver: 'Trust Board, chaired by Dr Ada Example',
  meeting: 'Trust Board',
  approvedOn: '21/05/2025',
  minuteRef: XSS,
};

/** The text of a fragment of HTML: tags dropped, visually hidden words dropped, entities read. */
const textOf = (html: string) =>
  html
    .replace(/<span class="(nhsuk-u-visually-hidden|pub-hidden)">[\s\S]*?<\/span>/g, '')
    .replace(/<[^>]+>/g, '')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();

/** The public report's "at a glance" rows: indicator name ("WRES 2") -> this year's figure. */
function glance(html: string): Map<string, string> {
  const table = /<div class="pub-table" id="at-a-glance"[\s\S]*?<\/table>/.exec(html)?.[0] ?? '';
  const rows = new Map<string, string>();
  for (const r of table.matchAll(/<tr>([\s\S]*?)<\/tr>/g)) {
    const cells = [...r[1]!.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => textOf(c[1]!));
    if (cells.length >= 3 && cells[0]!.includes(':')) rows.set(cells[0]!.split(':')[0]!, cells[2]!);
  }
  return rows;
}

/** The dashboard's tiles: indicator name -> the headline figure shown. */
function tiles(html: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of html.matchAll(/parity-tile__name">([^<]+)<[\s\S]*?parity-tile__value">([\s\S]*?)<strong/g))
    out.set(m[1]!.trim(), textOf(m[2]!));
  return out;
}

describe('board approval and the public page', () => {
  let t: TestApp;
  const agents: Record<string, Agent> = {};
  const anonymous = () => t.agent();
  let revisionHtml = '';

  beforeAll(async () => {
    t = await buildDemoApp(['admin', 'analyst', 'viewer', 'caregroup'], agents);
  }, 180_000);
  afterAll(async () => t?.close());

  it('shows every problem with what was typed, and records nothing', async () => {
    await agents.analyst!.get(`${BASE}/approval`);
    const r = await agents.analyst!.post(`${BASE}/approval`, {
      approver: 'Trust Board',
      meeting: '  ',
      approvedOn: '31/02/2025',
      minuteRef: 'TB/25/1',
    });
    expect(r.statusCode).toBe(400);
    expect(r.body).toContain('There is a problem');
    expect(r.body).toContain('Enter the meeting that approved them');
    expect(r.body).toContain('The date of the meeting must be a date');
    expect(r.body).toContain('href="#meeting"');
    expect(r.body).toContain('value="Trust Board"');
    expect(r.body).toContain('value="TB/25/1"');
    expect(await t.services.approvals.revisions(await dhf(), 2024)).toEqual([]);
    const future = await agents.analyst!.post(`${BASE}/approval`, { ...APPROVAL, approvedOn: '01/01/2027' });
    expect(future.statusCode).toBe(400);
    expect(future.body).toContain('cannot be in the future');
  });

  async function dhf() {
    return (await organisationsRepository(t.services.db).findByOds('DHF'))!;
  }

  it('refuses an approval without the form token', async () => {
    const r = await agents.analyst!.post(`${BASE}/approval`, { ...APPROVAL, _csrf: null });
    expect(r.statusCode).toBe(403);
    expect(await t.services.approvals.revisions(await dhf(), 2024)).toEqual([]);
  });

  it('lets an analyst record the approval: revision 1 is frozen and the plan is approved', async () => {
    const r = await agents.analyst!.post(`${BASE}/approval`, APPROVAL);
    expect(r.statusCode, r.body.slice(0, 500)).toBe(303);
    const org = await dhf();
    const revisions = await t.services.approvals.revisions(org, 2024);
    expect(revisions.map((x) => [x.revision, x.approvedOn, x.minuteRef, x.recordedByLabel])).toEqual([
      [1, '2025-05-21', XSS, 'analyst'],
    ]);
    expect((await t.services.plans.planForYear(org, 2024))!.status).toBe('approved');
    const frozen = (await t.services.approvals.revision(org, 2024, 1))!;
    expect(frozen.document.view).toBe('publication');
    expect(frozen.document.facts.find((f) => f.label === 'Approved')?.value).toBe(
      `Revision 1, by Trust Board, chaired by Dr Ada Example at Trust Board on 21 May 2025, minute ${XSS}`,
    );
    const page = await agents.analyst!.get(`${BASE}/approval`);
    expect(page.body).toContain('Recorded the board’s approval');
    expect(page.body).toContain('Dr Ada Example');
    const file = await agents.analyst!.get(`${BASE}/revisions/1.html`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-disposition']).toBe(
      'attachment; filename="DHF-WRES-WDES-report-2024-revision-1.html"',
    );
    expect(file.headers['cache-control']).toBe('no-store');
    revisionHtml = file.body;
    expect((await agents.analyst!.get(`${BASE}/revisions/2.html`)).statusCode).toBe(404);
    const docx = await agents.viewer!.get(`${BASE}/revisions/1.docx`);
    expect(docx.statusCode).toBe(200);
    expect(docx.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
    expect(docx.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });

  it('lists a later edit as a change since approval, and the frozen copy stays byte for byte the same', async () => {
    const org = await dhf();
    const plan = (await t.services.plans.planForYear(org, 2024))!;
    const action = (await t.services.plans.actions(plan)).find((a) => a.ref === 1)!;
    const outcome = await t.services.plans.editAction(
      { userId: null, label: 'test' },
      org,
      plan,
      action.id,
      action.version,
      {
        text: `${action.text}\nNow with a second cohort.`,
        status: action.status,
        theme: action.theme ?? '',
        aim: action.aim,
        kpiText: action.kpiText,
        timescale: timescaleLabel(action.timescale),
        outcome: action.outcome,
        sustainability: action.sustainability,
        serves: (['wres', 'wdes', 'other'] as const).filter((s) => action.serves[s]),
        indicators: action.indicators,
        leads: action.leads.map((l) => l.name).join('\n'),
        leadUserIds: [],
      },
      'The board asked for a second cohort',
    );
    expect(outcome.ok).toBe(true);
    const page = await agents.analyst!.get(`${BASE}/approval`);
    const changed = /Actions changed<\/h3>([\s\S]*?)<\/ul>/.exec(page.body)?.[1] ?? '';
    expect(textOf(changed)).toMatch(/^A1: .*\(Action text\)$/);
    const after = await agents.analyst!.get(`${BASE}/revisions/1.html`);
    expect(after.body).toBe(revisionHtml);
  });

  it('refuses recording and publishing to roles without the permission, server-side', async () => {
    for (const name of ['viewer', 'caregroup']) {
      const agent = agents[name]!;
      await agent.get('/');
      for (const url of [
        `${BASE}/approval`,
        `${BASE}/revisions/1/publish`,
        `${BASE}/unpublish`,
        `${BASE}/public-page`,
      ])
        expect((await agent.post(url, { ...APPROVAL, enabled: 'on' })).statusCode, `${name} ${url}`).toBe(
          403,
        );
    }
    const analyst = agents.analyst!;
    expect((await analyst.post(`${BASE}/public-page`, { enabled: 'on' })).statusCode).toBe(403);
    expect((await analyst.post(`${BASE}/revisions/1/publish`)).statusCode).toBe(403);
    expect((await analyst.get(`${BASE}/approval`)).body).not.toContain('Turn the public page on');
    expect(await t.services.approvals.published(await dhf())).toEqual([]);
  });

  it('keeps the public page a 404 while it is off, whatever is asked', async () => {
    const admin = agents.admin!;
    await admin.get(`${BASE}/approval`);
    expect((await admin.post(`${BASE}/revisions/1/publish`)).statusCode).toBe(303);
    const off = await anonymous().get('/public/DHF/2024');
    const unknown = await anonymous().get('/public/ZZZ/2024');
    expect(off.statusCode).toBe(404);
    expect(unknown.statusCode).toBe(404);
    expect(off.body).toBe(unknown.body);
    expect((await anonymous().get('/public/DHF')).statusCode).toBe(404);
    expect((await anonymous().get('/public/DHF/2024/report.html')).statusCode).toBe(404);
  });

  it('shows the published revision to a signed-out reader once the page is on', async () => {
    const admin = agents.admin!;
    expect((await admin.post(`${BASE}/public-page`, { enabled: 'on' })).statusCode).toBe(303);
    const visitor = anonymous();
    const r = await visitor.get('/public/DHF/2024');
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('text/html');
    expect(r.headers['cache-control']).toBe('public, max-age=300');
    expect(r.headers['set-cookie']).toBeUndefined();
    expect(r.body).toContain('Revision 1, by Trust Board');
    expect(r.body).toContain('href="/assets/publication.css"');
    // A year not published and a code not known answer exactly as the page switched off did.
    const notPublished = await anonymous().get('/public/DHF/2023');
    const unknown = await anonymous().get('/public/ZZZ/2024');
    expect(notPublished.statusCode).toBe(404);
    expect(notPublished.body).toBe(unknown.body);
    const index = await anonymous().get('/public/DHF');
    expect(index.statusCode).toBe(200);
    expect(index.body).toContain('href="/public/DHF/2024"');
    const css = await anonymous().get('/assets/publication.css');
    expect(css.headers['content-type']).toContain('text/css');
    const file = await anonymous().get('/public/DHF/2024/report.html');
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-disposition']).toContain('DHF-WRES-WDES-report-2024-revision-1.html');
    expect(file.body).toBe(revisionHtml);
  });

  it('serves only the publication view: the figures read as the dashboard shows them to a viewer', async () => {
    const r = await anonymous().get('/public/DHF/2024');
    expect(r.body).not.toContain(FULL_COUNT_MARKING);
    expect(r.body).not.toContain('Full counts (not for publication)');
    expect(r.body).toContain('Publication view: small numbers withheld, other counts rounded');
    const dashboard = await agents.viewer!.get('/o/DHF/dashboard?year=2024');
    expect(dashboard.statusCode).toBe(200);
    const shown = tiles(dashboard.body);
    const published = glance(r.body);
    const common = [...published.keys()].filter((k) => shown.has(k));
    expect(common.length).toBeGreaterThanOrEqual(5);
    for (const k of common) expect(published.get(k), k).toBe(shown.get(k));
    // The analyst's dashboard shows every count; some figure reads differently there, so the check above
    // would have caught a full-count document.
    const full = tiles((await agents.analyst!.get('/o/DHF/dashboard?year=2024')).body);
    expect(common.some((k) => full.get(k) !== published.get(k))).toBe(true);
  });

  it('withdraws the report at once', async () => {
    expect((await agents.admin!.post(`${BASE}/unpublish`)).statusCode).toBe(303);
    expect((await anonymous().get('/public/DHF/2024')).statusCode).toBe(404);
    expect((await anonymous().get('/public/DHF/2024/report.pdf')).statusCode).toBe(404);
    expect((await anonymous().get('/public/DHF')).statusCode).toBe(404);
    expect((await agents.admin!.post(`${BASE}/revisions/1/publish`)).statusCode).toBe(303);
  });

  it('escapes the minute reference on every page it appears', async () => {
    const pages = [
      await agents.analyst!.get(`${BASE}/approval`),
      await agents.analyst!.get(`${BASE}/revisions/1.html`),
      await anonymous().get('/public/DHF'),
      await anonymous().get('/public/DHF/2024'),
      await anonymous().get('/public/DHF/2024/report.html'),
      await agents.admin!.get('/o/DHF/audit'),
    ];
    for (const p of pages) {
      expect(p.statusCode).toBe(200);
      expect(p.body).not.toContain('<script>alert');
      expect(p.body).toMatch(/&lt;script&gt;alert\((&quot;|&#34;)minute/);
    }
  });
});
