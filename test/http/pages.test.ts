import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRepository } from '../../src/features/audit/audit.js';
import { DEMO_PASSWORD } from '../../src/features/demo/demo.js';
import { usersRepository } from '../../src/features/users/users.repository.js';
import { PUBLIC } from '../../src/server/routing.js';
import { buildTestApp, type TestApp } from '../support/app.js';

describe('pages', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({
      demo: true,
      extraRoutes: (app) => {
        app.get('/test/explode', { config: { access: PUBLIC } }, () => {
          throw new Error('database on fire: secret detail');
        });
      },
    });
  });
  afterAll(async () => t?.close());

  it('welcomes a signed-out visitor', async () => {
    const r = await t.agent().get('/');
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain('Workforce equality for NHS organisations');
    expect(r.body).toContain('href="/sign-in"');
  });

  it('lists the organisations of a signed-in person, with the organisation switcher', async () => {
    const agent = t.agent();
    await agent.signIn('admin', DEMO_PASSWORD);
    const r = await agent.get('/');
    expect(r.body).toContain('Welcome, Alex Admin');
    for (const name of [
      'Demo Integrated Care Board',
      'Demo Hospitals NHS Foundation Trust',
      'Demo Community and Mental Health NHS Trust',
    ])
      expect(r.body).toContain(name);
    expect(r.body).toContain(
      '<select class="nhsuk-select parity-switcher__select" id="switch-org" name="org">',
    );
    const switched = await agent.get('/switch?org=dcm');
    expect(switched.statusCode).toBe(303);
    expect(switched.headers.location).toBe('/o/DCM');
    const org = await agent.get('/o/DCM');
    expect(org.body).toMatch(/<option value="DCM" selected>/);
    expect(org.body).toContain(
      '<title>Overview – Demo Community and Mental Health NHS Trust – Parity</title>',
    );
  });

  it('refuses to switch to an organisation the person cannot reach', async () => {
    const agent = t.agent();
    await agent.signIn('analyst', DEMO_PASSWORD);
    expect((await agent.get('/switch?org=DCM')).statusCode).toBe(403);
    expect((await agent.get('/switch?org=NOPE')).statusCode).toBe(403);
    expect((await agent.get('/o/DCM')).statusCode).toBe(403);
  });

  it('shows a care-group manager only their care group', async () => {
    const agent = t.agent();
    await agent.signIn('caregroup', DEMO_PASSWORD);
    const r = await agent.get('/o/DHF');
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain('Medicine and Emergency Care');
    expect(r.body).toContain('Emergency Department');
    expect(r.body).not.toContain('Surgery and Anaesthetics');
    expect(r.body).not.toContain('Maternity');
    expect(r.body).toContain('Your role covers Medicine and Emergency Care only');
    // Navigation offers only what the role may open.
    expect(r.body).not.toContain('href="/o/DHF/people"');
    expect(r.body).not.toContain('href="/o/DHF/audit"');
  });

  it('shows the whole structure to an organisation-wide viewer', async () => {
    const agent = t.agent();
    await agent.signIn('viewer', DEMO_PASSWORD);
    const r = await agent.get('/o/DHF');
    for (const careGroup of [
      'Medicine and Emergency Care',
      'Surgery and Anaesthetics',
      'Women and Children',
      'Clinical Support Services',
      'Community and Integrated Care',
      'Corporate Services',
    ])
      expect(r.body).toContain(careGroup);
  });

  it('answers unknown pages with a 404 page in the same style', async () => {
    const r = await t.agent().get('/no/such/page');
    expect(r.statusCode).toBe(404);
    expect(r.body).toContain('<h1>Page not found</h1>');
    expect(r.body).toContain('nhsuk-header');
    const org = await t.agent().get('/health/nope', { accept: 'application/json' });
    expect(org.json()).toMatchObject({ error: 'Page not found' });
  });

  it('answers a failure with a 500 page that reveals nothing inside', async () => {
    const r = await t.agent().get('/test/explode');
    expect(r.statusCode).toBe(500);
    expect(r.body).toContain('Sorry, there is a problem with the service');
    expect(r.body).not.toContain('secret detail');
    expect(r.body).toContain('nhsuk-footer');
  });

  it('sends security headers: a content security policy without inline script, no framing, no sniffing', async () => {
    const r = await t.agent().get('/sign-in');
    const csp = String(r.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['referrer-policy']).toBe('same-origin');
    expect(r.headers['cache-control']).toBe('no-store');
    // No inline script or style anywhere in the page.
    expect(r.body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(r.body).not.toMatch(/\sstyle="/);
    expect(r.body).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
  });

  it('serves its own assets and nothing else from the asset folder', async () => {
    const agent = t.agent();
    const js = await agent.get('/assets/nhsuk-frontend.min.js');
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-type']).toContain('javascript');
    expect((await agent.get('/assets/app.js')).statusCode).toBe(200);
    expect((await agent.get('/assets/images/favicon.svg')).statusCode).toBe(200);
    for (const bad of [
      '/assets/../package.json',
      '/assets/%2e%2e/package.json',
      '/assets/template.njk',
      '/assets/images/../../index.scss',
    ])
      expect((await agent.get(bad)).statusCode, bad).toBe(404);
  });

  it('reports health for load balancers', async () => {
    const r = await t.agent().get('/health');
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ status: 'ok', database: 'ok' });
  });

  it('escapes everything people type, wherever it is shown', async () => {
    const agent = t.agent();
    await agent.signIn('admin', DEMO_PASSWORD);
    await agent.get('/o/DHF/people');
    const r = await agent.post('/o/DHF/people', {
      username: 'mallory',
      displayName: '<script>alert(1)</script> "Mal"',
      email: '',
      role: 'viewer',
      unit: '',
      signIn: 'sso',
    });
    expect(r.statusCode).toBe(303);
    const people = await agent.get('/o/DHF/people');
    expect(people.body).not.toContain('<script>alert(1)</script>');
    expect(people.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &quot;Mal&quot;');
    const audit = await agent.get('/o/DHF/audit');
    expect(audit.body).not.toContain('<script>alert(1)</script>');
  });
});

describe('people and roles', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ demo: true });
  });
  afterAll(async () => t?.close());

  it('lets an administrator create an account with a role limited to a care group', async () => {
    const admin = t.agent();
    await admin.signIn('admin', DEMO_PASSWORD);
    const page = await admin.get('/o/DHF/people');
    expect(page.body).toContain('Priya Patel (EDI lead)');
    expect(page.body).toContain('<option value="Surgery and Anaesthetics">');
    const r = await admin.post('/o/DHF/people', {
      username: 'k.hughes',
      displayName: 'Kim Hughes',
      email: 'kim.hughes@nhs.net',
      role: 'viewer',
      unit: 'Surgery and Anaesthetics',
      signIn: 'password',
      password: 'theatre lists on tuesday',
    });
    expect(r.statusCode).toBe(303);
    const after = await admin.get('/o/DHF/people');
    expect(after.body).toContain('Kim Hughes is now Viewer for Surgery and Anaesthetics.');

    const kim = t.agent();
    await kim.signIn('k.hughes', 'theatre lists on tuesday');
    const org = await kim.get('/o/DHF');
    expect(org.body).toContain('Surgery and Anaesthetics');
    expect(org.body).not.toContain('Medicine and Emergency Care');
    const { events } = await auditRepository(t.database.db).list({ action: 'membership.grant', limit: 1 });
    expect(events[0]).toMatchObject({
      actorLabel: 'admin',
      summary: 'k.hughes is now Viewer for Demo Hospitals NHS Foundation Trust – Surgery and Anaesthetics',
    });
  });

  it('lists every problem with a new account and keeps what was typed', async () => {
    const admin = t.agent();
    await admin.signIn('admin', DEMO_PASSWORD);
    await admin.get('/o/DHF/people');
    const r = await admin.post('/o/DHF/people', {
      username: 'new person',
      displayName: '',
      email: 'not-an-email',
      role: 'emperor',
      unit: '',
      signIn: 'password',
      password: 'short',
    });
    expect(r.statusCode).toBe(400);
    expect(r.body).toContain('There is a problem');
    for (const text of [
      'Choose a role',
      'Enter a username of 2 to 100 characters',
      'Enter the person’s full name',
      'Enter an email address in the correct format',
      'Password must be at least 12 characters long',
    ])
      expect(r.body).toContain(text);
    expect(r.body).toContain('value="not-an-email"');
    expect(await usersRepository(t.database.db).findByUsername('new person')).toBeNull();
  });

  it('refuses a password for someone who signs in with single sign-on', async () => {
    const admin = t.agent();
    await admin.signIn('admin', DEMO_PASSWORD);
    await admin.get('/o/DHF/people');
    const r = await admin.post('/o/DHF/people', {
      username: 'sso.newcomer',
      displayName: 'SSO Newcomer',
      email: '',
      role: 'viewer',
      unit: '',
      signIn: 'sso',
      password: 'a password nobody needs',
    });
    expect(r.statusCode).toBe(400);
    expect(r.body).toContain('Leave the initial password empty for someone who signs in with single sign-on');
    expect(await usersRepository(t.database.db).findByUsername('sso.newcomer')).toBeNull();
  });

  it('changes and removes roles, but never an administrator’s own', async () => {
    const admin = t.agent();
    await admin.signIn('admin', DEMO_PASSWORD);
    const viewer = (await usersRepository(t.database.db).findByUsername('viewer'))!;
    const membership = (await usersRepository(t.database.db).membershipsOfUser(viewer.id))[0]!;
    await admin.get('/o/DHF/people');
    expect((await admin.post(`/o/DHF/people/${membership.id}/role`, { role: 'analyst' })).statusCode).toBe(
      303,
    );
    expect((await usersRepository(t.database.db).findMembership(membership.id))?.role).toBe('analyst');
    expect((await admin.post(`/o/DHF/people/${membership.id}/remove`)).statusCode).toBe(303);
    expect(await usersRepository(t.database.db).findMembership(membership.id)).toBeNull();
    // A membership of another organisation cannot be reached through this one.
    const adminUser = (await usersRepository(t.database.db).findByUsername('admin'))!;
    const own = (await usersRepository(t.database.db).membershipsOfUser(adminUser.id))[0]!;
    expect((await admin.post(`/o/DHF/people/${own.id}/remove`)).statusCode).toBe(404);
    await admin.get('/o/DIC/people');
    const self = await admin.post(`/o/DIC/people/${own.id}/role`, { role: 'viewer' });
    expect(self.statusCode).toBe(403);
    expect(self.body).toContain('You cannot remove your own administrator role');
  });

  it('lets people change their own password, ending their other sessions', async () => {
    const first = t.agent();
    const second = t.agent();
    await first.signIn('lead', DEMO_PASSWORD);
    await second.signIn('lead', DEMO_PASSWORD);
    await first.get('/account');
    const wrong = await first.post('/account/password', { currentPassword: 'not it', newPassword: 'x' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('Your current password is not correct');
    expect(wrong.body).toContain('New password must be at least 12 characters long');
    const ok = await first.post('/account/password', {
      currentPassword: DEMO_PASSWORD,
      newPassword: 'a brand new long phrase',
    });
    expect(ok.statusCode).toBe(303);
    expect((await first.get('/account')).body).toContain('Your password has been changed');
    expect((await second.get('/account')).statusCode).toBe(303);
    const again = t.agent();
    await again.signIn('lead', 'a brand new long phrase');
  });

  it('shows the audit trail with before and after, filtered by action', async () => {
    const admin = t.agent();
    await admin.signIn('admin', DEMO_PASSWORD);
    const all = await admin.get('/o/DHF/audit');
    expect(all.statusCode).toBe(200);
    expect(all.body).toContain('<td class="nhsuk-table__cell">Changed role</td>');
    // Before and after in words, not as stored JSON.
    expect(all.body).toContain('<li>Role: analyst</li>');
    expect(all.body).not.toContain('&quot;role&quot;');
    const filtered = await admin.get('/o/DHF/audit?action=auth.sign_in');
    expect(filtered.body).toContain('Signed in with a password');
    expect(filtered.body).not.toContain('<td class="nhsuk-table__cell">Changed role</td>');
  });
});
