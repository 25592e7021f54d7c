/**
 * bench:publish's database, made once and kept in bench/.data/publish (git-ignored): a SQLite file holding
 * the demo installation with its data (createDemo: the demo trust DHF, three years) and one generated trust
 * of the national set's largest size (NATIONAL.maxStaff staff, WRES years 2022 to 2024 of every dataset,
 * loaded through the import path by bench:web's loader) with the demo's action plans written for it.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { QuarterNumber } from '../../src/engine/index.js';
import { loadConfig } from '../../src/config/config.js';
import { createDemo, DEMO_TRUST, demoTimelineOf } from '../../src/features/demo/demo.js';
import { DEMO_STAFF } from '../../src/features/demo/demo-data.js';
import { organisationsRepository } from '../../src/features/organisations/organisations.repository.js';
import { createDemoPlans } from '../../src/features/plans/demo-plans.js';
import { createServices, type Services } from '../../src/features/services.js';
import { generate } from '../../src/generator/generate.js';
import { GENERATED_DATASETS, type Manifest } from '../../src/generator/manifest.js';
import { NATIONAL } from '../../src/generator/trusts.js';
import { systemClock } from '../../src/shared/clock.js';
import { openDatabase, type DatabaseHandle } from '../../src/storage/database.js';
import { migrateToLatest } from '../../src/storage/migrate.js';
import { DATA_DIR } from '../support/measure.js';
import { loadRegion } from '../web/load.js';

export const PUBLISH_DIR = path.join(DATA_DIR, 'publish');
const GENERATED_DIR = path.join(PUBLISH_DIR, 'generated');
const DATABASE_FILE = path.join(PUBLISH_DIR, 'parity.sqlite');
const READY_FILE = path.join(PUBLISH_DIR, 'ready.json');

export const YEARS = [2022, 2023, 2024] as const;
/** The report's year, and the pack's quarter: Q2 (July to September 2024) of the 2024/25 plan. */
export const YEAR = 2024;
/** The demo as it stood at the end of 2024, so the report's year is its latest, whatever the clock says. */
const DEMO_AS_OF = '2024-12-31';
export const QUARTER: QuarterNumber = 2;
const STAFF = NATIONAL.maxStaff;
const SEED = 2_025;
/** Synthetic data only; every process opening the database uses the same key. */
const PSEUDONYMISATION_KEY = 'bench-publish-pseudonymisation-key-of-32-chars-or-more';
const PASSWORD = 'bench publish password';
/** What the cached database holds; a different one is made again. */
const RECIPE = { version: 1, staff: STAFF, seed: SEED, years: YEARS };

export interface BenchTrust {
  odsCode: string;
  name: string;
  /** Headcount at 31 March of the generator's anchor year. */
  staff: number;
  /** Records loaded through the import path, every year and dataset. */
  records: number;
}

export interface PublishDatabase {
  url: string;
  trusts: [BenchTrust, BenchTrust];
  /** Whether the cached database was used, else how long making it took. */
  setup: { reused: boolean; seconds: number };
}

/**
 * Forgets what earlier processes computed and kept (figures, disclosure ledgers, what the preparer
 * finished), so the next output is built as a person's first download after an import would be.
 */
export async function forgetKept(url: string): Promise<void> {
  const handle = await openDatabase(url);
  try {
    await migrateToLatest(handle.db);
    await handle.db.deleteFrom('computed_figures').execute();
    await handle.db.deleteFrom('disclosure_ledgers').execute();
    await handle.db.deleteFrom('prepared_organisations').execute();
  } finally {
    await handle.close();
  }
}

/** The database open with Parity's services, as a command does it (migrated to the latest schema). */
export async function openServices(url: string): Promise<{ handle: DatabaseHandle; services: Services }> {
  const handle = await openDatabase(url);
  await migrateToLatest(handle.db);
  const settings = loadConfig({
    env: {},
    overrides: {
      env: 'test',
      sessionSecret: 'bench-publish-session-secret-of-at-least-32-chars',
      pseudonymisationKey: PSEUDONYMISATION_KEY,
      databaseUrl: url,
    },
  });
  return { handle, services: createServices({ db: handle.db, clock: systemClock, settings }) };
}

/**
 * The generator's first two trusts are always the demo's (DHF and DCM), so three trusts of the same size
 * are generated and the third, a trust of its own, is the one loaded.
 */
async function largeTrustFiles(): Promise<Manifest> {
  const manifestPath = path.join(GENERATED_DIR, 'manifest.json');
  if (existsSync(manifestPath)) return JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
  process.stderr.write(
    `Generating a trust of ${STAFF.toLocaleString('en-GB')} staff in ${GENERATED_DIR}...\n`,
  );
  const { manifest } = await generate({
    out: GENERATED_DIR,
    seed: SEED,
    trusts: 3,
    staff: STAFF,
    national: false,
    years: YEARS,
    format: 'csv',
    datasets: GENERATED_DATASETS,
  });
  return manifest;
}

async function recordsOf(handle: DatabaseHandle, odsCode: string): Promise<number> {
  const row = await handle.db
    .selectFrom('dataset_versions')
    .innerJoin('organisations', 'organisations.id', 'dataset_versions.organisation_id')
    .where('organisations.ods_code', '=', odsCode)
    .where('dataset_versions.status', '=', 'active')
    .select((eb) => eb.fn.sum<number>('dataset_versions.record_count').as('records'))
    .executeTakeFirst();
  return Number(row?.records ?? 0);
}

async function build(url: string): Promise<[BenchTrust, BenchTrust]> {
  const manifest = await largeTrustFiles();
  const trust = manifest.organisations[2]!;
  process.stderr.write(`Loading ${trust.odsCode} (${trust.name}) through the import path...\n`);
  await loadRegion({
    databaseUrl: url,
    manifest: { ...manifest, organisations: [trust] },
    dir: GENERATED_DIR,
    pseudonymisationKey: PSEUDONYMISATION_KEY,
    password: PASSWORD,
    onProgress: (line) => process.stderr.write(`${line}\n`),
  });
  const { handle, services } = await openServices(url);
  try {
    process.stderr.write('Creating the demo installation with its data...\n');
    await createDemo(services, { withData: true, asOf: DEMO_AS_OF, meetings: false });
    // The demo's plans (last year's, carried into this year's with new actions and updates), by an EDI
    // lead and an action lead of the large trust.
    process.stderr.write(`Writing ${trust.odsCode}'s action plans...\n`);
    const org = (await organisationsRepository(handle.db).findByOds(trust.odsCode))!;
    const actor = { userId: null, label: 'bench:publish' };
    const people = [];
    for (const [username, displayName, role] of [
      ['bench-analyst', 'Bench EDI lead', 'analyst'],
      ['bench-lead', 'Bench action lead', 'action_lead'],
    ] as const) {
      const user = await services.users.createUser(actor, { username, displayName, password: PASSWORD });
      await services.users.grantRole(actor, {
        userId: user.id,
        organisationId: org.id,
        unitPath: null,
        role,
      });
      people.push({ userId: user.id, label: username, name: displayName });
    }
    await createDemoPlans(services.plans, {
      actor: people[0]!,
      org,
      lead: people[1]!,
      timeline: demoTimelineOf(services, DEMO_AS_OF),
    });
    return [
      { ...DEMO_TRUST, staff: DEMO_STAFF, records: await recordsOf(handle, DEMO_TRUST.odsCode) },
      {
        odsCode: trust.odsCode,
        name: trust.name,
        staff: trust.staff,
        records: await recordsOf(handle, trust.odsCode),
      },
    ];
  } finally {
    await handle.close();
  }
}

/** The database, made when bench/.data/publish has none for this recipe (not timed by the benchmark). */
export async function publishDatabase(): Promise<PublishDatabase> {
  const url = `sqlite:${DATABASE_FILE}`;
  const started = performance.now();
  if (existsSync(READY_FILE)) {
    const ready = JSON.parse(readFileSync(READY_FILE, 'utf8')) as {
      recipe: unknown;
      trusts: [BenchTrust, BenchTrust];
    };
    if (JSON.stringify(ready.recipe) === JSON.stringify(RECIPE) && existsSync(DATABASE_FILE))
      return { url, trusts: ready.trusts, setup: { reused: true, seconds: 0 } };
  }
  mkdirSync(PUBLISH_DIR, { recursive: true });
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${DATABASE_FILE}${suffix}`, { force: true });
  const trusts = await build(url);
  writeFileSync(READY_FILE, JSON.stringify({ recipe: RECIPE, trusts }, null, 2));
  return { url, trusts, setup: { reused: false, seconds: (performance.now() - started) / 1000 } };
}
