/**
 * Every route, every role, every scope. The expectations below are written out by hand, independently of
 * the code that enforces them; a route missing from this table fails the test, so a new route cannot ship
 * without someone deciding who may reach it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usersRepository } from '../../src/features/users/users.repository.js';
import { ROLES, type Role } from '../../src/features/users/roles.js';
import type { Agent } from '../support/app.js';
import { buildTestApp, type TestApp } from '../support/app.js';

type Rule =
  | 'public'
  | 'signed-in'
  /** Reached by these roles; `unit: true` means a role limited to a care group also reaches it. */
  | { roles: readonly Role[]; unit: boolean };

const ALL_ROLES = ROLES;
const ADMIN_ONLY = { roles: ['admin'], unit: false } as const;
const DATA = { roles: ['admin', 'analyst'], unit: false } as const;
/** Writing plans: organisation-wide administrators and analysts. */
const PLAN_MANAGE = { roles: ['admin', 'analyst'], unit: false } as const;
/** Posting progress: action leads too (the service then limits them to the actions they lead). */
const PLAN_UPDATE = { roles: ['admin', 'analyst', 'action_lead'], unit: true } as const;

const EXPECTED: Record<string, Rule> = {
  'GET /': 'public',
  'GET /health': 'public',
  'GET /assets/*': 'public',
  'GET /sign-in': 'public',
  'POST /sign-in': 'public',
  'GET /auth/oidc/start': 'public',
  'GET /auth/oidc/callback': 'public',
  'POST /sign-out': 'signed-in',
  // The switcher takes the organisation as ?org= and opens it only for those it reaches.
  'GET /switch': { roles: ALL_ROLES, unit: true },
  'GET /account': 'signed-in',
  'POST /account/password': 'signed-in',
  'GET /o/:org': { roles: ALL_ROLES, unit: true },
  'GET /o/:org/people': ADMIN_ONLY,
  'POST /o/:org/people': ADMIN_ONLY,
  'POST /o/:org/people/:membership/role': ADMIN_ONLY,
  'POST /o/:org/people/:membership/remove': ADMIN_ONLY,
  'GET /o/:org/audit': ADMIN_ONLY,
  'GET /o/:org/indicators': { roles: ALL_ROLES, unit: true },
  'GET /o/:org/indicators/local': DATA,
  // The Culture Dashboard: every page for anyone who may see the indicators (a care group's manager sees
  // their care group); comparing an organisation's trusts needs an organisation-wide role; targets are set
  // by those who manage the metrics.
  'GET /o/:org/dashboard': { roles: ALL_ROLES, unit: true },
  'GET /o/:org/dashboard/pipeline': { roles: ALL_ROLES, unit: true },
  'GET /o/:org/dashboard/recruitment': { roles: ALL_ROLES, unit: true },
  'GET /o/:org/dashboard/employee-relations': { roles: ALL_ROLES, unit: true },
  'GET /o/:org/dashboard/pay-gaps': { roles: ALL_ROLES, unit: true },
  'GET /o/:org/dashboard/staff-survey': { roles: ALL_ROLES, unit: true },
  'GET /o/:org/dashboard/staff-survey/hotspots': { roles: ALL_ROLES, unit: true },
  'GET /o/:org/dashboard/data-quality': { roles: ALL_ROLES, unit: true },
  'GET /o/:org/dashboard/local-metrics': { roles: ALL_ROLES, unit: true },
  'GET /o/:org/dashboard/indicators/:indicator': { roles: ALL_ROLES, unit: true },
  'GET /o/:org/dashboard/indicators/:indicator/by/:characteristic': { roles: ALL_ROLES, unit: true },
  'GET /o/:org/dashboard/compare': { roles: ALL_ROLES, unit: false },
  'POST /o/:org/dashboard/targets': DATA,
  'POST /o/:org/dashboard/targets/delete': DATA,
  // The analyst's narrative under an indicator: written by those who manage the metrics, organisation-wide.
  'POST /o/:org/dashboard/indicators/:indicator/narrative': DATA,
  'POST /o/:org/indicators/local': DATA,
  'POST /o/:org/indicators/local/:metric/delete': DATA,
  'GET /o/:org/data': DATA,
  'POST /o/:org/data/upload': DATA,
  // Record-level data: only those who see loaded data across the whole organisation.
  'POST /o/:org/data/export': DATA,
  'GET /o/:org/data/uploads/:batch': DATA,
  'POST /o/:org/data/uploads/:batch': DATA,
  'POST /o/:org/data/uploads/:batch/confirm': DATA,
  'POST /o/:org/data/uploads/:batch/cancel': DATA,
  'GET /o/:org/data/versions/:version': DATA,
  'POST /o/:org/data/versions/:version/delete': DATA,
  'GET /o/:org/plans': { roles: ALL_ROLES, unit: true },
  'POST /o/:org/plans': PLAN_MANAGE,
  'GET /o/:org/plans/template.xlsx': { roles: ALL_ROLES, unit: true },
  'GET /o/:org/plans/mine': PLAN_UPDATE,
  'GET /o/:org/plans/settings': PLAN_MANAGE,
  'POST /o/:org/plans/settings': PLAN_MANAGE,
  'GET /o/:org/plans/:plan': { roles: ALL_ROLES, unit: true },
  'GET /o/:org/plans/:plan/details': PLAN_MANAGE,
  'POST /o/:org/plans/:plan/details': PLAN_MANAGE,
  'POST /o/:org/plans/:plan/status': PLAN_MANAGE,
  'GET /o/:org/plans/:plan/history': { roles: ALL_ROLES, unit: true },
  'GET /o/:org/plans/:plan/carry-forward': PLAN_MANAGE,
  'POST /o/:org/plans/:plan/carry-forward': PLAN_MANAGE,
  'GET /o/:org/plans/:plan/export/:format': { roles: ALL_ROLES, unit: true },
  // Publication: the report is the whole organisation's (organisation-wide roles); a pack is scoped to
  // the person's care group; the national return carries every count (those who see the data).
  'GET /o/:org/publication': { roles: ALL_ROLES, unit: true },
  'GET /o/:org/publication/:year/report/:format': { roles: ALL_ROLES, unit: false },
  'GET /o/:org/publication/:year/pack/:quarter/:format': { roles: ALL_ROLES, unit: true },
  'GET /o/:org/publication/:year/return': DATA,
  // Board approval: the frozen copies are read organisation-wide; analysts and administrators record an
  // approval; only administrators publish, withdraw and switch the public page. The public page is open.
  'GET /o/:org/publication/:year/approval': { roles: ALL_ROLES, unit: false },
  'POST /o/:org/publication/:year/approval': DATA,
  'GET /o/:org/publication/:year/revisions/:revision.:format': { roles: ALL_ROLES, unit: false },
  'POST /o/:org/publication/:year/revisions/:revision/publish': ADMIN_ONLY,
  'POST /o/:org/publication/:year/unpublish': ADMIN_ONLY,
  'POST /o/:org/publication/:year/public-page': ADMIN_ONLY,
  'GET /assets/publication.css': 'public',
  'GET /public/:code': 'public',
  'GET /public/:code/:year': 'public',
  'GET /public/:code/:year/report.:format': 'public',
  'GET /o/:org/plans/:plan/actions/new': PLAN_MANAGE,
  'POST /o/:org/plans/:plan/actions': PLAN_MANAGE,
  'GET /o/:org/plans/:plan/actions/:action': { roles: ALL_ROLES, unit: true },
  'GET /o/:org/plans/:plan/actions/:action/edit': PLAN_MANAGE,
  'POST /o/:org/plans/:plan/actions/:action/edit': PLAN_MANAGE,
  'POST /o/:org/plans/:plan/actions/:action/delete': PLAN_MANAGE,
  'POST /o/:org/plans/:plan/actions/:action/updates': PLAN_UPDATE,
  'POST /o/:org/plans/:plan/actions/:action/kpis': PLAN_MANAGE,
  'POST /o/:org/plans/:plan/actions/:action/kpis/:kpi/delete': PLAN_MANAGE,
  // Milestones: added and removed as the action is edited; their progress recorded as updates are posted.
  'POST /o/:org/plans/:plan/actions/:action/milestones': PLAN_MANAGE,
  'GET /o/:org/plans/:plan/actions/:action/milestones/:milestone': PLAN_UPDATE,
  'POST /o/:org/plans/:plan/actions/:action/milestones/:milestone': PLAN_UPDATE,
  'POST /o/:org/plans/:plan/actions/:action/milestones/:milestone/delete': PLAN_MANAGE,
  'GET /o/:org/plans/:plan/import': PLAN_MANAGE,
  'POST /o/:org/plans/:plan/import': PLAN_MANAGE,
  'GET /o/:org/plans/:plan/import/:batch': PLAN_MANAGE,
  'POST /o/:org/plans/:plan/import/:batch': PLAN_MANAGE,
  'POST /o/:org/plans/:plan/import/:batch/confirm': PLAN_MANAGE,
  'POST /o/:org/plans/:plan/import/:batch/cancel': PLAN_MANAGE,
  // The update form of an action, as reminder emails link to it: whoever may open the action.
  'GET /o/:org/plans/:plan/actions/:action/update': { roles: ALL_ROLES, unit: true },
  // Forums, meetings, update windows and issued packs: kept by those who manage the plans; an issued pack
  // is read organisation-wide.
  'GET /o/:org/meetings': PLAN_MANAGE,
  'POST /o/:org/meetings/forums': PLAN_MANAGE,
  'GET /o/:org/meetings/forums/:forum': PLAN_MANAGE,
  'POST /o/:org/meetings/forums/:forum': PLAN_MANAGE,
  'POST /o/:org/meetings/forums/:forum/delete': PLAN_MANAGE,
  'POST /o/:org/meetings/forums/:forum/meetings': PLAN_MANAGE,
  'POST /o/:org/meetings/:meeting/delete': PLAN_MANAGE,
  'GET /o/:org/meetings/:meeting': PLAN_MANAGE,
  'POST /o/:org/meetings/:meeting/pack': PLAN_MANAGE,
  'GET /o/:org/meetings/:meeting/packs/:issue': { roles: ALL_ROLES, unit: false },
  'GET /o/:org/plans/:plan/cycle': PLAN_MANAGE,
  'POST /o/:org/plans/:plan/cycle': PLAN_MANAGE,
  // What was sent is the administrators' record; unsubscribing needs no sign-in (the link's token says
  // whose choice it is); one's own optional-email choice needs only a session.
  'GET /o/:org/mail': ADMIN_ONLY,
  'GET /mail/unsubscribe': 'public',
  'POST /mail/unsubscribe': 'public',
  'GET /account/email': 'signed-in',
  'POST /account/email': 'signed-in',
};

const PASSWORD = 'role matrix password';

interface Principal {
  name: string;
  /** Roles reaching trust A, and whether they are limited to a unit. */
  inA: { role: Role; unit: boolean } | null;
  inB: { role: Role; unit: boolean } | null;
}

describe('role-by-route access', () => {
  let t: TestApp;
  const principals: Principal[] = [];
  const agents = new Map<string, Agent>();
  let membershipInA = '';
  let membershipInB = '';

  beforeAll(async () => {
    t = await buildTestApp();
    const actor = { userId: null, label: 'test' };
    const { organisations, users } = t.services;
    const icb = await organisations.create(actor, { odsCode: 'QAA', name: 'ICB A', kind: 'ics' });
    const a = await organisations.create(actor, {
      odsCode: 'RAA',
      name: 'Trust A',
      kind: 'trust',
      parentOdsCode: 'QAA',
    });
    const b = await organisations.create(actor, { odsCode: 'RBB', name: 'Trust B', kind: 'trust' });
    await organisations.ensureUnits(actor, a.id, [['Care group 1', 'Directorate 1'], ['Care group 2']]);
    await organisations.ensureUnits(actor, b.id, [['Care group 1']]);

    const add = async (name: string, grants: { org: string; unit: string | null; role: Role }[]) => {
      const user = await users.createUser(actor, { username: name, displayName: name, password: PASSWORD });
      for (const g of grants)
        await users.grantRole(actor, {
          userId: user.id,
          organisationId: g.org,
          unitPath: g.unit,
          role: g.role,
        });
      return user;
    };
    for (const role of ROLES) {
      await add(`${role}-org`, [{ org: a.id, unit: null, role }]);
      principals.push({ name: `${role}-org`, inA: { role, unit: false }, inB: null });
      await add(`${role}-unit`, [{ org: a.id, unit: 'Care group 1', role }]);
      principals.push({ name: `${role}-unit`, inA: { role, unit: true }, inB: null });
    }
    await add('icb-admin', [{ org: icb.id, unit: null, role: 'admin' }]);
    principals.push({ name: 'icb-admin', inA: { role: 'admin', unit: false }, inB: null });
    await add('b-admin', [{ org: b.id, unit: null, role: 'admin' }]);
    principals.push({ name: 'b-admin', inA: null, inB: { role: 'admin', unit: false } });
    await add('nobody', []);
    principals.push({ name: 'nobody', inA: null, inB: null });
    principals.push({ name: 'anonymous', inA: null, inB: null });

    const target = await add('target', [
      { org: a.id, unit: null, role: 'viewer' },
      { org: b.id, unit: null, role: 'viewer' },
    ]);
    const targetMemberships = await usersRepository(t.database.db).membershipsOfUser(target.id);
    membershipInA = targetMemberships.find((m) => m.organisationId === a.id)!.id;
    membershipInB = targetMemberships.find((m) => m.organisationId === b.id)!.id;

    for (const p of principals) {
      const agent = t.agent();
      if (p.name === 'anonymous') await agent.get('/sign-in');
      else await agent.signIn(p.name, PASSWORD);
      agents.set(p.name, agent);
    }
  });
  afterAll(async () => t?.close());

  it('has an expectation for every route, and a route for every expectation', () => {
    const routes = t.app.routeCatalogue.map((r) => `${r.method} ${r.url}`);
    expect(routes.filter((r) => !(r in EXPECTED))).toEqual([]);
    expect(Object.keys(EXPECTED).filter((r) => !routes.includes(r))).toEqual([]);
  });

  const concrete = (url: string, org: 'A' | 'B') =>
    url
      .replace(':org', org === 'A' ? 'RAA' : 'RBB')
      .replace(':membership', org === 'A' ? membershipInA : membershipInB)
      .replace(':batch', '00000000-0000-7000-8000-000000000000')
      .replace(':metric', 'no-such-metric')
      .replace(':indicator', 'WRES2')
      .replace(':characteristic', 'religion')
      .replace(':version', '00000000-0000-7000-8000-000000000001')
      .replace(':plan', '00000000-0000-7000-8000-000000000002')
      .replace(':action', '00000000-0000-7000-8000-000000000003')
      .replace(':kpi', '00000000-0000-7000-8000-000000000004')
      .replace(':milestone', '00000000-0000-7000-8000-000000000008')
      .replace(':format', 'docx')
      .replace(':year', '2024')
      .replace(':revision', '1')
      .replace(':code', 'RAA')
      .replace(':quarter', 'Q1')
      .replace(':forum', '00000000-0000-7000-8000-000000000005')
      .replace(':meeting', '00000000-0000-7000-8000-000000000006')
      .replace(':issue', '00000000-0000-7000-8000-000000000007')
      .replace('*', 'app.js')
      .replace(/^\/switch$/, `/switch?org=${org === 'A' ? 'RAA' : 'RBB'}`);

  /** Whether the rule lets the principal reach the route for organisation `org`. */
  function allowed(rule: Rule, p: Principal, org: 'A' | 'B'): boolean {
    if (rule === 'public') return true;
    if (p.name === 'anonymous') return false;
    if (rule === 'signed-in') return true;
    const grant = org === 'A' ? p.inA : p.inB;
    return grant !== null && rule.roles.includes(grant.role) && (rule.unit || !grant.unit);
  }

  it('lets in exactly the roles and scopes that may reach each route, and refuses the rest', async () => {
    const failures: string[] = [];
    let checks = 0;
    for (const route of t.app.routeCatalogue) {
      const rule = EXPECTED[`${route.method} ${route.url}`]!;
      const orgs: ('A' | 'B')[] = route.url.includes(':org') || route.url === '/switch' ? ['A', 'B'] : ['A'];
      for (const org of orgs) {
        for (const p of principals) {
          if (route.url === '/sign-out' || route.url === '/account/password') {
            if (p.name !== 'anonymous') continue; // checked below without ending the shared sessions
          }
          const agent = agents.get(p.name)!;
          const url = concrete(route.url, org);
          // The agent sends the form token of its own session, so CSRF protection is not what refuses it.
          const response =
            route.method === 'GET'
              ? await agent.get(url)
              : await agent.post(url, { role: 'not-a-role', username: '' });
          checks++;
          const refusedAnonymously =
            response.statusCode === 303 && String(response.headers.location).startsWith('/sign-in?returnTo=');
          const refused = response.statusCode === 403 || response.statusCode === 401 || refusedAnonymously;
          const expected = allowed(rule, p, org);
          if (expected && refused)
            failures.push(`${p.name} was refused ${route.method} ${url} (${response.statusCode})`);
          if (!expected) {
            const properly =
              p.name === 'anonymous'
                ? route.method === 'GET'
                  ? refusedAnonymously
                  : response.statusCode === 401
                : response.statusCode === 403;
            if (!properly) failures.push(`${p.name} reached ${route.method} ${url} (${response.statusCode})`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
    // 17 routes, 12 principals, two organisations for organisation routes: the loops really ran.
    expect(checks).toBeGreaterThan(250);
    // Over 60 routes x 12 principals x two organisations: a few minutes on a loaded 2-core machine.
  }, 300_000);

  it('lets every signed-in principal sign out and change only their own password', async () => {
    for (const p of principals.filter((x) => x.name !== 'anonymous')) {
      const agent = t.agent();
      await agent.signIn(p.name, PASSWORD);
      await agent.get('/account');
      expect(
        (await agent.post('/account/password', { currentPassword: 'wrong', newPassword: 'x' })).statusCode,
        p.name,
      ).toBe(400);
      expect((await agent.post('/sign-out')).statusCode, p.name).toBe(303);
    }
  });

  it('refuses every state-changing route without a valid form token, even to those who may use it', async () => {
    const failures: string[] = [];
    for (const route of t.app.routeCatalogue.filter((r) => r.method !== 'GET')) {
      const rule = EXPECTED[`${route.method} ${route.url}`]!;
      for (const p of principals) {
        const agent = agents.get(p.name)!;
        const url = concrete(route.url, 'A');
        for (const token of [null, 'forged-token']) {
          const response = await agent.post(url, { _csrf: token });
          // Those who may not use the route are refused before the token is even looked at.
          const ok = allowed(rule, p, 'A')
            ? response.statusCode === 403 && response.body.includes('This form has expired')
            : response.statusCode === 403 || response.statusCode === 401;
          if (!ok)
            failures.push(
              `${p.name} ${route.method} ${url} with token ${String(token)}: ${response.statusCode}`,
            );
        }
      }
    }
    expect(failures).toEqual([]);
  });
});
