/**
 * What every kind of backup shares: what a backup holds and its schema version, the checks on the files
 * named, and writing beside the destination under a temporary name before renaming into place.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, openSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { invalidInput } from '../shared/errors.js';
import { MIGRATIONS } from './migrations/index.js';

/** What a backup file holds, read from the file itself. */
export interface BackupContents {
  /** The backup file. */
  readonly file: string;
  readonly bytes: number;
  /** The migrations the backup's schema has run, in order; the last is its schema version. */
  readonly migrations: readonly string[];
  readonly organisations: number;
  /** Loaded files (dataset versions). */
  readonly versions: number;
}

export interface RestoreOutcome {
  readonly contents: BackupContents;
  /** Migrations run after the restore, when the backup came from an older Parity. */
  readonly migrated: readonly string[];
}

export interface BackupOptions {
  /** Replace an existing file (backup) or a database holding data (restore). */
  readonly force?: boolean;
}

/** The schema version of a list of applied migrations: the latest one's name. */
export function schemaVersion(migrations: readonly string[]): string {
  return migrations.at(-1) ?? '(none)';
}

/** The latest migration this Parity knows. */
export function latestKnownMigration(): string {
  return Object.keys(MIGRATIONS).sort().at(-1)!;
}

/**
 * Refuses a backup whose schema has migrations this Parity does not know: it was made by a newer Parity,
 * whose tables this one cannot read or migrate back.
 */
export function refuseNewerSchema(file: string, migrations: readonly string[]): void {
  const unknown = migrations.filter((m) => !(m in MIGRATIONS));
  if (unknown.length === 0) return;
  throw invalidInput(
    `${file} was made by a newer Parity (schema ${schemaVersion(migrations)}); this one knows schemas up to ${latestKnownMigration()}. Nothing was changed: upgrade Parity, then restore.`,
    unknown.map((m) => ({ field: 'migration', message: `${m} is not known to this version` })),
  );
}

/** The absolute path of a new backup file, after checking it may be written. */
export function checkBackupTarget(out: string, force: boolean, databaseFile: string | null): string {
  const target = path.resolve(out);
  const folder = path.dirname(target);
  if (!existsSync(folder) || !statSync(folder).isDirectory())
    throw invalidInput(`Cannot write the backup to ${target}: the folder ${folder} does not exist.`);
  if (databaseFile !== null && target === path.resolve(databaseFile))
    throw invalidInput(`${target} is the database itself; write the backup to another file.`);
  if (existsSync(target)) {
    if (statSync(target).isDirectory())
      throw invalidInput(
        `${target} is a folder; give the backup's file name, e.g. ${path.join(target, 'parity.backup')}`,
      );
    if (!force)
      throw invalidInput(`${target} already exists; nothing was written. Add --force to replace it.`);
  }
  return target;
}

/** The backup file to restore from, after checking that it is a file. */
export function checkBackupSource(file: string): string {
  const source = path.resolve(file);
  if (!existsSync(source)) throw invalidInput(`There is no file ${source} to restore from.`);
  if (!statSync(source).isFile()) throw invalidInput(`${source} is not a file.`);
  return source;
}

/**
 * A name beside `target` for the file being written: the same folder (so the final rename is atomic and
 * never crosses file systems), hidden, and unique to this run.
 */
export function temporaryBeside(target: string): string {
  return path.join(
    path.dirname(target),
    `.${path.basename(target)}.${process.pid}-${randomBytes(4).toString('hex')}.partial`,
  );
}

/** Makes a written file durable, renames it over `target`, and makes the rename durable. */
export function commitFile(temporary: string, target: string): void {
  const fd = openSync(temporary, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, target);
  const dir = openSync(path.dirname(target), 'r');
  try {
    fsyncSync(dir);
  } finally {
    closeSync(dir);
  }
}

/** Removes a temporary file and any journal SQLite left beside it. */
export function removeTemporary(temporary: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${temporary}${suffix}`, { force: true });
}

/** The first bytes of a file, to tell a SQLite database from a pg_dump archive before opening it. */
export type BackupFormat = 'sqlite' | 'pg_dump' | 'unknown';

export function formatOfFile(file: string): BackupFormat {
  const header = Buffer.alloc(16);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, header, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  if (header.subarray(0, 16).equals(Buffer.from('SQLite format 3\0', 'latin1'))) return 'sqlite';
  if (header.subarray(0, 5).equals(Buffer.from('PGDMP', 'latin1'))) return 'pg_dump';
  return 'unknown';
}
