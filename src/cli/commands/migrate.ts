import type { Command } from 'commander';
import { datasetsRepository } from '../../features/datasets/datasets.repository.js';
import { openDatabase } from '../../storage/database.js';
import { migrateToLatest, migrationStatus } from '../../storage/migrate.js';
import { readConfig, type GlobalOptions } from '../context.js';

export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description(
      'Bring the database schema to the latest version (the server also does this when it starts).',
    )
    .option('--status', 'only list the migrations and whether each has run')
    .action(async (options: { status?: boolean }, command: Command) => {
      const config = readConfig(command.optsWithGlobals<GlobalOptions>());
      const database = await openDatabase(config.databaseUrl);
      try {
        if (options.status) {
          for (const m of await migrationStatus(database.db))
            console.log(
              `${m.executedAt ? 'applied' : 'pending'}  ${m.name}${m.executedAt ? `  (${m.executedAt.toISOString()})` : ''}`,
            );
          return;
        }
        const { applied } = await migrateToLatest(database.db);
        console.log(
          applied.length > 0
            ? `Database ${database.label}: applied ${applied.length} migration(s): ${applied.join(', ')}`
            : `Database ${database.label} is up to date.`,
        );
        // Records loaded before they were stored in columns are still read as they are; rewriting them
        // here makes every later read the fast one.
        const converted = await datasetsRepository(database.db).convertStoredRecords();
        if (converted > 0) console.log(`Stored the records of ${converted} loaded file(s) in columns.`);
      } finally {
        await database.close();
      }
    });
}
