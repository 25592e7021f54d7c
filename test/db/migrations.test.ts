/**
 * Every migration goes down as well as up, on each database Parity runs on: stepping up one migration at
 * a time records the schema at each level (tables, their columns, types and nullability); stepping down
 * from the latest must give back each recorded schema in turn, down to an empty database, and going up
 * again must give the latest schema once more. A rollback that forgets a table or a column, or leaves one
 * behind, fails here rather than on the day someone needs it.
 */
import { Migrator, sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../src/storage/migrate.js';
import { MIGRATIONS } from '../../src/storage/migrations/index.js';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../support/databases.js';
import { readObserver } from '../support/reads.js';

/** The tables Kysely keeps for itself: they outlive every migration. */
const OWN = new Set(['kysely_migration', 'kysely_migration_lock']);

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function schemaOf(db: Kysely<any>): Promise<string[]> {
  const tables = await db.introspection.getTables();
  return tables
    .filter((t) => !OWN.has(t.name))
    .flatMap((t) => t.columns.map((c) => `${t.name}.${c.name} ${c.dataType}${c.isNullable ? ' null' : ''}`))
    .sort();
}

describe.each(DIALECTS)('migrations on %s', (dialect) => {
  let database: TestDatabase;
  let migrator: Migrator;
  const names = Object.keys(MIGRATIONS);
  /** The schema after each number of migrations: [0] empty, [names.length] the latest. */
  const levels: string[][] = [];

  beforeAll(async () => {
    database = await openTestDatabase(dialect, { migrate: false });
    migrator = new Migrator({
      db: database.db,
      provider: { getMigrations: () => Promise.resolve(MIGRATIONS) },
    });
  });
  afterAll(async () => database?.dispose());

  const step = async (direction: 'up' | 'down') => {
    const result = direction === 'up' ? await migrator.migrateUp() : await migrator.migrateDown();
    if (result.error instanceof Error) throw result.error;
    expect(result.error).toBeUndefined();
    return result.results ?? [];
  };

  it('goes up one migration at a time', async () => {
    levels.push(await schemaOf(database.db));
    expect(levels[0]).toEqual([]);
    for (const name of names) {
      expect((await step('up')).map((r) => [r.migrationName, r.status])).toEqual([[name, 'Success']]);
      levels.push(await schemaOf(database.db));
    }
    // Each migration changed the schema (none is a no-op the rollback could hide behind).
    for (let i = 1; i < levels.length; i++) expect(levels[i], names[i - 1]).not.toEqual(levels[i - 1]);
  });

  it('goes down again to each earlier schema, to an empty database, and up to the latest', async () => {
    for (let i = names.length; i > 0; i--) {
      expect((await step('down')).map((r) => [r.migrationName, r.status])).toEqual([
        [names[i - 1], 'Success'],
      ]);
      expect(await schemaOf(database.db), `after undoing ${names[i - 1]}`).toEqual(levels[i - 1]);
    }
    const { results, error } = await migrator.migrateToLatest();
    expect(error).toBeUndefined();
    expect(results?.length).toBe(names.length);
    expect(await schemaOf(database.db)).toEqual(levels[names.length]);
  });
});

describe.each(DIALECTS)('bringing %s to the latest schema', (dialect) => {
  let database: TestDatabase;
  const reads = readObserver();
  beforeAll(async () => {
    database = await openTestDatabase(dialect, { migrate: false });
  });
  afterAll(async () => database?.dispose());

  it('runs every migration on an empty database, then reads only the migration table once up to date', async () => {
    const db = database.db.withPlugin(reads.plugin);
    expect((await migrateToLatest(db)).applied).toEqual(Object.keys(MIGRATIONS));
    const again = await reads.during(() => migrateToLatest(db));
    expect(again.value.applied).toEqual([]);
    expect(again.tables).toEqual(['kysely_migration']);
  });

  it('leaves a migration it does not know to the migrator, which refuses it, and runs one not yet run', async () => {
    await sql`insert into kysely_migration (name, timestamp) values ('9999_from_a_newer_program', '2026-01-01T00:00:00.000Z')`.execute(
      database.db,
    );
    await expect(migrateToLatest(database.db)).rejects.toThrow(/9999_from_a_newer_program/);
    await sql`delete from kysely_migration where name = '9999_from_a_newer_program'`.execute(database.db);
    // The newest migration undone: it runs again.
    const latest = Object.keys(MIGRATIONS).at(-1)!;
    await new Migrator({
      db: database.db,
      provider: { getMigrations: () => Promise.resolve(MIGRATIONS) },
    }).migrateDown();
    expect((await migrateToLatest(database.db)).applied).toEqual([latest]);
  });
});
