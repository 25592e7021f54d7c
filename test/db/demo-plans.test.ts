/**
 * The demo's action plans given to a trust other than the demo trust (as bench:publish gives them to its
 * generated trust): the stories name care groups that trust does not have, and their actions are made
 * trust-wide instead of being refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoTimelineOf } from '../../src/features/demo/demo.js';
import { createDemoPlans } from '../../src/features/plans/demo-plans.js';
import { createServices, type Services } from '../../src/features/services.js';
import { fixedClock } from '../../src/shared/clock.js';
import { openTestDatabase, type TestDatabase } from '../support/databases.js';
import { serviceSettings } from '../support/settings.js';

const actor = { userId: null, label: 'test' };

describe('the demo plans on another trust', () => {
  let database: TestDatabase;
  let services: Services;

  beforeAll(async () => {
    database = await openTestDatabase('sqlite');
    services = createServices({
      db: database.db,
      clock: fixedClock('2024-12-31T10:00:00.000Z'),
      settings: serviceSettings(),
    });
  });
  afterAll(async () => database?.close());

  it('makes an action whose care group the trust lacks trust-wide, and keeps one whose care group it has', async () => {
    const org = await services.organisations.create(actor, {
      odsCode: 'XAA',
      name: 'Other Trust',
      kind: 'trust',
    });
    // One of the demo stories' care groups, and one the stories never name.
    await services.organisations.ensureUnits(actor, org.id, [['Medicine and Emergency Care'], ['Estates']]);
    const people = [];
    for (const [username, role] of [
      ['edi', 'analyst'],
      ['lead', 'action_lead'],
    ] as const) {
      const user = await services.users.createUser(actor, {
        username,
        displayName: `The ${username}`,
        password: 'a long enough password for the test',
      });
      await services.users.grantRole(actor, {
        userId: user.id,
        organisationId: org.id,
        unitPath: null,
        role,
      });
      people.push({ userId: user.id, label: username, name: `The ${username}` });
    }
    const plans = await createDemoPlans(services.plans, {
      actor: people[0]!,
      org,
      lead: people[1]!,
      timeline: demoTimelineOf(services, '2024-12-31'),
    });
    expect(plans.length).toBeGreaterThan(0);
    const units = new Map((await services.plans.units(org)).map((u) => [u.id, u.path]));
    const owners = new Set<string>();
    for (const p of plans)
      for (const a of await services.plans.actions(p))
        owners.add(a.unitId === null ? 'trust-wide' : units.get(a.unitId)!);
    expect([...owners].sort()).toEqual(['Medicine and Emergency Care', 'trust-wide']);
  });
});
