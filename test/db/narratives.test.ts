/**
 * Narratives per indicator and year in storage, the same cases on SQLite, PGlite and a real PostgreSQL
 * server: a save and its audit event, catalogue order, a stale version refused with nothing written (also
 * two first saves at once, on PostgreSQL through two connection pools), every problem of a bad save listed
 * at once, and the WDES 9b answer as the engine takes it and as the caches' stamp names it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRepository } from '../../src/features/audit/audit.js';
import type { Organisation } from '../../src/features/organisations/organisation.js';
import { createServices, type Services } from '../../src/features/services.js';
import { fixedClock } from '../../src/shared/clock.js';
import { isParityError, type ParityError } from '../../src/shared/errors.js';
import { openDatabase, type DatabaseHandle } from '../../src/storage/database.js';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../support/databases.js';
import { serviceSettings } from '../support/settings.js';

const settings = serviceSettings({ loginMaxAttempts: 3, uploadMaxMegabytes: 10 });
const actor = (label: string) => ({ userId: null, label });

/** The error a promise rejects with (fails the test when it resolves). */
async function refusal(promise: Promise<unknown>): Promise<ParityError> {
  try {
    await promise;
  } catch (error) {
    if (isParityError(error)) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe.each(DIALECTS)('indicator narratives on %s', (dialect) => {
  let database: TestDatabase;
  let second: DatabaseHandle | null = null;
  let services: Services;
  let other: Services;
  let org: Organisation;
  const clock = fixedClock('2025-06-02T09:30:00.000Z');

  const events = async () =>
    (
      await auditRepository(database.db).list({
        organisationIds: [org.id],
        action: 'narrative.save',
        limit: 100,
      })
    ).events;

  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    services = createServices({ db: database.db, clock, settings });
    if (dialect === 'postgres') second = await openDatabase(database.url);
    other = second ? createServices({ db: second.db, clock, settings }) : services;
    org = await services.organisations.create(actor('test'), {
      odsCode: 'RNA',
      name: 'Narrative Trust',
      kind: 'trust',
    });
  });
  afterAll(async () => {
    await second?.close();
    await database?.dispose();
  });

  it('saves a first narrative at version 1 with its audit event, then a change from that version', async () => {
    expect(await services.narratives.get(org, 2024, 'WRES2')).toBeNull();
    const first = await services.narratives.save(actor('analyst'), org, 2024, 'WRES2', {
      text: '  White applicants are more likely to be appointed.\r\n\r\nWe are changing our panels.  ',
      answer: null,
      version: 0,
    });
    expect(first).toEqual({
      indicator: 'WRES2',
      year: 2024,
      text: 'White applicants are more likely to be appointed.\n\nWe are changing our panels.',
      answer: null,
      version: 1,
      updatedAt: '2025-06-02T09:30:00.000Z',
      updatedByLabel: 'analyst',
    });
    clock.advance(60_000);
    const changed = await services.narratives.save(actor('admin'), org, 2024, 'WRES2', {
      text: 'Panels now include a trained member.',
      answer: '',
      version: 1,
    });
    expect(changed).toMatchObject({ version: 2, text: 'Panels now include a trained member.' });
    expect(changed.updatedByLabel).toBe('admin');
    expect(await services.narratives.get(org, 2024, 'WRES2')).toEqual(changed);
    // Another year is another narrative.
    expect(await services.narratives.get(org, 2023, 'WRES2')).toBeNull();

    const [latest, earliest] = await events();
    expect(earliest).toMatchObject({
      actorLabel: 'analyst',
      organisationId: org.id,
      entityType: 'indicator_narrative',
      entityId: '2024:WRES2',
      summary: 'Wrote the 2024 narrative for WRES 2',
      before: null,
      after: { text: first.text, answer: null, version: 1 },
    });
    expect(latest).toMatchObject({
      actorLabel: 'admin',
      summary: 'Changed the 2024 narrative for WRES 2',
      before: { text: first.text, answer: null, version: 1 },
      after: { text: 'Panels now include a trained member.', answer: null, version: 2 },
    });
  });

  it('refuses a stale version as a conflict and writes nothing', async () => {
    const before = await events();
    const stale = await refusal(
      services.narratives.save(actor('late'), org, 2024, 'WRES2', { text: 'Mine', answer: null, version: 1 }),
    );
    expect(stale.code).toBe('CONFLICT');
    expect(stale.message).toContain('Somebody else changed this narrative');
    // A first save of a narrative somebody has written since.
    const first = await refusal(
      services.narratives.save(actor('late'), org, 2024, 'WRES2', { text: 'Mine', answer: null, version: 0 }),
    );
    expect(first.code).toBe('CONFLICT');
    expect((await services.narratives.get(org, 2024, 'WRES2'))?.text).toBe(
      'Panels now include a trained member.',
    );
    expect(await events()).toHaveLength(before.length);
  });

  it('lets exactly one of two first saves made at once through; the other is a conflict', async () => {
    const before = await events();
    const outcomes = await Promise.allSettled([
      services.narratives.save(actor('one'), org, 2024, 'WDES4b', { text: 'One', answer: null, version: 0 }),
      other.narratives.save(actor('two'), org, 2024, 'WDES4b', { text: 'Two', answer: null, version: 0 }),
    ]);
    const saved = outcomes.filter((o) => o.status === 'fulfilled');
    const refused = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as unknown] : []));
    expect(saved).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect(isParityError(refused[0], 'CONFLICT')).toBe(true);
    const stored = await services.narratives.get(org, 2024, 'WDES4b');
    expect(stored?.version).toBe(1);
    expect(['One', 'Two']).toContain(stored?.text);
    expect(await events()).toHaveLength(before.length + 1);
  });

  it('lists every problem of a bad save at once and writes nothing', async () => {
    const before = await events();
    const error = await refusal(
      services.narratives.save(actor('analyst'), org, 1999, 'WRES2', {
        text: 'x'.repeat(10_001),
        answer: 'yes',
        version: -1,
      }),
    );
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.problems.map((p) => p.field)).toEqual(['year', 'text', 'answer', 'version']);
    expect(error.problems.find((p) => p.field === 'text')?.message).toBe(
      'The narrative must be 10,000 characters or fewer (it has 10,001)',
    );
    expect(error.problems.find((p) => p.field === 'answer')?.message).toBe(
      'Only WDES 9b has a Yes or No answer',
    );
    // Not a WRES or WDES id: a pay gap, a local metric, another spelling.
    for (const id of ['GPG_MEAN', 'appraisal-compliance-by-ethnicity', 'wres2', 'WRES10'])
      expect(
        (
          await refusal(
            services.narratives.save(actor('analyst'), org, 2024, id, {
              text: 'x',
              answer: null,
              version: 0,
            }),
          )
        ).problems.map((p) => p.field),
        id,
      ).toEqual(['indicator']);
    const maybe = await refusal(
      services.narratives.save(actor('analyst'), org, 2024, 'WDES9b', {
        text: '',
        answer: 'maybe',
        version: 0,
      }),
    );
    expect(maybe.problems).toEqual([{ field: 'answer', message: 'Choose Yes or No' }]);
    expect(await events()).toHaveLength(before.length);
    expect(await services.narratives.get(org, 2024, 'WDES9b')).toBeNull();
    // 10,000 characters is allowed, counted as characters (not UTF-16 units): 10,000 emoji are 20,000 units.
    const long = await services.narratives.save(actor('analyst'), org, 2023, 'WRES9', {
      text: '👍'.repeat(10_000),
      answer: null,
      version: 0,
    });
    expect([...long.text]).toHaveLength(10_000);
  });

  it('keeps WDES 9b’s answer, gives it to the engine, and changes the stamp the caches are keyed by', async () => {
    const stampBefore = await services.indicators.recordedVersion(org);
    const dashboardBefore = (await services.dashboard.snapshot(org)).stamp;
    expect(await services.narratives.recorded(org, 2024)).toEqual({});
    await services.narratives.save(actor('analyst'), org, 2024, 'WDES9b', {
      text: 'Our Disability network co-chairs the EDI steering group.',
      answer: 'yes',
      version: 0,
    });
    expect(await services.narratives.recorded(org, 2024)).toEqual({
      WDES9b: { answer: 'yes', narrative: 'Our Disability network co-chairs the EDI steering group.' },
    });
    expect(await services.indicators.recordedVersion(org)).not.toBe(stampBefore);
    const dashboardAfter = (await services.dashboard.snapshot(org)).stamp;
    expect(dashboardAfter).not.toBe(dashboardBefore);
    // Another indicator's narrative is read fresh by the page: it does not change what figures depend on.
    await services.narratives.save(actor('analyst'), org, 2024, 'WRES7', {
      text: 'x',
      answer: null,
      version: 0,
    });
    expect((await services.dashboard.snapshot(org)).stamp).toBe(dashboardAfter);
    const no = await services.narratives.save(actor('analyst'), org, 2024, 'WDES9b', {
      text: '',
      answer: 'no',
      version: 1,
    });
    expect(no).toMatchObject({ answer: 'no', text: '', version: 2 });
    expect(await services.narratives.recorded(org, 2024)).toEqual({
      WDES9b: { answer: 'no', narrative: null },
    });
    expect((await events())[0]?.summary).toBe('Changed the 2024 narrative for WDES 9b (answer: No)');
  });

  it('lists a year’s narratives in catalogue order: WRES 1-9, then WDES 1-10', async () => {
    const listed = await services.narratives.list(org, 2024);
    expect(listed.map((n) => n.indicator)).toEqual(['WRES2', 'WRES7', 'WDES4b', 'WDES9b']);
    expect((await services.narratives.list(org, 2023)).map((n) => n.indicator)).toEqual(['WRES9']);
    expect(await services.narratives.list(org, 2022)).toEqual([]);
  });
});
