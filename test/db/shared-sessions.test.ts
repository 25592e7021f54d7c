/**
 * Several server processes behind a load balancer share sessions through the database: a session made by
 * one app instance is honoured by another with its own connection, and signing out on one ends it on both.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/features/demo/demo.js';
import { systemClock } from '../../src/shared/clock.js';
import { Agent, buildSharedApps, type SharedApps } from '../support/app.js';

describe.each(['sqlite', 'postgres'] as const)('sessions shared between app instances on %s', (dialect) => {
  let shared: SharedApps;

  beforeAll(async () => {
    shared = await buildSharedApps(dialect, { clock: systemClock });
  });
  afterAll(async () => {
    await shared?.close();
  });

  it('honours a session created by the other instance, and ends it everywhere on sign-out', async () => {
    const [a, b] = shared.apps;
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
