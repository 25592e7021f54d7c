import { PostgresAdapter, sql, type ColumnDataType, type Expression, type Kysely } from 'kysely';

/** PostgreSQL (a server or PGlite) rather than SQLite: the only place migrations look at the dialect. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** The binary column type: `bytea` on PostgreSQL (and PGlite), `blob` on SQLite. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function binaryType(db: Kysely<any>): ColumnDataType | Expression<unknown> {
  return isPostgres(db) ? sql`bytea` : 'blob';
}

/**
 * Makes every change to `table` count in the change counter (migration 0016): a row trigger for each kind
 * of change on SQLite, a statement trigger marking the transaction on PostgreSQL. A migration that creates a
 * table calls this for it (or names it in 0016's NOT_COUNTED, with the reason).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function countChangesTo(db: Kysely<any>, table: string): Promise<void> {
  if (isPostgres(db)) {
    await sql`create trigger parity_changes after insert or update or delete or truncate on ${sql.table(table)}
      for each statement execute function parity_mark_change()`.execute(db);
    return;
  }
  for (const op of ['insert', 'update', 'delete'])
    await sql`create trigger ${sql.id(`${table}_changes_${op}`)} after ${sql.raw(op)} on ${sql.table(table)}
      begin update change_counter set n = n + 1 where id = 1; end`.execute(db);
}
