/**
 * Sign-in and account attacks, tried against the real app: growing delays instead of a lock-out an attacker
 * can hold, the browser and address that signed in before let in while an attacker elsewhere is delayed, the
 * current password throttled like sign-in, nothing typed into the username box kept unless it names an
 * account, return paths kept on this site, other organisations' accounts neither attached nor revealed, and
 * common passwords refused wherever a password is set.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { EXIT } from '../../src/cli/exit-codes.js';
import { run } from '../../src/cli/main.js';
import { auditRepository } from '../../src/features/audit/audit.js';
import { DEMO_PASSWORD } from '../../src/features/demo/demo.js';
import { organisationsRepository } from '../../src/features/organisations/organisations.repository.js';
import { usersRepository } from '../../src/features/users/users.repository.js';
import { buildTestApp, type Agent, type TestApp } from '../support/app.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;

/** A fresh browser at an address, with the sign-in form loaded. */
async function browserAt(t: TestApp, address: string): Promise<Agent> {
  const agent = t.agent();
  agent.remoteAddress = address;
  await agent.get('/sign-in');
  return agent;
}

async function attempt(agent: Agent, username: string, password: string) {
  return agent.post('/sign-in', { username, password, returnTo: '/' });
}

/** Signs in, then out again, leaving the browser with whatever a successful sign-in leaves in it. */
async function signInAndOut(agent: Agent, username: string, password: string): Promise<void> {
  const r = await attempt(agent, username, password);
  expect(r.statusCode).toBe(303);
  await agent.get('/');
  expect((await agent.post('/sign-out')).statusCode).toBe(303);
  await agent.get('/sign-in');
}

describe('sign-in delays instead of a lock-out', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({
      demo: true,
      settings: { loginMaxAttempts: 3, loginDelaySeconds: 30, loginWindowMinutes: 4 },
    });
  });
  afterAll(async () => t?.close());

  it('makes each failure after the free ones wait twice as long, up to a cap, and says when to try again', async () => {
    const agent = await browserAt(t, '198.51.100.1');
    for (let i = 0; i < 2; i++) {
      const r = await attempt(agent, 'lead', `wrong-${i}`);
      expect(r.statusCode).toBe(401);
      expect(r.body).toContain('The username or password is not correct');
      expect(r.body).not.toContain('try again in');
    }
    const third = await attempt(agent, 'lead', 'wrong-2');
    expect(third.statusCode).toBe(429);
    expect(third.body).toContain('The username or password is not correct');
    expect(third.body).toContain('You can try again in 30 seconds');
    expect(third.headers['retry-after']).toBe('30');

    // While delayed, even the right password is not tried.
    const early = await attempt(agent, 'lead', DEMO_PASSWORD);
    expect(early.statusCode).toBe(429);
    expect(early.body).toContain('Too many failed sign-in attempts');
    expect(early.body).toContain('You can try again in 30 seconds');
    t.clock.advance(20 * SECOND);
    expect((await attempt(agent, 'lead', DEMO_PASSWORD)).body).toContain('try again in 10 seconds');

    // Each further failure doubles the wait: 1, 2, then 4 minutes, the cap.
    for (const [wait, next] of [
      [10 * SECOND, 'in 1 minute.'],
      [1 * MINUTE, 'in 2 minutes'],
      [2 * MINUTE, 'in 4 minutes'],
      [4 * MINUTE, 'in 4 minutes'],
    ] as const) {
      t.clock.advance(wait);
      const r = await attempt(agent, 'lead', 'still-wrong');
      expect(r.statusCode).toBe(429);
      expect(r.body).toContain(`You can try again ${next}`);
    }
    t.clock.advance(4 * MINUTE);
    expect((await attempt(agent, 'lead', DEMO_PASSWORD)).statusCode).toBe(303);

    // Every failure is in the audit trail, and so is every delay.
    const failed = await auditRepository(t.database.db).list({ action: 'auth.sign_in_failed', limit: 50 });
    expect(
      failed.events.filter((e) => e.actorLabel === 'lead' && e.summary === 'Wrong password'),
    ).toHaveLength(7);
    const delayed = await auditRepository(t.database.db).list({ action: 'auth.sign_in_paused', limit: 50 });
    expect(delayed.events.filter((e) => e.actorLabel === 'lead').map((e) => e.summary)).toContain(
      'Sign-in delayed 30 seconds after 3 failed attempts',
    );
  });

  it('remembers failures until a quiet window has passed after the last delay, then forgets them', async () => {
    const agent = await browserAt(t, '198.51.100.2');
    for (let i = 0; i < 3; i++) await attempt(agent, 'viewer', `typo-${i}`);
    t.clock.advance(3 * MINUTE);
    const remembered = await attempt(agent, 'viewer', 'typo-3');
    expect(remembered.body).toContain('The username or password is not correct');
    expect(remembered.body).toContain('You can try again in 1 minute.');
    t.clock.advance(1 * MINUTE + 5 * MINUTE);
    for (let i = 0; i < 2; i++) expect((await attempt(agent, 'viewer', `typo-${i}`)).statusCode).toBe(401);
    expect((await attempt(agent, 'viewer', DEMO_PASSWORD)).statusCode).toBe(303);
  });

  it('lets the owner in from the browser and the address they used before while an attacker elsewhere is delayed', async () => {
    const owner = await browserAt(t, '192.0.2.10');
    await signInAndOut(owner, 'analyst', DEMO_PASSWORD);
    expect(owner.cookies.get('parity_device')).toMatch(/^[\w.~-]+$/);

    const attacker = await browserAt(t, '203.0.113.66');
    for (let i = 0; i < 6; i++) await attempt(attacker, 'analyst', `guess-${i}`);
    expect((await attempt(attacker, 'analyst', DEMO_PASSWORD)).statusCode).toBe(429);

    // The owner's own browser, and another browser at the address they signed in from, are not delayed.
    expect((await attempt(owner, 'analyst', DEMO_PASSWORD)).statusCode).toBe(303);
    const colleagueDesk = await browserAt(t, '192.0.2.10');
    expect((await attempt(colleagueDesk, 'analyst', DEMO_PASSWORD)).statusCode).toBe(303);
    // A new browser somewhere new waits like the attacker: the price of refusing guesses.
    const elsewhere = await browserAt(t, '198.51.100.77');
    expect((await attempt(elsewhere, 'analyst', DEMO_PASSWORD)).statusCode).toBe(429);

    // The browser's mark is bound to its account and cannot be altered: copied to the attacker, it
    // exempts nothing for another account, and a changed one exempts nothing at all.
    const device = owner.cookies.get('parity_device')!;
    for (let i = 0; i < 3; i++) await attempt(attacker, 'caregroup', `guess-${i}`);
    attacker.cookies.set('parity_device', device);
    expect((await attempt(attacker, 'caregroup', DEMO_PASSWORD)).statusCode).toBe(429);
    const at = device.length - 5;
    const flipped = device.slice(0, at) + (device[at] === 'x' ? 'y' : 'x') + device.slice(at + 1);
    attacker.cookies.set('parity_device', flipped);
    expect((await attempt(attacker, 'analyst', DEMO_PASSWORD)).statusCode).toBe(429);
  });

  it('throttles the current password on the account page like sign-in', async () => {
    const agent = await browserAt(t, '198.51.100.30');
    expect((await attempt(agent, 'regional', DEMO_PASSWORD)).statusCode).toBe(303);
    await agent.get('/account');
    const next = 'a fresh and unrelated phrase';
    for (let i = 0; i < 2; i++) {
      const r = await agent.post('/account/password', { currentPassword: `nope-${i}`, newPassword: next });
      expect(r.statusCode).toBe(400);
      expect(r.body).toContain('Your current password is not correct');
    }
    const third = await agent.post('/account/password', { currentPassword: 'nope-2', newPassword: next });
    expect(third.statusCode).toBe(429);
    expect(third.body).toContain('You can try again in 30 seconds');
    // The right current password is not checked while delayed, and nothing changes.
    const right = await agent.post('/account/password', {
      currentPassword: DEMO_PASSWORD,
      newPassword: next,
    });
    expect(right.statusCode).toBe(429);
    expect(right.body).toContain('Too many wrong current passwords');
    t.clock.advance(30 * SECOND);
    expect(
      (await agent.post('/account/password', { currentPassword: DEMO_PASSWORD, newPassword: next }))
        .statusCode,
    ).toBe(303);
    const again = await browserAt(t, '198.51.100.30');
    expect((await attempt(again, 'regional', next)).statusCode).toBe(303);
  });

  it('keeps no trace of what was typed as a username unless it names an account', async () => {
    const agent = await browserAt(t, '198.51.100.40');
    const typed = 'Tuesday-Theatre-99!';
    const r1 = await attempt(agent, typed, 'anything at all');
    const r2 = await attempt(agent, typed, 'anything else');
    expect([r1.statusCode, r2.statusCode]).toEqual([401, 401]);
    await attempt(agent, 'caregroup', 'not the password');

    const db = t.database.db;
    const events = await db.selectFrom('audit_events').selectAll().execute();
    const throttle = await db.selectFrom('login_throttle').select('key').execute();
    for (const text of [JSON.stringify(events), JSON.stringify(throttle)])
      expect(text.toLowerCase()).not.toContain(typed.toLowerCase());
    // Repeated attempts can still be told apart and put together, by a keyed hash.
    const unknown = events.filter((e) => e.ip === '198.51.100.40' && e.actor_user_id === null);
    expect(unknown).toHaveLength(2);
    expect(unknown[0]!.actor_label).toMatch(/^unknown account [0-9a-f]{12}$/);
    expect(unknown[1]!.actor_label).toBe(unknown[0]!.actor_label);
    expect(unknown[0]!.summary).toBe('Unknown username');
    // An existing account is named, as before; the throttle's keys never hold a username.
    const known = events.find((e) => e.ip === '198.51.100.40' && e.actor_user_id !== null);
    expect(known?.actor_label).toBe('caregroup');
    for (const { key } of throttle) expect(key).not.toMatch(/caregroup|analyst|lead|viewer|regional/);
  });
});

describe('one address trying many accounts', () => {
  let t: TestApp;
  beforeAll(async () => {
    // One free failure per account: the address's limit is then 20.
    t = await buildTestApp({ demo: true, settings: { loginMaxAttempts: 1, loginDelaySeconds: 30 } });
  });
  afterAll(async () => t?.close());

  it('is delayed after twenty times the account limit, and a success from it starts its count again', async () => {
    const sprayer = await browserAt(t, '203.0.113.5');
    for (let i = 0; i < 20; i++) {
      const r = await attempt(sprayer, `person.${i}`, 'Winter2026!');
      expect(r.body).toContain('The username or password is not correct');
    }
    const refused = await attempt(sprayer, 'person.20', 'Winter2026!');
    expect(refused.statusCode).toBe(429);
    expect(refused.body).toContain('Too many failed sign-in attempts');
    // Another address is not affected.
    const other = await browserAt(t, '203.0.113.6');
    expect((await attempt(other, 'person.21', 'Winter2026!')).body).toContain(
      'The username or password is not correct',
    );

    t.clock.advance(30 * SECOND);
    expect((await attempt(sprayer, 'viewer', DEMO_PASSWORD)).statusCode).toBe(303);
    const fresh = await browserAt(t, '203.0.113.5');
    for (const name of ['person.22', 'person.23'])
      expect((await attempt(fresh, name, 'Winter2026!')).body).toContain(
        'The username or password is not correct',
      );
  });
});

describe('return paths after sign-in', () => {
  let t: TestApp;
  let signedIn: Agent;
  beforeAll(async () => {
    t = await buildTestApp({ demo: true });
    signedIn = t.agent();
    await signedIn.signIn('viewer', DEMO_PASSWORD);
  });
  afterAll(async () => t?.close());

  const payloads = [
    '/\t/evil.example',
    '/\n/evil.example',
    '/\r\n/evil.example',
    '/\\/evil.example',
    '/\\evil.example',
    '\\\\evil.example',
    '//evil.example',
    '///evil.example',
    '/./\\evil.example',
    '/.//evil.example',
    '/..//evil.example',
    '/%2F%2Fevil.example',
    '%2F%2Fevil.example',
    '/%5C/evil.example',
    '/%09/evil.example',
    '/%0A/x',
    'https://evil.example',
    'HTTPS://evil.example/',
    ' //evil.example',
    'javascript:alert(1)',
    '/\u0000/evil.example',
    '/\u007f/evil.example',
    '/\u2028/evil.example',
    '/\u00a0/evil.example',
    `/${'a'.repeat(5000)}`,
    '/o/DHF?x=\u00e9',
  ];

  /** Where a browser goes from a Location header on this site. */
  const resolves = (location: string) => new URL(location, 'http://parity.invalid/sign-in');

  it('redirects a signed-in visitor only within the site, whatever the return path', async () => {
    for (const returnTo of payloads) {
      const r = await signedIn.get(`/sign-in?returnTo=${encodeURIComponent(returnTo)}`);
      expect(r.statusCode, JSON.stringify(returnTo)).toBe(303);
      const location = String(r.headers.location);
      expect(location, JSON.stringify(returnTo)).toMatch(/^\/(?![/\\])[\x21-\x7e]*$/);
      expect(resolves(location).origin).toBe('http://parity.invalid');
    }
    // The requests of the report as they were sent, and a repeated parameter.
    for (const query of ['returnTo=%2F%09%2Fevil.example', 'returnTo=/%0A/x', 'returnTo=/a&returnTo=/b']) {
      const r = await signedIn.get(`/sign-in?${query}`);
      expect(r.statusCode, query).toBe(303);
      expect(r.headers.location, query).toBe('/');
    }
    // Ordinary paths with a query survive as they were.
    const ok = await signedIn.get(`/sign-in?returnTo=${encodeURIComponent('/o/DHF/plans?year=2024')}`);
    expect(ok.headers.location).toBe('/o/DHF/plans?year=2024');
  });

  it('follows the same rule after signing in with a password, and the form keeps only a safe path', async () => {
    for (const returnTo of ['/\t/evil.example', '/.//evil.example', '/\n/x', '/\\/evil.example']) {
      const agent = t.agent();
      const form = await agent.get(`/sign-in?returnTo=${encodeURIComponent(returnTo)}`);
      expect(form.statusCode).toBe(200);
      expect(form.body, JSON.stringify(returnTo)).toContain('name="returnTo" value="/"');
      const r = await agent.post('/sign-in', { username: 'viewer', password: DEMO_PASSWORD, returnTo });
      expect(r.statusCode).toBe(303);
      expect(r.headers.location).toBe('/');
    }
  });
});

describe('attaching existing accounts to an organisation', () => {
  let t: TestApp;
  let trustAdmin: Agent;
  beforeAll(async () => {
    t = await buildTestApp({ demo: true });
    const { services } = t;
    const orgs = organisationsRepository(services.db);
    const dhf = (await orgs.findByOds('DHF'))!;
    const dcm = (await orgs.findByOds('DCM'))!;
    const system = { userId: null, label: 'test' };
    const make = async (username: string, displayName: string, org: string | null) => {
      const user = await services.users.createUser(
        system,
        {
          username,
          displayName,
          email: `${username}@elsewhere.example`,
          password: 'seven long unrelated words',
        },
        org,
      );
      if (org)
        await services.users.grantRole(system, {
          userId: user.id,
          organisationId: org,
          unitPath: null,
          role: org === dhf.id ? 'admin' : 'viewer',
        });
      return user;
    };
    await make('dhf.admin', 'Dana Trust-Admin', dhf.id);
    await make('dcm.nurse', 'Nia Secret-Name', dcm.id);
    await make('between.jobs', 'Ola Newstarter', null);
    trustAdmin = t.agent();
    await trustAdmin.signIn('dhf.admin', 'seven long unrelated words');
  });
  afterAll(async () => t?.close());

  const give = (agent: Agent, username: string) =>
    agent.post('/o/DHF/people', {
      username,
      role: 'viewer',
      unit: '',
      displayName: '',
      email: '',
      signIn: '',
      password: '',
    });

  it('refuses another trust’s account with the answer for no account at all, and attaches only those the administrator may see', async () => {
    await trustAdmin.get('/o/DHF/people');
    const foreign = await give(trustAdmin, 'dcm.nurse');
    const missing = await give(trustAdmin, 'dcm.nurse2');
    expect(foreign.statusCode).toBe(400);
    expect(missing.statusCode).toBe(400);
    const problems = (body: string) =>
      [...body.matchAll(/<a href="#[^"]+">([^<]+)<\/a>/g)].map((m) => m[1]!.trim());
    expect(problems(missing.body)).toEqual([
      'Choose how the new person will sign in',
      'Enter the person’s full name',
    ]);
    expect(problems(foreign.body)).toEqual(problems(missing.body));
    expect(foreign.body.replaceAll('dcm.nurse', 'X')).toBe(missing.body.replaceAll('dcm.nurse2', 'X'));
    expect(foreign.body).not.toContain('Nia Secret-Name');
    expect(foreign.body).not.toContain('elsewhere.example');
    const nurse = (await usersRepository(t.database.db).findByUsername('dcm.nurse'))!;
    expect(await usersRepository(t.database.db).membershipsOfUser(nurse.id)).toHaveLength(1);
    const people = await trustAdmin.get('/o/DHF/people');
    expect(people.body).not.toContain('Nia Secret-Name');

    // An account with no role anywhere, or one in an organisation the administrator runs, is attached.
    await trustAdmin.get('/o/DHF/people');
    expect((await give(trustAdmin, 'between.jobs')).statusCode).toBe(303);
    expect((await trustAdmin.get('/o/DHF/people')).body).toContain('Ola Newstarter is now Viewer.');
    expect((await give(trustAdmin, 'lead')).statusCode).toBe(303);
    // The ICB's administrator runs both trusts, so may bring the other trust's nurse to this one.
    const icbAdmin = t.agent();
    await icbAdmin.signIn('admin', DEMO_PASSWORD);
    await icbAdmin.get('/o/DHF/people');
    expect((await give(icbAdmin, 'dcm.nurse')).statusCode).toBe(303);
  });
});

describe('common passwords', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ demo: true });
  });
  afterAll(async () => t?.close());

  it('are refused when people change their own password, saying why without repeating it', async () => {
    const agent = t.agent();
    await agent.signIn('viewer', DEMO_PASSWORD);
    await agent.get('/account');
    for (const weak of ['Password123!', 'password1234', 'P@ssw0rd2026!', 'Parity2026!!', 'qwertyuiop123']) {
      const r = await agent.post('/account/password', { currentPassword: DEMO_PASSWORD, newPassword: weak });
      expect(r.statusCode, weak).toBe(400);
      expect(r.body).toMatch(/New password must not be (a commonly used password|the name of this service)/);
      expect(r.body).not.toContain(weak);
    }
  });

  it('are refused for a new account made on the people page', async () => {
    const admin = t.agent();
    await admin.signIn('admin', DEMO_PASSWORD);
    await admin.get('/o/DHF/people');
    const r = await admin.post('/o/DHF/people', {
      username: 'new.starter',
      displayName: 'New Starter',
      email: '',
      role: 'viewer',
      unit: '',
      signIn: 'password',
      password: 'Password123!',
    });
    expect(r.statusCode).toBe(400);
    expect(r.body).toContain('Password must not be a commonly used password');
    expect(await usersRepository(t.database.db).findByUsername('new.starter')).toBeNull();
  });
});

describe('common passwords on the command line', () => {
  const saved = { ...process.env };
  const stdin = Object.getOwnPropertyDescriptor(process, 'stdin')!;
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'parity-password-cli-'));
    Object.assign(process.env, {
      PARITY_ENV: 'test',
      DATABASE_URL: `sqlite:${path.join(dir, 'cli.sqlite')}`,
      PARITY_SESSION_SECRET: 'cli-test-secret-of-at-least-32-characters',
      PARITY_PSEUDONYMISATION_KEY: 'cli-test-pseudonymisation-key-of-32-chars',
    });
  });
  afterAll(() => {
    process.env = { ...saved };
    Object.defineProperty(process, 'stdin', stdin);
    rmSync(dir, { recursive: true, force: true });
  });

  /** Runs `parity` as a person would, typing `input` on standard input. */
  async function parity(args: string[], input: string): Promise<{ code: number; output: string }> {
    const lines: string[] = [];
    Object.defineProperty(process, 'stdin', {
      value: Readable.from([Buffer.from(`${input}\n`)]),
      configurable: true,
    });
    const log = vi
      .spyOn(console, 'log')
      .mockImplementation((...a: unknown[]) => void lines.push(a.join(' ')));
    try {
      const code = await run(args, (line) => lines.push(line));
      return { code, output: lines.join('\n') };
    } finally {
      log.mockRestore();
    }
  }

  it('are refused by `parity user add` and `parity user password`', async () => {
    const add = await parity(
      ['user', 'add', 'k.ahmed', '--name', 'Kamal Ahmed', '--password-stdin'],
      'Password123!',
    );
    expect(add.code).toBe(EXIT.BAD_INPUT);
    expect(add.output).toContain('must not be a commonly used password');
    expect(add.output).not.toContain('Password123!');
    const ok = await parity(
      ['user', 'add', 'k.ahmed', '--name', 'Kamal Ahmed', '--password-stdin'],
      'ward rounds at seven',
    );
    expect(ok.code).toBe(EXIT.OK);
    const reset = await parity(['user', 'password', 'k.ahmed', '--password-stdin'], 'qwertyuiop123');
    expect(reset.code).toBe(EXIT.BAD_INPUT);
    expect(reset.output).toContain('must not be a commonly used password');
  });
});
