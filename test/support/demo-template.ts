/**
 * The demo as the tests know it (TEST_DEMO with TEST_DEMO_YEARS loaded), made once per test run and copied
 * by every test that reads it. Making it takes a worker about half a minute (the demo's organisations, three
 * years of records, and every year's disclosure ledger resolved and kept); a copy of the file takes
 * milliseconds, and its pages open on kept ledgers as a prepared server's do.
 *
 * The first worker to ask makes it, under a lock directory that only one process can create; the others
 * wait for the finished file. The folder is named by the global setup (demo-template-setup.ts) so that
 * every project and worker of one run shares it, and is removed when the run ends.
 *
 * A kept ledger refuses its sums (ledger.ts): a test that attacks the sums resolves its own ledgers on a
 * demo it loads itself.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import { createDemo } from '../../src/features/demo/demo.js';
import { loadDemoData } from '../../src/features/demo/demo-data.js';
import { createServices } from '../../src/features/services.js';
import { fixedClock } from '../../src/shared/clock.js';
import { openDatabase } from '../../src/storage/database.js';
import { migrateToLatest } from '../../src/storage/migrate.js';
import { testConfig } from './settings.js';

/** Must match TEST_DEMO, TEST_DEMO_YEARS and TEST_NOW in app.ts (which imports this module). */
export interface DemoTemplateSpec {
  now: string;
  demo: { asOf: string; meetings: boolean };
  years: readonly number[];
}

const WAIT_MS = 10 * 60_000;
const POLL_MS = 250;

let made: Promise<string> | null = null;

/** The path of the run's prepared demo database (made on first use). */
export function demoTemplate(spec: DemoTemplateSpec): Promise<string> {
  made ??= locate(spec);
  return made;
}

async function locate(spec: DemoTemplateSpec): Promise<string> {
  const provided: string | undefined = inject('demoTemplateDir');
  const dir = provided ?? mkdtempSync(path.join(tmpdir(), 'parity-demo-'));
  mkdirSync(dir, { recursive: true });
  const ready = path.join(dir, 'demo.sqlite');
  const failed = path.join(dir, 'failed.txt');
  if (existsSync(ready)) return ready;
  let mine = true;
  try {
    mkdirSync(path.join(dir, 'making'));
  } catch {
    mine = false;
  }
  if (mine) {
    try {
      await make(path.join(dir, 'making', 'demo.sqlite'), spec);
      renameSync(path.join(dir, 'making', 'demo.sqlite'), ready);
    } catch (error) {
      writeFileSync(failed, error instanceof Error ? (error.stack ?? error.message) : String(error));
      throw error;
    }
    return ready;
  }
  const until = Date.now() + WAIT_MS;
  while (Date.now() < until) {
    if (existsSync(ready)) return ready;
    if (existsSync(failed))
      throw new Error(`making the demo database failed in another worker:\n${readFileSync(failed, 'utf8')}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  throw new Error(`the demo database was not made within ${WAIT_MS / 1000} s (${dir})`);
}

async function make(file: string, spec: DemoTemplateSpec): Promise<void> {
  rmSync(file, { force: true });
  const url = `sqlite:${file}`;
  const handle = await openDatabase(url);
  try {
    await migrateToLatest(handle.db);
    const services = createServices({
      db: handle.db,
      clock: fixedClock(spec.now),
      settings: testConfig(url),
    });
    await createDemo(services, { withData: false, ...spec.demo });
    await loadDemoData(services, { userId: null, label: 'test' }, { years: spec.years });
    for (const org of await services.organisations.list()) await services.dashboard.prepare(org);
  } finally {
    // Closing the only connection checkpoints the write-ahead log into the file, so one file is the copy.
    await handle.close();
  }
  for (const extra of ['-wal', '-shm'])
    if (existsSync(file + extra))
      throw new Error(`the demo database left ${path.basename(file + extra)} behind`);
}
