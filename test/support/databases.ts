/**
 * The same repository tests run on every database Parity supports: embedded SQLite, PGlite (PostgreSQL
 * in-process) and a real PostgreSQL server started by the global setup.
 */
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../src/storage/database.js';
import { migrateToLatest } from '../../src/storage/migrate.js';
import type { Database } from '../../src/storage/schema.js';

export const DIALECTS = ['sqlite', 'pglite', 'postgres'] as const;
export type Dialect = (typeof DIALECTS)[number];

export interface TestDatabase extends DatabaseHandle {
  /** The URL the handle was opened with (another process could open it too). */
  url: string;
  /** Closes the database and removes what was created for it. */
  dispose(): Promise<void>;
}

/**
 * A fresh, empty database of the given kind; migrated unless `migrate: false`. A SQLite database can
 * instead start as a copy of a file (`copyOf`, already migrated), such as the prepared demo.
 */
export async function openTestDatabase(
  dialect: Dialect,
  options: { migrate?: boolean; copyOf?: string } = {},
): Promise<TestDatabase> {
  if (options.copyOf && dialect !== 'sqlite') throw new Error('only a SQLite database starts as a copy');
  let url: string;
  let cleanup: () => Promise<void> = () => Promise.resolve();
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(path.join(tmpdir(), 'parity-sqlite-'));
    url = `sqlite:${path.join(dir, 'test.sqlite')}`;
    if (options.copyOf) copyFileSync(options.copyOf, path.join(dir, 'test.sqlite'));
    cleanup = () => Promise.resolve(rmSync(dir, { recursive: true, force: true }));
  } else if (dialect === 'pglite') {
    url = 'pglite:memory';
  } else {
    const admin = inject('postgresUrl');
    const name = `parity_test_${randomBytes(6).toString('hex')}`;
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    await client.query(`create database ${name}`);
    await client.end();
    url = admin.replace(/\/postgres$/, `/${name}`);
    cleanup = async () => {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    };
  }
  const handle = await openDatabase(url);
  if (options.migrate !== false && !options.copyOf) await migrateToLatest(handle.db);
  return {
    ...handle,
    url,
    async dispose() {
      await handle.close();
      await cleanup();
    },
  };
}

/** How many rows a table holds. */
export async function countRows(db: DatabaseHandle['db'], table: keyof Database): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
