import type { Command } from 'commander';
import { redactUrl } from '../../config/config.js';
import { backupDatabase, restoreDatabase } from '../../storage/backup.js';
import { schemaVersion, type BackupContents } from '../../storage/backup-files.js';
import { readConfig, type GlobalOptions } from '../context.js';

function size(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return unit === 0 ? `${bytes} bytes` : `${value.toFixed(1)} ${units[unit]}`;
}

function describe(contents: BackupContents): string {
  return `schema ${schemaVersion(contents.migrations)}, ${contents.organisations} organisation(s), ${contents.versions} loaded file(s)`;
}

const seconds = (since: number): string => `${((performance.now() - since) / 1000).toFixed(1)} s`;

export function registerBackup(program: Command): void {
  program
    .command('backup')
    .description(
      'Write a backup of the whole database to a file, consistent while Parity runs: SQLite through its online backup, PostgreSQL with pg_dump (custom format). Keep the pseudonymisation key too, apart from the backups.',
    )
    .requiredOption('--out <file>', 'the backup file to write')
    .option('--force', 'replace the file if it exists')
    .action(async (o: { out: string; force?: boolean }, command: Command) => {
      const config = readConfig(command.optsWithGlobals<GlobalOptions>());
      const started = performance.now();
      const contents = await backupDatabase(config.databaseUrl, o.out, { force: o.force === true });
      console.log(
        `Backed up ${redactUrl(config.databaseUrl)} to ${contents.file}: ${size(contents.bytes)} (${contents.bytes} bytes) in ${seconds(started)}.`,
      );
      console.log(`It holds ${describe(contents)}; checked by reading it back whole.`);
    });

  program
    .command('restore')
    .description(
      'Replace the database with a backup made by parity backup, then bring it to the latest schema. Stop every Parity server first. A backup from a newer Parity is refused.',
    )
    .argument('<file>', 'the backup file')
    .option('--force', 'replace a database that already holds data')
    .action(async (file: string, o: { force?: boolean }, command: Command) => {
      const config = readConfig(command.optsWithGlobals<GlobalOptions>());
      const started = performance.now();
      const { contents, migrated } = await restoreDatabase(config.databaseUrl, file, {
        force: o.force === true,
      });
      console.log(
        `Restored ${contents.file} (${size(contents.bytes)}; ${describe(contents)}) into ${redactUrl(config.databaseUrl)} in ${seconds(started)}.`,
      );
      console.log(
        migrated.length > 0
          ? `Brought it to the latest schema: applied ${migrated.length} migration(s): ${migrated.join(', ')}.`
          : 'Its schema is the latest; no migration was needed.',
      );
    });
}
