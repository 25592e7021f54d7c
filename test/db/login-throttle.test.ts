/**
 * Sign-in throttling holds against a burst of parallel guesses spread over two app instances sharing one
 * database (as two server processes behind a load balancer do): each attempt takes its place in the count
 * before its password is checked, so no more than the allowed number are ever checked, and the right
 * password sent during the burst is refused until the delay has passed.
 *
 * PARITY_PROOFS=full sends 400 guesses instead of 40.
 */
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRepository } from '../../src/features/audit/audit.js';
import { DEMO_PASSWORD } from '../../src/features/demo/demo.js';
import { fixedClock } from '../../src/shared/clock.js';
import { Agent, buildSharedApps, TEST_NOW, type SharedApps } from '../support/app.js';

const GUESSES = process.env.PARITY_PROOFS === 'full' ? 400 : 40;
const MAX_ATTEMPTS = 5;
const FIRST_DELAY_SECONDS = 30;

describe.each(['sqlite', 'postgres'] as const)('sign-in throttling across app instances on %s', (dialect) => {
  let shared: SharedApps;
  const clock = fixedClock(TEST_NOW);

  beforeAll(async () => {
    shared = await buildSharedApps(dialect, {
      clock,
      settings: { loginMaxAttempts: MAX_ATTEMPTS, loginDelaySeconds: FIRST_DELAY_SECONDS },
    });
  });
  afterAll(async () => {
    await shared?.close();
  });

  it(`checks at most ${MAX_ATTEMPTS} of ${GUESSES} parallel guesses, and refuses the right password while delayed`, async () => {
    const [a, b] = shared.apps;
    const onA = new Agent(a);
    await onA.get('/sign-in');
    const onB = new Agent(b);
    for (const [k, v] of onA.cookies) onB.cookies.set(k, v);
    onB.token = onA.token;

    // The guesses go out together, alternating between the instances. As soon as one is refused (the
    // allowed ones have all taken their place by then), the right password follows, while guesses are
    // still being checked.
    let firstRefusal: () => void = () => undefined;
    const refused = new Promise<void>((resolve) => (firstRefusal = resolve));
    const guesses = Array.from({ length: GUESSES }, (_, i) =>
      (i % 2 === 0 ? onA : onB)
        .post('/sign-in', { username: 'analyst', password: `guess-${i}`, returnTo: '/' })
        .then((r: LightMyRequestResponse) => {
          if (r.statusCode === 429) firstRefusal();
          return r;
        }),
    );
    const all = Promise.all(guesses);
    await Promise.race([refused, all]);
    const right = await onB.post('/sign-in', { username: 'analyst', password: DEMO_PASSWORD, returnTo: '/' });
    const responses = await all;

    const { events } = await auditRepository(shared.database.db).list({
      action: 'auth.sign_in_failed',
      limit: 1000,
    });
    const checked = events.filter((e) => e.summary === 'Wrong password');
    expect(checked.length).toBeLessThanOrEqual(MAX_ATTEMPTS);
    expect(checked.length).toBeGreaterThan(0);
    expect(responses.every((r) => r.statusCode === 401 || r.statusCode === 429)).toBe(true);
    // Every guess left a failure in the audit trail, checked or refused.
    expect(events.length).toBe(GUESSES + 1);
    expect(right.statusCode).toBe(429);
    expect(right.cookies.find((c) => c.name === 'parity_session')).toBeUndefined();

    // Once the delay has passed, the right password works, on either instance.
    clock.advance(FIRST_DELAY_SECONDS * 1000);
    const later = await onA.post('/sign-in', { username: 'analyst', password: DEMO_PASSWORD, returnTo: '/' });
    expect(later.statusCode).toBe(303);
    console.log(
      `${dialect}: ${GUESSES} parallel guesses, ${checked.length} checked, ${GUESSES - checked.length} refused unchecked; the right password during the burst: ${right.statusCode}, after the wait: ${later.statusCode}`,
    );
  });
});
