import { PostgresAdapter, sql, type ColumnDataType, type Expression, type Kysely } from 'kysely';

/**
 * The binary column type: `bytea` on PostgreSQL (and PGlite), `blob` on SQLite. The only place migrations
 * look at the dialect.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function binaryType(db: Kysely<any>): ColumnDataType | Expression<unknown> {
  return db.getExecutor().adapter instanceof PostgresAdapter ? sql`bytea` : 'blob';
}
