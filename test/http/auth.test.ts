import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRepository } from '../../src/features/audit/audit.js';
import { DEMO_PASSWORD } from '../../src/features/demo/demo.js';
import { buildTestApp, csrfFrom, type TestApp } from '../support/app.js';

describe('signing in and out', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ demo: true, settings: { loginMaxAttempts: 3 } });
  });
  afterAll(async () => t?.close());

  it('shows the sign-in form with a form token and a pre-sign-in cookie', async () => {
    const agent = t.agent();
    const page = await agent.get('/sign-in');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h1>Sign in to Parity</h1>');
    expect(csrfFrom(page.body)).toMatch(/^[\w-]{43}$/);
    const cookie = page.cookies.find((c) => c.name === 'parity_csrf');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
  });

  it('signs in with the right password, sets a safe session cookie and records the event', async () => {
    const agent = t.agent();
    await agent.get('/sign-in');
    const response = await agent.post('/sign-in', {
      username: '  Analyst ',
      password: DEMO_PASSWORD,
      returnTo: '/o/DHF',
    });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/o/DHF');
    const session = response.cookies.find((c) => c.name === 'parity_session')!;
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(session.secure).toBeFalsy(); // http in tests; production sets Secure (below)
    const page = await agent.get('/o/DHF');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Demo Hospitals NHS Foundation Trust');
    const { events } = await auditRepository(t.database.db).list({ action: 'auth.sign_in', limit: 5 });
    expect(events[0]).toMatchObject({ actorLabel: 'analyst', summary: 'Signed in with a password' });
  });

  it('says what is missing, and does not say which of username or password was wrong', async () => {
    const agent = t.agent();
    await agent.get('/sign-in');
    const blank = await agent.post('/sign-in', { username: '', password: '' });
    expect(blank.statusCode).toBe(400);
    expect(blank.body).toContain('Enter your username');
    expect(blank.body).toContain('Enter your password');
    expect(blank.body).toContain('<title>Error: Sign in');
    const unknown = await agent.post('/sign-in', { username: 'nobody', password: 'whatever-password' });
    const wrong = await agent.post('/sign-in', { username: 'viewer', password: 'whatever-password' });
    for (const r of [unknown, wrong]) {
      expect(r.statusCode).toBe(401);
      expect(r.body).toContain('The username or password is not correct');
    }
  });

  it('makes an account wait after repeated failures', async () => {
    const agent = t.agent();
    await agent.get('/sign-in');
    for (let i = 0; i < 2; i++)
      expect((await agent.post('/sign-in', { username: 'lead', password: `nope-${i}` })).statusCode).toBe(
        401,
      );
    const third = await agent.post('/sign-in', { username: 'lead', password: 'nope-3' });
    expect(third.statusCode).toBe(429);
    expect(third.body).toContain('You can try again in 30 seconds');
    const right = await agent.post('/sign-in', { username: 'lead', password: DEMO_PASSWORD });
    expect(right.statusCode).toBe(429);
    expect(right.body).toContain('Too many failed sign-in attempts');
    t.clock.advance(30_000);
    expect((await agent.post('/sign-in', { username: 'lead', password: DEMO_PASSWORD })).statusCode).toBe(
      303,
    );
  });

  it('refuses a form without a valid token, and changes nothing', async () => {
    const agent = t.agent();
    await agent.get('/sign-in');
    const missing = await agent.post('/sign-in', {
      username: 'viewer',
      password: DEMO_PASSWORD,
      _csrf: null,
    });
    expect(missing.statusCode).toBe(403);
    expect(missing.body).toContain('This form has expired');
    const forged = await agent.post('/sign-in', {
      username: 'viewer',
      password: DEMO_PASSWORD,
      _csrf: 'forged',
    });
    expect(forged.statusCode).toBe(403);
    expect(forged.cookies.find((c) => c.name === 'parity_session')).toBeUndefined();
    // A token from another visitor's page does not work either.
    const other = t.agent();
    const otherToken = csrfFrom((await other.get('/sign-in')).body);
    expect(
      (await agent.post('/sign-in', { username: 'viewer', password: DEMO_PASSWORD, _csrf: otherToken }))
        .statusCode,
    ).toBe(403);
  });

  it('follows only same-site return paths', async () => {
    for (const returnTo of ['//evil.example/x', 'https://evil.example', '/\\evil.example']) {
      const agent = t.agent();
      await agent.get('/sign-in');
      const r = await agent.post('/sign-in', { username: 'viewer', password: DEMO_PASSWORD, returnTo });
      expect(r.headers.location).toBe('/');
    }
  });

  it('sends a signed-out visitor to sign in and back to the page they wanted', async () => {
    const agent = t.agent();
    const r = await agent.get('/o/DHF/people');
    expect(r.statusCode).toBe(303);
    expect(r.headers.location).toBe('/sign-in?returnTo=%2Fo%2FDHF%2Fpeople');
    const form = await agent.get(r.headers.location as string);
    expect(form.body).toContain('name="returnTo" value="/o/DHF/people"');
  });

  it('signs out: the session ends on the server, not only in the browser', async () => {
    const agent = t.agent();
    await agent.signIn('viewer', DEMO_PASSWORD);
    const token = agent.cookies.get('parity_session')!;
    const out = await agent.post('/sign-out');
    expect(out.statusCode).toBe(303);
    expect(out.headers.location).toBe('/sign-in');
    const replay = await t.app.inject({
      method: 'GET',
      url: '/o/DHF',
      headers: { cookie: `parity_session=${token}` },
    });
    expect(replay.statusCode).toBe(303);
    const page = await agent.get('/sign-in');
    expect(page.body).toContain('You have signed out.');
    const { events } = await auditRepository(t.database.db).list({ action: 'auth.sign_out', limit: 5 });
    expect(events[0]?.actorLabel).toBe('viewer');
  });
});

describe('cookies in production', () => {
  it('are Secure and pinned to the host', async () => {
    const p = await buildTestApp({
      demo: true,
      settings: { env: 'production', publicUrl: 'https://parity.example.nhs.uk' },
    });
    try {
      const agent = p.agent();
      const page = await agent.get('/sign-in');
      const csrf = page.cookies.find((c) => c.name === '__Host-parity_csrf')!;
      expect(csrf).toMatchObject({ secure: true, httpOnly: true, path: '/' });
      const r = await agent.post('/sign-in', { username: 'admin', password: DEMO_PASSWORD });
      expect(r.cookies.find((c) => c.name === '__Host-parity_session')).toMatchObject({
        secure: true,
        httpOnly: true,
        sameSite: 'Lax',
      });
      expect(String(r.headers['strict-transport-security'])).toContain('max-age=31536000');
    } finally {
      await p.close();
    }
  });
});
