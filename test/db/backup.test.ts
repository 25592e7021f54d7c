/**
 * `parity backup` and `parity restore` on SQLite and on a real PostgreSQL server. The demo installation with
 * its three years of data is backed up through the real command in a child process, damaged (a loaded file
 * deleted, another loaded, every plan update lost), and restored: every figure `parity compute` prints, every
 * plan as `parity plan export` writes it, and every row of every table are as before. Then the refusals,
 * each leaving the database exactly as it was: a database holding data without --force, a backup from a
 * newer Parity, a damaged or foreign file, and (SQLite) a database another process has open. Last, a
 * backup of an older schema is restored over the current one and migrated forward.
 *
 * Both demo trusts are generated at 600 staff each (the demo has 2,400); PARITY_PROOFS=full makes them 20,000.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Migrator, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { run } from '../../src/cli/main.js';
import { createDemo, DEMO_SECOND_TRUST, DEMO_TRUST } from '../../src/features/demo/demo.js';
import { loadDemoData } from '../../src/features/demo/demo-data.js';
import { organisationsRepository } from '../../src/features/organisations/organisations.repository.js';
import { createServices } from '../../src/features/services.js';
import { systemClock } from '../../src/shared/clock.js';
import { changeStamp, COUNTER_TABLES } from '../../src/storage/changes.js';
import { openDatabase } from '../../src/storage/database.js';
import { MIGRATIONS } from '../../src/storage/migrations/index.js';
import { openTestDatabase, type TestDatabase } from '../support/databases.js';
import { cliEnvironment, serviceSettings } from '../support/settings.js';
import { TEST_DEMO_YEARS, TEST_DEMO } from '../support/app.js';

const root = path.resolve(import.meta.dirname, '../..');
const FULL = process.env.PARITY_PROOFS === 'full';
/** Staff per trust: fewer than the demo's 2,400 in CI (every figure and plan is still there), more in full. */
const STAFF = FULL ? 20_000 : 600;
const KEY = 'backup-test-pseudonymisation-key-0123456789';
const settings = serviceSettings({ pseudonymisationKey: KEY, uploadMaxMegabytes: 200 });
const TRUSTS = [DEMO_TRUST.odsCode, DEMO_SECOND_TRUST.odsCode];

/** The real `parity` command in a child process, as an administrator runs it. */
function parityProcess(url: string, ...args: string[]): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    cwd: root,
    env: { ...process.env, ...cliEnvironment(url, KEY) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

/** The same command in this process (quicker, for the many reads of a snapshot and the refusals). */
async function parity(url: string, ...args: string[]): Promise<{ code: number; output: string }> {
  const lines: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void lines.push(a.join(' ')));
  Object.assign(process.env, cliEnvironment(url, KEY));
  try {
    const code = await run(args, (line) => lines.push(line));
    return { code, output: lines.join('\n') };
  } finally {
    log.mockRestore();
  }
}

async function stampOf(url: string): Promise<string> {
  const handle = await openDatabase(url);
  try {
    return await changeStamp(handle.db);
  } finally {
    await handle.close();
  }
}

/** Every row of every table, as a count and a digest per table (blobs by their own digest). */
async function tablesOf(url: string): Promise<Record<string, { rows: number; digest: string }>> {
  const handle = await openDatabase(url);
  try {
    const out: Record<string, { rows: number; digest: string }> = {};
    const tables = (await handle.db.introspection.getTables({ withInternalKyselyTables: true }))
      .map((t) => t.name)
      .sort();
    for (const table of tables) {
      // The change counter is not data: a restore draws it a new epoch (checked below).
      if (COUNTER_TABLES.has(table)) continue;
      const rows = (await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(handle.db))
        .rows;
      const lines = rows
        .map((row) =>
          JSON.stringify(
            Object.keys(row)
              .sort()
              .map((k) => {
                const v = row[k];
                return [k, v instanceof Uint8Array ? createHash('sha256').update(v).digest('hex') : v];
              }),
          ),
        )
        .sort();
      out[table] = { rows: rows.length, digest: createHash('sha256').update(lines.join('\n')).digest('hex') };
    }
    return out;
  } finally {
    await handle.close();
  }
}

interface Snapshot {
  /** Every trust's results for every year, as `parity compute --format json` prints them, and the publication view. */
  figures: Record<string, string>;
  /** `parity plan list`, and each plan exported as HTML. */
  plans: Record<string, string>;
  tables: Record<string, { rows: number; digest: string }>;
}

async function snapshot(url: string, dir: string): Promise<Snapshot> {
  const figures: Record<string, string> = {};
  const handle = await openDatabase(url);
  try {
    // The services the command uses, in this process: every trust and year costs one read of the records.
    const services = createServices({ db: handle.db, clock: systemClock, settings });
    for (const ods of TRUSTS) {
      const org = (await organisationsRepository(handle.db).findByOds(ods))!;
      for (const year of TEST_DEMO_YEARS)
        figures[`${ods} ${year}`] = JSON.stringify(await services.indicators.compute(org, year, 'all'));
    }
  } finally {
    await handle.close();
  }
  const published = await parity(
    url,
    'compute',
    '--org',
    DEMO_TRUST.odsCode,
    '--format',
    'json',
    '--published',
  );
  figures.published = `${published.code}\n${published.output}`;

  const list = await parity(url, 'plan', 'list', '--org', DEMO_TRUST.odsCode);
  const plans: Record<string, string> = { list: `${list.code}\n${list.output}` };
  for (const year of [2023, 2024]) {
    const file = path.join(dir, `plan-${year}.html`);
    rmSync(file, { force: true });
    const r = await parity(
      url,
      'plan',
      'export',
      '--org',
      DEMO_TRUST.odsCode,
      '--year',
      String(year),
      '--format',
      'html',
      '--out',
      file,
    );
    // The footer names the day the file was produced.
    plans[year] =
      r.code === 0
        ? readFileSync(file, 'utf8').replace(/Produced by Parity on [^.]*\./, 'Produced by Parity.')
        : `${r.code}\n${r.output}`;
  }
  return { figures, plans, tables: await tablesOf(url) };
}

describe.each(['sqlite', 'postgres'] as const)('backup and restore on %s', (dialect) => {
  let database: TestDatabase;
  let url: string;
  let before: Snapshot;
  const dir = mkdtempSync(path.join(tmpdir(), 'parity-backup-'));
  const backup = path.join(dir, dialect === 'sqlite' ? 'parity.sqlite.backup' : 'parity.dump');
  const timings: Record<string, number> = {};
  const report: Record<string, string> = {};

  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    url = database.url;
    const services = createServices({ db: database.db, clock: systemClock, settings });
    let t = performance.now();
    await createDemo(services, { withData: false, ...TEST_DEMO });
    const loaded = await loadDemoData(
      services,
      { userId: null, label: 'test' },
      STAFF ? { staff: STAFF, years: TEST_DEMO_YEARS } : { years: TEST_DEMO_YEARS },
    );
    timings.load = performance.now() - t;
    await database.close();
    t = performance.now();
    before = await snapshot(url, dir);
    timings.snapshot = performance.now() - t;
    expect(loaded.records).toBeGreaterThan(0);
  }, 900_000);
  afterAll(async () => {
    await database?.dispose();
    rmSync(dir, { recursive: true, force: true });
    if (FULL || process.env.PARITY_BACKUP_REPORT)
      console.log(`backup.test ${dialect}: ${JSON.stringify(timings)}\n${Object.values(report).join('\n')}`);
  });

  it('restores every figure and plan as before', async () => {
    // The demo has figures for each trust and year, and plans with actions and updates.
    for (const [key, text] of Object.entries(before.figures))
      expect(text, key).toMatch(key === 'published' ? /^0\n/ : /"periodProblem":null/);
    expect(before.plans.list).toMatch(/^0\n2024\/25\t.*\n2023\/24\t/);
    for (const year of ['2023', '2024']) expect(before.plans[year]).toMatch(/^<!DOCTYPE html>/i);
    expect(before.tables.plan_action_updates!.rows).toBeGreaterThan(0);

    let t = performance.now();
    const made = await parityProcess(url, 'backup', '--out', backup);
    timings.backupCommand = performance.now() - t;
    timings.backupBytes = statSync(backup).size;
    report.backup = made.output.trim();
    expect(made.code, made.output).toBe(0);
    expect(made.output).toContain(`to ${backup}: `);
    expect(made.output).toContain(`schema ${Object.keys(MIGRATIONS).sort().at(-1)}, 3 organisation(s)`);
    expect(statSync(backup).mode & 0o777).toBe(0o600);

    // A bad day: a loaded file deleted, another loaded, every plan update lost.
    const handle = await openDatabase(url);
    try {
      const services = createServices({ db: handle.db, clock: systemClock, settings });
      const trust = (await organisationsRepository(handle.db).findByOds(DEMO_TRUST.odsCode))!;
      const latest = (await services.datasets.versions(trust, false)).find((v) => v.dataset !== 'workforce')!;
      await services.datasets.deleteVersion({ userId: null, label: 'test' }, trust, latest.id);
      const extra = path.join(dir, 'staff.csv');
      writeFileSync(
        extra,
        'snapshot_date,staff_number,org_path,staff_group,pay_band,contract,fte,ethnicity,disability,sex,age\n2024-09-30,990001,Corporate Services > Finance,Administrative and Clerical,Band 4,Permanent,1,A,No,Female,40\n',
      );
      const loaded = await services.datasets.importFiles({ userId: null, label: 'test' }, trust, [
        { input: { path: extra } },
      ]);
      expect(loaded.saved).toBe(true);
      await handle.db.deleteFrom('plan_action_updates').execute();
    } finally {
      await handle.close();
    }
    const damaged = await snapshot(url, dir);
    expect(damaged.figures).not.toEqual(before.figures);
    expect(damaged.plans).not.toEqual(before.plans);
    expect(damaged.tables).not.toEqual(before.tables);

    const stampBefore = await stampOf(url);
    t = performance.now();
    const restored = await parityProcess(url, 'restore', backup, '--force');
    timings.restoreCommand = performance.now() - t;
    report.restore = restored.output.trim();
    expect(restored.code, restored.output).toBe(0);
    expect(restored.output).toContain('no migration was needed');

    // A server's pages kept under the counter before the restore are never taken for the restored data's.
    expect((await stampOf(url)).split(':')[0]).not.toBe(stampBefore.split(':')[0]);
    const after = await snapshot(url, dir);
    expect(after.figures).toEqual(before.figures);
    expect(after.plans).toEqual(before.plans);
    expect(after.tables).toEqual(before.tables);
  }, 600_000);

  it('refuses to replace a database holding data without --force, and an existing backup file', async () => {
    const r = await parity(url, 'restore', backup);
    expect(r.code).toBe(3);
    expect(r.output).toContain('already holds data');
    expect(r.output).toContain('nothing was changed. Add --force');
    const again = await parity(url, 'backup', '--out', backup);
    expect(again.code).toBe(3);
    expect(again.output).toContain(`${backup} already exists; nothing was written. Add --force`);
    expect(await tablesOf(url)).toEqual(before.tables);
  });

  it('refuses a backup made by a newer Parity, changing nothing', async () => {
    const future = path.join(dir, `future-${path.basename(backup)}`);
    const stamp = new Date().toISOString();
    if (dialect === 'sqlite') {
      copyFileSync(backup, future);
      const db = new Database(future);
      db.prepare('insert into kysely_migration (name, timestamp) values (?, ?)').run(
        '9999_from_the_future',
        stamp,
      );
      db.close();
    } else {
      // The live database gets the row for a moment, so pg_dump writes it into the backup.
      const handle = await openDatabase(url);
      await sql`insert into kysely_migration (name, timestamp) values ('9999_from_the_future', ${stamp})`.execute(
        handle.db,
      );
      await handle.close();
      const made = await parity(url, 'backup', '--out', future);
      const cleanup = await openDatabase(url);
      await sql`delete from kysely_migration where name = '9999_from_the_future'`.execute(cleanup.db);
      await cleanup.close();
      expect(made.code, made.output).toBe(0);
    }
    const r = await parity(url, 'restore', future, '--force');
    expect(r.code).toBe(3);
    expect(r.output).toContain(`${future} was made by a newer Parity (schema 9999_from_the_future)`);
    expect(r.output).toContain('9999_from_the_future is not known to this version');
    expect(await tablesOf(url)).toEqual(before.tables);
  });

  it('refuses a damaged file and a file that is not a backup, changing nothing', async () => {
    const damaged = path.join(dir, `damaged-${path.basename(backup)}`);
    const bytes = readFileSync(backup);
    if (dialect === 'sqlite')
      bytes.fill(0x41, Math.floor(bytes.length / 3), Math.floor(bytes.length / 3) + 65_536);
    writeFileSync(damaged, dialect === 'sqlite' ? bytes : bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    const r = await parity(url, 'restore', damaged, '--force');
    expect(r.code).toBe(3);
    expect(r.output).toContain(`${damaged} is damaged`);

    const text = path.join(dir, 'notes.txt');
    writeFileSync(text, 'Not a backup at all.\n'.repeat(50));
    const t = await parity(url, 'restore', text, '--force');
    expect(t.code).toBe(3);
    expect(t.output).toContain(`${text} is not a Parity backup`);

    // The other database's kind of backup is named as such.
    const other = path.join(dir, 'other-kind');
    writeFileSync(
      other,
      Buffer.from(dialect === 'sqlite' ? 'PGDMP\x01\x0e\x00' : 'SQLite format 3\0', 'latin1'),
    );
    const o = await parity(url, 'restore', other, '--force');
    expect(o.code).toBe(3);
    expect(o.output).toContain(
      dialect === 'sqlite'
        ? `${other} is a PostgreSQL backup (pg_dump); restore it with DATABASE_URL set to the postgres:// database.`
        : `${other} is a SQLite backup; restore it with DATABASE_URL set to a sqlite: file.`,
    );
    expect(await tablesOf(url)).toEqual(before.tables);
  });

  // What only an embedded database has: a file other processes hold open, and its write-ahead log.
  if (dialect === 'sqlite') {
    it('backs up a database in use, with its latest changes, and refuses to restore over it', async () => {
      // This process holds the database open as a running server does (WAL mode), with a change still
      // only in its write-ahead log: a copy of the file alone would miss it.
      const server = await openDatabase(url);
      const live = path.join(dir, 'live.backup');
      try {
        await sql`pragma wal_autocheckpoint = 0`.execute(server.db);
        await sql`update organisations set name = name || ' (live)' where ods_code = ${DEMO_TRUST.odsCode}`.execute(
          server.db,
        );
        const made = await parity(url, 'backup', '--out', live);
        expect(made.code, made.output).toBe(0);
        const r = await parityProcess(url, 'restore', backup, '--force');
        expect(r.code, r.output).toBe(3);
        expect(r.output).toContain(
          'is in use (a Parity server or another command has it open); nothing was changed',
        );
        await sql`update organisations set name = ${DEMO_TRUST.name} where ods_code = ${DEMO_TRUST.odsCode}`.execute(
          server.db,
        );
      } finally {
        await server.close();
      }
      const copy = new Database(live, { readonly: true });
      expect(
        copy.prepare('select name from organisations where ods_code = ?').get(DEMO_TRUST.odsCode),
      ).toEqual({
        name: `${DEMO_TRUST.name} (live)`,
      });
      copy.close();
      expect(await tablesOf(url)).toEqual(before.tables);
    }, 120_000);

    it('applies no WAL of the replaced database to the restored one', async () => {
      // A server killed after writing leaves its last changes in the WAL beside the database (never
      // checkpointed); SQLite would apply that file to whatever database next has the name.
      const file = url.slice('sqlite:'.length);
      const crashed = spawn(
        process.execPath,
        [
          '-e',
          `const D = require('better-sqlite3'); const d = new D(${JSON.stringify(file)});
         d.pragma('journal_mode = WAL'); d.pragma('wal_autocheckpoint = 0');
         d.exec("delete from plan_action_updates; update organisations set name = 'Crashed'");
         console.log('written'); setInterval(() => {}, 1000);`,
        ],
        { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
      );
      await new Promise((resolve) => crashed.stdout.once('data', resolve));
      crashed.kill('SIGKILL');
      await new Promise((resolve) => crashed.once('close', resolve));
      expect(statSync(`${file}-wal`).size).toBeGreaterThan(0);

      const r = await parity(url, 'restore', backup, '--force');
      expect(r.code, r.output).toBe(0);
      expect(await tablesOf(url)).toEqual(before.tables);
    });
  }

  it('restores a backup of an older schema over the current one and migrates it forward', async () => {
    // An installation of an early release: the first migration only, and one organisation.
    const older = await openTestDatabase(dialect, { migrate: false });
    const oldBackup = path.join(dir, `older-${path.basename(backup)}`);
    try {
      const migrator = new Migrator({
        db: older.db,
        provider: { getMigrations: () => Promise.resolve(MIGRATIONS) },
      });
      const first = Object.keys(MIGRATIONS).sort()[0]!;
      expect((await migrator.migrateTo(first)).error).toBeUndefined();
      await sql`insert into organisations (id, ods_code, name, kind, parent_id, created_at) values ('org-1', 'ROLD', 'Older Trust', 'trust', null, '2024-01-01T00:00:00.000Z')`.execute(
        older.db,
      );
      await older.close();
      const made = await parity(older.url, 'backup', '--out', oldBackup);
      expect(made.code, made.output).toBe(0);
      expect(made.output).toContain(`schema ${first}, 1 organisation(s), 0 loaded file(s)`);
    } finally {
      await older.dispose();
    }
    const r = await parity(url, 'restore', oldBackup, '--force');
    expect(r.code, r.output).toBe(0);
    expect(r.output).toContain(`applied ${Object.keys(MIGRATIONS).length - 1} migration(s)`);

    const tables = await tablesOf(url);
    expect(tables.organisations!.rows).toBe(1);
    expect(tables.kysely_migration!.rows).toBe(Object.keys(MIGRATIONS).length);
    // Every table the current schema has, empty but there (on PostgreSQL the newer tables were dropped and made again).
    expect(Object.keys(tables).sort()).toEqual(Object.keys(before.tables).sort());
    expect(tables.dataset_versions!.rows).toBe(0);
    const orgs = await parity(url, 'org', 'list');
    expect(orgs.output).toContain('ROLD');
  }, 120_000);
});
