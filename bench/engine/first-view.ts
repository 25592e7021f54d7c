/**
 * Child: what a person waits for after loading a trust's files, on SQLite. The trust's generated files for
 * 2023 and 2024 are loaded through the datasets service into a fresh database (not timed), then:
 *
 * - the first dashboard overview after an import, in a server that is already running (warm modules, as
 *   `parity serve` runs: development mode): each round loads the 2024 staff in post again (a new version, so
 *   nothing cached holds) and times the first GET of the overview; the median of the rounds. Timed after
 *   three kinds of import:
 *   - through the Data page, as a person loads a file: the upload (sent, checked, previewed) and the
 *     confirmation (saved, and the overview's figures computed before the answer: `dashboard.ready`) are
 *     timed too, and so is `ready` alone after an import, what the confirmation's figures cost;
 *   - "nothing prepared": the datasets service alone, which computes nothing (the demo loader's import),
 *     so the first view computes the figures;
 *   - "prepared": after the server's ledger preparer (src/server/prepare.ts) has finished with the
 *     organisation, as it does in the background;
 * - reading the records alone: the current records of every engine dataset through a fresh service (no
 *   cache), the part of the first view this bench is about;
 * - `parity compute --org <ODS> --year 2024 --format json` start to exit: the CLI's bundle (compiled and
 *   bundled from this tree into `distDir`, as the build makes it) in a new process each time; the median
 *   of the runs. Its first run after the loads above (nothing kept by this build), the runs after it, and
 *   the first run after each `parity import` of the staff in post (timed too).
 *
 * Arguments: the ODS code, the database file, the compiled CLI's folder.
 */
import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
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
/** The form token of a page the analyst is shown. */
async function tokenOf(url: string): Promise<string> {
  const page = await app.inject({ method: 'GET', url, headers: { cookie: cookie() } });
  const found = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
  if (page.statusCode !== 200 || !found) throw new Error(`${url}: ${page.statusCode}, no form token`);
  return found;
}
/**
 * Loads the 2024 staff in post again as a person does on the Data page: the upload (the file sent and
 * checked, and the preview shown), then the confirmation (saved, and the overview's figures computed
 * before the answer). Returns the time of each step.
 */
async function importThroughDataPage(): Promise<{ uploadMs: number; confirmMs: number }> {
  const dataPage = `/o/${odsCode}/data`;
  const csrf = await tokenOf(dataPage);
  const boundary = `----parity-bench-${Date.now()}`;
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n`),
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${path.basename(workforce2024.path)}"\r\nContent-Type: text/csv\r\n\r\n`,
    ),
    readFileSync(path.join(NATIONAL_DIR, workforce2024.path)),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  let started = performance.now();
  const uploaded = await app.inject({
    method: 'POST',
    url: `${dataPage}/upload`,
    headers: { cookie: cookie(), 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: body,
  });
  const preview = uploaded.headers.location;
  if (uploaded.statusCode !== 303 || typeof preview !== 'string')
    throw new Error(`the upload was refused: ${uploaded.statusCode}`);
  const confirmToken = await tokenOf(preview);
  const uploadMs = performance.now() - started;
  started = performance.now();
  const confirmed = await app.inject({
    method: 'POST',
    url: `${preview}/confirm`,
    headers: { cookie: cookie(), 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: confirmToken }).toString(),
  });
  const confirmMs = performance.now() - started;
  keep(confirmed.headers);
  if (confirmed.statusCode !== 303 || confirmed.headers.location !== dataPage)
    throw new Error(`the confirmation did not load the file: ${confirmed.statusCode}`);
  // The Data page the person is sent back to, with its message (not timed: it is not the dashboard).
  await tokenOf(dataPage);
  return { uploadMs, confirmMs };
}
// The server's first page of all compiles templates and warms the code: not what an import costs.
say(`the server's first view: ${(await view()).toFixed(0)} ms`);

// Through the Data page, as a person loads a file: the dashboard's first view after it.
const afterDataPage: number[] = [];
const uploads: number[] = [];
const confirms: number[] = [];
for (let i = 0; i < ROUNDS; i++) {
  const { uploadMs, confirmMs } = await importThroughDataPage();
  uploads.push(uploadMs);
  confirms.push(confirmMs);
  afterDataPage.push(await view());
  say(
    `Data page: upload and check ${uploadMs.toFixed(0)} ms, confirm ${confirmMs.toFixed(0)} ms; first view ${afterDataPage.at(-1)!.toFixed(0)} ms`,
  );
}
// What the confirmation's figures cost: an import that computes nothing (the service alone), then the
// overview's figures computed as the confirmation computes them.
const readies: number[] = [];
for (let i = 0; i < ROUNDS; i++) {
  await reimport();
  const started = performance.now();
  await services.dashboard.ready(org);
  readies.push(performance.now() - started);
  say(`the overview's figures after an import: ${readies.at(-1)!.toFixed(0)} ms`);
}
// An import that leaves everything to the first view: the service alone, as the demo loader imports.
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
/** Runs the built `parity` with these arguments, start to exit; its output is not kept. */
function parity(args: readonly string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [path.join(distDir, 'bundle', 'main.js'), ...args], {
      env,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolve(performance.now() - started)
        : reject(new Error(`parity ${args[0]}: exit ${code}`)),
    );
  });
}
const compute = () => parity(['compute', '--org', odsCode, '--year', '2024', '--format', 'json']);
// The first run after the loads computes the year (nothing is kept for this program yet) and keeps its
// figures; the runs after it read them, as every run does until the next import.
const computeFirst = await compute();
say(`parity compute, first run (computes and keeps): ${computeFirst.toFixed(0)} ms`);
const computes: number[] = [];
for (let i = 0; i < ROUNDS; i++) computes.push(await compute());
say(`parity compute: ${computes.map((c) => c.toFixed(0)).join(', ')} ms`);
// `parity import` of the staff in post, then the first `parity compute` after it: the import ends with
// the overview's figures kept (`dashboard.ready`), so the compute reads them.
const cliImports: number[] = [];
const computesAfterImport: number[] = [];
for (let i = 0; i < ROUNDS; i++) {
  cliImports.push(await parity(['import', path.join(NATIONAL_DIR, workforce2024.path), '--org', odsCode]));
  computesAfterImport.push(await compute());
  say(
    `parity import ${cliImports.at(-1)!.toFixed(0)} ms, then parity compute ${computesAfterImport.at(-1)!.toFixed(0)} ms`,
  );
}

report({
  seconds: median(afterDataPage) / 1000,
  afterDataPageMs: median(afterDataPage),
  afterDataPageRunsMs: afterDataPage,
  uploadMs: median(uploads),
  confirmMs: median(confirms),
  readyMs: median(readies),
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
  cliImportMs: median(cliImports),
  computeAfterImportMs: median(computesAfterImport),
  computeAfterImportRunsMs: computesAfterImport,
});
