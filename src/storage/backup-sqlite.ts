/**
 * SQLite backups. `backupSqlite` copies the database with SQLite's online backup API, page by page from a
 * consistent snapshot, so servers may keep running; the copy is made a single self-contained file (rollback
 * journal, not WAL), checked with `PRAGMA integrity_check`, then renamed into place.
 *
 * `restoreSqlite` checks a copy of the backup beside the database, migrates the copy forward, and renames it
 * over the database. Parity keeps its database in WAL mode, and SQLite applies a `-wal` file it finds beside
 * a database to whatever file has that name: a stale WAL left by the replaced database would be written into
 * the restored one. So before the rename the old database is checkpointed and switched out of WAL mode,
 * which also proves no other connection has it open (SQLite refuses while one does).
 */
import {
  chmodSync,
  chownSync,
  closeSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  openSync,
  rmSync,
  statSync,
} from 'node:fs';
import path from 'node:path';
import { DEFAULT_MIGRATION_LOCK_TABLE, DEFAULT_MIGRATION_TABLE } from 'kysely';
import type BetterSqlite3 from 'better-sqlite3';
import { conflict, invalidInput, type Problem } from '../shared/errors.js';
import {
  checkBackupSource,
  checkBackupTarget,
  commitFile,
  formatOfFile,
  refuseNewerSchema,
  removeTemporary,
  temporaryBeside,
  type BackupContents,
  type BackupOptions,
  type RestoreOutcome,
} from './backup-files.js';
import { openDatabase } from './database.js';
import { COUNTER_TABLES, newChangeEpoch } from './changes.js';
import { migrateToLatest } from './migrate.js';

type Connection = BetterSqlite3.Database;

async function sqlite(): Promise<typeof BetterSqlite3> {
  return (await import('better-sqlite3')).default;
}

interface SqliteError {
  code?: string;
  message: string;
}

/** Opens a file as SQLite, turning "not a database" and "malformed" into messages about the file. */
function open(Database: typeof BetterSqlite3, file: string, label: string, readonly = false): Connection {
  try {
    const db = new Database(file, { fileMustExist: true, readonly });
    // Reading the schema is where SQLite first notices a file that is not a database or is damaged.
    db.prepare('select count(*) from sqlite_master').get();
    return db;
  } catch (error) {
    throw unreadable(error as SqliteError, label);
  }
}

function unreadable(error: SqliteError, label: string): Error {
  if (error.code === 'SQLITE_NOTADB') return invalidInput(`${label} is not a SQLite database.`);
  if (error.code === 'SQLITE_CORRUPT')
    return invalidInput(`${label} is damaged: SQLite reports "${error.message}".`);
  return error as Error;
}

function tables(db: Connection): Set<string> {
  const rows = db
    .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%'")
    .all() as { name: string }[];
  return new Set(rows.map((r) => r.name));
}

/**
 * Checks an open database file page by page and reads what it holds; throws if it is damaged or not
 * Parity's. The contents name the file as `shownAs` (the backup's final name, or the file restored from).
 */
function inspect(db: Connection, shownAs: string, label: string): BackupContents {
  let problems: string[];
  try {
    problems = (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
  } catch (error) {
    throw unreadable(error as SqliteError, label);
  }
  if (problems.length !== 1 || problems[0] !== 'ok')
    throw invalidInput(
      `${label} is damaged: SQLite's integrity check found ${problems.length === 100 ? '100 or more' : problems.length} problem(s).`,
      problems.slice(0, 5).map((message): Problem => ({ field: 'integrity_check', message })),
    );
  const present = tables(db);
  if (!present.has(DEFAULT_MIGRATION_TABLE))
    throw invalidInput(
      `${label} is a SQLite database but not Parity's: it has no ${DEFAULT_MIGRATION_TABLE} table.`,
    );
  const count = (table: string): number =>
    present.has(table) ? (db.prepare(`select count(*) as n from "${table}"`).get() as { n: number }).n : 0;
  const migrations = (
    db.prepare(`select name from "${DEFAULT_MIGRATION_TABLE}" order by name`).all() as { name: string }[]
  ).map((r) => r.name);
  return {
    file: shownAs,
    bytes: statSync(db.name).size,
    migrations,
    organisations: count('organisations'),
    versions: count('dataset_versions'),
  };
}

/** Leaves a database as one self-contained file: its WAL checkpointed into it and removed. */
function selfContained(db: Connection, label: string): void {
  try {
    db.pragma('journal_mode = DELETE');
  } catch (error) {
    throw unreadable(error as SqliteError, label);
  }
}

export async function backupSqlite(
  databaseFile: string,
  out: string,
  options: BackupOptions,
): Promise<BackupContents> {
  const Database = await sqlite();
  const from = path.resolve(databaseFile);
  if (!existsSync(from))
    throw invalidInput(`There is no database at ${from} to back up (check DATABASE_URL).`);
  const target = checkBackupTarget(out, options.force === true, from);
  const source = open(Database, from, `The database ${from}`, true);
  const temporary = temporaryBeside(target);
  try {
    source.pragma('busy_timeout = 5000');
    if (!tables(source).has(DEFAULT_MIGRATION_TABLE))
      throw invalidInput(`${from} is not a Parity database: it has no ${DEFAULT_MIGRATION_TABLE} table.`);
    // Made first, readable by its owner only: backups hold special-category data (pseudonymised). SQLite
    // takes an empty file for an empty database and the backup fills it.
    closeSync(openSync(temporary, 'wx', 0o600));
    await source.backup(temporary);
    const copy = open(Database, temporary, `The backup of ${from}`);
    let contents: BackupContents;
    try {
      selfContained(copy, `The backup of ${from}`);
      contents = inspect(copy, target, `The backup of ${from}`);
    } finally {
      copy.close();
    }
    commitFile(temporary, target);
    return contents;
  } catch (error) {
    removeTemporary(temporary);
    throw error;
  } finally {
    source.close();
  }
}

export async function restoreSqlite(
  databaseFile: string,
  file: string,
  options: BackupOptions,
): Promise<RestoreOutcome> {
  const Database = await sqlite();
  const target = path.resolve(databaseFile);
  const source = checkBackupSource(file);
  if (source === target) throw invalidInput(`${source} is the database itself; name a backup file.`);
  const format = formatOfFile(source);
  if (format === 'pg_dump')
    throw invalidInput(
      `${source} is a PostgreSQL backup (pg_dump); restore it with DATABASE_URL set to the postgres:// database.`,
    );
  if (format !== 'sqlite')
    throw invalidInput(`${source} is not a Parity backup: it is not a SQLite database.`);

  mkdirSync(path.dirname(target), { recursive: true });
  const temporary = temporaryBeside(target);
  try {
    // Checked and migrated as a copy, so the backup file itself is never changed.
    copyFileSync(source, temporary);
    keepOwnership(temporary, target);
    const copy = open(Database, temporary, source);
    let contents: BackupContents;
    try {
      selfContained(copy, source);
      contents = inspect(copy, source, source);
    } finally {
      copy.close();
    }
    refuseNewerSchema(source, contents.migrations);
    if (existsSync(target)) releaseTarget(Database, target, options.force === true);

    const handle = await openDatabase(`sqlite:${temporary}`);
    let migrated: string[];
    try {
      migrated = (await migrateToLatest(handle.db)).applied;
      // Servers keep pages under the change counter: the restored count must not name what it named before.
      await newChangeEpoch(handle.db);
    } finally {
      await handle.close();
    }
    const migratedCopy = open(Database, temporary, source);
    try {
      selfContained(migratedCopy, source);
    } finally {
      migratedCopy.close();
    }

    // Again just before the rename: a server started meanwhile must not be left on a replaced file.
    if (existsSync(target)) releaseTarget(Database, target, true);
    // Journals of a database deleted without them would be applied to the restored file.
    else for (const suffix of ['-wal', '-shm', '-journal']) rmSync(`${target}${suffix}`, { force: true });
    commitFile(temporary, target);
    return { contents, migrated };
  } catch (error) {
    removeTemporary(temporary);
    throw error;
  }
}

/**
 * The restored file takes the replaced database's owner and permissions, so the server's account can still
 * open it when an administrator restores as another user; a new database is readable by its owner only.
 */
function keepOwnership(file: string, target: string): void {
  if (!existsSync(target)) {
    chmodSync(file, 0o600);
    return;
  }
  const was = statSync(target);
  chmodSync(file, was.mode & 0o777);
  try {
    chownSync(file, was.uid, was.gid);
  } catch (error) {
    // Only root may give a file away; anyone else restores a database they own (or cannot replace it).
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') throw error;
  }
}

/**
 * Makes the database at `target` safe to replace: refuses one holding data unless forced, refuses one that
 * another connection has open, and leaves it a single file with no WAL beside it.
 */
function releaseTarget(Database: typeof BetterSqlite3, target: string, force: boolean): void {
  let db: Connection;
  try {
    db = open(Database, target, `The database ${target}`);
  } catch (error) {
    if (!force)
      throw invalidInput(
        `${(error as Error).message} Nothing was changed; add --force to replace it with the backup.`,
      );
    // Replacing an unreadable database: its journals belong to it and must not meet the restored file.
    for (const suffix of ['-wal', '-shm', '-journal']) rmSync(`${target}${suffix}`, { force: true });
    return;
  }
  try {
    db.pragma('busy_timeout = 0');
    if (!force) {
      const holding = [...tables(db)].filter(
        (t) =>
          t !== DEFAULT_MIGRATION_TABLE &&
          t !== DEFAULT_MIGRATION_LOCK_TABLE &&
          !COUNTER_TABLES.has(t) &&
          db.prepare(`select 1 from "${t}" limit 1`).get() !== undefined,
      );
      if (holding.length > 0)
        throw invalidInput(
          `The database ${target} already holds data (${holding.slice(0, 4).join(', ')}${holding.length > 4 ? ', ...' : ''}); nothing was changed. Add --force to replace it with the backup.`,
        );
    }
    try {
      db.pragma('journal_mode = DELETE');
    } catch (error) {
      if ((error as SqliteError).code === 'SQLITE_BUSY')
        throw conflict(
          `The database ${target} is in use (a Parity server or another command has it open); nothing was changed. Stop it, then restore.`,
        );
      throw error;
    }
  } finally {
    db.close();
  }
  for (const suffix of ['-wal', '-journal'])
    if (existsSync(`${target}${suffix}`))
      throw conflict(
        `The database ${target} is in use (${target}${suffix} exists); nothing was changed. Stop Parity, then restore.`,
      );
  // A shared-memory index with no WAL is stale; removing it now, with no connection open, is safe.
  rmSync(`${target}-shm`, { force: true });
}
