/**
 * The database's change counter (migration 0016): a stamp that changes whenever a committed change reaches
 * any counted table, from any process. Something kept under a stamp (a rendered page) is current while the
 * stamp is the same.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from './database.js';

export { NOT_COUNTED } from './migrations/0016_change_counter.js';

/** The counter's own tables: a freshly migrated database already has its row, and holds no data for it. */
export const COUNTER_TABLES: ReadonlySet<string> = new Set(['change_counter', 'change_marks']);

/** `<epoch>:<count>`: the same string only while nothing counted has changed since. */
export async function changeStamp(db: Db): Promise<string> {
  const row = await db
    .selectFrom('change_counter')
    .select(['n', 'epoch'])
    .where('id', '=', 1)
    .executeTakeFirstOrThrow();
  return `${row.epoch}:${Number(row.n)}`;
}

/** After a restore: no stamp taken before it can be taken again. */
export async function newChangeEpoch(db: Db): Promise<void> {
  await db.updateTable('change_counter').set({ epoch: randomUUID() }).where('id', '=', 1).execute();
}
