/**
 * Child: what a person waits for after loading a trust's files, on SQLite. The trust's generated files for
 * 2023 and 2024 are loaded through the datasets service into a fresh database (not timed), then:
 *
 * - the first dashboard overview after an import, in a server that is already running (warm modules, as
 *   `parity serve` runs: development mode): each round loads the 2024 staff in post again (a new version, so
 *   nothing cached holds) and times the first GET of the overview; the median of the rounds. Timed twice:
 *   "not prepared", the view right after the import, and "prepared", after the server's ledger preparer
 *   (src/server/prepare.ts) has finished with the organisation, as it does in the background;
 * - reading the records alone: the current records of every engine dataset through a fresh service (no
 *   cache), the part of the first view this bench is about;
 * - `parity compute --org <ODS> --year 2024 --format json` start to exit: the CLI's bundle (compiled and
 *   bundled from this tree into `distDir`, as the build makes it) in a new process each time; the median
 *   of the runs.
 *
 * Arguments: the ODS code, the database file, the compiled CLI's folder.
 */
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../src/config/config.js';
import { createServices } from '../../src/features/services.js';
import { ledgerPreparer } from '../../src/server/prepare.js';
import { createApp } from '../../src/server/app.js';
import { systemClock } from '../../src/shared/clock.js';
import { openDatabase } from '../../src/storage/database.js';
import { migrateToLatest } from '../../src/storage/migrate.js';
import { nationalData, NATIONAL_DIR } from '../support/data.js';
import { report } from '../support/measure.js';

const [odsCode, dbFile, distDir] = process.argv.slice(2) as [string, string, string];
const ROUNDS = 3;
/** Preparing waits for the ledgers of every year to be resolved in a worker: fewer rounds. */
const PREPARED_ROUNDS = 1;
const say = (line: string) => process.stderr.write(`  ${line}\n`);
const PASSWORD = 'bench-first-view-password-1';
const SECRET = 'bench-first-view-secret-of-at-least-32-chars';
const KEY = 'bench-first-view-pseudonymisation-key-0123';
const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]!;

rmSync(dbFile, { force: true });
rmSync(`${dbFile}-wal`, { force: true });
rmSync(`${dbFile}-shm`, { force: true });
const databaseUrl = `sqlite:${dbFile}`;
const config = loadConfig({
  env: {},
  overrides: { env: 'development', sessionSecret: SECRET, pseudonymisationKey: KEY, databaseUrl },
});
const handle = await openDatabase(databaseUrl);
await migrateToLatest(handle.db);
const services = createServices({ db: handle.db, clock: systemClock, settings: config });
const actor = { userId: null, label: 'bench:first-view' };

// The trust and its files, loaded as the Data page loads them (not timed).
const manifest = await nationalData();
const trust = manifest.organisations.find((o) => o.odsCode === odsCode)!;
const org = await services.organisations.create(actor, { odsCode, name: trust.name, kind: 'trust' });
const fileOf = (f: (typeof manifest.files)[number]) => ({
  input: { path: path.join(NATIONAL_DIR, f.path), fileName: path.basename(f.path) },
});
const loadStarted = performance.now();
let records = 0;
for (const year of [2023, 2024]) {
  const batch = manifest.files.filter((f) => f.odsCode === odsCode && f.year === year);
  const outcome = await services.datasets.importFiles(actor, org, batch.map(fileOf));
  if (!outcome.saved) throw new Error(`${odsCode} ${year}: the generated files did not load`);
  records += outcome.versions.reduce((n, v) => n + v.recordCount, 0);
}
const loadSeconds = (performance.now() - loadStarted) / 1000;
say(`loaded ${records} records in ${loadSeconds.toFixed(1)} s`);
const workforce2024 = manifest.files.find(
  (f) => f.odsCode === odsCode && f.year === 2024 && f.dataset === 'workforce',
)!;
const analyst = await services.users.createUser(actor, {
  username: 'bench-analyst',
  displayName: 'Bench analyst',
  password: PASSWORD,
});
await services.users.grantRole(actor, {
  userId: analyst.id,
  organisationId: org.id,
  unitPath: null,
  role: 'analyst',
});

// Reading the records alone, through a service with nothing cached.
const reads: number[] = [];
for (let i = 0; i < ROUNDS; i++) {
  const fresh = createServices({ db: handle.db, clock: systemClock, settings: config });
  const started = performance.now();
  await fresh.indicators.datasets(org, 'all');
  reads.push(performance.now() - started);
}

say(`read the records: ${reads.map((r) => r.toFixed(0)).join(', ')} ms`);

// The running server, signed in.
const preparer = ledgerPreparer({
  config,
  services,
  onError: (error) => {
    throw error;
  },
});
const app = await createApp({ config, services, oidc: null, preparer });
const jar = new Map<string, string>();
const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
const keep = (headers: Record<string, unknown>) => {
  const set = headers['set-cookie'];
  for (const c of Array.isArray(set) ? set : set ? [set] : []) {
    const [pair] = String(c).split(';');
    const i = pair!.indexOf('=');
    jar.set(pair!.slice(0, i), pair!.slice(i + 1));
  }
};
const form = await app.inject({ method: 'GET', url: '/sign-in' });
keep(form.headers);
const token = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1];
const signedIn = await app.inject({
  method: 'POST',
  url: '/sign-in',
  headers: { cookie: cookie(), 'content-type': 'application/x-www-form-urlencoded' },
  payload: new URLSearchParams({ _csrf: token!, username: 'bench-analyst', password: PASSWORD }).toString(),
});
keep(signedIn.headers);
if (signedIn.statusCode !== 303) throw new Error(`sign-in failed: ${signedIn.statusCode}`);
const overview = `/o/${odsCode}/dashboard`;
async function view(): Promise<number> {
  const started = performance.now();
  const response = await app.inject({ method: 'GET', url: overview, headers: { cookie: cookie() } });
  const ms = performance.now() - started;
  if (response.statusCode !== 200) throw new Error(`${overview}: ${response.statusCode}`);
  return ms;
}
async function reimport(): Promise<void> {
  const outcome = await services.datasets.importFiles(actor, org, [fileOf(workforce2024)]);
  if (!outcome.saved) throw new Error('the staff in post did not load again');
}
// The server's first page of all compiles templates and warms the code: not what an import costs.
say(`the server's first view: ${(await view()).toFixed(0)} ms`);

const notPrepared: number[] = [];
const prepared: number[] = [];
for (let i = 0; i < ROUNDS; i++) {
  await reimport();
  notPrepared.push(await view());
  say(`first view, nothing prepared: ${notPrepared.at(-1)!.toFixed(0)} ms`);
}
for (let i = 0; preparer && i < PREPARED_ROUNDS; i++) {
  await reimport();
  preparer.after(odsCode);
  await preparer.idle();
  prepared.push(await view());
  say(`first view, prepared: ${prepared.at(-1)!.toFixed(0)} ms`);
}
await app.close();
await handle.close();

// `parity compute`, start to exit, in a new process each time.
const env = {
  ...process.env,
  PARITY_ENV: 'development',
  DATABASE_URL: databaseUrl,
  PARITY_SESSION_SECRET: SECRET,
  PARITY_PSEUDONYMISATION_KEY: KEY,
};
function compute(): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(
      process.execPath,
      [
        path.join(distDir, 'bundle', 'main.js'),
        'compute',
        '--org',
        odsCode,
        '--year',
        '2024',
        '--format',
        'json',
      ],
      { env, stdio: ['ignore', 'ignore', 'inherit'] },
    );
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve(performance.now() - started) : reject(new Error(`parity compute: exit ${code}`)),
    );
  });
}
// The first run after the loads computes the year (nothing is kept for this program yet) and keeps its
// figures; the runs after it read them, as every run does until the next import.
const computeFirst = await compute();
say(`parity compute, first run (computes and keeps): ${computeFirst.toFixed(0)} ms`);
const computes: number[] = [];
for (let i = 0; i < ROUNDS; i++) computes.push(await compute());
say(`parity compute: ${computes.map((c) => c.toFixed(0)).join(', ')} ms`);

report({
  seconds: median(notPrepared) / 1000,
  staff: trust.staff,
  records,
  loadSeconds,
  readRecordsMs: median(reads),
  firstViewMs: median(notPrepared),
  firstViewRunsMs: notPrepared,
  preparedViewMs: prepared.length > 0 ? median(prepared) : null,
  computeFirstMs: computeFirst,
  computeMs: median(computes),
  computeRunsMs: computes,
});
