/**
 * The storage layer, run with exactly the same cases on SQLite, PGlite and a real PostgreSQL server.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRepository } from '../../src/features/audit/audit.js';
import { createServices, type Services } from '../../src/features/services.js';
import { organisationsRepository } from '../../src/features/organisations/organisations.repository.js';
import { usersRepository } from '../../src/features/users/users.repository.js';
import { fixedClock } from '../../src/shared/clock.js';
import { isParityError } from '../../src/shared/errors.js';
import { migrateToLatest, migrationStatus } from '../../src/storage/migrate.js';
import { MIGRATIONS } from '../../src/storage/migrations/index.js';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../support/databases.js';
import { serviceSettings } from '../support/settings.js';

const settings = serviceSettings({ loginMaxAttempts: 3, uploadMaxMegabytes: 10 });
const actor = { userId: null, label: 'test' };

describe.each(DIALECTS)('storage on %s', (dialect) => {
  let database: TestDatabase;
  let services: Services;
  const clock = fixedClock('2026-05-01T08:00:00.000Z');

  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    services = createServices({ db: database.db, clock, settings });
  });
  afterAll(async () => database?.dispose());

  it('has applied every migration, and running them again changes nothing', async () => {
    const status = await migrationStatus(database.db);
    expect(status.map((m) => m.name)).toEqual(Object.keys(MIGRATIONS));
    expect(status.every((m) => m.executedAt !== undefined)).toBe(true);
    expect((await migrateToLatest(database.db)).applied).toEqual([]);
  });

  it('enforces foreign keys', async () => {
    await expect(
      database.db
        .insertInto('org_units')
        .values({
          id: 'u-x',
          organisation_id: 'no-such-org',
          parent_id: null,
          level: 'care_group',
          name: 'X',
          path: 'X',
          created_at: 'now',
        })
        .execute(),
    ).rejects.toThrow();
  });

  it('creates organisations with a parent and refuses duplicate ODS codes, listing every problem', async () => {
    const icb = await services.organisations.create(actor, { odsCode: 'qxx', name: 'Test ICB', kind: 'ics' });
    const trust = await services.organisations.create(actor, {
      odsCode: 'RZ1',
      name: 'Test Trust',
      kind: 'trust',
      parentOdsCode: 'QXX',
    });
    expect(icb.odsCode).toBe('QXX');
    expect(trust.parentId).toBe(icb.id);
    const repo = organisationsRepository(database.db);
    expect(await repo.findByOds('RZ1')).toEqual(trust);
    try {
      await services.organisations.create(actor, {
        odsCode: 'RZ1',
        name: '',
        kind: 'hospital',
        parentOdsCode: 'NOPE',
      });
      expect.unreachable();
    } catch (error) {
      expect(isParityError(error, 'INVALID_INPUT')).toBe(true);
      if (isParityError(error))
        expect(error.problems.map((p) => p.field)).toEqual(['odsCode', 'name', 'kind', 'parent']);
    }
  });

  it('builds the unit hierarchy from paths, idempotently', async () => {
    const trust = (await organisationsRepository(database.db).findByOds('RZ1'))!;
    const created = await services.organisations.ensureUnits(actor, trust.id, [
      ['Medicine', 'Emergency', 'ED'],
      ['Medicine', 'Emergency', 'SDEC'],
      ['Surgery'],
    ]);
    expect(created.map((u) => `${u.level}:${u.path}`)).toEqual([
      'care_group:Medicine',
      'directorate:Medicine > Emergency',
      'department:Medicine > Emergency > ED',
      'department:Medicine > Emergency > SDEC',
      'care_group:Surgery',
    ]);
    expect(
      await services.organisations.ensureUnits(actor, trust.id, [['Medicine', 'Emergency', 'ED']]),
    ).toEqual([]);
    const units = await organisationsRepository(database.db).unitsOf(trust.id);
    const ed = units.find((u) => u.name === 'ED')!;
    const emergency = units.find((u) => u.name === 'Emergency')!;
    expect(ed.parentId).toBe(emergency.id);
    await expect(services.organisations.ensureUnits(actor, trust.id, [['A', 'B', 'C', 'D']])).rejects.toThrow(
      /cannot be created/,
    );
  });

  it('creates users, grants and changes roles, with an audit event for each change', async () => {
    const trust = (await organisationsRepository(database.db).findByOds('RZ1'))!;
    const user = await services.users.createUser(actor, {
      username: 'Priya.Patel',
      displayName: 'Priya Patel',
      email: 'Priya.Patel@NHS.net',
      password: 'a long and unrelated phrase',
    });
    expect(user).toMatchObject({
      username: 'priya.patel',
      email: 'priya.patel@nhs.net',
      hasPassword: true,
      isActive: true,
    });
    const m = await services.users.grantRole(actor, {
      userId: user.id,
      organisationId: trust.id,
      unitPath: null,
      role: 'Analyst',
    });
    expect(m.role).toBe('analyst');
    const unitGrant = await services.users.grantRole(actor, {
      userId: user.id,
      organisationId: trust.id,
      unitPath: 'Medicine',
      role: 'viewer',
    });
    expect(unitGrant.unitId).not.toBeNull();
    // Granting again at the same scope changes the role instead of duplicating it.
    const changed = await services.users.grantRole(actor, {
      userId: user.id,
      organisationId: trust.id,
      unitPath: null,
      role: 'admin',
    });
    expect(changed.id).toBe(m.id);
    const memberships = await usersRepository(database.db).membershipsOfUser(user.id);
    expect(memberships.map((x) => x.role).sort()).toEqual(['admin', 'viewer']);
    const members = await usersRepository(database.db).membersOf(trust.id);
    expect(members.map((x) => x.user.username)).toEqual(['priya.patel', 'priya.patel']);
    expect(await usersRepository(database.db).countAdminsOf(trust.id)).toBe(1);

    const { events } = await auditRepository(database.db).list({ organisationIds: [trust.id], limit: 50 });
    const actions = events.map((e) => e.action);
    expect(actions).toContain('membership.grant');
    expect(actions).toContain('membership.change_role');
    const change = events.find((e) => e.action === 'membership.change_role')!;
    expect(change.before).toEqual({ role: 'analyst' });
    expect(change.after).toEqual({ role: 'admin' });
  });

  it('refuses a taken username or email and a weak password, all at once', async () => {
    try {
      await services.users.createUser(actor, {
        username: 'PRIYA.PATEL',
        displayName: ' ',
        email: 'priya.patel@nhs.net',
        password: 'short',
      });
      expect.unreachable();
    } catch (error) {
      if (!isParityError(error)) throw error;
      expect(error.problems.map((p) => p.field).sort()).toEqual([
        'displayName',
        'email',
        'password',
        'username',
      ]);
    }
  });

  it('rolls back a change whose audit event cannot be written', async () => {
    const before = (await organisationsRepository(database.db).list()).length;
    await expect(
      database.db.transaction().execute(async (tx) => {
        await organisationsRepository(tx).insert({
          id: 'tx-org',
          odsCode: 'TXX',
          name: 'Tx',
          kind: 'trust',
          parentId: null,
          createdAt: 'x',
        });
        // An audit event with an id that already exists fails the insert: the organisation must vanish too.
        const event = {
          id: 'dup',
          occurred_at: 'x',
          actor_user_id: null,
          actor_label: 'x',
          organisation_id: null,
          action: 'x',
          entity_type: null,
          entity_id: null,
          summary: 'x',
          before_json: null,
          after_json: null,
          ip: null,
        };
        await tx.insertInto('audit_events').values(event).execute();
        await tx.insertInto('audit_events').values(event).execute();
      }),
    ).rejects.toThrow();
    expect((await organisationsRepository(database.db).list()).length).toBe(before);
    expect(await organisationsRepository(database.db).findByOds('TXX')).toBeNull();
  });

  it('keeps sessions in the database, hashed, with absolute and idle expiry', async () => {
    const user = (await usersRepository(database.db).findByUsername('priya.patel'))!;
    const { token, id } = await database.db.transaction().execute((tx) =>
      services.sessions.create(tx, {
        userId: user.id,
        authMethod: 'password',
        ip: '127.0.0.1',
        userAgent: 'test',
      }),
    );
    const stored = await database.db
      .selectFrom('sessions')
      .selectAll()
      .where('user_id', '=', user.id)
      .execute();
    expect(stored.map((s) => s.id)).toContain(id);
    expect(stored.map((s) => s.id)).not.toContain(token);
    const resolved = await services.sessions.resolve(token);
    expect(resolved?.principal.user.username).toBe('priya.patel');
    expect(resolved?.principal.memberships.length).toBe(2);
    expect(await services.sessions.resolve(`${token}x`)).toBeNull();

    clock.advance(59 * 60_000);
    expect(await services.sessions.resolve(token)).not.toBeNull(); // refreshes last seen
    clock.advance(61 * 60_000);
    expect(await services.sessions.resolve(token)).toBeNull(); // idle for over an hour
    expect(
      await database.db.selectFrom('sessions').select('id').where('id', '=', id).executeTakeFirst(),
    ).toBeUndefined();
  });

  it('makes sign-in wait after repeated failures, per account', async () => {
    const attempt = (password: string) =>
      services.auth.signInWithPassword({
        username: 'priya.patel',
        password,
        ip: '10.0.0.9',
        userAgent: null,
      });
    expect(await attempt('wrong-1')).toEqual({ ok: false, reason: 'invalid', retryAt: null });
    expect((await attempt('wrong-2')).ok).toBe(false);
    const waitUntil = new Date(clock.now().getTime() + 30_000);
    expect(await attempt('wrong-3')).toEqual({ ok: false, reason: 'invalid', retryAt: waitUntil });
    // Even the right password is refused while waiting.
    expect(await attempt('a long and unrelated phrase')).toEqual({
      ok: false,
      reason: 'delayed',
      retryAt: waitUntil,
    });
    clock.advance(30_000);
    const ok = await attempt('a long and unrelated phrase');
    expect(ok.ok).toBe(true);
    const { events } = await auditRepository(database.db).list({ action: 'auth.sign_in_failed', limit: 10 });
    expect(events.length).toBeGreaterThanOrEqual(4);
    expect(
      (await auditRepository(database.db).list({ action: 'auth.sign_in_paused', limit: 10 })).total,
    ).toBe(1);
  });

  it('returns counts as numbers and orders text the same way', async () => {
    const row = await sql<{ n: number }>`select count(*) as n from organisations`.execute(database.db);
    expect(typeof Number(row.rows[0]!.n)).toBe('number');
    expect(await organisationsRepository(database.db).count()).toBeGreaterThanOrEqual(2);
    const names = (await organisationsRepository(database.db).list()).map((o) => o.name);
    expect(names).toEqual(['Test ICB', 'Test Trust']);
  });
});
