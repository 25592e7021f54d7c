/**
 * Where resolved disclosure ledgers are kept between processes (migration 0013): one per organisation and
 * reporting year, read only under the stamp it was resolved for. Keeping one replaces the one before it, so
 * the table holds at most one ledger per year of each organisation. Beside them, what the background
 * preparer last finished each organisation for (migration 0017).
 */
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import type { Clock } from '../../shared/clock.js';
import type { Db } from '../../storage/database.js';
import type { LedgerSnapshot } from '../../engine/index.js';

const zip = promisify(gzip);
const unzip = promisify(gunzip);

export interface LedgersRepository {
  /** The ledger of the year resolved under this stamp, or null when none is kept (or another stamp's is). */
  read(organisationId: string, year: number, stamp: string): Promise<LedgerSnapshot | null>;
  /** Keeps a resolved ledger of the year in place of any kept before. */
  write(organisationId: string, year: number, stamp: string, snapshot: LedgerSnapshot): Promise<void>;
  /** The stamp the background preparer last finished the organisation for (migration 0017), or null. */
  preparedStamp(organisationId: string): Promise<string | null>;
  /** Records that the background preparer finished the organisation for `stamp`. */
  markPrepared(organisationId: string, stamp: string): Promise<void>;
}

export function ledgersRepository(db: Db, clock: Clock): LedgersRepository {
  return {
    async read(organisationId, year, stamp) {
      const row = await db
        .selectFrom('disclosure_ledgers')
        .select('body')
        .where('organisation_id', '=', organisationId)
        .where('year', '=', year)
        .where('stamp', '=', stamp)
        .executeTakeFirst();
      if (!row) return null;
      return JSON.parse((await unzip(row.body)).toString('utf8')) as LedgerSnapshot;
    },

    async write(organisationId, year, stamp, snapshot) {
      const body = await zip(JSON.stringify(snapshot), { level: 6 });
      const row = { stamp, body, created_at: clock.now().toISOString() };
      await db
        .insertInto('disclosure_ledgers')
        .values({ organisation_id: organisationId, year, ...row })
        .onConflict((oc) => oc.columns(['organisation_id', 'year']).doUpdateSet(row))
        .execute();
    },

    async preparedStamp(organisationId) {
      const row = await db
        .selectFrom('prepared_organisations')
        .select('stamp')
        .where('organisation_id', '=', organisationId)
        .executeTakeFirst();
      return row?.stamp ?? null;
    },

    async markPrepared(organisationId, stamp) {
      const row = { stamp, prepared_at: clock.now().toISOString() };
      await db
        .insertInto('prepared_organisations')
        .values({ organisation_id: organisationId, ...row })
        .onConflict((oc) => oc.column('organisation_id').doUpdateSet(row))
        .execute();
    },
  };
}
