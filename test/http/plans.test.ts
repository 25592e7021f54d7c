/**
 * Action plans over HTTP against the real app and database: an action written once and shown under each
 * indicator, leads posting updates, what each role may do, stale edits refused with the other change,
 * revisions after approval, measured KPIs, carry forward, escaping and the audit trail.
 */
import path from 'node:path';
import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/features/demo/demo.js';
import { organisationsRepository } from '../../src/features/organisations/organisations.repository.js';
import { usersRepository } from '../../src/features/users/users.repository.js';
import { buildTestApp, type Agent, type TestApp } from '../support/app.js';
import { visibleText } from '../support/html.js';

const examples = path.resolve(import.meta.dirname, '../../examples');

/** Posts a form whose repeated fields (checkboxes) are given as arrays. */
async function postForm(agent: Agent, url: string, form: Record<string, string | string[]>) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(form)) for (const x of Array.isArray(v) ? v : [v]) params.append(k, x);
  if (!params.has('_csrf') && agent.token) params.append('_csrf', agent.token);
  const response = await (agent as unknown as { app: TestApp['app'] }).app.inject({
    method: 'POST',
    url,
    headers: {
      cookie: [...agent.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      'content-type': 'application/x-www-form-urlencoded',
    },
    payload: params.toString(),
  });
  return response;
}

const actionForm = (overrides: Record<string, string | string[]> = {}) => ({
  text: 'Train every recruiting manager in inclusive recruitment.\n\n- refresh the course\n- check completion before a panel sits',
  status: 'new',
  theme: 'Representative workforce and recruitment',
  aim: 'Equal chances of appointment from shortlisting',
  kpiText: 'Share of panels with a trained member',
  timescale: 'Q4 2025/26',
  outcome: 'Fairer decisions at interview',
  sustainability: 'Reported to the People Group each quarter',
  serves: ['wres', 'wdes'],
  indicators: ['WRES2', 'WRES7', 'WDES5'],
  leads: 'Recruitment team',
  leadUserIds: [] as string[],
  ...overrides,
});

describe('action plans', () => {
  let t: TestApp;
  let analyst: Agent;
  let lead: Agent;
  let viewer: Agent;
  let leadUserId = '';
  let planUrl = '';
  let actionUrl = '';

  beforeAll(async () => {
    t = await buildTestApp({ demo: true });
    const trust = (await organisationsRepository(t.database.db).findByOds('DHF'))!;
    const files = readdirSync(examples).filter((f) => f.endsWith('.csv') && f !== 'recruitment-nhs-jobs.csv');
    const outcome = await t.services.datasets.importFiles(
      { userId: null, label: 'test' },
      trust,
      files.map((f) => ({ input: { path: path.join(examples, f) } })),
    );
    expect(outcome.saved).toBe(true);
    leadUserId = (await usersRepository(t.database.db).findByUsername('lead'))!.id;
    analyst = t.agent();
    await analyst.signIn('analyst', DEMO_PASSWORD);
    lead = t.agent();
    await lead.signIn('lead', DEMO_PASSWORD);
    viewer = t.agent();
    await viewer.signIn('viewer', DEMO_PASSWORD);
  });
  afterAll(async () => t?.close());

  it('lets the EDI lead create a plan for a financial year, and refuses a second for the same year', async () => {
    await analyst.get('/o/DHF/plans');
    const created = await analyst.post('/o/DHF/plans', { year: '2025', title: '' });
    expect(created.statusCode).toBe(303);
    planUrl = String(created.headers.location);
    const page = await analyst.get(planUrl);
    expect(page.body).toContain('WRES and WDES action plan 2025/26');
    expect(page.body).toContain('Draft');
    await analyst.get('/o/DHF/plans');
    const again = await analyst.post('/o/DHF/plans', { year: '2025', title: 'Again' });
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain('There is already a plan for 2025/26');
  });

  it('stores an action once and shows it under each of its three indicators, with their current figures', async () => {
    await analyst.get(`${planUrl}/actions/new`);
    const created = await postForm(analyst, `${planUrl}/actions`, actionForm({ leadUserIds: [leadUserId] }));
    expect(created.statusCode).toBe(303);
    actionUrl = String(created.headers.location);
    const byIndicator = await analyst.get(`${planUrl}?view=indicator`);
    for (const heading of [
      'WRES 2: Appointment from shortlisting',
      'WRES 7: Equal opportunities',
      'WDES 5: Equal opportunities',
    ])
      expect(byIndicator.body).toContain(heading);
    const actionsSection = byIndicator.body.slice(byIndicator.body.indexOf('<h2>Actions</h2>'));
    expect(actionsSection.match(/A1: Train every recruiting manager/g)?.length).toBe(3);
    // The EDI lead is told what to chase: the new action's timescale (the 2025/26 year) has passed.
    expect(byIndicator.body).toMatch(/<ul[^>]*id="chase-overdue"><li><a href="[^"]+">A1: Train every/);
    expect(actionsSection.match(/nhsuk-tag--red">Overdue</g)?.length).toBe(3);
    expect(actionsSection).toContain('Due 31 March 2026, passed');
    expect(byIndicator.body).toContain('Now: <strong>Relative likelihood');
    const rows = await t.database.db
      .selectFrom('plan_actions')
      .selectAll()
      .where('plan_id', '=', planUrl.split('/').pop()!)
      .execute();
    expect(rows).toHaveLength(1);
    const action = await analyst.get(actionUrl);
    expect(action.body).toContain('Q4 2025/26 (January to March 2026)');
    expect(action.body).toContain('<li>refresh the course</li>');
  });

  it('lists the action under My actions for its lead, who posts a dated update the EDI lead then sees under all three indicators', async () => {
    const mine = await lead.get('/o/DHF/plans/mine');
    expect(mine.statusCode).toBe(200);
    expect(mine.body).toContain('A1: Train every recruiting manager');
    await lead.get(actionUrl);
    // Dated within the plan's year (2025/26 ended in March): an update dated today would be asked about.
    const posted = await lead.post(`${actionUrl}/updates`, {
      rag: 'slippage',
      narrative: 'Course refreshed; two panels sat without a trained member.',
      postedOn: '16/03/2026',
    });
    expect(posted.statusCode).toBe(303);
    const plan = await analyst.get(`${planUrl}?view=indicator`);
    expect(plan.body.match(/<li>Rated Slippage likely \(amber\) on 16 March 2026<\/li>/g)?.length).toBe(3);
    const action = await analyst.get(actionUrl);
    expect(action.body).toContain('two panels sat without a trained member');
    expect(action.body).toContain('Posted by Sam Okoro (Head of Resourcing)');
  });

  it('lists every problem with an update and saves none of it', async () => {
    await lead.get(actionUrl);
    const bad = await lead.post(`${actionUrl}/updates`, {
      rag: 'purple',
      narrative: '',
      postedOn: '31/02/2024',
    });
    expect(bad.statusCode).toBe(400);
    for (const message of [
      'Choose a RAG status from the list',
      'Enter the update',
      'The date of the update must be a date',
    ])
      expect(bad.body).toContain(message);
    const actionId = actionUrl.split('/').pop()!;
    expect(
      await t.database.db
        .selectFrom('plan_action_updates')
        .selectAll()
        .where('action_id', '=', actionId)
        .execute(),
    ).toHaveLength(1);
  });

  it('refuses updates from a viewer, and from an action lead on an action they do not lead', async () => {
    await viewer.get(actionUrl);
    expect((await viewer.post(`${actionUrl}/updates`, { rag: 'on_track', narrative: 'x' })).statusCode).toBe(
      403,
    );
    expect((await viewer.get(`${actionUrl}/edit`)).statusCode).toBe(403);
    await analyst.get(`${planUrl}/actions/new`);
    const other = await postForm(
      analyst,
      `${planUrl}/actions`,
      actionForm({ text: 'An action the lead does not lead', indicators: ['WRES3'] }),
    );
    const otherUrl = String(other.headers.location);
    await lead.get(otherUrl);
    const refused = await lead.post(`${otherUrl}/updates`, { rag: 'on_track', narrative: 'Not mine' });
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('Only the leads of this action');
  });

  it('refuses a stale edit, shows the other person’s change and keeps what was typed', async () => {
    const form = await analyst.get(`${actionUrl}/edit`);
    const version = /name="version" value="(\d+)"/.exec(form.body)![1]!;
    const first = await postForm(
      analyst,
      `${actionUrl}/edit`,
      actionForm({ version, leadUserIds: [leadUserId], text: 'First editor’s wording of the action.' }),
    );
    expect(first.statusCode).toBe(303);
    const second = await postForm(
      analyst,
      `${actionUrl}/edit`,
      actionForm({
        version,
        leadUserIds: [leadUserId],
        text: 'Second editor’s wording, typed at the same time.',
      }),
    );
    expect(second.statusCode).toBe(409);
    expect(second.body).toContain('changed this action while you were editing it');
    expect(second.body).toContain('First editor’s wording of the action.');
    expect(second.body).toContain('Second editor’s wording, typed at the same time.');
    const stored = await t.database.db
      .selectFrom('plan_actions')
      .select(['text', 'version'])
      .where('id', '=', actionUrl.split('/').pop()!)
      .executeTakeFirstOrThrow();
    expect(stored.text).toBe('First editor’s wording of the action.');
    expect(Number(stored.version)).toBe(Number(version) + 1);
  });

  it('escapes stored text on every page and neutralises formulas in spreadsheet exports', async () => {
    const form = await analyst.get(`${actionUrl}/edit`);
    const version = /name="version" value="(\d+)"/.exec(form.body)![1]!;
    const saved = await postForm(
      analyst,
      `${actionUrl}/edit`,
      actionForm({
        version,
        leadUserIds: [leadUserId],
        text: '=HYPERLINK("http://evil.example","click") <script>alert(1)</script>',
        outcome: '@SUM(1+1) and <img src=x onerror=alert(2)>',
      }),
    );
    expect(saved.statusCode).toBe(303);
    for (const url of [actionUrl, `${planUrl}?view=indicator`, `${planUrl}?view=lead`, '/o/DHF/plans/mine']) {
      const page = await analyst.get(url);
      expect(page.body, url).not.toContain('<script>alert(1)</script>');
      expect(page.body, url).not.toContain('<img src=x');
    }
    const html = await analyst.get(`${planUrl}/export/html`);
    expect(html.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html.body).not.toContain('<script>alert');
    const csv = await analyst.get(`${planUrl}/export/csv`);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toContain(`"'=HYPERLINK(""http://evil.example"",""click"") <script>alert(1)</script>"`);
    expect(csv.body).toContain("'@SUM(1+1)");
    expect(csv.body).not.toMatch(/(^|,)"?=HYPERLINK/m);
  });

  it('binds a KPI to a computed figure and shows its value, trend and course', async () => {
    const page = await analyst.get(actionUrl);
    const version = /name="version" value="(\d+)"/.exec(page.body)![1]!;
    const choice = /value="(WRES2\|relativeLikelihood)"/.exec(page.body)?.[1];
    expect(choice).toBe('WRES2|relativeLikelihood');
    const added = await analyst.post(`${actionUrl}/kpis`, {
      version,
      choice: choice!,
      target: '1.25',
      direction: 'down',
      label: 'Appointment gap',
    });
    expect(added.statusCode).toBe(303);
    const after = await analyst.get(actionUrl);
    expect(after.body).toContain('Appointment gap');
    expect(after.body).toContain('at most 1.25');
    expect(after.body).toMatch(/Met|On course|Off course/);
    const bad = await analyst.post(`${actionUrl}/kpis`, {
      version,
      choice: 'WRES2|nonsense',
      target: 'lots',
      direction: '',
    });
    expect(bad.statusCode).toBe(400);
    for (const m of [
      'Choose a figure from the list',
      'Enter the target as a number',
      'Choose whether higher or lower is better',
    ])
      expect(bad.body).toContain(m);
  });

  it('shows a viewer a KPI on a headline measure as the tile does, and one on another measure not at all', async () => {
    const page = await analyst.get(actionUrl);
    const version = /name="version" value="(\d+)"/.exec(page.body)![1]!;
    // WRES 9's executive members: not the headline (the whole board is), so the engine's figure of it
    // rests on exact counts.
    const choice = /<option value="(WRES9\|executive:difference)">[^<]*, now (-?[\d.]+)</.exec(page.body);
    expect(choice, 'a measure to bind').not.toBeNull();
    const added = await analyst.post(`${actionUrl}/kpis`, {
      version,
      choice: choice![1]!,
      target: '0',
      direction: 'up',
      label: 'Executive board against the workforce',
    });
    expect(added.statusCode).toBe(303);
    const row = (html: string, label: string) => {
      const start = html.indexOf(label);
      return visibleText(html.slice(start, html.indexOf('</tr>', start)));
    };
    const full = row((await analyst.get(actionUrl)).body, 'Executive board against the workforce');
    expect(full).toContain(choice![2]!);
    const viewed = (await viewer.get(actionUrl)).body;
    const published = row(viewed, 'Executive board against the workforce');
    expect(published).not.toContain(choice![2]!);
    expect(published).toContain('(shown with full counts only)');
    // The headline KPI reads the published figure (withheld here: the example data's counts are small).
    expect(row(viewed, 'Appointment gap')).toMatch(
      /^Appointment gap \* \* at most 1\.25 .*\(small numbers\)/,
    );
  });

  it('takes the plan through endorsement and approval, then keeps every change as a revision with who and why', async () => {
    let page = await analyst.get(planUrl);
    let version = /name="to" value="endorsed">\s*<input type="hidden" name="version" value="(\d+)"/.exec(
      page.body,
    )![1]!;
    const missing = await analyst.post(`${planUrl}/status`, {
      to: 'endorsed',
      version,
      endorsedBy: '',
      endorsedOn: '',
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('Enter the group that endorsed the plan');
    expect(
      (
        await analyst.post(`${planUrl}/status`, {
          to: 'endorsed',
          version,
          endorsedBy: 'EDI Steering Group',
          endorsedOn: '12/09/2024',
        })
      ).statusCode,
    ).toBe(303);
    page = await analyst.get(planUrl);
    version = /name="to" value="approved">\s*<input type="hidden" name="version" value="(\d+)"/.exec(
      page.body,
    )![1]!;
    expect(
      (await analyst.post(`${planUrl}/status`, { to: 'approved', version, boardApprovalDate: '31/10/2024' }))
        .statusCode,
    ).toBe(303);
    page = await analyst.get(planUrl);
    expect(page.body).toContain('Approved by the board');

    const form = await analyst.get(`${actionUrl}/edit`);
    expect(form.body).toContain('Why is this change needed?');
    const v = /name="version" value="(\d+)"/.exec(form.body)![1]!;
    const noReason = await postForm(
      analyst,
      `${actionUrl}/edit`,
      actionForm({ version: v, leadUserIds: [leadUserId], reason: '' }),
    );
    expect(noReason.statusCode).toBe(400);
    expect(noReason.body).toContain('say why this change is needed');
    const withReason = await postForm(
      analyst,
      `${actionUrl}/edit`,
      actionForm({ version: v, leadUserIds: [leadUserId], reason: 'Board asked for a clearer action' }),
    );
    expect(withReason.statusCode).toBe(303);
    const history = await analyst.get(`${planUrl}/history`);
    expect(history.body).toContain('Board asked for a clearer action');
    expect(history.body).toMatch(/<td class="nhsuk-table__cell">analyst<\/td>/);
    expect(history.body).toContain('Endorsed → Approved by the board');
  });

  it('audits every change with before and after', async () => {
    const actionId = actionUrl.split('/').pop()!;
    const events = await t.database.db
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'action.update')
      .where('entity_id', '=', actionId)
      .orderBy('id')
      .execute();
    expect(events.length).toBeGreaterThanOrEqual(3);
    const last = events.at(-1)!;
    expect(JSON.parse(last.before_json!)).toHaveProperty('text');
    expect(JSON.parse(last.after_json!)).toHaveProperty(
      'text',
      'Train every recruiting manager in inclusive recruitment.\n\n- refresh the course\n- check completion before a panel sits',
    );
    const progress = await t.database.db
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'action.progress')
      .where('entity_id', '=', actionId)
      .execute();
    expect(progress).toHaveLength(1);
  });

  it('exports the plan as DOCX and XLSX files', async () => {
    const docx = await analyst.get(`${planUrl}/export/docx`);
    expect(docx.statusCode).toBe(200);
    expect(docx.headers['content-disposition']).toContain('.docx');
    expect(docx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const xlsx = await analyst.get(`${planUrl}/export/xlsx`);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    expect((await viewer.get(`${planUrl}/export/docx`)).statusCode).toBe(200);
    expect((await analyst.get(`${planUrl}/export/pdf`)).statusCode).toBe(404);
    // Full counts are for those whose role has them, and are named as such.
    expect((await viewer.get(`${planUrl}/export/docx?view=full`)).statusCode).toBe(403);
    const full = await analyst.get(`${planUrl}/export/docx?view=full`);
    expect(full.statusCode).toBe(200);
    expect(full.headers['content-disposition']).toContain('full counts.docx');
    expect(docx.headers['content-disposition']).not.toContain('full counts');
  });

  it('carries the plan forward: unfinished actions by default, each linked to its origin and its history', async () => {
    const form = await analyst.get(`${planUrl}/carry-forward`);
    expect(form.body).toContain('Create the 2026/27 plan');
    const ids = [...form.body.matchAll(/name="actions" type="checkbox" value="([^"]+)" checked/g)].map(
      (m) => m[1]!,
    );
    expect(ids).toHaveLength(2);
    const done = await postForm(analyst, `${planUrl}/carry-forward`, { actions: ids.slice(0, 1) });
    expect(done.statusCode).toBe(303);
    const nextUrl = String(done.headers.location);
    const next = await analyst.get(nextUrl);
    expect(next.body).toContain('WRES and WDES action plan 2026/27');
    expect(next.body).toContain('Carried forward from');
    const carriedUrl = /href="([^"]+\/actions\/[^"]+)"/.exec(
      next.body.slice(next.body.indexOf('<h2>Actions</h2>')),
    )![1]!;
    const carried = await analyst.get(carriedUrl);
    expect(carried.body).toContain('Carried forward from');
    expect(carried.body).toContain('two panels sat without a trained member');
    expect(carried.body).toContain('in the 2025/26 plan');
    const again = await analyst.post(`${planUrl}/carry-forward`, {});
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain('There is already a plan for 2026/27');
  });

  it('shows a care-group manager the plan with their care group’s figures, and nothing to change', async () => {
    const manager = t.agent();
    await manager.signIn('caregroup', DEMO_PASSWORD);
    const page = await manager.get(`${planUrl}?view=indicator`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('for Medicine and Emergency Care only');
    expect(page.body).not.toContain('Add an action');
    expect(page.body).not.toContain('To chase');
    expect((await manager.post('/o/DHF/plans', { year: '2027' })).statusCode).toBe(403);
    expect((await manager.get('/o/DHF/plans/mine')).statusCode).toBe(403);
  });

  it('keeps the organisation’s RAG labels and uses them everywhere', async () => {
    await analyst.get('/o/DHF/plans/settings');
    const bad = await analyst.post('/o/DHF/plans/settings', {
      'rag-on_track': 'Green',
      'rag-slippage': 'green',
      'rag-critical': '',
      'rag-complete': 'Done',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Each RAG status needs a different label');
    expect(bad.body).toContain('Enter the label for “Critical”');
    const ok = await analyst.post('/o/DHF/plans/settings', {
      'rag-on_track': 'Green',
      'rag-slippage': 'Amber',
      'rag-critical': 'Red',
      'rag-complete': 'Done',
    });
    expect(ok.statusCode).toBe(303);
    const plan = await analyst.get(`${planUrl}?view=rag`);
    expect(plan.body).toContain('Amber');
  });
});
