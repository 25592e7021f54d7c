/**
 * bench:web — how fast the Culture Dashboard answers, beside the health endpoint in the same run.
 *
 * A region of 30 generated trusts (three WRES years of every dataset, loaded through the import path)
 * in a real PostgreSQL server the benchmark starts itself (initdb/pg_ctl in a temporary folder, a free
 * loopback port); then `parity serve` in production mode on another loopback port, signed in as a board
 * member of the first trust (the publication view: small numbers suppressed). After a warm-up, autocannon
 * sends 20 concurrent connections for a fixed time to each URL in turn: GET /health (the reference: a
 * database round trip and no page), the dashboard overview and an indicator page. It prints the p50 and p95
 * latency of each and their ratio to /health's, and stops everything it started.
 */
import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
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
const CONNECTIONS = 20;
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
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli/main.ts'), 'serve'], {
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
  label: string;
  path: string;
  requests: number;
  errors: number;
  p50: number;
  p95: number;
  p99: number;
  rps: number;
  bytes: number;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

/** One bounded autocannon run; every response time is kept so the percentiles are exact. */
function hammer(url: string, cookie: string, seconds: number): Promise<Omit<Run, 'label' | 'path'>> {
  return new Promise((resolve, reject) => {
    const times: number[] = [];
    let errors = 0;
    let bytes = 0;
    const instance = autocannon(
      {
        url,
        connections: CONNECTIONS,
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
let pg: PostgresServer | null = null;
let server: ReturnType<typeof startServer> | null = null;
try {
  process.stderr.write('Starting PostgreSQL...\n');
  pg = await startPostgres();
  const pseudonymisationKey = randomBytes(32).toString('base64url');
  const load = await loadRegion({
    databaseUrl: pg.url,
    manifest,
    dir: REGION_DIR,
    pseudonymisationKey,
    password: PASSWORD,
    onProgress: (line) => process.stderr.write(`${line}\n`),
  });
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  server = startServer({
    PARITY_ENV: 'production',
    PARITY_HOST: '127.0.0.1',
    PARITY_PORT: String(port),
    PARITY_PUBLIC_URL: 'https://parity.bench.invalid',
    DATABASE_URL: pg.url,
    PARITY_SESSION_SECRET: randomBytes(32).toString('base64url'),
    PARITY_PSEUDONYMISATION_KEY: pseudonymisationKey,
    PARITY_LOG_LEVEL: 'warn',
  });
  await waitFor(`${base}/health`, 60);
  const cookie = await signIn(base, 'bench-board');
  const targets = [
    { label: 'GET /health (reference)', path: '/health' },
    { label: 'Dashboard overview', path: `/o/${trust.odsCode}/dashboard` },
    { label: 'Indicator page (WRES 2)', path: `/o/${trust.odsCode}/dashboard/indicators/WRES2` },
  ];
  // The first request computes and caches; its time is reported, not part of the percentiles.
  const cold: Record<string, number> = {};
  for (const t of targets) {
    const started = performance.now();
    const r = await fetch(base + t.path, { headers: { cookie } });
    await r.text();
    if (r.status !== 200) throw new Error(`${t.path} answered ${r.status}`);
    cold[t.path] = performance.now() - started;
  }
  const runs: Run[] = [];
  for (const t of targets) {
    process.stderr.write(
      `${t.label}: warm-up ${WARM_SECONDS} s, then ${SECONDS} s at ${CONNECTIONS} connections...\n`,
    );
    await hammer(base + t.path, cookie, WARM_SECONDS);
    runs.push({ ...t, ...(await hammer(base + t.path, cookie, SECONDS)) });
  }
  const health = runs[0]!;
  console.log(
    `\nbench:web on ${process.platform}, Node ${process.version}, ${availableParallelism()} CPUs; one Parity server process (production mode) and PostgreSQL on this machine, loopback only.`,
  );
  console.log(
    `Region: ${TRUSTS} generated trusts of about ${fmt(STAFF)} staff, WRES years ${YEARS.join(', ')}: ${fmt(load.records)} records in ${fmt(load.files)} files, loaded in ${fmt(load.seconds, 1)} s. Signed in as a board member (viewer) of ${trust.name}: the publication view.`,
  );
  console.log(
    `autocannon: ${CONNECTIONS} connections, ${SECONDS} s per URL after a ${WARM_SECONDS} s warm-up.\n`,
  );
  console.log(
    table(
      [
        'URL',
        'Requests',
        'Req/s',
        'p50 ms',
        'p95 ms',
        'p99 ms',
        'p50 / health',
        'p95 / health',
        'First request ms',
        'KB',
        'Errors',
      ],
      runs.map((r) => [
        `${r.label} ${r.path === '/health' ? '' : r.path}`.trim(),
        fmt(r.requests),
        fmt(r.rps),
        fmt(r.p50, 1),
        fmt(r.p95, 1),
        fmt(r.p99, 1),
        r === health ? 'reference' : `${fmt(r.p50 / health.p50, 1)}x`,
        r === health ? 'reference' : `${fmt(r.p95 / health.p95, 1)}x`,
        fmt(cold[r.path] ?? 0, 0),
        fmt(r.bytes / 1024, 0),
        fmt(r.errors),
      ]),
    ),
  );
  if (runs.some((r) => r.errors > 0 || r.requests === 0)) {
    console.error('\nSome requests failed: the figures above are not valid.');
    process.exitCode = 1;
  }
} catch (error) {
  if (server) process.stderr.write(`Server output:\n${server.output()}\n`);
  throw error;
} finally {
  if (server) {
    server.child.kill('SIGTERM');
    await new Promise((r) => server!.child.once('exit', r));
  }
  pg?.stop();
}
