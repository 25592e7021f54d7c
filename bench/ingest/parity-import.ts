// Child: Parity's whole import path into a fresh SQLite database: read, validate, build, save (one transaction).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createServices } from '../../src/features/services.js';
import { systemClock } from '../../src/shared/clock.js';
import { openDatabase } from '../../src/storage/database.js';
import { migrateToLatest } from '../../src/storage/migrate.js';
import { report } from '../support/measure.js';

const file = process.argv[2]!;
const dir = mkdtempSync(path.join(tmpdir(), 'parity-bench-'));
const database = await openDatabase(`sqlite:${path.join(dir, 'bench.sqlite')}`);
await migrateToLatest(database.db);
const services = createServices({
  db: database.db,
  clock: systemClock,
  settings: {
    sessionHours: 12,
    sessionIdleMinutes: 60,
    loginMaxAttempts: 5,
    loginWindowMinutes: 15,
    pseudonymisationKey: 'bench-pseudonymisation-key-0123456789abcdef',
    uploadMaxMegabytes: 2048,
  },
});
const org = await services.organisations.create(
  { userId: null, label: 'bench' },
  { odsCode: 'XBN', name: 'Bench', kind: 'ics' },
);
const started = performance.now();
// The combined national file has no ESR preamble, so its snapshot date is given, as --as-at would.
const outcome = await services.datasets.importFiles({ userId: null, label: 'bench' }, org, [
  { input: { path: file }, asAtDate: process.argv[3] ?? null },
]);
const seconds = (performance.now() - started) / 1000;
await database.close();
rmSync(dir, { recursive: true, force: true });
report({
  seconds,
  saved: outcome.saved,
  rows: outcome.results[0]!.rowCount,
  records: outcome.versions[0]?.recordCount ?? 0,
});
