/**
 * An import is one transaction: a process killed at any moment leaves either the previous state exactly as
 * it was or the new version whole, never part of one. The test runs the real `parity import` command in a
 * child process on a large file and kills it with SIGKILL at random moments (seeded, and logged) over the
 * whole life of the import: while it reads the file, while it checks it, while it inserts the records,
 * as it commits, and just after. The moments are aimed by what the process is seen doing: whether it holds
 * the file open (/proc), and lines a test-only preload writes when the saving transaction begins, inserts
 * each chunk of records, sends its commit and gets the answer (test/support/phase-markers.ts).
 *
 * After every kill the database is opened again and checked: SQLite's integrity check passes (the WAL
 * journal is rolled back on opening), PostgreSQL has ended the dead client's transaction, every version
 * has all its records, its audit event and its column mapping, nothing belongs to a version that does not
 * exist, and the earlier versions are as they were. Finally the same import, uninterrupted, succeeds.
 *
 * CI kills 3 times per database; PARITY_PROOFS=full kills 20 times. PARITY_KILL_SEED picks another seed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TRUST } from '../../src/features/demo/demo.js';
import { organisationsRepository } from '../../src/features/organisations/organisations.repository.js';
import { createServices } from '../../src/features/services.js';
import { Rng } from '../../src/generator/random.js';
import { systemClock } from '../../src/shared/clock.js';
import { openDatabase } from '../../src/storage/database.js';
import { countRows, openTestDatabase, type TestDatabase } from '../support/databases.js';
import { cliEnvironment, serviceSettings } from '../support/settings.js';
import { createTestDemo } from '../support/app.js';

const FULL = process.env.PARITY_PROOFS === 'full';
const KILLS = FULL ? 20 : 3;
const PEOPLE = FULL ? 120_000 : 30_000;
const SEED = Number(process.env.PARITY_KILL_SEED ?? 20_260_615);
const CHUNK = 5_000;
/** How test/support/phase-markers.ts begins its lines. */
const PHASE_PREFIX = '@phase ';

const root = path.resolve(import.meta.dirname, '../..');
const markers = path.join(root, 'test/support/phase-markers.ts');
const KEY = 'atomicity-test-pseudonymisation-key-0123456789';
const settings = serviceSettings({ pseudonymisationKey: KEY, uploadMaxMegabytes: 200 });

const TARGETS = ['reading', 'checking', 'inserting', 'committing', 'after commit'] as const;
type Target = (typeof TARGETS)[number];
type Phase = 'starting' | Target;

function writeWorkforce(file: string, people: number, asAt: string): void {
  const lines = [
    `snapshot_date,staff_number,org_path,staff_group,pay_band,contract,fte,ethnicity,disability,sex,age`,
  ];
  const groups = [
    'Medicine and Emergency Care > Emergency Medicine',
    'Surgery and Anaesthetics > Theatres',
    'Corporate Services > Finance',
  ];
  for (let i = 0; i < people; i++)
    lines.push(
      `${asAt},${500_000 + i},${groups[i % 3]},Nursing and Midwifery Registered,Band ${(i % 7) + 2},Permanent,1,${'ABCHNZ'[i % 6]},${i % 9 === 0 ? 'Yes' : 'No'},${i % 3 ? 'Female' : 'Male'},${20 + (i % 45)}`,
    );
  writeFileSync(file, `${lines.join('\n')}\n`);
}

/** Whether the process holds `file` open now; null where /proc cannot tell. */
function holdsOpen(pid: number | undefined, file: string): boolean | null {
  if (pid === undefined || !existsSync('/proc/self/fd')) return null;
  try {
    return readdirSync(`/proc/${pid}/fd`).some((fd) => {
      try {
        return readlinkSync(`/proc/${pid}/fd/${fd}`) === file;
      } catch {
        return false; // closed while looking
      }
    });
  } catch {
    return false; // the process has gone
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One `parity import` child, and what it has been seen doing. */
class ImportRun {
  readonly child: ChildProcess;
  readonly started = performance.now();
  output = '';
  private pending = '';
  saving = false;
  savingAt: number | null = null;
  chunks = 0;
  commitSent = false;
  committedAt: number | null = null;
  firstOpen: number | null = null;
  lastClose: number | null = null;
  readonly exited: Promise<number | null>;
  /** Called after every line of output, so a kill aimed at a marker follows it at once. */
  onLine: () => void = () => {};

  constructor(
    url: string,
    readonly file: string,
  ) {
    this.child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '--import',
        markers,
        'src/cli/main.ts',
        'import',
        file,
        '--org',
        DEMO_TRUST.odsCode,
      ],
      {
        cwd: root,
        env: { ...process.env, ...cliEnvironment(url, KEY), PARITY_UPLOAD_MAX_MB: '200' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    // 'close', not 'exit': the output may still be arriving when the process has exited.
    this.exited = new Promise((resolve) => this.child.on('close', (code) => resolve(code)));
    this.child.stderr!.on('data', (d: Buffer) => (this.output += d.toString()));
    this.child.stdout!.on('data', (d: Buffer) => {
      this.pending += d.toString();
      const lines = this.pending.split('\n');
      this.pending = lines.pop()!;
      for (const line of lines) this.line(line);
    });
  }

  private line(line: string): void {
    if (!line.startsWith(PHASE_PREFIX)) this.output += `${line}\n`;
    // The migrator's own transaction comes before "Saving"; only the saving transaction's markers count.
    if (line.startsWith('Saving ')) {
      this.saving = true;
      this.savingAt = performance.now();
    } else if (line === `${PHASE_PREFIX}chunk` && this.saving) this.chunks++;
    else if (line === `${PHASE_PREFIX}commit` && this.saving) this.commitSent = true;
    else if (line === `${PHASE_PREFIX}committed` && this.saving) this.committedAt = performance.now();
    this.onLine();
  }

  /** Notes when the file is first opened and last seen closed; call it often. */
  watch(): void {
    const open = holdsOpen(this.child.pid, this.file);
    const now = performance.now();
    if (open === null) {
      this.firstOpen ??= this.started;
    } else if (open) {
      this.firstOpen ??= now;
      this.lastClose = null;
    } else if (this.firstOpen !== null && this.lastClose === null && !this.saving) this.lastClose = now;
  }

  /** What the process is doing at this instant, as far as can be seen from outside. */
  phase(): Phase {
    if (this.committedAt !== null || this.output.includes('Saved ')) return 'after commit';
    if (this.commitSent) return 'committing';
    if (this.saving) return 'inserting';
    const open = holdsOpen(this.child.pid, this.file);
    if (open) return 'reading';
    return this.firstOpen === null ? 'starting' : 'checking';
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }
}

interface VersionRow {
  id: string;
  dataset: string;
  records: number;
}

interface Inspection {
  versions: VersionRow[];
  audit: number;
  units: number;
  mappings: number;
  /** Everything that makes a version partial, or belongs to none; empty when the database is whole. */
  problems: string[];
}

async function inspect(url: string, dialect: 'sqlite' | 'postgres'): Promise<Inspection> {
  const handle = await openDatabase(url);
  try {
    const db = handle.db;
    const problems: string[] = [];
    if (dialect === 'sqlite') {
      const integrity = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(db);
      const verdict = integrity.rows.map((r) => r.integrity_check).join('; ');
      if (verdict !== 'ok') problems.push(`integrity check: ${verdict}`);
      const keys = await sql`pragma foreign_key_check`.execute(db);
      if (keys.rows.length > 0) problems.push(`${keys.rows.length} foreign keys broken`);
    }
    const versions = await db
      .selectFrom('dataset_versions')
      .select(['id', 'dataset', 'organisation_id', 'record_count'])
      .orderBy('id')
      .execute();
    const chunks = await db
      .selectFrom('dataset_record_chunks')
      .select(['version_id'])
      .select((eb) => [
        eb.fn.sum<number>('record_count').as('records'),
        eb.fn.countAll<number>().as('chunks'),
      ])
      .groupBy('version_id')
      .execute();
    const events = await db
      .selectFrom('audit_events')
      .select(['entity_id'])
      .where('action', '=', 'dataset.import')
      .execute();
    const mappings = await db.selectFrom('column_mappings').select(['organisation_id', 'dataset']).execute();
    const byVersion = new Map(chunks.map((c) => [c.version_id, c]));
    for (const v of versions) {
      const stored = byVersion.get(v.id);
      const records = Number(stored?.records ?? 0);
      const expectedChunks = Math.ceil(v.record_count / CHUNK);
      if (records !== v.record_count || Number(stored?.chunks ?? 0) !== expectedChunks)
        problems.push(
          `version ${v.id}: ${v.record_count} records declared, ${records} in ${stored?.chunks ?? 0} chunks`,
        );
      const audited = events.filter((e) => e.entity_id === v.id).length;
      if (audited !== 1) problems.push(`version ${v.id}: ${audited} import events`);
      if (!mappings.some((m) => m.organisation_id === v.organisation_id && m.dataset === v.dataset))
        problems.push(`version ${v.id}: no column mapping`);
    }
    const ids = new Set(versions.map((v) => v.id));
    for (const c of chunks)
      if (!ids.has(c.version_id)) problems.push(`chunks of a missing version ${c.version_id}`);
    for (const e of events)
      if (!ids.has(e.entity_id ?? '')) problems.push(`import event of a missing version ${e.entity_id}`);
    const count = (table: 'audit_events' | 'org_units' | 'column_mappings') => countRows(db, table);
    return {
      versions: versions.map((v) => ({ id: v.id, dataset: v.dataset, records: v.record_count })),
      audit: await count('audit_events'),
      units: await count('org_units'),
      mappings: await count('column_mappings'),
      problems,
    };
  } finally {
    await handle.close();
  }
}

/** PostgreSQL ends a dead client's transaction when its connection drops; waits until it has. */
async function waitForDeadClients(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (let i = 0; ; i++) {
      const r = await client.query<{ n: string }>(
        'select count(*) as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
      );
      const n = Number(r.rows[0]?.n ?? 0);
      if (n === 0 || i >= 200) return n;
      await sleep(50);
    }
  } finally {
    await client.end();
  }
}

/** A seeded order of targets, every phase once before any twice. */
function targetsFor(rng: Rng, n: number): Target[] {
  const out: Target[] = [];
  while (out.length < n) {
    const round = [...TARGETS];
    for (let i = round.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [round[i], round[j]] = [round[j]!, round[i]!];
    }
    out.push(...round);
  }
  return out.slice(0, n);
}

describe.each(['sqlite', 'postgres'] as const)('an import killed at random moments, on %s', (dialect) => {
  let database: TestDatabase;
  const dir = mkdtempSync(path.join(tmpdir(), 'parity-kill-'));
  const big = path.join(dir, 'staff-2024.csv');

  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    const services = createServices({ db: database.db, clock: systemClock, settings });
    await createTestDemo(services);
    // The previous state: one snapshot already loaded.
    const small = path.join(dir, 'staff-2023.csv');
    writeWorkforce(small, 50, '2023-03-31');
    const trust = (await organisationsRepository(database.db).findByOds(DEMO_TRUST.odsCode))!;
    const first = await services.datasets.importFiles({ userId: null, label: 'setup' }, trust, [
      { input: { path: small } },
    ]);
    expect(first.saved).toBe(true);
    writeWorkforce(big, PEOPLE, '2024-03-31');
    await database.close();
  }, 180_000);
  afterAll(async () => {
    await database?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it(
    `leaves no partial version after ${KILLS} kills, and the next import succeeds`,
    async () => {
      const rng = new Rng(`import-kill|${SEED}|${dialect}`);
      const targets = targetsFor(rng, KILLS);
      // A kill aimed at the saving goes first: its run shows how long reading and checking take (from first
      // opening the file to its last close, and from there to saving), to aim the kills at those phases.
      const first = targets.findIndex((t) => t !== 'reading' && t !== 'checking');
      targets.unshift(...targets.splice(first, 1));
      let timing = { reading: 1_000, checking: 300 };
      const landed = new Map<string, number>();
      const chunks = Math.ceil(PEOPLE / CHUNK);
      let before = await inspect(database.url, dialect);
      expect(before.problems).toEqual([]);
      expect(before.versions.map((v) => v.records)).toEqual([50]);

      for (const [k, target] of targets.entries()) {
        const run = new ImportRun(database.url, big);
        // Where to aim: a moment after the file was first opened, a chunk of the records, the commit.
        const delay = rng.next();
        const chunk = rng.between(1, chunks);
        const kill: { at: Phase | null } = { at: null };
        // A kill aimed at reading or checking that has not come by the time saving starts comes then: every
        // run is killed, and where it landed is what is counted.
        const due = (): boolean => {
          const now = performance.now();
          const opened = run.firstOpen;
          switch (target) {
            case 'reading':
              // Into the last pass over the file, which reads the rows and checks each one as it goes.
              return run.saving || (opened !== null && now >= opened + (0.2 + 0.7 * delay) * timing.reading);
            case 'checking':
              // After the last close of the file: building the records and encoding them for saving.
              return (
                run.saving ||
                (opened !== null &&
                  run.lastClose !== null &&
                  now >= Math.max(opened + 0.8 * timing.reading, run.lastClose + delay * timing.checking))
              );
            case 'inserting':
              return run.chunks >= chunk;
            case 'committing':
              return run.commitSent;
            case 'after commit':
              return run.committedAt !== null && now >= run.committedAt + delay * 5;
          }
        };
        const killIfDue = () => {
          if (kill.at !== null || !run.alive || !due()) return;
          kill.at = run.phase();
          run.child.kill('SIGKILL');
        };
        run.onLine = killIfDue;
        while (kill.at === null && run.alive) {
          run.watch();
          killIfDue();
          await sleep(1);
        }
        await run.exited;
        if (run.firstOpen !== null && run.lastClose !== null && run.savingAt !== null)
          timing = {
            reading: Math.max(50, run.lastClose - run.firstOpen),
            checking: Math.max(20, run.savingAt - run.lastClose),
          };
        const aim =
          target === 'inserting'
            ? `chunk ${chunk} of ${chunks}`
            : target === 'reading'
              ? `${Math.round((0.2 + 0.7 * delay) * timing.reading)} of ${Math.round(timing.reading)} ms`
              : target === 'checking'
                ? `${Math.round(delay * timing.checking)} of ${Math.round(timing.checking)} ms`
                : target;
        const at = kill.at;
        expect(
          at,
          `kill ${k + 1} aimed at ${target} (${aim}) never came; the import ended with ${run.child.exitCode ?? run.child.signalCode}: ${run.output}`,
        ).not.toBeNull();

        if (dialect === 'postgres') expect(await waitForDeadClients(database.url)).toBe(0);
        const after = await inspect(database.url, dialect);
        expect(after.problems, `after kill ${k + 1}`).toEqual([]);
        const added = after.versions.filter((v) => !before.versions.some((b) => b.id === v.id));
        // The earlier versions are all still there, whole.
        expect(after.versions.filter((v) => before.versions.some((b) => b.id === v.id))).toEqual(
          before.versions,
        );
        if (added.length === 0) {
          expect({ audit: after.audit, units: after.units, mappings: after.mappings }).toEqual({
            audit: before.audit,
            units: before.units,
            mappings: before.mappings,
          });
        } else {
          expect(added.map((v) => v.records)).toEqual([PEOPLE]);
          expect(after.audit).toBe(before.audit + 1);
        }
        const label = `${at ?? 'never'}${added.length > 0 && at !== 'after commit' ? ' (the commit had completed)' : ''}`;
        landed.set(label, (landed.get(label) ?? 0) + 1);
        console.log(
          `kill ${k + 1}/${KILLS} on ${dialect} (seed ${SEED}): aimed at ${target} (${aim}), landed ${label}; ${added.length > 0 ? 'the new version is whole' : 'nothing of it saved'}`,
        );
        before = after;
      }

      // The database every kill left behind takes the next import, whole.
      const handle = await openDatabase(database.url);
      try {
        const services = createServices({ db: handle.db, clock: systemClock, settings });
        const trust = (await organisationsRepository(handle.db).findByOds(DEMO_TRUST.odsCode))!;
        const next = await services.datasets.importFiles({ userId: null, label: 'test' }, trust, [
          { input: { path: big } },
        ]);
        expect(next.saved).toBe(true);
      } finally {
        await handle.close();
      }
      const last = await inspect(database.url, dialect);
      expect(last.problems).toEqual([]);
      expect(last.versions.length).toBe(before.versions.length + 1);
      console.log(
        `kill -9 on ${dialect} (seed ${SEED}): ${KILLS} kills, landed ${[...landed].map(([p, n]) => `${p} ${n}`).join(', ')}; 0 partial versions; the next import succeeded`,
      );
    },
    FULL ? 3_600_000 : 300_000,
  );
});
