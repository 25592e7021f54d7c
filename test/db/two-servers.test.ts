/**
 * Two `parity serve` processes, each with its own connection pool, on one real PostgreSQL server, as
 * behind a load balancer. What one process does the other must honour: a session made on one works on the
 * other and ends on both; parallel edits of one action sent to both from the same version leave exactly one
 * winner and no lost update; parallel wrong passwords for one account sent to both check no more passwords
 * than the throttle allows, and the right password during the wait signs nobody in.
 *
 * CI size: 10 parallel edits. PARITY_PROOFS=full: 40.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/features/demo/demo.js';
import { createServices } from '../../src/features/services.js';
import { systemClock } from '../../src/shared/clock.js';
import { TEST_PSEUDONYMISATION_KEY, TEST_SECRET, testConfig } from '../support/settings.js';
import { openTestDatabase, type TestDatabase } from '../support/databases.js';
import { formFields, startServer, WebClient, type ServerProcess } from '../support/server-process.js';
import { createTestDemo } from '../support/app.js';

const FULL = process.env.PARITY_PROOFS === 'full';
const EDITS = FULL ? 40 : 10;
const WRONG_PASSWORDS = 40;
const MAX_ATTEMPTS = 5;

describe('two server processes on one PostgreSQL database', () => {
  let database: TestDatabase;
  let a: ServerProcess;
  let b: ServerProcess;

  beforeAll(async () => {
    database = await openTestDatabase('postgres');
    const config = testConfig(database.url);
    await createTestDemo(createServices({ db: database.db, clock: systemClock, settings: config }));
    const env = {
      DATABASE_URL: database.url,
      PARITY_SESSION_SECRET: TEST_SECRET,
      PARITY_PSEUDONYMISATION_KEY: TEST_PSEUDONYMISATION_KEY,
      PARITY_LOGIN_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
      // A wait far longer than the test, so the right password below is sent during it whatever the speed.
      PARITY_LOGIN_DELAY_SECONDS: '600',
      PARITY_LOGIN_MAX_DELAY_MINUTES: '15',
    };
    [a, b] = await Promise.all([startServer(env), startServer(env)]);
  }, 180_000);

  afterAll(async () => {
    const codes = await Promise.all([a?.stop(), b?.stop()]);
    for (const [i, s] of [a, b].entries())
      if (s && codes[i] !== 0) console.error(`server ${i + 1} exited with ${codes[i]}:\n${s.output()}`);
    await database?.dispose();
  });

  const userId = async (username: string) =>
    (
      await database.db
        .selectFrom('users')
        .select('id')
        .where('username', '=', username)
        .executeTakeFirstOrThrow()
    ).id;

  it('honours a session made by the other process, and a sign-out on one ends it on both', async () => {
    const onA = WebClient.of(a.base);
    await onA.signIn('analyst', DEMO_PASSWORD);
    const tokenFromA = onA.token;
    const cookie = onA.cookieHeader();
    const onB = onA.at(b.base);
    const home = await onB.get('/');
    expect(home.status).toBe(200);
    expect(home.body).toContain('Priya Patel (EDI lead)');
    // Form tokens are bound to the session under the shared secret: either process's is the same.
    expect(onB.token).toBe(tokenFromA);

    expect((await onB.post('/sign-out', {})).status).toBe(303);
    const after = await fetch(`${a.base}/o/DHF`, { redirect: 'manual', headers: { cookie } });
    expect(after.status).toBe(303);
    expect(after.headers.get('location')).toBe('/sign-in?returnTo=%2Fo%2FDHF');
    const sessions = await database.db
      .selectFrom('sessions')
      .select('id')
      .where('user_id', '=', await userId('analyst'))
      .execute();
    expect(sessions).toHaveLength(0);
  });

  it(`keeps exactly one of ${EDITS} parallel edits of an action made from the same version, across both processes`, async () => {
    const analyst = WebClient.of(a.base);
    await analyst.signIn('analyst', DEMO_PASSWORD);
    const admin = WebClient.of(b.base);
    await admin.signIn('admin', DEMO_PASSWORD);
    const plans = await analyst.get('/o/DHF/plans');
    const planPath = /href="(\/o\/DHF\/plans\/[0-9a-f-]{36})"/.exec(plans.body)?.[1];
    const plan = await analyst.get(planPath!);
    const actionPath = /href="(\/o\/DHF\/plans\/[0-9a-f-]{36}\/actions\/[0-9a-f-]{36})"/.exec(plan.body)?.[1];
    expect(actionPath, 'an action of the demo plan').toBeTruthy();
    const actionId = actionPath!.split('/').pop()!;
    const edit = `${actionPath}/edit`;
    const stored = () =>
      database.db
        .selectFrom('plan_actions')
        .select(['text', 'version'])
        .where('id', '=', actionId)
        .executeTakeFirstOrThrow();
    const updates = async () =>
      Number(
        (
          await database.db
            .selectFrom('audit_events')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('action', '=', 'action.update')
            .where('entity_id', '=', actionId)
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await stored();
    const updatesBefore = await updates();

    // Every writer opens the form first (half on each process), as people do before anyone saves.
    const writers = Array.from({ length: EDITS }, (_, i) => (i % 2 === 0 ? analyst : admin));
    const forms = await Promise.all(writers.map((w) => w.get(edit)));
    const texts = writers.map(
      (_, i) => `Edit ${i + 1} of ${EDITS}, sent to server ${i % 2 === 0 ? 'A' : 'B'}.`,
    );
    const posts = forms.map((page, i) => {
      expect(page.status).toBe(200);
      const fields = formFields(page.body, edit).filter(([k]) => k !== 'text' && k !== 'reason');
      expect(fields).toContainEqual(['version', String(before.version)]);
      return [...fields, ['text', texts[i]!], ['reason', 'Two servers, one action']] as [string, string][];
    });
    const replies = await Promise.all(writers.map((w, i) => w.post(edit, posts[i]!)));

    const statuses = replies.map((r) => r.status);
    console.log(
      `Edits across two processes: ${EDITS} from version ${before.version}; answers ${statuses.filter((s) => s === 303).length} x 303, ${statuses.filter((s) => s === 409).length} x 409, other: ${statuses.filter((s) => s !== 303 && s !== 409).join(',') || 'none'}.`,
    );
    expect(statuses.filter((s) => s === 303)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(EDITS - 1);
    const winner = statuses.indexOf(303);
    const after = await stored();
    expect(after.text).toBe(texts[winner]);
    expect(Number(after.version)).toBe(Number(before.version) + 1);
    expect(await updates()).toBe(updatesBefore + 1);
    // A refused edit shows the winner's text to the person who lost.
    for (const r of replies.filter((x) => x.status === 409)) expect(r.body).toContain(texts[winner]);
  });

  it(`checks at most ${MAX_ATTEMPTS} of ${WRONG_PASSWORDS} parallel wrong passwords sent to both processes, and the right one then signs nobody in`, async () => {
    const viewerId = await userId('viewer');
    // Each attempt comes from its own browser with its own sign-in form, alternately from each process.
    const browsers = Array.from({ length: WRONG_PASSWORDS + 2 }, (_, i) =>
      WebClient.of(i % 2 ? b.base : a.base),
    );
    await Promise.all(browsers.map((c) => c.get('/sign-in')));
    const attempts = browsers.slice(0, WRONG_PASSWORDS);
    const wrong = await Promise.all(
      attempts.map((c, i) =>
        c.post('/sign-in', { username: 'viewer', password: `not the password ${i}`, returnTo: '/' }),
      ),
    );
    const statuses = wrong.map((r) => r.status);
    expect(
      statuses.every((s) => s === 401 || s === 429),
      statuses.join(','),
    ).toBe(true);

    // The right password, on both processes at once, while the account waits.
    const right = await Promise.all(
      browsers
        .slice(WRONG_PASSWORDS)
        .map((c) => c.post('/sign-in', { username: 'viewer', password: DEMO_PASSWORD, returnTo: '/' })),
    );

    const events = await database.db
      .selectFrom('audit_events')
      .select(['action', 'summary'])
      .where('entity_id', '=', viewerId)
      .where('action', 'in', ['auth.sign_in', 'auth.sign_in_failed'])
      .execute();
    const checked = events.filter((e) => e.summary === 'Wrong password').length;
    const sessions = await database.db
      .selectFrom('sessions')
      .select('id')
      .where('user_id', '=', viewerId)
      .execute();
    console.log(
      `Throttle across two processes: ${WRONG_PASSWORDS} wrong passwords sent in parallel; ${checked} checked (limit ${MAX_ATTEMPTS}); answers ${statuses.filter((s) => s === 401).length} x 401, ${statuses.filter((s) => s === 429).length} x 429; the right password then answered ${right.map((r) => r.status).join(' and ')}.`,
    );
    expect(checked).toBeGreaterThan(0);
    expect(checked).toBeLessThanOrEqual(MAX_ATTEMPTS);
    expect(right.map((r) => r.status)).toEqual([429, 429]);
    expect(events.filter((e) => e.action === 'auth.sign_in')).toHaveLength(0);
    expect(sessions).toHaveLength(0);
  });
});
