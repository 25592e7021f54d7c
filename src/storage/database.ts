/**
 * The one module that knows which database Parity runs on. `sqlite:` opens an embedded better-sqlite3 file
 * (WAL journal, foreign keys on); `postgres://` connects a pg pool; `pglite:` runs PostgreSQL in-process.
 * Everything else in Parity talks to the returned Kysely instance and never to a driver.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import { databaseKindOf, redactUrl, type DatabaseKind } from '../config/config.js';
import { ParityError } from '../shared/errors.js';
import { PGliteDialect } from './pglite-dialect.js';
import type { Database } from './schema.js';

export type Db = Kysely<Database>;

export interface DatabaseHandle {
  readonly db: Db;
  readonly kind: DatabaseKind;
  /** The URL with any password hidden, for messages and logs. */
  readonly label: string;
  close(): Promise<void>;
}

export async function openDatabase(
  url: string,
  options: { poolSize?: number } = {},
): Promise<DatabaseHandle> {
  const kind = databaseKindOf(url);
  switch (kind) {
    case 'sqlite':
      return openSqlite(url.slice('sqlite:'.length));
    case 'postgres':
      return openPostgres(url, options.poolSize ?? 10);
    case 'pglite':
      return openPglite(url.slice('pglite:'.length));
    default:
      throw new ParityError('CONFIG', `Unsupported database URL '${redactUrl(url)}'`);
  }
}

async function openSqlite(file: string): Promise<DatabaseHandle> {
  const { default: SqliteDatabase } = await import('better-sqlite3');
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new SqliteDatabase(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  // Deleted content is overwritten, not left in free pages: deleted records and finished uploads must not be
  // recoverable from the file.
  sqlite.pragma('secure_delete = ON');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  return { db, kind: 'sqlite', label: `sqlite:${file}`, close: () => db.destroy() };
}

async function openPostgres(url: string, poolSize: number): Promise<DatabaseHandle> {
  const { default: pg } = await import('pg');
  // Counts come back as int8; they are far below 2^53, so parse them as numbers, on this pool only.
  const parseInt8 = (v: string): number => Number(v);
  const getTypeParser = ((oid: number, format?: 'text' | 'binary'): unknown =>
    oid === (pg.types.builtins.INT8 as number)
      ? parseInt8
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser;
  const types = { getTypeParser };
  const pool = new pg.Pool({ connectionString: url, max: poolSize, types });
  // An idle connection can fail (the server restarts, an administrator ends the session). The pool drops it
  // and opens another on the next query; without a listener Node would treat the event as a crash.
  pool.on('error', (error) => {
    process.emitWarning(`PostgreSQL connection lost while idle: ${error.message}`, 'ParityDatabaseWarning');
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    await sql`select 1`.execute(db);
  } catch (error) {
    await db.destroy();
    throw new Error(`Cannot connect to the database at ${redactUrl(url)}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return { db, kind: 'postgres', label: redactUrl(url), close: () => db.destroy() };
}

async function openPglite(dir: string): Promise<DatabaseHandle> {
  const { PGlite, types } = await import('@electric-sql/pglite');
  const memory = dir === 'memory' || dir === '';
  if (!memory) mkdirSync(dir, { recursive: true });
  const pglite = new PGlite(memory ? undefined : dir, {
    parsers: { [types.INT8]: (v: string) => Number(v) },
  });
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
  return { db, kind: 'pglite', label: memory ? 'pglite:memory' : `pglite:${dir}`, close: () => db.destroy() };
}
