/**
 * The home page says what is due, through the web on the demo installation (its organisations, accounts
 * and plans; no workforce data, which nothing here reads) with the app's clock pinned inside the latest
 * plan's fourth quarter. The EDI lead has set the quarter's update
 * window before a People Group meeting and owns the plan's cycle; a care group's board and the second
 * trust's People Committee meet too, and packs were issued for them. Each demo account, and an action lead
 * limited to Medicine and Emergency Care, sees what their role and organisations allow, first on the page,
 * and nothing else: not in a list, a link or a count.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/features/audit/audit.js';
import { DEMO_PASSWORD } from '../../src/features/demo/demo.js';
import { windowFor } from '../../src/features/meetings/meeting.js';
import type { Organisation } from '../../src/features/organisations/organisation.js';
import { usersRepository } from '../../src/features/users/users.repository.js';
import type { Action, Plan } from '../../src/features/plans/plan.js';
import { formatDate } from '../../src/engine/index.js';
import { approvalsRepository } from '../../src/features/publication/approvals.repository.js';
import { render } from '../../src/features/publication/publication.js';
import { buildTestApp, type Agent, type TestApp } from '../support/app.js';
import { stubDocument } from '../support/approvals.js';
import { actionInput } from '../support/plans.js';

const XSS = '<script>alert("home")</script>';
const MEDICINE = 'Medicine and Emergency Care';
const SURGERY = 'Surgery and Anaesthetics';
const email = (username: string) => `${username}@demo.parity.example`;

/** Text of a fragment of HTML: tags dropped, entities read, spaces collapsed. */
const textOf = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();

const mainOf = (html: string) => /<main[^>]*>([\s\S]*?)<\/main>/.exec(html)?.[1] ?? '';

interface Group {
  heading: string;
  items: { title: string; href: string; text: string }[];
}

/** The home page's groups of what is due, by id: heading, and each item's link and words. */
function dueGroups(html: string): Map<string, Group> {
  const out = new Map<string, Group>();
  for (const s of html.matchAll(
    /<section class="parity-due" aria-labelledby="due-([a-z]+)">([\s\S]*?)<\/section>/g,
  )) {
    const heading = textOf(/<h2[^>]*>([\s\S]*?)<\/h2>/.exec(s[2]!)![1]!);
    const items = [
      ...s[2]!.matchAll(
        /<li class="parity-action[^"]*">([\s\S]*?)<\/li>\s*(?=<li class="parity-action|<\/ul>\s*$)/g,
      ),
    ].map((m) => {
      const link = /<h3[^>]*><a href="([^"]+)">([\s\S]*?)<\/a><\/h3>/.exec(m[1]!)!;
      return { href: link[1]!.replace(/&amp;/g, '&'), title: textOf(link[2]!), text: textOf(m[1]!) };
    });
    out.set(s[1]!, { heading, items });
  }
  return out;
}

describe('the home page says what is due, to each role', () => {
  let t: TestApp;
  let dhf: Organisation;
  let dcm: Organisation;
  let plan: Plan;
  let analystActor: Actor;
  const agents: Record<string, Agent> = {};
  const ids: Record<string, string> = {};
  let opensOn = '';
  let closesOn = '';
  let peopleGroupOn = '';
  const mine: Record<string, Action> = {};

  /** Sets the app's day; the sessions of the day before end with it (they would have timed out). */
  const setDay = (iso: string) => {
    t.clock.set(`${iso}T09:00:00.000Z`);
    for (const name of Object.keys(agents)) delete agents[name];
  };
  const agent = async (who: string) => {
    if (!agents[who]) {
      agents[who] = t.agent();
      await agents[who].signIn(who, DEMO_PASSWORD);
    }
    return agents[who];
  };
  const home = async (who: string) => {
    const r = await (await agent(who)).get('/');
    expect(r.statusCode).toBe(200);
    return { html: r.body, main: mainOf(r.body), groups: dueGroups(mainOf(r.body)) };
  };
  const titles = (groups: Map<string, Group>, id: string) => groups.get(id)?.items.map((i) => i.title) ?? [];

  beforeAll(async () => {
    t = await buildTestApp({ demo: true });
    const orgs = await t.services.organisations.list();
    dhf = orgs.find((o) => o.odsCode === 'DHF')!;
    dcm = orgs.find((o) => o.odsCode === 'DCM')!;
    plan = (await t.services.plans.plans(dhf)).sort((a, b) => b.year - a.year)[0]!;
    const users = usersRepository(t.services.db);
    const names = ['admin', 'analyst', 'lead', 'viewer', 'caregroup', 'regional'];
    for (const name of names) ids[name] = (await users.findByUsername(name))!.id;
    analystActor = { userId: ids.analyst!, label: 'analyst' };
    const adminActor: Actor = { userId: ids.admin!, label: 'admin' };

    // An action lead limited to Medicine and Emergency Care.
    const medlead = await t.services.users.createUser(
      adminActor,
      { username: 'medlead', displayName: 'Mo Medic', email: email('medlead'), password: DEMO_PASSWORD },
      dhf.id,
    );
    await t.services.users.grantRole(adminActor, {
      userId: medlead.id,
      organisationId: dhf.id,
      unitPath: MEDICINE,
      role: 'action_lead',
    });
    ids.medlead = medlead.id;

    // The meetings of the plan's fourth quarter, and the window its updates close in.
    const year = plan.year + 1;
    peopleGroupOn = `${year}-03-12`;
    const units = await t.services.plans.units(dhf);
    const unitId = (path: string) => units.find((u) => u.path === path)!.id;
    const people = await t.services.meetings.createForum(analystActor, dhf, {
      name: 'People Group',
      unitId: '',
      recipients: [email('viewer'), email('regional'), email('caregroup'), email('medlead')].join('\n'),
    });
    const board = await t.services.meetings.createForum(analystActor, dhf, {
      name: 'Medicine Board',
      unitId: unitId(MEDICINE),
      recipients: email('caregroup'),
    });
    const peopleMeeting = await t.services.meetings.addMeeting(analystActor, dhf, people, {
      meetsOn: peopleGroupOn,
      note: '',
    });
    const boardMeeting = await t.services.meetings.addMeeting(analystActor, dhf, board, {
      meetsOn: `${year}-03-11`,
      note: '',
    });
    const none = { meetingId: '', opensOn: '', closesOn: '' };
    await t.services.meetings.saveCycle(analystActor, dhf, plan, {
      ownerUserId: ids.analyst!,
      quarters: { 1: none, 2: none, 3: none, 4: { meetingId: peopleMeeting.id, opensOn: '', closesOn: '' } },
    });
    ({ opensOn, closesOn } = windowFor(peopleGroupOn, t.services.meetings.settings));

    // The second trust's committee, on whose list the lead (who has no role there) and the region are.
    const committee = await t.services.meetings.createForum(adminActor, dcm, {
      name: 'People Committee',
      unitId: '',
      recipients: [email('regional'), email('lead')].join('\n'),
    });
    const committeeMeeting = await t.services.meetings.addMeeting(adminActor, dcm, committee, {
      meetsOn: `${year}-03-13`,
      note: '',
    });

    // Actions of the test's own, so that what is due does not hang on the demo's dates.
    const action = (text: string, unitPath: string | null, leadUserIds: string[]) =>
      t.services.plans.createAction(
        analystActor,
        dhf,
        plan,
        actionInput({ text, leadUserIds, unitId: unitPath ? unitId(unitPath) : '' }),
        'Added for the fourth quarter',
      );
    mine.trustWide = await action('Publish the staff network calendar for the year.', null, [ids.lead!]);
    mine.medicine = await action('Run a Medicine listening week on every ward.', MEDICINE, [medlead.id]);
    mine.surgery = await action('Audit theatre rota fairness by ethnicity.', SURGERY, [medlead.id]);
    mine.markup = await action(`Answer ${XSS} in the staff survey.`, null, [ids.lead!]);

    // Next year's plan begun and endorsed: it awaits the board's approval.
    const next = await t.services.plans.carryForward(analystActor, dhf, plan, []);
    await t.services.plans.changeStatus(analystActor, dhf, next, {
      to: 'endorsed',
      version: String(next.version),
      endorsedBy: 'EDI Steering Group',
      endorsedOn: `12/02/${year}`,
      boardApprovalDate: '',
      publicationDate: '',
    });

    // The app's day: the first day the window is open.
    setDay(opensOn);
    // An approved revision of this year's report and plan, not yet on the public page. The home page reads
    // only that it exists and when it was approved; building the frozen report from the data is the
    // approval tests' work (and among the slowest things Parity does), so the revision holds a small one.
    await approvalsRepository(t.services.db).insert({
      organisationId: dhf.id,
      year: plan.year,
      revision: 1,
      document: stubDocument(dhf, plan.year, plan, [], '1.20'),
      plan: {
        plan,
        labels: await t.services.plans.ragLabels(dhf),
        actions: [],
        latestUpdates: [],
        indicatorValues: {},
      },
      approver: 'Trust Board, chaired by the Chair',
      meeting: 'Trust Board',
      approvedOn: `${year}-01-15`,
      minuteRef: 'TB/HOME/1',
      recordedByUserId: ids.analyst!,
      recordedByLabel: 'analyst',
      recordedAt: `${opensOn}T09:00:00.000Z`,
      meetingId: null,
    });
    // The quarterly packs as issued: the pack's PDF is made by the real renderer from the small report
    // (what a pack holds is the publication tests' concern; here only who is asked to read it matters).
    const pdf = await render(stubDocument(dhf, plan.year, plan, [], '1.20'), 'pdf');
    const pack = { year: plan.year, quarter: 3 as const, fileName: 'pack.pdf', pdf, issuedByName: 'Test' };
    await t.services.meetings.issuePack(analystActor, dhf, peopleMeeting, { ...pack, careGroup: null });
    await t.services.meetings.issuePack(analystActor, dhf, boardMeeting, { ...pack, careGroup: MEDICINE });
    await t.services.meetings.issuePack(adminActor, dcm, committeeMeeting, { ...pack, careGroup: null });
  }, 300_000);

  afterAll(async () => {
    await t?.close();
  });

  it('puts what is due first in the main content, for the quarter of the app’s clock', async () => {
    const { main } = await home('lead');
    const first = /^\s*<h1>([^<]*)<\/h1>\s*<p class="nhsuk-body-l">([\s\S]*?)<\/p>/.exec(main);
    expect(first?.[1]).toBe('What is due this quarter');
    expect(textOf(first![2]!)).toBe(
      `Welcome, Sam Okoro (Head of Resourcing). This is Q4 ${plan.year}/${String(plan.year + 1).slice(2)} (January to March ${plan.year + 1}); today is ${formatDate(opensOn)}.`,
    );
    expect(main.indexOf('id="due-updates"')).toBeGreaterThan(0);
    expect(main.indexOf('id="due-updates"')).toBeLessThan(main.indexOf('Your organisations'));
  });

  it('shows an action lead the updates due from them, linked to each update form, and nothing else', async () => {
    const { groups } = await home('lead');
    expect([...groups.keys()]).toEqual(['updates']);
    const updates = groups.get('updates')!;
    expect(updates.heading).toBe(`Updates due from you (${updates.items.length})`);
    const item = updates.items.find(
      (i) => i.title === `A${mine.trustWide!.ref}: Publish the staff network calendar for the year.`,
    )!;
    expect(item.href).toBe(`/o/DHF/plans/${plan.id}/actions/${mine.trustWide!.id}/update`);
    expect(item.text).toContain(
      `Due by ${formatDate(closesOn)}, before the People Group on ${formatDate(peopleGroupOn)}.`,
    );
    expect(item.text).toContain('It has no update yet.');
    // Every action listed is one the lead leads and still owes; the others are not.
    const led = (await t.services.plans.actions(plan)).filter((a) =>
      a.leads.some((l) => l.userId === ids.lead),
    );
    for (const i of updates.items) expect(led.map((a) => a.id)).toContain(i.href.split('/').at(-2));
    // The update link opens the action's form.
    const r = await (await agent('lead')).get(item.href);
    expect(r.statusCode).toBe(303);
    expect(r.headers.location).toBe(`/o/DHF/plans/${plan.id}/actions/${mine.trustWide!.id}#post-update`);
  });

  it('escapes what people typed', async () => {
    const { main } = await home('lead');
    expect(main).not.toContain(XSS);
    expect(main).toContain(
      'Answer &lt;script&gt;alert(&quot;home&quot;)&lt;/script&gt; in the staff survey.',
    );
  });

  it('drops an update from the list once the lead posts it through the link', async () => {
    const lead = await agent('lead');
    const before = (await home('lead')).groups.get('updates')!.items;
    const item = before.find((i) => i.title.startsWith(`A${mine.trustWide!.ref}:`))!;
    const form = await lead.get(String((await lead.get(item.href)).headers.location).replace(/#.*$/, ''));
    expect(form.statusCode).toBe(200);
    const posted = await lead.post(`/o/DHF/plans/${plan.id}/actions/${mine.trustWide!.id}/updates`, {
      postedOn: '',
      rag: 'on_track',
      narrative: 'Calendar drafted with the networks.',
    });
    expect(posted.statusCode).toBe(303);
    const after = titles((await home('lead')).groups, 'updates');
    expect(after).toEqual(before.filter((i) => i !== item).map((i) => i.title));
  });

  it('shows a lead limited to a care group their own actions, never another care group’s they are named on', async () => {
    const { groups, main } = await home('medlead');
    expect(titles(groups, 'updates')).toEqual([
      `A${mine.medicine!.ref}: Run a Medicine listening week on every ward.`,
    ]);
    expect(main).not.toContain('Audit theatre rota');
    expect(main).not.toContain(mine.surgery!.id);
    // Their care group's other actions are theirs to chase; the People Group's pack is not theirs to open.
    const units = await t.services.plans.units(dhf);
    const actions = await t.services.plans.actions(plan);
    for (const i of groups.get('unit')?.items ?? []) {
      const a = actions.find((x) => i.href === `/o/DHF/plans/${plan.id}/actions/${x.id}`)!;
      expect(units.find((u) => u.id === a.unitId)?.path.startsWith(MEDICINE), i.title).toBe(true);
    }
    expect(groups.has('review')).toBe(false);
  });

  it('shows a care-group manager their care group’s updates and their board’s pack, nothing of other units', async () => {
    const { groups, main } = await home('caregroup');
    expect([...groups.keys()]).toEqual(['unit', 'review']);
    const unit = groups.get('unit')!;
    expect(unit.heading).toBe(`Updates due in your part of the organisation (${unit.items.length})`);
    expect(unit.items.map((i) => i.title)).toContain(
      `A${mine.medicine!.ref}: Run a Medicine listening week on every ward.`,
    );
    const medicine = unit.items.find((i) => i.href.endsWith(mine.medicine!.id))!;
    expect(medicine.text).toContain(`Owned by ${MEDICINE}. Due by ${formatDate(closesOn)}`);
    expect(medicine.text).toContain('Lead: Mo Medic.');
    // Only actions owned within Medicine and Emergency Care, never a trust-wide one.
    const units = await t.services.plans.units(dhf);
    const actions = await t.services.plans.actions(plan);
    for (const i of unit.items) {
      const a = actions.find((x) => i.href === `/o/DHF/plans/${plan.id}/actions/${x.id}`)!;
      expect(units.find((u) => u.id === a.unitId)?.path.startsWith(MEDICINE), i.title).toBe(true);
    }
    expect(main).not.toContain('Audit theatre rota');
    expect(main).not.toContain('Publish the staff network calendar');
    // Their board's pack opens on the Publication page as their care group's; the People Group's (the whole
    // trust's, which their role cannot download) is not listed though they are on its list.
    const review = groups.get('review')!;
    expect(review.items.map((i) => i.title)).toEqual([
      `Q3 ${plan.year}/${String(plan.year + 1).slice(2)} pack of ${MEDICINE} for the Medicine Board`,
    ]);
    expect(review.items[0]!.href).toBe(
      `/o/DHF/publication/${plan.year}/pack/Q3/html?careGroup=${encodeURIComponent(MEDICINE)}`,
    );
    const peoplePack = (await home('viewer')).groups.get('review')!.items[0]!.href;
    expect((await (await agent('caregroup')).get(peoplePack)).statusCode).toBe(403);
    expect(main).not.toContain('Approvals waiting');
  });

  it('shows a board member only the pack of the forum they are on, with its issued copy', async () => {
    const { groups } = await home('viewer');
    expect([...groups.keys()]).toEqual(['review']);
    const [item] = groups.get('review')!.items;
    expect(item!.title).toBe(`Q3 ${plan.year}/${String(plan.year + 1).slice(2)} pack for the People Group`);
    expect(item!.text).toContain(`For the People Group on ${formatDate(peopleGroupOn)}.`);
    const pdf = await (await agent('viewer')).get(item!.href);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
  });

  it('shows the region the packs of every trust it can see, each named, and no approvals', async () => {
    const { groups, main } = await home('regional');
    expect([...groups.keys()]).toEqual(['review']);
    const items = groups.get('review')!.items;
    expect(items.map((i) => i.title)).toEqual([
      `Q3 ${plan.year}/${String(plan.year + 1).slice(2)} pack for the People Group`,
      `Q3 ${plan.year}/${String(plan.year + 1).slice(2)} pack for the People Committee`,
    ]);
    expect(items[0]!.text).toContain(dhf.name);
    expect(items[1]!.text).toContain(dcm.name);
    for (const i of items) expect((await (await agent('regional')).get(i.href)).statusCode).toBe(200);
    expect(main).not.toContain('Approvals waiting');
  });

  it('never shows a pack of an organisation the person cannot open, though they are on its list', async () => {
    // The second trust's committee has the lead and the region on its list: only the region sees its pack.
    expect((await home('regional')).main).toContain('pack for the People Committee');
    const { main, groups } = await home('lead');
    expect(groups.has('updates')).toBe(true);
    expect(main).not.toContain('People Committee');
    expect(main).not.toContain('/o/DCM/');
  });

  it('shows the approvals waiting to those who record and those who publish them', async () => {
    const label = `${plan.year + 1}/${String(plan.year + 2).slice(2)}`;
    const record = (await t.services.plans.planForYear(dhf, plan.year + 1))!.title;
    const analyst = (await home('analyst')).groups;
    expect(titles(analyst, 'approvals')).toEqual([`${record}: record the board’s approval`]);
    expect(analyst.get('approvals')!.items[0]!.text).toContain(
      `The ${label} plan was endorsed by the EDI Steering Group on 12 February ${plan.year + 1} and awaits the board’s approval.`,
    );
    expect(analyst.get('approvals')!.items[0]!.href).toBe(`/o/DHF/publication/${plan.year + 1}/approval`);
    const admin = (await home('admin')).groups;
    // In date order: approved in January, endorsed in February.
    expect(titles(admin, 'approvals')).toEqual([
      `Publish revision 1 of the ${plan.year} report and ${plan.year}/${String(plan.year + 1).slice(2)} plan`,
      `${record}: record the board’s approval`,
    ]);
    expect(admin.get('approvals')!.items[0]!.text).toContain(
      `Approved at the Trust Board on 15 January ${plan.year + 1} (minute TB/HOME/1). No revision of this year is on the public page.`,
    );
    for (const who of ['lead', 'viewer', 'caregroup', 'regional', 'medlead'])
      expect((await home(who)).groups.has('approvals'), who).toBe(false);
  });

  it('gives the plan’s owner the late updates once the window closes, and the lead theirs marked late', async () => {
    expect((await home('analyst')).groups.has('late')).toBe(false);
    setDay(new Date(Date.parse(`${closesOn}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10));
    try {
      const analyst = (await home('analyst')).groups;
      const late = analyst.get('late')!;
      expect(late.items).toHaveLength(1);
      expect(late.items[0]!.text).toContain(
        `update window closed on ${formatDate(closesOn)}, before the People Group on ${formatDate(peopleGroupOn)}. You own this plan’s cycle.`,
      );
      // The digest lists every unit's late action: the owner's role is the whole organisation's.
      expect(late.items[0]!.text).toContain('Audit theatre rota fairness by ethnicity.');
      expect(late.items[0]!.text).not.toContain('Publish the staff network calendar');
      // The admin does not own the cycle.
      expect((await home('admin')).groups.has('late')).toBe(false);
      const medlead = (await home('medlead')).groups.get('updates')!.items[0]!;
      expect(medlead.text).toContain(
        `Late: the Q4 ${plan.year}/${String(plan.year + 1).slice(2)} update window closed on ${formatDate(closesOn)}`,
      );
    } finally {
      setDay(opensOn);
    }
  });

  it('says nothing is due when nothing is, and counts nothing it does not list', async () => {
    setDay(`${plan.year + 1}-04-20`);
    try {
      for (const who of ['lead', 'viewer', 'caregroup', 'medlead']) {
        const { main, groups } = await home(who);
        expect(groups.size, who).toBe(0);
        expect(textOf(main), who).toContain('Nothing is due from you this quarter.');
      }
    } finally {
      setDay(opensOn);
    }
    for (const who of ['lead', 'caregroup', 'analyst', 'admin', 'regional']) {
      const { groups } = await home(who);
      for (const g of groups.values()) expect(g.heading).toMatch(new RegExp(`\\(${g.items.length}\\)$`));
    }
  });
});
