/**
 * Property tests of the whole import path: whatever bytes arrive (random, or a real export mutated at
 * random), importing never crashes and never leaves partial data: either every file is saved whole with
 * exactly the records its check produced, or nothing changes at all.
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

const examples = path.resolve(import.meta.dirname, '../../examples');
const settings = {
  sessionHours: 12,
  sessionIdleMinutes: 60,
  loginMaxAttempts: 5,
  loginWindowMinutes: 15,
  pseudonymisationKey: 'property-test-pseudonymisation-key-0123456789',
  uploadMaxMegabytes: 5,
};

type Mutation =
  { kind: 'flip' | 'insert' | 'delete'; at: number; byte: number } | { kind: 'truncate'; at: number };

function mutate(bytes: Buffer, mutations: Mutation[]): Buffer {
  let out = Buffer.from(bytes);
  for (const m of mutations) {
    const at = out.length === 0 ? 0 : m.at % out.length;
    if (m.kind === 'truncate') out = out.subarray(0, at);
    else if (m.kind === 'flip') out[at] = m.byte;
    else if (m.kind === 'insert')
      out = Buffer.concat([out.subarray(0, at), Buffer.from([m.byte]), out.subarray(at)]);
    else out = Buffer.concat([out.subarray(0, at), out.subarray(at + 1)]);
  }
  return out;
}

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({
    kind: fc.constantFrom('flip' as const, 'insert' as const, 'delete' as const),
    at: fc.nat(),
    byte: fc.integer({ min: 0, max: 255 }),
  }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
);

describe('importing hostile or damaged files', () => {
  let database: TestDatabase;
  let services: Services;
  let trust: Organisation;

  beforeAll(async () => {
    database = await openTestDatabase('sqlite');
    services = createServices({ db: database.db, clock: systemClock, settings });
    await createDemo(services, { withData: false });
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

  it.each(['cases.csv', 'recruitment.csv', 'board.csv', 'workforce.xlsx'])(
    'never crashes on a mutated %s, and saves it whole or not at all',
    async (file) => {
      const original = readFileSync(path.join(examples, file));
      await fc.assert(
        fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 4 }), async (mutations) => {
          await importAndCheck([{ name: file, bytes: mutate(original, mutations) }]);
        }),
        { numRuns: file.endsWith('.xlsx') ? 25 : 40 },
      );
    },
  );

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
