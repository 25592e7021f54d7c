/**
 * PostgreSQL backups with the server's own tools: `pg_dump --format=custom` writes the backup (consistent,
 * from one snapshot, while servers run), and `pg_restore --clean --if-exists --no-owner` reads it back.
 *
 * A backup is read once end to end before it is trusted (pg_restore decompresses every table's data), which
 * also yields its schema version from the migration table's rows. A restore is one transaction: pg_restore's
 * script is streamed into psql between BEGIN and a COMMIT that is sent only when pg_restore has read the
 * whole archive, so a damaged archive, a failed statement or a lost connection leaves the database as it was.
 * The same transaction first drops Parity's tables that the backup lacks (made by migrations newer than the
 * backup), which the migrations run after the restore make again.
 */
import { spawn } from 'node:child_process';
import { accessSync, closeSync, constants, existsSync, openSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { DEFAULT_MIGRATION_LOCK_TABLE, DEFAULT_MIGRATION_TABLE, sql } from 'kysely';
import { redactUrl } from '../config/config.js';
import { invalidInput } from '../shared/errors.js';
import {
  checkBackupSource,
  checkBackupTarget,
  commitFile,
  formatOfFile,
  refuseNewerSchema,
  removeTemporary,
  schemaVersion,
  temporaryBeside,
  type BackupContents,
  type BackupOptions,
  type RestoreOutcome,
} from './backup-files.js';
import { openDatabase } from './database.js';
import { COUNTER_TABLES, newChangeEpoch } from './changes.js';
import { migrateToLatest } from './migrate.js';
import { MIGRATIONS } from './migrations/index.js';

type Tool = 'pg_dump' | 'pg_restore' | 'psql';

/** Debian and Ubuntu keep each PostgreSQL version's tools here; the newest reads the most server versions. */
function postgresLibDirs(): string[] {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return [];
  return readdirSync(base)
    .filter((v) => /^\d+$/.test(v))
    .sort((a, b) => Number(b) - Number(a))
    .map((v) => path.join(base, v, 'bin'));
}

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** The tools, all from one folder (pg_restore's script must suit the psql that runs it). */
export function findTools<T extends Tool>(names: readonly T[]): Record<T, string> {
  const dirs = [
    ...(process.env.PATH ?? '').split(path.delimiter).filter((d) => d !== ''),
    ...postgresLibDirs(),
  ];
  for (const dir of dirs)
    if (names.every((n) => executable(path.join(dir, n))))
      return Object.fromEntries(names.map((n) => [n, path.join(dir, n)])) as Record<T, string>;
  throw new Error(
    `${names.join(' and ')} ${names.length > 1 ? 'were' : 'was'} not found on PATH or under /usr/lib/postgresql/*/bin. Install the PostgreSQL client tools, the server's major version or newer (Debian and Ubuntu: apt-get install postgresql-client).`,
  );
}

/** The URL for libpq without its password, which goes in the environment instead of the process list. */
function connection(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const u = new URL(url);
  const password = decodeURIComponent(u.password);
  u.password = '';
  return {
    dbname: u.toString(),
    env: { ...process.env, ...(password !== '' ? { PGPASSWORD: password } : {}) },
  };
}

interface Run {
  code: number | null;
  stderr: string;
}

/** The first lines a tool wrote to stderr, for a message. */
function said(run: Run): string {
  const lines = run.stderr
    .trim()
    .split('\n')
    .filter((l) => l.trim() !== '');
  return lines.length === 0 ? `exit code ${run.code}` : lines.slice(0, 3).join(' / ');
}

function collectStderr(stream: NodeJS.ReadableStream | null, into: { stderr: string }): void {
  stream?.on('data', (d: Buffer) => {
    if (into.stderr.length < 8_000) into.stderr += d.toString();
  });
}

function runTool(
  file: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<Run & { stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = { stdout: '', stderr: '' };
    child.stdout.on('data', (d: Buffer) => (out.stdout += d.toString()));
    collectStderr(child.stderr, out);
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, ...out }));
  });
}

interface Dump {
  contents: BackupContents;
  /** The tables the archive creates. */
  tables: Set<string>;
}

const COPY = /^COPY (?:"?[^".\s]+"?\.)?"?([^".\s]+)"? \(.*\) FROM stdin;$/;

/** Reads an archive end to end: its tables, its migrations and counts; throws if it is damaged or not Parity's. */
async function inspectDump(pgRestore: string, file: string, shownAs: string, label: string): Promise<Dump> {
  const list = await runTool(pgRestore, ['--list', file], process.env);
  if (list.code !== 0) throw invalidInput(`${label} is not a readable pg_dump archive: ${said(list)}`);
  const tables = new Set<string>();
  for (const line of list.stdout.split('\n')) {
    const m = /^\d+; \d+ \d+ TABLE (\S+) (\S+) /.exec(line);
    if (m) tables.add(m[2]!);
  }
  if (!tables.has(DEFAULT_MIGRATION_TABLE))
    throw invalidInput(
      `${label} is a pg_dump archive but not of a Parity database: it has no ${DEFAULT_MIGRATION_TABLE} table.`,
    );

  // The whole script, read as it is made: every table's data is decompressed, so damage anywhere shows here.
  const child = spawn(pgRestore, ['--file=-', file], { stdio: ['ignore', 'pipe', 'pipe'] });
  const run = { stderr: '' };
  collectStderr(child.stderr, run);
  const closed = new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  const migrations: string[] = [];
  const rows = new Map<string, number>();
  let table: string | null = null;
  for await (const line of createInterface({ input: child.stdout, crlfDelay: Infinity })) {
    if (table === null) {
      table = COPY.exec(line)?.[1] ?? null;
      continue;
    }
    if (line === '\\.') {
      table = null;
      continue;
    }
    rows.set(table, (rows.get(table) ?? 0) + 1);
    if (table === DEFAULT_MIGRATION_TABLE) migrations.push(line.split('\t')[0]!);
  }
  const code = await closed;
  if (code !== 0)
    throw invalidInput(`${label} is damaged: pg_restore could not read it (${said({ code, ...run })}).`);
  return {
    contents: {
      file: shownAs,
      bytes: statSync(file).size,
      migrations: migrations.sort(),
      organisations: rows.get('organisations') ?? 0,
      versions: rows.get('dataset_versions') ?? 0,
    },
    tables,
  };
}

const ident = (name: string): string => `"${name.replace(/"/g, '""')}"`;

interface Target {
  schema: string;
  tables: string[];
  migrations: string[];
  /** Tables other than the migrator's that hold rows. */
  holding: string[];
}

async function targetState(url: string): Promise<Target> {
  const handle = await openDatabase(url, { poolSize: 1 });
  try {
    const db = handle.db;
    const schema = (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]!.s;
    const tables = (
      await sql<{
        name: string;
      }>`select table_name as name from information_schema.tables where table_schema = ${schema} and table_type = 'BASE TABLE'`.execute(
        db,
      )
    ).rows.map((r) => r.name);
    const migrations = tables.includes(DEFAULT_MIGRATION_TABLE)
      ? (
          await sql<{
            name: string;
          }>`select name from ${sql.id(schema, DEFAULT_MIGRATION_TABLE)} order by name`.execute(db)
        ).rows.map((r) => r.name)
      : [];
    const holding: string[] = [];
    for (const t of tables.filter(
      (t) => t !== DEFAULT_MIGRATION_TABLE && t !== DEFAULT_MIGRATION_LOCK_TABLE && !COUNTER_TABLES.has(t),
    ))
      if ((await sql`select 1 from ${sql.id(schema, t)} limit 1`.execute(db)).rows.length > 0)
        holding.push(t);
    return { schema, tables, migrations, holding };
  } finally {
    await handle.close();
  }
}

/**
 * Every table Parity's migrations make. The migrations are the one full list at every version, and they are
 * portable, so running them on an in-memory SQLite database names the same tables as on PostgreSQL.
 */
async function parityTables(): Promise<Set<string>> {
  const handle = await openDatabase('sqlite::memory:');
  try {
    await migrateToLatest(handle.db);
    const rows = await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(
      handle.db,
    );
    return new Set([...rows.rows.map((r) => r.name), DEFAULT_MIGRATION_TABLE, DEFAULT_MIGRATION_LOCK_TABLE]);
  } finally {
    await handle.close();
  }
}

export async function backupPostgres(
  url: string,
  out: string,
  options: BackupOptions,
): Promise<BackupContents> {
  const tools = findTools(['pg_dump', 'pg_restore'] as const);
  const target = checkBackupTarget(out, options.force === true, null);
  const state = await targetState(url);
  if (!state.tables.includes(DEFAULT_MIGRATION_TABLE))
    throw invalidInput(
      `${redactUrl(url)} is not a Parity database: it has no ${DEFAULT_MIGRATION_TABLE} table.`,
    );
  const temporary = temporaryBeside(target);
  try {
    // Made first, readable by its owner only: backups hold special-category data (pseudonymised).
    closeSync(openSync(temporary, 'wx', 0o600));
    const { dbname, env } = connection(url);
    const dump = await runTool(
      tools.pg_dump,
      ['--format=custom', '--no-password', `--file=${temporary}`, `--dbname=${dbname}`],
      env,
    );
    if (dump.code !== 0) throw new Error(`pg_dump could not back up ${redactUrl(url)}: ${said(dump)}`);
    const { contents } = await inspectDump(
      tools.pg_restore,
      temporary,
      target,
      `The backup of ${redactUrl(url)}`,
    );
    commitFile(temporary, target);
    return contents;
  } catch (error) {
    removeTemporary(temporary);
    throw error;
  }
}

export async function restorePostgres(
  url: string,
  file: string,
  options: BackupOptions,
): Promise<RestoreOutcome> {
  const source = checkBackupSource(file);
  const format = formatOfFile(source);
  if (format === 'sqlite')
    throw invalidInput(`${source} is a SQLite backup; restore it with DATABASE_URL set to a sqlite: file.`);
  if (format !== 'pg_dump')
    throw invalidInput(`${source} is not a Parity backup: it is not a pg_dump archive (custom format).`);
  const tools = findTools(['pg_restore', 'psql'] as const);
  const dump = await inspectDump(tools.pg_restore, source, source, source);
  refuseNewerSchema(source, dump.contents.migrations);

  const label = redactUrl(url);
  const target = await targetState(url);
  const unknown = target.migrations.filter((m) => !(m in MIGRATIONS));
  if (unknown.length > 0)
    throw invalidInput(
      `The database ${label} was migrated by a newer Parity (schema ${schemaVersion(target.migrations)}); nothing was changed. Restore with that version.`,
    );
  if (target.holding.length > 0 && options.force !== true)
    throw invalidInput(
      `The database ${label} already holds data (${target.holding.slice(0, 4).join(', ')}${target.holding.length > 4 ? ', ...' : ''}); nothing was changed. Add --force to replace it with the backup.`,
    );
  const known = await parityTables();
  const extra = target.tables.filter((t) => known.has(t) && !dump.tables.has(t));
  await restoreInOneTransaction(tools, url, source, [
    'BEGIN;',
    ...extra.map((t) => `DROP TABLE ${ident(target.schema)}.${ident(t)} CASCADE;`),
  ]);

  const handle = await openDatabase(url, { poolSize: 1 });
  try {
    const { applied } = await migrateToLatest(handle.db);
    // Servers keep pages under the change counter: the restored count must not name what it named before.
    await newChangeEpoch(handle.db);
    // pg_restore loads rows without statistics; the planner needs them for the first queries.
    await sql`analyze`.execute(handle.db);
    return { contents: dump.contents, migrated: applied };
  } finally {
    await handle.close();
  }
}

/** Streams pg_restore's script into psql after `prologue`, committing only when pg_restore succeeded. */
async function restoreInOneTransaction(
  tools: Record<'pg_restore' | 'psql', string>,
  url: string,
  source: string,
  prologue: readonly string[],
): Promise<void> {
  const { dbname, env } = connection(url);
  const psql = spawn(tools.psql, ['--no-psqlrc', '--quiet', '--set=ON_ERROR_STOP=1', `--dbname=${dbname}`], {
    env,
    stdio: ['pipe', 'ignore', 'pipe'],
  });
  const psqlRun = { stderr: '' };
  collectStderr(psql.stderr, psqlRun);
  const restore = spawn(tools.pg_restore, ['--clean', '--if-exists', '--no-owner', '--file=-', source], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const restoreRun = { stderr: '' };
  collectStderr(restore.stderr, restoreRun);
  // psql stops at the first error (ON_ERROR_STOP); what is still being written to it then is discarded.
  psql.stdin.on('error', () => restore.kill());

  const psqlCode = new Promise<number | null>((resolve, reject) => {
    psql.on('error', reject);
    psql.on('close', resolve);
  });
  const restoreCode = new Promise<number | null>((resolve, reject) => {
    restore.on('error', reject);
    restore.on('close', resolve);
  });
  psql.stdin.write(`${prologue.join('\n')}\n`);
  restore.stdout.pipe(psql.stdin, { end: false });
  const restored = await restoreCode;
  // Without COMMIT, psql ends the session at the end of its input and the server rolls everything back.
  if (restored === 0 && psql.stdin.writable) psql.stdin.write('COMMIT;\n');
  psql.stdin.end();
  const applied = await psqlCode;
  const label = redactUrl(url);
  if (applied !== 0)
    throw new Error(
      `The restore into ${label} failed and was rolled back; nothing was changed. psql: ${said({ code: applied, ...psqlRun })}`,
    );
  if (restored !== 0)
    throw new Error(
      `pg_restore could not read ${source}; the restore into ${label} was rolled back and nothing was changed. pg_restore: ${said({ code: restored, ...restoreRun })}`,
    );
}
