/**
 * Property tests of the whole import path: whatever bytes arrive, importing never crashes and never leaves
 * partial data: either every file is saved whole with exactly the records its check produced, or nothing
 * changes at all. Mutated real exports are the import fuzzing test's (import-fuzz.test.ts); this one
 * shrinks random bytes to the smallest failing input, and checks a batch is refused whole.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemo, DEMO_TRUST } from '../../src/features/demo/demo.js';
import { organisationsRepository } from '../../src/features/organisations/organisations.repository.js';
import type { Organisation } from '../../src/features/organisations/organisation.js';
import { createServices, type Services } from '../../src/features/services.js';
import { systemClock } from '../../src/shared/clock.js';
import { openTestDatabase, type TestDatabase } from '../support/databases.js';
import { serviceSettings } from '../support/settings.js';
import { TEST_DEMO } from '../support/app.js';

const examples = path.resolve(import.meta.dirname, '../../examples');
const settings = serviceSettings({ uploadMaxMegabytes: 5 });

describe('importing hostile or damaged files', () => {
  let database: TestDatabase;
  let services: Services;
  let trust: Organisation;

  beforeAll(async () => {
    database = await openTestDatabase('sqlite');
    services = createServices({ db: database.db, clock: systemClock, settings });
    await createDemo(services, { withData: false, ...TEST_DEMO });
    trust = (await organisationsRepository(database.db).findByOds(DEMO_TRUST.odsCode))!;
  });
  afterAll(async () => database?.dispose());

  async function state() {
    const versions = await services.datasets.versions(trust);
    const chunks = await database.db
      .selectFrom('dataset_record_chunks')
      .select((eb) => eb.fn.sum<number>('record_count').as('n'))
      .executeTakeFirstOrThrow();
    return { versions: versions.length, records: Number(chunks.n ?? 0) };
  }

  /** Imports the files; checks all-or-nothing against the state before. */
  async function importAndCheck(files: { name: string; bytes: Buffer }[]): Promise<void> {
    const before = await state();
    const outcome = await services.datasets.importFiles(
      { userId: null, label: 'property' },
      trust,
      files.map((f) => ({ input: { buffer: f.bytes, fileName: f.name } })),
    );
    const after = await state();
    if (outcome.saved) {
      expect(outcome.results.every((r) => r.ok)).toBe(true);
      expect(after.versions).toBe(before.versions + files.length);
      expect(after.records).toBe(before.records + outcome.results.reduce((n, r) => n + r.recordCount, 0));
    } else {
      expect(outcome.results.some((r) => !r.ok || r.dataset === null)).toBe(true);
      expect(after).toEqual(before);
    }
  }

  it('never crashes on random bytes, and saves nothing from them', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 600 }),
        fc.constantFrom('data.csv', 'data.xlsx', 'data.txt'),
        async (bytes, name) => {
          await importAndCheck([{ name, bytes: Buffer.from(bytes) }]);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('saves nothing when one file of a batch is damaged', async () => {
    const good = readFileSync(path.join(examples, 'board.csv'));
    // A case with a type Parity cannot count is an error, so the whole batch must be refused.
    const bad = Buffer.from(
      readFileSync(path.join(examples, 'cases.csv'), 'utf8').replace(
        /Disciplinary|Grievance|Capability[^,]*/,
        'Mystery',
      ),
    );
    const before = await state();
    const outcome = await services.datasets.importFiles({ userId: null, label: 'property' }, trust, [
      { input: { buffer: good, fileName: 'board.csv' } },
      { input: { buffer: bad, fileName: 'cases.csv' } },
    ]);
    expect(outcome.saved).toBe(false);
    expect(outcome.results[0]?.ok).toBe(true);
    expect(outcome.results[1]?.issues.kinds.map((k) => k.kind)).toContain('UNKNOWN_CODE_BLOCKING');
    expect(await state()).toEqual(before);
  });
});
