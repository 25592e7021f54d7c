/**
 * An import is one transaction: a process killed while saving leaves the previous state exactly as it was.
 * The test loads a large file through the real `parity import` command in a child process, waits until it
 * is inside the saving transaction, kills it with SIGKILL, and checks the database: on SQLite (the WAL
 * journal is rolled back on the next open) and on a real PostgreSQL server (the server aborts the
 * transaction of a dead client).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemo, DEMO_TRUST } from '../../src/features/demo/demo.js';
import { createServices } from '../../src/features/services.js';
import { organisationsRepository } from '../../src/features/organisations/organisations.repository.js';
import { systemClock } from '../../src/shared/clock.js';
import { openDatabase } from '../../src/storage/database.js';
import { openTestDatabase, type TestDatabase } from '../support/databases.js';

const root = path.resolve(import.meta.dirname, '../..');
const KEY = 'atomicity-test-pseudonymisation-key-0123456789';
const settings = {
  sessionHours: 12,
  sessionIdleMinutes: 60,
  loginMaxAttempts: 5,
  loginWindowMinutes: 15,
  pseudonymisationKey: KEY,
  uploadMaxMegabytes: 200,
};

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

interface State {
  versions: number;
  chunks: number;
  records: number;
  units: number;
  audit: number;
}

async function stateOf(url: string): Promise<State> {
  const handle = await openDatabase(url);
  try {
    const db = handle.db;
    const count = async (
      table: 'dataset_versions' | 'dataset_record_chunks' | 'org_units' | 'audit_events',
    ) =>
      Number(
        (
          await db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const sum = await db
      .selectFrom('dataset_record_chunks')
      .select((eb) => eb.fn.sum<number>('record_count').as('n'))
      .executeTakeFirstOrThrow();
    return {
      versions: await count('dataset_versions'),
      chunks: await count('dataset_record_chunks'),
      records: Number(sum.n ?? 0),
      units: await count('org_units'),
      audit: await count('audit_events'),
    };
  } finally {
    await handle.close();
  }
}

/** Runs `parity import`, and kills it with SIGKILL once `insideTransaction` says the save has begun. */
async function importAndKill(
  url: string,
  file: string,
  insideTransaction: () => Promise<boolean>,
): Promise<{ killedInside: boolean; output: string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/cli/main.ts', 'import', file, '--org', DEMO_TRUST.odsCode],
    {
      cwd: root,
      env: {
        ...process.env,
        DATABASE_URL: url,
        PARITY_ENV: 'test',
        PARITY_SESSION_SECRET: 's'.repeat(40),
        PARITY_PSEUDONYMISATION_KEY: KEY,
        PARITY_UPLOAD_MAX_MB: '200',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  let killedInside = false;
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline && child.exitCode === null) {
    if (output.includes('Saving ') && (await insideTransaction())) {
      child.kill('SIGKILL');
      killedInside = true;
      break;
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  if (!killedInside) child.kill('SIGKILL');
  await exited;
  return { killedInside, output };
}

describe.each(['sqlite', 'postgres'] as const)('an import killed while saving, on %s', (dialect) => {
  let database: TestDatabase;
  const dir = mkdtempSync(path.join(tmpdir(), 'parity-kill-'));
  const big = path.join(dir, 'staff-2024.csv');

  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    const services = createServices({ db: database.db, clock: systemClock, settings });
    await createDemo(services, { withData: false });
    // The previous state: one snapshot already loaded.
    const small = path.join(dir, 'staff-2023.csv');
    writeWorkforce(small, 50, '2023-03-31');
    const trust = (await organisationsRepository(database.db).findByOds(DEMO_TRUST.odsCode))!;
    const first = await services.datasets.importFiles({ userId: null, label: 'setup' }, trust, [
      { input: { path: small } },
    ]);
    expect(first.saved).toBe(true);
    writeWorkforce(big, 120_000, '2024-03-31');
    await database.close();
  }, 180_000);
  afterAll(async () => database?.dispose());

  it('leaves the previous state exactly as it was', async () => {
    const before = await stateOf(database.url);
    expect(before.versions).toBe(1);
    expect(before.records).toBe(50);

    const insideTransaction =
      dialect === 'postgres'
        ? async () => {
            const client = new pg.Client({ connectionString: database.url });
            await client.connect();
            try {
              const r = await client.query<{ n: string }>(
                "select count(*) as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and state in ('active', 'idle in transaction') and query ilike '%dataset_record_chunks%'",
              );
              return Number(r.rows[0]?.n ?? 0) > 0;
            } finally {
              await client.end();
            }
          }
        : // SQLite: the message comes right before the transaction opens; wait a moment so it is under way.
          async () => {
            await new Promise((r) => setTimeout(r, 150));
            return true;
          };
    const { killedInside, output } = await importAndKill(database.url, big, insideTransaction);
    expect(killedInside, output).toBe(true);
    expect(output).not.toContain('Saved 1 file');

    const after = await stateOf(database.url);
    expect(after).toEqual(before);
  }, 180_000);

  it('completes the same import when it is not interrupted', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', 'import', big, '--org', DEMO_TRUST.odsCode],
      {
        cwd: root,
        env: {
          ...process.env,
          DATABASE_URL: database.url,
          PARITY_ENV: 'test',
          PARITY_SESSION_SECRET: 's'.repeat(40),
          PARITY_PSEUDONYMISATION_KEY: KEY,
          PARITY_UPLOAD_MAX_MB: '200',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code, output).toBe(0);
    const after = await stateOf(database.url);
    expect(after.versions).toBe(2);
    expect(after.records).toBe(120_050);
  }, 180_000);
});
