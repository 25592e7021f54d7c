/**
 * Route x role x scope, generated from the routes' own declarations. For every route in the app's
 * catalogue, every role (held for the whole trust, or for one care group), and every scope (the trust's
 * own objects; another trust's, under that trust; another trust's objects under one's own trust's path),
 * a real request is sent with real ids in every path parameter, and the answer is checked against what the
 * route declares and what `can()` says of the person:
 *
 * - refused: 401, 403 or 404 (a GET without a session goes to the sign-in page), never a page or a redirect
 *   onwards, and a POST changes nothing;
 * - allowed: not refused by the access hook (the handler may still answer 400, 404 or refuse one object);
 * - another trust's id under one's own trust: 404, with nothing of the other trust in the answer, and
 *   nothing of the other trust changed.
 *
 * Parameter values come from a table keyed by parameter name; a route with a parameter the table does not
 * know fails the first test ("no value for :xyz"), so a new route cannot go unchecked.
 * test/http/role-by-route.test.ts states the expectations by hand; this one derives them.
 */
import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import path from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CULTURE_DASHBOARD_EXAMPLES } from '../../src/engine/index.js';
import { can, orgAccess, type Principal } from '../../src/features/auth/access.js';
import { DEMO_PASSWORD, DEMO_SECOND_TRUST, DEMO_TRUST } from '../../src/features/demo/demo.js';
import type { Organisation } from '../../src/features/organisations/organisation.js';
import { organisationsRepository } from '../../src/features/organisations/organisations.repository.js';
import type { Plan } from '../../src/features/plans/plan.js';
import { ROLES } from '../../src/features/users/roles.js';
import { usersRepository } from '../../src/features/users/users.repository.js';
import type { RouteEntry } from '../../src/server/routing.js';
import { buildTestApp, type Agent, type TestApp } from '../support/app.js';
import { actionInput } from '../support/plans.js';

const PASSWORD = 'Route matrix: seven tall giraffes!';
/** Written into the other trust's objects; an answer about the own trust must never hold it. */
const SECRET = 'TRUSTBSECRET';
const OWN = DEMO_TRUST.odsCode;
const OTHER = DEMO_SECOND_TRUST.odsCode;
const CARE_GROUP = 'Medicine and Emergency Care';
const examples = path.resolve(import.meta.dirname, '../../examples');
const planCsv = (marker: string) =>
  Buffer.from(
    [
      'Indicators,Theme,Action,Status,Leads,Timescale,KPIs,Intended outcome,How it will be sustained,Latest update,RAG,WRES,WDES,Other protected characteristics',
      `"WRES 5",Safety,"Imported action ${marker}","Ongoing","Head of Security","Q2 2024/25","Incidents",Fewer,Monthly,"Launched",G,Yes,No,No`,
    ].join('\r\n'),
  );

interface Person {
  name: string;
  /** Null for someone not signed in. */
  principal: Principal | null;
  agent: Agent;
}

/** One trust's objects, one for each kind of path parameter. */
interface Objects {
  version: string;
  dataBatch: string;
  plan: string;
  action: string;
  kpi: string;
  milestone: string;
  planBatch: string;
  membership: string;
  metric: string;
  forum: string;
  meeting: string;
  issue: string;
}

/**
 * The value of each path parameter: the same for both trusts (an indicator, a year, a format), or the
 * trust's own object, which can also be put under the other trust's path (`global`).
 */
type ParamValue = { global: false; value: string } | { global: true; of: (o: Objects) => string };

function paramValue(name: string, url: string, trust: { code: string }): ParamValue | undefined {
  const id = (of: (o: Objects) => string): ParamValue => ({ global: true, of });
  const same = (value: string): ParamValue => ({ global: false, value });
  const table: Record<string, () => ParamValue> = {
    org: () => same(trust.code),
    code: () => same(trust.code),
    version: () => id((o) => o.version),
    batch: () => id((o) => (url.includes('/plans/') ? o.planBatch : o.dataBatch)),
    plan: () => id((o) => o.plan),
    action: () => id((o) => o.action),
    kpi: () => id((o) => o.kpi),
    milestone: () => id((o) => o.milestone),
    membership: () => id((o) => o.membership),
    metric: () => id((o) => o.metric),
    forum: () => id((o) => o.forum),
    meeting: () => id((o) => o.meeting),
    issue: () => id((o) => o.issue),
    indicator: () => same('WRES2'),
    characteristic: () => same('religion'),
    year: () => same('2024'),
    quarter: () => same('Q1'),
    revision: () => same('1'),
    format: () => same(url.includes('/plans/') ? 'csv' : 'html'),
    '*': () => same('app.js'),
  };
  return table[name]?.();
}

const paramsOf = (url: string): string[] => [
  ...[...url.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]!),
  ...(url.includes('*') ? ['*'] : []),
];

interface Request {
  route: RouteEntry;
  /** Which trust's path, and whose objects fill it. */
  scope: string;
  trust: string;
  url: string;
  /** Another trust's object under this trust's path. */
  foreign: boolean;
}

describe('route x role x scope, from the declarations', () => {
  let t: TestApp;
  const people: Person[] = [];
  const objects = new Map<string, Objects>();
  let orgs: Organisation[] = [];
  const failures: string[] = [];
  let requests = 0;

  /** A plan with one trust-wide action, its KPI, a milestone and an update, all named with `marker`. */
  async function makePlan(
    org: Organisation,
    marker: string,
    leadId: string,
  ): Promise<{ plan: Plan; action: string; kpi: string; milestone: string }> {
    const { plans } = t.services;
    const actor = { userId: null, label: 'test' };
    const plan = await plans.createPlan(actor, org, { year: '2025', title: `Plan ${marker}` });
    const action = await plans.createAction(
      actor,
      org,
      plan,
      actionInput({ text: `Action ${marker}`, indicators: ['WRES2'], leadUserIds: [leadId] }),
    );
    await plans.addKpi(
      actor,
      org,
      plan,
      action.id,
      {
        version: String(action.version),
        choice: 'WRES2|relativeLikelihood',
        target: '1.2',
        direction: 'down',
        label: `KPI ${marker}`,
        reason: '',
      },
      new Map([['WRES2|relativeLikelihood', 'WRES 2: relative likelihood']]),
    );
    await plans.postUpdate(
      actor,
      org,
      plan,
      action.id,
      { postedOn: '2026-05-01', rag: 'on_track', narrative: `Update ${marker}`, confirmOutsideYear: true },
      { userId: leadId, canManage: true },
    );
    const milestone = await plans.addMilestone(actor, org, plan, action.id, {
      title: `Milestone ${marker}`,
      dueOn: '30/09/2025',
      state: 'in_progress',
      note: `Note ${marker}`,
      reason: '',
    });
    const kpi = (await plans.action(plan, action.id)).kpis[0]!.id;
    return { plan, action: action.id, kpi, milestone: milestone.id };
  }

  async function signedIn(name: string): Promise<Agent> {
    const agent = t.agent();
    await agent.signIn(name, name === 'admin' ? DEMO_PASSWORD : PASSWORD);
    return agent;
  }

  /** The location a 303 after an upload points at, ending in the new batch's id. */
  function uploaded(response: LightMyRequestResponse): string {
    expect(response.statusCode, response.body.slice(0, 500)).toBe(303);
    return String(response.headers.location).split('/').pop()!;
  }

  beforeAll(async () => {
    t = await buildTestApp({ demo: true });
    const actor = { userId: null, label: 'test' };
    const { users, datasets, indicators } = t.services;
    const orgRepo = organisationsRepository(t.database.db);
    orgs = await orgRepo.list();
    const own = orgs.find((o) => o.odsCode === OWN)!;
    const other = orgs.find((o) => o.odsCode === OTHER)!;

    const add = async (
      name: string,
      grants: { org: Organisation; unit: string | null; role: (typeof ROLES)[number] }[],
    ) => {
      const user = await users.createUser(actor, { username: name, displayName: name, password: PASSWORD });
      for (const g of grants)
        await users.grantRole(actor, {
          userId: user.id,
          organisationId: g.org.id,
          unitPath: g.unit,
          role: g.role,
        });
      return user;
    };
    const names: string[] = [];
    for (const role of ROLES) {
      await add(`${role}-trust`, [{ org: own, unit: null, role }]);
      await add(`${role}-care-group`, [{ org: own, unit: CARE_GROUP, role }]);
      names.push(`${role}-trust`, `${role}-care-group`);
    }
    const otherAdmin = await add('other-trust-admin', [{ org: other, unit: null, role: 'admin' }]);
    await add('nobody', []);
    names.push('other-trust-admin', 'nobody');

    const target = await add('target', [
      { org: own, unit: null, role: 'viewer' },
      { org: other, unit: null, role: 'viewer' },
    ]);
    const memberships = await usersRepository(t.database.db).membershipsOfUser(target.id);

    const ownLead = (await usersRepository(t.database.db).findByUsername('action_lead-trust'))!;
    const ownPlan = await makePlan(own, 'OWNTRUST', ownLead.id);
    const otherPlan = await makePlan(other, SECRET, otherAdmin.id);

    /** A forum with a meeting and a pack issued for it (a stand-in PDF), all named with `marker`. */
    const meetingOf = async (org: Organisation, marker: string) => {
      const forum = await t.services.meetings.createForum(actor, org, {
        name: `Forum ${marker}`,
        unitId: '',
        recipients: `${marker.toLowerCase()}@trust.example`,
      });
      const meeting = await t.services.meetings.addMeeting(actor, org, forum, {
        meetsOn: '2026-07-15',
        note: marker,
      });
      const issue = await t.services.meetings.issuePack(actor, org, meeting, {
        year: 2025,
        quarter: 4,
        careGroup: null,
        fileName: `${marker}.pdf`,
        pdf: Buffer.from(`%PDF ${marker}`),
        issuedByName: marker,
      });
      return { forum: forum.id, meeting: meeting.id, issue: issue.id };
    };
    const ownMeeting = await meetingOf(own, 'OWNTRUST');
    const otherMeeting = await meetingOf(other, SECRET);

    const board = readFileSync(path.join(examples, 'board.csv'));
    const version = async (org: Organisation, fileName: string) =>
      (await datasets.importFiles(actor, org, [{ input: { buffer: board, fileName } }])).versions[0]!.id;
    const metric = async (org: Organisation, index: number) =>
      indicators.saveLocalMetric(actor, org, CULTURE_DASHBOARD_EXAMPLES[index]);

    // Staged uploads belong to whoever uploaded them: the trust's administrators here.
    const batches = async (agent: Agent, code: string, plan: string, marker: string) => {
      await agent.get(`/o/${code}/data`);
      const data = uploaded(
        await agent.upload(`/o/${code}/data/upload`, {}, [
          { field: 'files', name: `${marker}.csv`, content: board },
        ]),
      );
      await agent.get(`/o/${code}/plans/${plan}/import`);
      const planBatch = uploaded(
        await agent.upload(`/o/${code}/plans/${plan}/import`, {}, [
          { field: 'file', name: `${marker}.csv`, content: planCsv(marker) },
        ]),
      );
      return { data, planBatch };
    };
    const ownAdmin = await signedIn('admin-trust');
    const ownBatches = await batches(ownAdmin, OWN, ownPlan.plan.id, 'OWNTRUST');
    const otherBatches = await batches(await signedIn('other-trust-admin'), OTHER, otherPlan.plan.id, SECRET);

    objects.set(OWN, {
      version: await version(own, 'board.csv'),
      dataBatch: ownBatches.data,
      plan: ownPlan.plan.id,
      action: ownPlan.action,
      kpi: ownPlan.kpi,
      milestone: ownPlan.milestone,
      planBatch: ownBatches.planBatch,
      membership: memberships.find((m) => m.organisationId === own.id)!.id,
      metric: await metric(own, 0),
      ...ownMeeting,
    });
    objects.set(OTHER, {
      version: await version(other, `${SECRET}.csv`),
      dataBatch: otherBatches.data,
      plan: otherPlan.plan.id,
      action: otherPlan.action,
      kpi: otherPlan.kpi,
      milestone: otherPlan.milestone,
      planBatch: otherBatches.planBatch,
      membership: memberships.find((m) => m.organisationId === other.id)!.id,
      metric: await metric(other, 1),
      ...otherMeeting,
    });

    // The demo's administrator holds the ICB, and so both of its trusts.
    for (const name of [...names, 'admin']) {
      const user = (await usersRepository(t.database.db).findByUsername(name))!;
      const principal = {
        user,
        memberships: await usersRepository(t.database.db).membershipsOfUser(user.id),
      };
      const agent = name === 'admin-trust' ? ownAdmin : await signedIn(name);
      people.push({ name: name === 'admin' ? 'icb-admin' : name, principal, agent });
    }
    const anonymous = t.agent();
    await anonymous.get('/sign-in');
    people.push({ name: 'anonymous', principal: null, agent: anonymous });
  }, 300_000);
  afterAll(async () => t?.close());

  it('has a value for every parameter of every route', () => {
    const missing = t.app.routeCatalogue.flatMap((r) =>
      paramsOf(r.url)
        .filter((p) => paramValue(p, r.url, { code: OWN }) === undefined)
        .map((p) => `no value for :${p} in ${r.method} ${r.url}`),
    );
    expect(missing).toEqual([]);
    expect(t.app.routeCatalogue.length).toBeGreaterThan(60);
  });

  /** The path with every parameter filled: the trust's own objects, except `foreign` ones from the other. */
  function fill(route: RouteEntry, trust: string, foreign: readonly string[]): string {
    const own = objects.get(trust)!;
    const other = objects.get(trust === OWN ? OTHER : OWN)!;
    const url = route.url.replace(/:([A-Za-z0-9_]+)|\*/g, (match, name: string | undefined) => {
      const p = name ?? '*';
      const value = paramValue(p, route.url, { code: trust });
      if (!value) throw new Error(`no value for :${p} in ${route.method} ${route.url}`);
      return value.global ? value.of(foreign.includes(p) ? other : own) : value.value;
    });
    // The organisation switcher names the organisation in its query, as its form does.
    return route.url === '/switch' ? `${url}?org=${trust}` : url;
  }

  /** Every request a route gets: its own trust, the other trust, and the other trust's ids under its own. */
  function requestsOf(route: RouteEntry): Request[] {
    const params = paramsOf(route.url);
    const scoped = params.includes('org') || params.includes('code') || route.url === '/switch';
    const out: Request[] = [
      { route, scope: 'own trust', trust: OWN, url: fill(route, OWN, []), foreign: false },
    ];
    if (!scoped) return out;
    out.push({ route, scope: 'other trust', trust: OTHER, url: fill(route, OTHER, []), foreign: false });
    if (!params.includes('org')) return out;
    const ids = params.filter((p) => paramValue(p, route.url, { code: OWN })?.global);
    const sets = ids.length > 1 ? [...ids.map((p) => [p]), ids] : ids.map((p) => [p]);
    for (const set of sets)
      out.push({
        route,
        scope: `other trust's ${set.map((p) => `:${p}`).join(' and ')} under own trust`,
        trust: OWN,
        url: fill(route, OWN, set),
        foreign: true,
      });
    return out;
  }

  /** What the declaration and `can()` say: may this person reach this route for this trust? */
  function allowed(route: RouteEntry, person: Person, trust: string): boolean {
    if (route.access.kind === 'public') return true;
    if (!person.principal) return false;
    if (route.access.kind === 'signed-in') return true;
    const byId = new Map(orgs.map((o) => [o.id, o]));
    const org = orgs.find((o) => o.odsCode === trust)!;
    return can(orgAccess(person.principal, org, byId), route.access.permission, route.access.scope);
  }

  /** Refused by the access rules: no session, or a role that does not reach the route. */
  function refusedByAccess(response: LightMyRequestResponse): boolean {
    const { statusCode } = response;
    return (
      statusCode === 401 ||
      (statusCode === 403 && response.body.includes('Your role does not allow this')) ||
      (statusCode === 303 && String(response.headers.location).startsWith('/sign-in?returnTo='))
    );
  }

  /** Routes found to take a urlencoded form rather than files (they answer a multipart body with 415). */
  const forms = new Set<string>();
  /** A form each route would accept as far as its fields go, so that it goes on to look up its objects. */
  const FIELDS = { role: 'viewer', confirm: 'yes', username: '' };

  async function send(person: Person, request: Request): Promise<LightMyRequestResponse> {
    requests++;
    if (request.route.method === 'GET') return person.agent.get(request.url);
    // Signing out ends the session: a session of its own, so the others go on.
    const agent =
      request.route.url === '/sign-out' && person.principal
        ? await signedIn(person.principal.user.username)
        : person.agent;
    const key = `${request.route.method} ${request.route.url}`;
    if (!forms.has(key)) {
      const response = await agent.upload(request.url, FIELDS, []);
      if (response.statusCode !== 415) return response;
      forms.add(key);
      requests++;
    }
    return agent.post(request.url, FIELDS);
  }

  function check(person: Person, request: Request, response: LightMyRequestResponse): void {
    const { route, url } = request;
    const what = `${person.name} ${route.method} ${url} (${request.scope})`;
    const status = response.statusCode;
    if (status >= 500) failures.push(`${what}: ${status}`);
    if (!allowed(route, person, request.trust)) {
      const properly =
        person.principal === null
          ? route.method === 'GET'
            ? refusedByAccess(response)
            : status === 401
          : (status === 403 && refusedByAccess(response)) || status === 404;
      if (!properly) failures.push(`${what}: not refused (${status})`);
      return;
    }
    if (refusedByAccess(response))
      failures.push(`${what}: refused (${status}) though the declaration allows it`);
    if (request.foreign && status !== 404) failures.push(`${what}: ${status}, not 404`);
    if (request.trust === OWN && response.body.includes(SECRET))
      failures.push(`${what}: shows the other trust's data`);
  }

  /** Everything the other trust holds, to see that nothing done under the own trust's path changed it. */
  async function otherTrust(): Promise<string> {
    const id = orgs.find((o) => o.odsCode === OTHER)!.id;
    const db = t.database.db;
    const tables = [
      'audit_events',
      'column_mappings',
      'dashboard_targets',
      'dataset_versions',
      'forums',
      'mail_deliveries',
      'mail_outbox',
      'meetings',
      'pack_issues',
      'plan_cycles',
      'update_windows',
      'indicator_narratives',
      'local_metrics',
      'memberships',
      'org_units',
      'organisation_settings',
      'plan_actions',
      'plan_imports',
      'plan_settings',
      'plans',
      'public_pages',
      'public_reports',
      'publication_revisions',
      'staged_uploads',
    ];
    const rows: Record<string, unknown[]> = {};
    for (const table of tables)
      rows[table] = (
        await sql`select * from ${sql.table(table)} where organisation_id = ${id} order by 1`.execute(db)
      ).rows;
    for (const table of [
      'plan_action_kpis',
      'plan_action_milestones',
      'plan_action_updates',
      'plan_action_leads',
    ])
      rows[table] = (
        await sql`select * from ${sql.table(table)} where action_id in (select id from plan_actions where organisation_id = ${id}) order by 1`.execute(
          db,
        )
      ).rows;
    return JSON.stringify(rows);
  }

  it('answers every route as its declaration says, for every role and scope, and never with another trust’s data', async () => {
    const all = t.app.routeCatalogue.flatMap(requestsOf);
    // Reading first, then changing; removals last, so the other requests still find what they name.
    const order = (r: Request) =>
      r.route.method === 'GET'
        ? 0
        : /\/(delete|remove|cancel|confirm|unpublish|sign-out)$/.test(r.route.url)
          ? 2
          : 1;
    all.sort((a, b) => order(a) - order(b));
    const before = await otherTrust();
    const later: [Person, Request][] = [];
    for (const request of all)
      for (const person of people) {
        // Those who may act in the other trust go last, once its state has been compared.
        if (
          request.trust === OTHER &&
          allowed(request.route, person, OTHER) &&
          request.route.access.kind === 'org'
        ) {
          later.push([person, request]);
          continue;
        }
        check(person, request, await send(person, request));
      }
    expect(await otherTrust()).toBe(before);
    for (const [person, request] of later) check(person, request, await send(person, request));
    console.log(
      `route matrix: ${t.app.routeCatalogue.length} routes, ${people.length} people, ${all.length} filled paths, ${requests} requests, ${failures.length} failures`,
    );
    expect(failures).toEqual([]);
  }, 600_000);
});
