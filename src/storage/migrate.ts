import { Migrator, type MigrationResultSet, type MigrationInfo } from 'kysely';
import type { Db } from './database.js';
import { MIGRATIONS } from './migrations/index.js';

/** Migration names ("0001_initial") in code-unit order: the same everywhere, and no collator to load. */
const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function migrator(db: Db): Migrator {
  // Kysely's default order is `localeCompare`, whose collator costs every command's start some 15 ms.
  return new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(MIGRATIONS) },
    nameComparator: byName,
  });
}

export interface MigrationReport {
  applied: string[];
}

/** The migrations this program knows, in the order they run. */
const KNOWN = Object.keys(MIGRATIONS).sort(byName);

/**
 * Whether the database has run exactly the migrations this program knows, the newest last: one read of
 * the migration table, instead of the migrator's look at every table (every command's start checks).
 * Anything else (no table yet, a migration to run, one this program does not know) is the migrator's to
 * do or refuse.
 */
async function upToDate(db: Db): Promise<boolean> {
  try {
    const row = await db
      .withTables<{ kysely_migration: { name: string } }>()
      .selectFrom('kysely_migration')
      .select((eb) => [eb.fn.countAll().as('runs'), eb.fn.max('name').as('newest')])
      .executeTakeFirst();
    return row !== undefined && Number(row.runs) === KNOWN.length && row.newest === KNOWN.at(-1);
  } catch {
    return false;
  }
}

/** Brings the schema to the latest version. Safe to run from several processes at once (Kysely locks). */
export async function migrateToLatest(db: Db): Promise<MigrationReport> {
  if (await upToDate(db)) return { applied: [] };
  const result: MigrationResultSet = await migrator(db).migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    const reason = result.error instanceof Error ? result.error.message : JSON.stringify(result.error);
    throw new Error(`Migration ${failed} failed: ${reason}`, {
      cause: result.error,
    });
  }
  return {
    applied: (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName),
  };
}

/** Every known migration and whether it has run. */
export async function migrationStatus(db: Db): Promise<readonly MigrationInfo[]> {
  return migrator(db).getMigrations();
}
