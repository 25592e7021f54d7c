/**
 * Pages kept for a session (server/page-cache.ts), on the demo: a page asked for again is answered after the
 * access checks with the page kept, reading nothing else; any change, made through the pages or by another
 * process straight into the database, is shown on the next request; a page is kept for its own session
 * only, never for a signed-out one or past the access a role still has, never with a flash message, and
 * not past the day it was rendered on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/features/demo/demo.js';
import { createServices } from '../../src/features/services.js';
import { createApp } from '../../src/server/app.js';
import { fixedClock } from '../../src/shared/clock.js';
import { openDatabase, type DatabaseHandle } from '../../src/storage/database.js';
import { Agent, preparedDemo, TEST_NOW } from '../support/app.js';
import { openTestDatabase, type TestDatabase } from '../support/databases.js';
import { readObserver } from '../support/reads.js';
import { testConfig } from '../support/settings.js';

const OVERVIEW = '/o/DHF/dashboard';
const WRES2 = '/o/DHF/dashboard/indicators/WRES2?year=2024';
/** What every signed-in request reads before its page: the session, its person, their roles, the organisations. */
const ACCESS_READS = ['sessions', 'users', 'memberships', 'organisations'];

describe('pages kept for a session', () => {
  let database: TestDatabase;
  let other: DatabaseHandle;
  let app: Awaited<ReturnType<typeof createApp>>;
  const clock = fixedClock(TEST_NOW);
  const reads = readObserver();
  const agents: Record<string, Agent> = {};

  beforeAll(async () => {
    database = await openTestDatabase('sqlite', { copyOf: await preparedDemo() });
    other = await openDatabase(database.url);
    const config = testConfig(database.url);
    expect(config.pageCachePages).toBe(400);
    const services = createServices({ db: database.db.withPlugin(reads.plugin), clock, settings: config });
    app = await createApp({ config, services, oidc: null, preparer: null });
    await app.ready();
    for (const name of ['viewer', 'analyst', 'caregroup']) {
      agents[name] = new Agent(app);
      await agents[name].signIn(name, DEMO_PASSWORD);
    }
  }, 240_000);

  afterAll(async () => {
    await app?.close();
    await other?.close();
    await database?.dispose();
  });

  /** The page and the tables its request read. */
  async function read(agent: Agent, url: string) {
    const { value: response, tables } = await reads.during(() => agent.get(url));
    return { status: response.statusCode, body: response.body, read: new Set(tables) };
  }
  const renderedAgain = (read: Set<string>) => read.has('dataset_versions');

  it('answers a page asked for again with the page kept, after the access checks only', async () => {
    const first = await read(agents.viewer!, OVERVIEW);
    expect(first.status).toBe(200);
    expect(renderedAgain(first.read)).toBe(true);
    const again = await read(agents.viewer!, OVERVIEW);
    expect(again.status).toBe(200);
    expect(again.body).toBe(first.body);
    expect([...again.read].sort()).toEqual([...ACCESS_READS, 'change_counter'].sort());
  });

  it('shows a change made through the pages on the next request', async () => {
    const viewer = agents.viewer!;
    const analyst = agents.analyst!;
    expect((await read(viewer, WRES2)).body).not.toContain('Panels now include an independent member.');
    // The first view of a page may keep figures it computed (a change): from the next one it is kept.
    await read(viewer, WRES2);
    expect(renderedAgain((await read(viewer, WRES2)).read)).toBe(false);
    const form = await analyst.get(WRES2);
    const version = /name="version" value="(\d+)"/.exec(form.body)?.[1] ?? '0';
    const saved = await analyst.post(`/o/DHF/dashboard/indicators/WRES2/narrative?year=2024`, {
      text: 'Panels now include an independent member.',
      version,
    });
    expect(saved.statusCode).toBe(303);
    const after = await read(viewer, WRES2);
    expect(renderedAgain(after.read)).toBe(true);
    expect(after.body).toContain('Panels now include an independent member.');
  });

  it('shows a change another process wrote straight into the database', async () => {
    const viewer = agents.viewer!;
    await read(viewer, OVERVIEW);
    expect((await read(viewer, OVERVIEW)).body).not.toContain('Renamed by another process');
    const original = await other.db
      .selectFrom('organisations')
      .select(['id', 'name'])
      .where('ods_code', '=', 'DHF')
      .executeTakeFirstOrThrow();
    await other.db
      .updateTable('organisations')
      .set({ name: 'Renamed by another process' })
      .where('ods_code', '=', 'DHF')
      .execute();
    try {
      expect((await read(viewer, OVERVIEW)).body).toContain('Renamed by another process');
    } finally {
      await other.db
        .updateTable('organisations')
        .set({ name: original.name })
        .where('id', '=', original.id)
        .execute();
    }
  });

  it("keeps a page for its own session: another person's, or the same person's other session, is its own", async () => {
    const viewerPage = await read(agents.viewer!, OVERVIEW);
    const careGroupPage = await read(agents.caregroup!, OVERVIEW);
    expect(careGroupPage.status).toBe(200);
    expect(careGroupPage.body).not.toBe(viewerPage.body);
    expect(renderedAgain(careGroupPage.read)).toBe(true);
    const second = new Agent(app);
    await second.signIn('viewer', DEMO_PASSWORD);
    const secondPage = await read(second, OVERVIEW);
    expect(renderedAgain(secondPage.read)).toBe(true);
    const token = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
    expect(token(secondPage.body)).toBeDefined();
    expect(token(secondPage.body)).not.toBe(token(viewerPage.body));
  });

  it('gives a signed-out session, or a role taken away, no kept page', async () => {
    const leaving = new Agent(app);
    await leaving.signIn('viewer', DEMO_PASSWORD);
    await read(leaving, OVERVIEW);
    expect((await read(leaving, OVERVIEW)).status).toBe(200);
    expect((await leaving.post('/sign-out', {})).statusCode).toBe(303);
    const after = await leaving.get(OVERVIEW);
    expect(after.statusCode).toBe(303);
    expect(after.headers.location).toContain('/sign-in');

    const caregroup = agents.caregroup!;
    expect((await read(caregroup, OVERVIEW)).status).toBe(200);
    const user = await other.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'caregroup')
      .executeTakeFirstOrThrow();
    const memberships = await other.db
      .selectFrom('memberships')
      .selectAll()
      .where('user_id', '=', user.id)
      .execute();
    await other.db.deleteFrom('memberships').where('user_id', '=', user.id).execute();
    try {
      expect((await read(caregroup, OVERVIEW)).status).toBe(403);
    } finally {
      await other.db.insertInto('memberships').values(memberships).execute();
    }
    expect((await read(caregroup, OVERVIEW)).status).toBe(200);
  });

  it('never keeps a page that carried a flash message', async () => {
    const analyst = agents.analyst!;
    const form = await analyst.get(WRES2);
    const version = /name="version" value="(\d+)"/.exec(form.body)?.[1] ?? '0';
    const saved = await analyst.post(`/o/DHF/dashboard/indicators/WRES2/narrative?year=2024`, {
      text: 'A second narrative.',
      version,
    });
    expect(saved.statusCode).toBe(303);
    const flashed = await read(analyst, saved.headers.location as string);
    const flash = /Narrative saved/;
    expect(flashed.body).toMatch(flash);
    const next = await read(analyst, saved.headers.location as string);
    expect(next.body).not.toMatch(flash);
  });

  it('renders a page again on a new day', async () => {
    // Sessions last 12 hours: this one starts 20 minutes before midnight.
    clock.set('2026-06-15T23:40:00.000Z');
    try {
      const late = new Agent(app);
      await late.signIn('viewer', DEMO_PASSWORD);
      await read(late, OVERVIEW);
      expect(renderedAgain((await read(late, OVERVIEW)).read)).toBe(false);
      clock.set('2026-06-16T00:10:00.000Z');
      const tomorrow = await read(late, OVERVIEW);
      expect(tomorrow.status).toBe(200);
      expect(renderedAgain(tomorrow.read)).toBe(true);
    } finally {
      clock.set(TEST_NOW);
    }
  });
});
