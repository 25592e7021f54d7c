/**
 * Backups of the whole database and their restore, for each kind of database Parity runs on: SQLite through
 * its online backup API (consistent while servers run), PostgreSQL through pg_dump and pg_restore. A backup
 * carries its schema version (the migrations it has run), and a restore refuses one made by a newer Parity.
 * Files are written beside their destination under a temporary name and renamed into place, so a backup or
 * a restored SQLite database is never seen half written.
 */
import { databaseKindOf, redactUrl } from '../config/config.js';
import { invalidInput, type ParityError } from '../shared/errors.js';
import type { BackupContents, BackupOptions, RestoreOutcome } from './backup-files.js';

/** Writes a backup of the database at `url` to `out`. */
export async function backupDatabase(
  url: string,
  out: string,
  options: BackupOptions = {},
): Promise<BackupContents> {
  const kind = databaseKindOf(url);
  if (kind === 'sqlite') {
    const { backupSqlite } = await import('./backup-sqlite.js');
    return backupSqlite(url.slice('sqlite:'.length), out, options);
  }
  if (kind === 'postgres') {
    const { backupPostgres } = await import('./backup-postgres.js');
    return backupPostgres(url, out, options);
  }
  throw unsupported(url);
}

/** Replaces the database at `url` with the backup in `file`, then migrates it to the latest schema. */
export async function restoreDatabase(
  url: string,
  file: string,
  options: BackupOptions = {},
): Promise<RestoreOutcome> {
  const kind = databaseKindOf(url);
  if (kind === 'sqlite') {
    const { restoreSqlite } = await import('./backup-sqlite.js');
    return restoreSqlite(url.slice('sqlite:'.length), file, options);
  }
  if (kind === 'postgres') {
    const { restorePostgres } = await import('./backup-postgres.js');
    return restorePostgres(url, file, options);
  }
  throw unsupported(url);
}

function unsupported(url: string): ParityError {
  return invalidInput(
    url.startsWith('pglite:')
      ? `Backup and restore are not supported for ${redactUrl(url)} (PostgreSQL in-process): stop Parity and copy its folder, or run Parity on SQLite or a PostgreSQL server.`
      : `Backup and restore are not supported for ${redactUrl(url)}.`,
  );
}
