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
  'POST /o/:org/indicators/local': DATA,
  'POST /o/:org/indicators/local/:metric/delete': DATA,
  'GET /o/:org/data': DATA,
  'POST /o/:org/data/upload': DATA,
  'GET /o/:org/data/uploads/:batch': DATA,
  'POST /o/:org/data/uploads/:batch': DATA,
  'POST /o/:org/data/uploads/:batch/confirm': DATA,
  'POST /o/:org/data/uploads/:batch/cancel': DATA,
  'GET /o/:org/data/versions/:version': DATA,
  'POST /o/:org/data/versions/:version/delete': DATA,
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
      .replace(':version', '00000000-0000-7000-8000-000000000001')
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
  });

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
