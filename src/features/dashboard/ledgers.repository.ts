/**
 * Where resolved disclosure ledgers are kept between processes (migration 0013): one per organisation and
 * reporting year, read only under the stamp it was resolved for. Keeping one replaces the one before it, so
 * the table holds at most one ledger per year of each organisation.
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
  };
}
