/**
 * bench:web — how fast the Culture Dashboard answers, beside the health endpoint in the same run.
 *
 * A region of 30 generated trusts (three WRES years of every dataset, loaded through the import path),
 * once in a real PostgreSQL server the benchmark starts itself (initdb/pg_ctl in a temporary folder, a free
 * loopback port) and once in a SQLite file. On each, the built program (`bin/parity.js serve`, as `npm
 * start` runs it) is started in production mode and in development mode (the mode `npm start` runs in
 * when PARITY_ENV is not set), signed in as a board member of the first trust (the publication view: small
 * numbers suppressed). After a warm-up, autocannon sends 20 and then 50 concurrent connections for a fixed
 * time to each URL in turn: GET /health (the reference: a database round trip and no page), the dashboard
 * overview and an indicator page. It prints the p50 and p95 latency of each and their ratio to /health's in
 * the same server and load, and the server's CPU time per request (a run disturbed by work the server does
 * of its own shows it for every URL), and stops everything it started.
 */
import autocannon from 'autocannon';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { freePort, startPostgres, type PostgresServer } from '../test/support/postgres-server.js';
import { generate } from '../src/generator/generate.js';
import { GENERATED_DATASETS, type Manifest } from '../src/generator/manifest.js';
import { fmt, ROOT, DATA_DIR, table } from './support/measure.js';
import { loadRegion } from './web/load.js';

const TRUSTS = 30;
const STAFF = 2_000;
const YEARS = [2022, 2023, 2024];
const SEED = 30;
const LOADS = [20, 50] as const;
const SECONDS = Number(process.env.BENCH_WEB_SECONDS ?? 10);
const WARM_SECONDS = 3;
const REGION_DIR = path.join(DATA_DIR, 'web-region');
const PASSWORD = 'bench web password';

async function regionData(): Promise<Manifest> {
  const manifestPath = path.join(REGION_DIR, 'manifest.json');
  if (existsSync(manifestPath)) {
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
    if (manifest.organisations.length === TRUSTS && YEARS.every((y) => manifest.options.years.includes(y)))
      return manifest;
  }
  mkdirSync(REGION_DIR, { recursive: true });
  process.stderr.write(`Generating a ${TRUSTS}-trust region in ${REGION_DIR}...\n`);
  const { manifest } = await generate({
    out: REGION_DIR,
    seed: SEED,
    trusts: TRUSTS,
    staff: STAFF,
    national: false,
    years: YEARS,
    format: 'csv',
    datasets: GENERATED_DATASETS,
  });
  return manifest;
}

function startServer(env: Record<string, string>): { child: ChildProcess; output: () => string } {
  let output = '';
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/parity.js'), 'serve'], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  return { child, output: () => output };
}

async function waitFor(url: string, seconds: number): Promise<void> {
  const until = Date.now() + seconds * 1000;
  for (;;) {
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > until) throw new Error(`${url} did not answer within ${seconds} s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** CPU seconds a process has used so far, all its threads (the preparer's worker included). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  // utime and stime, fields 14 and 15 of the line (11 and 12 after the command name), in clock ticks.
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/**
 * Waits until the server has finished what it does by itself after starting (preparing every
 * organisation's figures and ledgers in its worker thread): its CPU use stays under 5% for 3 s in a row.
 * Returns the seconds waited.
 */
async function settled(pid: number, limitSeconds: number): Promise<number> {
  const started = performance.now();
  let quiet = 0;
  let last = cpuSeconds(pid);
  while (quiet < 3) {
    await new Promise((r) => setTimeout(r, 1000));
    const now = cpuSeconds(pid);
    quiet = now - last < 0.05 ? quiet + 1 : 0;
    last = now;
    if ((performance.now() - started) / 1000 > limitSeconds)
      throw new Error(`the server was still busy after ${limitSeconds} s`);
  }
  return (performance.now() - started) / 1000;
}

/** Signs in through the real form and returns the Cookie header of the session. */
async function signIn(base: string, username: string): Promise<string> {
  const jar = new Map<string, string>();
  const keep = (r: Response) => {
    for (const c of r.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair!.indexOf('=');
      jar.set(pair!.slice(0, i), pair!.slice(i + 1));
    }
  };
  const header = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const form = await fetch(`${base}/sign-in`);
  keep(form);
  const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1];
  if (!token) throw new Error('no form token on the sign-in page');
  const done = await fetch(`${base}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: header(), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: token, username, password: PASSWORD, returnTo: '/' }),
  });
  keep(done);
  if (done.status !== 303) throw new Error(`sign-in as ${username} failed: ${done.status}`);
  return header();
}

interface Run {
  database: string;
  mode: string;
  connections: number;
  label: string;
  path: string;
  requests: number;
  errors: number;
  p50: number;
  p95: number;
  p99: number;
  rps: number;
  bytes: number;
  /**
   * The server process's CPU time during the run, per request answered: the same for a URL in every run
   * when the server does nothing else; higher for every URL of a server busy with work of its own.
   */
  cpuMs: number;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

/** One bounded autocannon run; every response time is kept so the percentiles are exact. */
function hammer(
  url: string,
  cookie: string,
  seconds: number,
  connections: number,
): Promise<Omit<Run, 'label' | 'path' | 'database' | 'mode' | 'connections' | 'cpuMs'>> {
  return new Promise((resolve, reject) => {
    const times: number[] = [];
    let errors = 0;
    let bytes = 0;
    const instance = autocannon(
      {
        url,
        connections,
        duration: seconds,
        timeout: 30,
        headers: { cookie, accept: 'text/html' },
      },
      (error, result) => {
        if (error) return reject(error);
        times.sort((a, b) => a - b);
        resolve({
          requests: times.length,
          errors: errors + result.errors + result.timeouts,
          p50: percentile(times, 50),
          p95: percentile(times, 95),
          p99: percentile(times, 99),
          rps: times.length / seconds,
          bytes: times.length === 0 ? 0 : bytes / times.length,
        });
      },
    );
    instance.on('response', (_client: unknown, status: number, resBytes: number, ms: number) => {
      times.push(ms);
      bytes += resBytes;
      if (status !== 200) errors++;
    });
  });
}

const manifest = await regionData();
const trust = manifest.organisations[0]!;
process.stderr.write('Building the program (npm run build)...\n');
execFileSync(process.execPath, [path.join(ROOT, 'scripts/build.mjs')], { cwd: ROOT, stdio: 'ignore' });
const targets = [
  { label: 'GET /health (reference)', path: '/health' },
  { label: 'Dashboard overview', path: `/o/${trust.odsCode}/dashboard` },
  { label: 'Indicator page (WRES 2)', path: `/o/${trust.odsCode}/dashboard/indicators/WRES2` },
];
const runs: Run[] = [];
const cold: { database: string; mode: string; path: string; ms: number }[] = [];
const loads: { database: string; records: number; files: number; seconds: number }[] = [];
const settling: { database: string; mode: string; seconds: number }[] = [];

/** Serves the loaded region in one mode, and hammers each URL at each load. */
async function measureServer(database: string, databaseUrl: string, key: string, mode: string) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = startServer({
    PARITY_ENV: mode,
    PARITY_HOST: '127.0.0.1',
    PARITY_PORT: String(port),
    PARITY_PUBLIC_URL: 'https://parity.bench.invalid',
    DATABASE_URL: databaseUrl,
    PARITY_SESSION_SECRET: randomBytes(32).toString('base64url'),
    PARITY_PSEUDONYMISATION_KEY: key,
    PARITY_LOG_LEVEL: 'warn',
  });
  try {
    await waitFor(`${base}/health`, 120);
    // The server prepares every organisation after starting: measured once it has finished.
    const preparing = await settled(server.child.pid!, 900);
    settling.push({ database, mode, seconds: preparing });
    const cookie = await signIn(base, 'bench-board');
    // The first request computes (or reads what an earlier server kept); its time is reported, not part of
    // the percentiles.
    for (const t of targets) {
      const started = performance.now();
      const r = await fetch(base + t.path, { headers: { cookie } });
      await r.text();
      if (r.status !== 200) throw new Error(`${t.path} answered ${r.status}`);
      cold.push({ database, mode, path: t.path, ms: performance.now() - started });
    }
    for (const connections of LOADS)
      for (const t of targets) {
        process.stderr.write(
          `${database}, ${mode}, ${t.label}: warm-up ${WARM_SECONDS} s, then ${SECONDS} s at ${connections} connections...\n`,
        );
        await hammer(base + t.path, cookie, WARM_SECONDS, connections);
        const cpuBefore = cpuSeconds(server.child.pid!);
        const run = await hammer(base + t.path, cookie, SECONDS, connections);
        const cpuMs = ((cpuSeconds(server.child.pid!) - cpuBefore) * 1000) / Math.max(1, run.requests);
        runs.push({ database, mode, connections, ...t, ...run, cpuMs });
      }
  } catch (error) {
    process.stderr.write(`Server output:\n${server.output()}\n`);
    throw error;
  } finally {
    server.child.kill('SIGTERM');
    await new Promise((r) => server.child.once('exit', r));
  }
}

async function measureDatabase(database: string, databaseUrl: string) {
  const pseudonymisationKey = randomBytes(32).toString('base64url');
  loads.push({
    database,
    ...(await loadRegion({
      databaseUrl,
      manifest,
      dir: REGION_DIR,
      pseudonymisationKey,
      password: PASSWORD,
      onProgress: (line) => process.stderr.write(`${database}: ${line}\n`),
    })),
  });
  for (const mode of ['production', 'development'])
    await measureServer(database, databaseUrl, pseudonymisationKey, mode);
}

let pg: PostgresServer | null = null;
const sqliteDir = mkdtempSync(path.join(tmpdir(), 'parity-bench-web-'));
try {
  process.stderr.write('Starting PostgreSQL...\n');
  pg = await startPostgres();
  await measureDatabase('PostgreSQL', pg.url);
  pg.stop();
  pg = null;
  await measureDatabase('SQLite', `sqlite:${path.join(sqliteDir, 'parity.sqlite')}`);
} finally {
  pg?.stop();
  rmSync(sqliteDir, { recursive: true, force: true });
}

console.log(
  `\nbench:web on ${process.platform}, Node ${process.version}, ${availableParallelism()} CPUs; one Parity server process (bin/parity.js serve) and its database on this machine, loopback only.`,
);
for (const l of loads)
  console.log(
    `Region on ${l.database}: ${TRUSTS} generated trusts of about ${fmt(STAFF)} staff, WRES years ${YEARS.join(', ')}: ${fmt(l.records)} records in ${fmt(l.files)} files, loaded in ${fmt(l.seconds, 1)} s.`,
  );
console.log(
  `Signed in as a board member (viewer) of ${trust.name}: the publication view. autocannon: ${SECONDS} s per URL and load after a ${WARM_SECONDS} s warm-up.`,
);
console.log(
  `Each server was measured once it had finished preparing every organisation after starting (CPU quiet for 3 s): ${settling.map((x) => `${x.database} ${x.mode} ${fmt(x.seconds, 0)} s`).join(', ')}.\n`,
);
const healthOf = (r: Run) =>
  runs.find(
    (h) =>
      h.database === r.database &&
      h.mode === r.mode &&
      h.connections === r.connections &&
      h.path === '/health',
  )!;
console.log(
  table(
    [
      'Database',
      'Mode',
      'Conns',
      'URL',
      'Requests',
      'Req/s',
      'p50 ms',
      'p95 ms',
      'p99 ms',
      'p95 / health',
      'CPU ms/req',
      'First ms',
      'KB',
      'Errors',
    ],
    runs.map((r) => [
      r.database,
      r.mode,
      fmt(r.connections),
      r.path === '/health' ? '/health (reference)' : r.label,
      fmt(r.requests),
      fmt(r.rps),
      fmt(r.p50, 1),
      fmt(r.p95, 1),
      fmt(r.p99, 1),
      r.path === '/health' ? 'reference' : `${fmt(r.p95 / healthOf(r).p95, 1)}x`,
      fmt(r.cpuMs, 2),
      fmt(cold.find((c) => c.database === r.database && c.mode === r.mode && c.path === r.path)?.ms ?? 0, 0),
      fmt(r.bytes / 1024, 0),
      fmt(r.errors),
    ]),
  ),
);
const pages = runs.filter((r) => r.path !== '/health');
const at20 = pages.filter((r) => r.connections === 20);
const within = at20.filter((r) => r.p95 <= 3 * healthOf(r).p95).length;
console.log(
  `\nTarget, p95 at most 3x /health's at 20 connections: ${within} of ${at20.length} page runs (${within === at20.length ? 'met' : 'not met'}). No errors at 50 connections: ${pages.filter((r) => r.connections === 50).every((r) => r.errors === 0) ? 'met' : 'not met'}.`,
);
if (runs.some((r) => r.errors > 0 || r.requests === 0)) {
  console.error('\nSome requests failed: the figures above are not valid.');
  process.exitCode = 1;
}
