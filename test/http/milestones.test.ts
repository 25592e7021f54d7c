/**
 * An action's status and milestones over HTTP against the real app and database: one status with its
 * reasons on the plan, the action and every download; milestones added, changed and removed through their
 * forms (who may do what, each refusal made on the server, every form's token checked, bad input named by
 * field and saving nothing, a stale change shown beside what was typed), their state in the quarterly pack;
 * an update dated outside the plan's year asked about and saved only once confirmed, with nothing typed
 * lost; and the warning that a plan is missing, by the installation's setting, for those who create plans.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureSystemDeps, PDFTOTEXT_PATH } from '../../scripts/system-deps.mjs';
import { DEMO_PASSWORD } from '../../src/features/demo/demo.js';
import type { Organisation } from '../../src/features/organisations/organisation.js';
import { organisationsRepository } from '../../src/features/organisations/organisations.repository.js';
import { usersRepository } from '../../src/features/users/users.repository.js';
import { buildTestApp, type Agent, type TestApp } from '../support/app.js';
import { wordText, workbookRows } from '../support/documents.js';

const examples = path.resolve(import.meta.dirname, '../../examples');
const actor = { userId: null, label: 'test' };

const actionInput = (text: string, leadUserIds: string[]) => ({
  text,
  status: 'new',
  theme: '',
  aim: '',
  kpiText: '',
  timescale: 'Q4 2025/26',
  outcome: '',
  sustainability: '',
  serves: ['wres'],
  indicators: ['WRES2'],
  leads: '',
  leadUserIds,
});

/** The ids of the milestones an action page links to, in the page's order. */
const milestoneLinks = (html: string) =>
  [...html.matchAll(/href="([^"]+\/milestones\/[0-9a-f-]{36})"/g)].map((m) => m[1]!);

describe('action status and milestones', () => {
  let t: TestApp;
  let org: Organisation;
  const agents: Record<string, Agent> = {};
  let planUrl = '';
  let actionUrl = '';
  let otherUrl = '';

  const milestonesOf = async (actionId: string) =>
    t.database.db
      .selectFrom('plan_action_milestones')
      .selectAll()
      .where('action_id', '=', actionId)
      .orderBy('due_on')
      .execute();
  const idOf = (url: string) => url.split('/').pop()!;

  beforeAll(async () => {
    t = await buildTestApp({ demo: true });
    org = (await organisationsRepository(t.database.db).findByOds('DHF'))!;
    // A staff-in-post snapshot at 31 March 2025, so the 2025 pack (with the 2025/26 plan) can be made.
    const workforce = readFileSync(path.join(examples, 'workforce.csv'), 'utf8').replace(
      'Effective Date: 31/03/2024',
      'Effective Date: 31/03/2025',
    );
    const loaded = await t.services.datasets.importFiles(actor, org, [
      { input: { buffer: Buffer.from(workforce), fileName: 'workforce-2025.csv' } },
    ]);
    expect(loaded.saved).toBe(true);
    const leadId = (await usersRepository(t.database.db).findByUsername('lead'))!.id;
    const plan = await t.services.plans.createPlan(actor, org, { year: '2025', title: '' });
    const action = await t.services.plans.createAction(
      actor,
      org,
      plan,
      actionInput('Coach band 6 and 7 staff who ask for a career conversation.', [leadId]),
    );
    const notLed = await t.services.plans.createAction(
      actor,
      org,
      plan,
      actionInput('An action someone else leads.', []),
    );
    planUrl = `/o/DHF/plans/${plan.id}`;
    actionUrl = `${planUrl}/actions/${action.id}`;
    otherUrl = `${planUrl}/actions/${notLed.id}`;
    for (const name of ['analyst', 'lead', 'viewer', 'caregroup']) {
      agents[name] = t.agent();
      await agents[name].signIn(name, DEMO_PASSWORD);
    }
  });
  afterAll(async () => t?.close());

  it('lets the EDI lead add milestones, and names every problem with one by its field, saving nothing', async () => {
    const { analyst } = agents;
    const page = await analyst!.get(actionUrl);
    expect(page.body).toContain('This action has no milestones.');
    expect(page.body).toContain('Add milestone');
    const bad = await analyst!.post(`${actionUrl}/milestones`, {
      milestoneTitle: '',
      milestoneDueOn: '31/02/2025',
      milestoneState: 'finished',
      milestoneNote: 'Kept as typed <b>here</b>',
    });
    expect(bad.statusCode).toBe(400);
    for (const [field, message] of [
      ['milestoneTitle', 'Enter the milestone’s title'],
      ['milestoneDueOn', 'The milestone’s date must be a date, like 31/03/2025'],
      ['milestoneState', 'Choose whether the milestone is not started, in progress, done or missed'],
    ]) {
      expect(bad.body).toContain(`href="#${field}"`);
      expect(bad.body).toContain(message);
    }
    expect(bad.body).toContain('Kept as typed &lt;b&gt;here&lt;/b&gt;');
    expect(await milestonesOf(idOf(actionUrl))).toEqual([]);

    for (const [title, dueOn, state] of [
      ['Coaches trained', '31/08/2025', 'done'],
      ['Q3 review <script>alert(1)</script>', '31/12/2025', 'in_progress'],
      ['Q4 evaluation', '31/03/2026', 'not_started'],
    ] as const) {
      const added = await analyst!.post(`${actionUrl}/milestones`, {
        milestoneTitle: title,
        milestoneDueOn: dueOn,
        milestoneState: state,
        milestoneNote: '',
      });
      expect(added.statusCode).toBe(303);
      expect(added.headers.location).toBe(`${actionUrl}#milestones`);
    }
    const after = await analyst!.get(actionUrl);
    expect(after.body).not.toContain('<script>alert(1)</script>');
    expect(after.body).toContain('Q3 review &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(after.body).toContain('1 of 3 milestones done');
    // 15 June 2026: the Q3 review's date has passed and it is not done, so the action is overdue, and says so.
    expect(after.body).toContain(
      'Milestone “Q3 review &lt;script&gt;alert(1)&lt;/script&gt;” was due 31 December 2025 and is not done',
    );
    const events = await t.database.db
      .selectFrom('audit_events')
      .select('summary')
      .where('action', '=', 'action.milestone')
      .where('entity_id', '=', idOf(actionUrl))
      .execute();
    expect(events).toHaveLength(3);
  });

  it('shows each action once on the plan, with one status, its reasons and its milestones in a line', async () => {
    const page = await agents.viewer!.get(planUrl);
    expect(page.statusCode).toBe(200);
    const actions = page.body.slice(page.body.indexOf('<h2>Actions</h2>'));
    expect(actions).toContain(
      'Milestones: 1 of 3 milestones done; next: Q3 review &lt;script&gt;alert(1)&lt;/script&gt;, 31 December 2025',
    );
    // One headline per action card, and never the three old tags side by side.
    expect(actions.match(/class="parity-action__meta"><strong class="nhsuk-tag/g)?.length).toBe(2);
    expect(page.body).not.toContain('No update this quarter');
    expect(actions).toContain('Due 31 March 2026, passed');
    // The viewer is not shown what to chase, nor the forms.
    expect(page.body).not.toContain('To chase');
    const action = await agents.viewer!.get(actionUrl);
    expect(action.body).not.toContain('Add milestone');
    expect(milestoneLinks(action.body)).toEqual([]);
  });

  it('lets the action’s lead record a milestone’s progress, but not replan it, and refuses the rest', async () => {
    const { lead, viewer, analyst } = agents;
    const page = await lead!.get(actionUrl);
    const links = milestoneLinks(page.body);
    expect(links).toHaveLength(3);
    const review = links[1]!;
    const form = await lead!.get(review);
    expect(form.statusCode).toBe(200);
    // A lead's form has no title or date to change.
    expect(form.body).not.toContain('name="milestoneTitle"');
    expect(form.body).toContain('name="milestoneState"');
    const version = /name="version" value="(\d+)"/.exec(form.body)![1]!;
    const saved = await lead!.post(review, {
      version,
      milestoneState: 'done',
      milestoneNote: 'Held at the December People Group.\n\n- 12 staff coached',
    });
    expect(saved.statusCode).toBe(303);
    const stored = (await milestonesOf(idOf(actionUrl)))[1]!;
    expect([stored.state, stored.note, stored.title, stored.due_on]).toEqual([
      'done',
      'Held at the December People Group.\n\n- 12 staff coached',
      'Q3 review <script>alert(1)</script>',
      '2025-12-31',
    ]);
    // Replanning is refused on the server, whatever the form sent.
    const replan = await lead!.post(review, {
      version: String(stored.version),
      milestoneTitle: 'Renamed by the lead',
      milestoneState: 'done',
      milestoneNote: '',
    });
    expect(replan.statusCode).toBe(403);
    expect(
      (await lead!.post(`${actionUrl}/milestones`, { milestoneTitle: 'x', milestoneDueOn: '01/01/2026' }))
        .statusCode,
    ).toBe(403);
    expect((await lead!.post(`${review}/delete`, { version: String(stored.version) })).statusCode).toBe(403);
    // The viewer may not open the form; the lead may not open another action's milestones.
    expect((await viewer!.get(review)).statusCode).toBe(403);
    expect(
      (await viewer!.post(review, { version: '2', milestoneState: 'missed', milestoneNote: '' })).statusCode,
    ).toBe(403);
    await analyst!.post(`${otherUrl}/milestones`, {
      milestoneTitle: 'Someone else’s step',
      milestoneDueOn: '30/09/2025',
      milestoneState: 'not_started',
      milestoneNote: '',
    });
    const theirs = milestoneLinks((await analyst!.get(otherUrl)).body)[0]!;
    expect((await lead!.get(theirs)).statusCode).toBe(403);
    const refused = await lead!.post(theirs, {
      version: '1',
      milestoneState: 'done',
      milestoneNote: 'Not mine',
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('Only the leads of this action');
    expect((await milestonesOf(idOf(otherUrl)))[0]!.state).toBe('not_started');
    // A milestone of one action is not found under another.
    expect((await analyst!.get(theirs.replace(idOf(otherUrl), idOf(actionUrl)))).statusCode).toBe(404);
    // The care group's manager (a viewer of one care group) is refused too.
    expect((await agents.caregroup!.get(review)).statusCode).toBe(403);
  });

  it('refuses every milestone form without its token, and changes nothing', async () => {
    const { analyst } = agents;
    const before = JSON.stringify(await milestonesOf(idOf(actionUrl)));
    const review = milestoneLinks((await analyst!.get(actionUrl)).body)[1]!;
    for (const [url, form] of [
      [
        `${actionUrl}/milestones`,
        { milestoneTitle: 'Forged', milestoneDueOn: '01/01/2026', milestoneState: 'done' },
      ],
      [
        review,
        { version: '2', milestoneTitle: 'Forged', milestoneDueOn: '01/01/2026', milestoneState: 'missed' },
      ],
      [`${review}/delete`, { version: '2' }],
    ] as const)
      for (const token of [null, 'forged-token']) {
        const response = await analyst!.post(url, { ...form, _csrf: token });
        expect(response.statusCode, `${url} with ${String(token)}`).toBe(403);
        expect(response.body).toContain('This form has expired');
      }
    expect(JSON.stringify(await milestonesOf(idOf(actionUrl)))).toBe(before);
  });

  it('shows a stale change the other person’s version beside what was typed, and saves neither', async () => {
    const { analyst, lead } = agents;
    const review = milestoneLinks((await analyst!.get(actionUrl)).body)[1]!;
    const opened = await analyst!.get(review);
    const version = /name="version" value="(\d+)"/.exec(opened.body)![1]!;
    expect(
      (
        await lead!.post(review, {
          version,
          milestoneState: 'done',
          milestoneNote: 'The lead’s word, first.',
        })
      ).statusCode,
    ).toBe(303);
    const stale = await analyst!.post(review, {
      version,
      milestoneTitle: 'Q3 review',
      milestoneDueOn: '31/12/2025',
      milestoneState: 'missed',
      milestoneNote: 'The EDI lead’s word, typed at the same time.',
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('lead changed this milestone while you were editing it');
    expect(stale.body).toContain('The lead’s word, first.');
    expect(stale.body).toContain('The EDI lead’s word, typed at the same time.');
    const stored = (await milestonesOf(idOf(actionUrl)))[1]!;
    expect([stored.note, stored.state]).toEqual(['The lead’s word, first.', 'done']);
    // Saved again from the form it was shown, it replaces the other change deliberately.
    const current = /name="version" value="(\d+)"/.exec(stale.body)![1]!;
    expect(Number(current)).toBe(stored.version);
  });

  it('lets the EDI lead replan and remove a milestone', async () => {
    const { analyst } = agents;
    const links = milestoneLinks((await analyst!.get(actionUrl)).body);
    const evaluation = links[2]!;
    const form = await analyst!.get(evaluation);
    expect(form.body).toContain('name="milestoneTitle"');
    const version = /name="version" value="(\d+)"/.exec(form.body)![1]!;
    const bad = await analyst!.post(evaluation, {
      version,
      milestoneTitle: 'Q4 evaluation',
      milestoneDueOn: 'soon',
      milestoneState: 'not_started',
      milestoneNote: '',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('The milestone’s date must be a date, like 31/03/2025');
    const moved = await analyst!.post(evaluation, {
      version,
      milestoneTitle: 'Q4 evaluation of promotions',
      milestoneDueOn: '30/04/2026',
      milestoneState: 'not_started',
      milestoneNote: '',
    });
    expect(moved.statusCode).toBe(303);
    const first = links[0]!;
    const removed = await analyst!.post(`${first}/delete`, { version: '1' });
    expect(removed.statusCode).toBe(303);
    const rows = await milestonesOf(idOf(actionUrl));
    expect(rows.map((m) => [m.title, m.due_on])).toEqual([
      ['Q3 review <script>alert(1)</script>', '2025-12-31'],
      ['Q4 evaluation of promotions', '2026-04-30'],
    ]);
  });

  it('asks about an update dated outside the plan’s year, keeps what was typed, and posts it once confirmed', async () => {
    const { lead } = agents;
    await lead!.get(actionUrl);
    const narrative = 'Coaching continues: "waiting list" of 12 & falling.\n\nSee <the> notes.';
    const asked = await lead!.post(`${actionUrl}/updates`, { rag: 'slippage', narrative, postedOn: '' });
    expect(asked.statusCode).toBe(200);
    expect(asked.body).toContain(
      'This update is dated 15 June 2026, after the plan’s year 2025/26 ended. Post it to this plan anyway?',
    );
    expect(asked.body).toContain('Yes, post it to this plan');
    expect(asked.body).toContain('name="confirmOutsideYear" value="yes"');
    // What was typed is in the answer's form, escaped, and still in the update form.
    expect(asked.body).toContain(
      'name="narrative" value="Coaching continues: &quot;waiting list&quot; of 12 &amp; falling.\n\nSee &lt;the&gt; notes."',
    );
    expect(asked.body).toContain('See &lt;the&gt; notes.</textarea>');
    const updates = () =>
      t.database.db
        .selectFrom('plan_action_updates')
        .selectAll()
        .where('action_id', '=', idOf(actionUrl))
        .execute();
    expect(await updates()).toEqual([]);
    const confirmed = await lead!.post(`${actionUrl}/updates`, {
      rag: 'slippage',
      narrative,
      postedOn: '',
      confirmOutsideYear: 'yes',
    });
    expect(confirmed.statusCode).toBe(303);
    const saved = await updates();
    expect(saved.map((u) => [u.posted_on, u.rag, u.narrative])).toEqual([
      ['2026-06-15', 'slippage', narrative],
    ]);
    // Within the year, nothing is asked.
    const inYear = await lead!.post(`${actionUrl}/updates`, {
      rag: 'on_track',
      narrative: 'March news.',
      postedOn: '20/03/2026',
    });
    expect(inYear.statusCode).toBe(303);
  });

  it('carries the status, its reasons and the milestones into every download', async () => {
    const { analyst } = agents;
    const csv = (await analyst!.get(`${planUrl}/export/csv`)).body;
    const header = csv.replace(/^\ufeff/, '').split('\r\n')[0]!;
    expect(header).toContain('RAG,Where it stands,Reasons,Milestones,Latest update');
    expect(csv).toContain('Overdue');
    expect(csv).toContain('Due 31 March 2026, passed');
    expect(csv).toContain('Q4 evaluation of promotions, 30 April 2026: Not started');

    const sheets = await workbookRows((await analyst!.get(`${planUrl}/export/xlsx`)).rawPayload);
    expect(sheets.get('Milestones')).toEqual([
      ['Ref', 'Date', 'Milestone', 'State', 'Latest word'],
      ['A1', '2025-12-31', 'Q3 review <script>alert(1)</script>', 'Done', 'The lead’s word, first.'],
      ['A1', '2026-04-30', 'Q4 evaluation of promotions', 'Not started', ''],
      ['A2', '2025-09-30', 'Someone else’s step', 'Not started', ''],
    ]);

    const words = (await wordText((await analyst!.get(`${planUrl}/export/docx`)).rawPayload)).paragraphs;
    expect(words).toContain('Overdue');
    expect(words).toContain('Q3 review <script>alert(1)</script>, 31 December 2025: Done');

    const html = (await analyst!.get(`${planUrl}/export/html`)).body;
    expect(html).toContain('<span class="state state-overdue">Overdue</span>');
    expect(html).toContain('<li>Q4 evaluation of promotions, 30 April 2026: Not started</li>');
    expect(html).not.toContain('<script>alert');
  });

  it('shows a milestone’s state and the action’s status in the quarterly pack', async () => {
    const pack = await agents.analyst!.get('/o/DHF/publication/2025/pack/Q3/html');
    expect(pack.statusCode).toBe(200);
    const text = pack.body.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    expect(text).toContain('Milestones (2)');
    // Due in Q3 (October to December 2025), and done; and an earlier one still not started.
    expect(text).toMatch(/A1 Q3 review &lt;script&gt;alert\(1\)&lt;\/script&gt; 31 December 2025 Done/);
    expect(text).toMatch(/A2 Someone else’s step 30 September 2025 Not started/);
    expect(text).toContain('Milestone: Q4 evaluation of promotions, 30 April 2026: Not started');
    expect(text).toContain('Overdue: Due 31 March 2026, passed');
    expect(pack.body).not.toContain('<script>alert');
    // The PDF says the same, read back by poppler; a status cell is its words alone (no RAG letter).
    ensureSystemDeps({ log: () => undefined });
    const dir = mkdtempSync(path.join(tmpdir(), 'parity-milestones-'));
    try {
      const pdf = path.join(dir, 'pack.pdf');
      writeFileSync(pdf, (await agents.analyst!.get('/o/DHF/publication/2025/pack/Q3/pdf')).rawPayload);
      const words = execFileSync(PDFTOTEXT_PATH, [pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
      expect(words).toContain('Milestones (2)');
      expect(words).toContain('Milestone: Q4 evaluation of promotions, 30 April 2026: Not started');
      expect(words).toMatch(/Overdue: Due 31 March 2026, passed/);
      expect(words).not.toMatch(/\b[GARB] Overdue\b/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('warns those who create plans when the year under way has no plan, and no one else', async () => {
    const plans = await agents.analyst!.get('/o/DHF/plans');
    expect(plans.body).toContain('A plan is missing');
    expect(plans.body).toContain(
      'There is no plan for 2026/27, the financial year under way since 1 April 2026.',
    );
    // On the newest plan's page too, and not on an older one's.
    expect((await agents.analyst!.get(planUrl)).body).toContain('There is no plan for 2026/27');
    const older = (await t.services.plans.planForYear(org, 2024))!;
    expect((await agents.analyst!.get(`/o/DHF/plans/${older.id}`)).body).not.toContain('A plan is missing');
    expect((await agents.viewer!.get('/o/DHF/plans')).body).not.toContain('A plan is missing');
    expect((await agents.lead!.get(planUrl)).body).not.toContain('A plan is missing');
    // Once it exists, next year's is not due for a warning until 90 days before 31 March 2027.
    await t.services.plans.createPlan(actor, org, { year: '2026', title: '' });
    expect((await agents.analyst!.get('/o/DHF/plans')).body).not.toContain('A plan is missing');
  });

  it('asks why, once the plan is approved, before a milestone is added or removed, and not for progress', async () => {
    const { analyst, lead } = agents;
    const plan = (await t.services.plans.planForYear(org, 2025))!;
    await t.services.plans.changeStatus(actor, org, plan, {
      to: 'approved',
      version: String(plan.version),
      endorsedBy: '',
      endorsedOn: '',
      boardApprovalDate: '30/10/2025',
      publicationDate: '',
    });
    await analyst!.get(actionUrl);
    const form = {
      milestoneTitle: 'Board review',
      milestoneDueOn: '31/03/2026',
      milestoneState: 'not_started',
    };
    const noReason = await analyst!.post(`${actionUrl}/milestones`, { ...form, reason: '' });
    expect(noReason.statusCode).toBe(400);
    // The error summary leads to this form's reason, not to another form's on the same page.
    expect(noReason.body).toContain('href="#reason-milestone"');
    expect(noReason.body).toContain('say why this change is needed');
    expect(
      (await analyst!.post(`${actionUrl}/milestones`, { ...form, reason: 'Asked for by the board' }))
        .statusCode,
    ).toBe(303);
    const review = milestoneLinks((await lead!.get(actionUrl)).body)[0]!;
    const version = /name="version" value="(\d+)"/.exec((await lead!.get(review)).body)![1]!;
    expect(
      (await lead!.post(review, { version, milestoneState: 'done', milestoneNote: 'Still done.' }))
        .statusCode,
    ).toBe(303);
    const last = milestoneLinks((await analyst!.get(actionUrl)).body).at(-1)!;
    const removal = await analyst!.post(`${last}/delete`, { version: '2', reason: '' });
    expect(removal.statusCode).toBe(400);
    expect(removal.body).toContain('href="#reason-remove"');
    const history = await analyst!.get(`${planUrl}/history`);
    expect(history.body).toContain('Asked for by the board');
  });
});

describe('the warning that next year’s plan is missing, by its setting', () => {
  it('warns from the set number of days before the year ends', async () => {
    const t = await buildTestApp({ demo: true, settings: { nextPlanWarningDays: 300 } });
    try {
      const org = (await organisationsRepository(t.database.db).findByOds('DHF'))!;
      await t.services.plans.createPlan(actor, org, { year: '2026', title: '' });
      const analyst = t.agent();
      await analyst.signIn('analyst', DEMO_PASSWORD);
      const page = await analyst.get('/o/DHF/plans');
      expect(page.body).toContain(
        'There is no plan for 2027/28 yet, and 2026/27 ends on 31 March 2027, in 289 days.',
      );
    } finally {
      await t.close();
    }
  });
});
