/**
 * Several server processes behind a load balancer share sessions through the database: a session made by
 * one app instance is honoured by another with its own connection, and signing out on one ends it on both.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemo, DEMO_PASSWORD } from '../../src/features/demo/demo.js';
import { createServices } from '../../src/features/services.js';
import { createApp } from '../../src/server/app.js';
import { systemClock } from '../../src/shared/clock.js';
import { openDatabase, type DatabaseHandle } from '../../src/storage/database.js';
import { Agent, TEST_DEMO } from '../support/app.js';
import { testConfig } from '../support/settings.js';
import { openTestDatabase, type TestDatabase } from '../support/databases.js';

describe.each(['sqlite', 'postgres'] as const)('sessions shared between app instances on %s', (dialect) => {
  let primary: TestDatabase;
  let secondary: DatabaseHandle;
  const apps: Awaited<ReturnType<typeof createApp>>[] = [];

  beforeAll(async () => {
    primary = await openTestDatabase(dialect);
    secondary = await openDatabase(primary.url);
    for (const handle of [primary, secondary]) {
      const config = testConfig(primary.url);
      const services = createServices({ db: handle.db, clock: systemClock, settings: config });
      if (apps.length === 0) await createDemo(services, { withData: false, ...TEST_DEMO });
      apps.push(await createApp({ config, services }));
    }
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await secondary?.close();
    await primary?.dispose();
  });

  it('honours a session created by the other instance, and ends it everywhere on sign-out', async () => {
    const [a, b] = apps as [(typeof apps)[0], (typeof apps)[0]];
    const onA = new Agent(a);
    await onA.signIn('analyst', DEMO_PASSWORD);
    const onB = new Agent(b);
    for (const [k, v] of onA.cookies) onB.cookies.set(k, v);
    const home = await onB.get('/');
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain('Priya Patel (EDI lead)');

    // Sign out through B with a form token B rendered; A no longer knows the session.
    expect((await onB.post('/sign-out')).statusCode).toBe(303);
    const after = await onA.get('/o/DHF');
    expect(after.statusCode).toBe(303);
    expect(after.headers.location).toBe('/sign-in?returnTo=%2Fo%2FDHF');
  });
});
