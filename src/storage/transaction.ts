import type { Db } from './database.js';

/**
 * Runs `work` in a transaction, or inside the one `db` already is. Kysely cannot nest transactions, so a
 * service built on a transaction (as the board approval builds the plans service, to change the plan's
 * status in the same transaction as the approval it records) joins the caller's instead of opening its
 * own: the change and its audit event commit or roll back with everything else the caller writes.
 */
export function inTransaction<T>(db: Db, work: (tx: Db) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}
