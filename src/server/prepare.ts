/**
 * Preparing what a reader's first view needs before anyone asks: after a change to an organisation's
 * figures (an import, a deleted version, a setting, a local metric, a recorded answer), the disclosure
 * ledger of each of its reporting years is resolved in a worker thread and kept in the database
 * (dashboard/ledgers.repository.ts), so the server keeps answering meanwhile and the first page after an
 * import reads the ledger instead of resolving it (several seconds a year for a large trust).
 *
 * Only for a database another connection can open (a SQLite file or a PostgreSQL server): an in-memory
 * database or PGlite resolves ledgers on first view, as before. One organisation at a time, so preparing
 * takes at most one core; a change arriving meanwhile queues the organisation once more.
 */
import { createHash } from 'node:crypto';
import { databaseKindOf, type Config } from '../config/config.js';
import type { Organisation } from '../features/organisations/organisation.js';
import type { Services, ServiceSettings } from '../features/services.js';
import { codeFingerprint } from '../shared/code-fingerprint.js';
import { runWorker } from '../shared/workers.js';
import type { Prepared, PrepareJob } from './prepare.worker.js';

const PREPARE_WORKER = new URL(
  `./prepare.worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`,
  import.meta.url,
);

export interface LedgerPreparer {
  /** Prepares the organisation's ledgers in the background if its figures changed since last prepared. */
  after(odsCode: string): void;
  /** Resolves once nothing is queued or being prepared. */
  idle(): Promise<void>;
  /** How many organisations this preparer has started a worker for. */
  readonly workersStarted: number;
}

/** Whether another connection can open the database the server runs on. */
export function sharedDatabase(databaseUrl: string): boolean {
  const kind = databaseKindOf(databaseUrl);
  return kind === 'postgres' || (kind === 'sqlite' && databaseUrl !== 'sqlite::memory:');
}

export function ledgerPreparer(options: {
  config: Pick<Config, 'databaseUrl'> & ServiceSettings;
  services: Pick<Services, 'dashboard' | 'organisations'>;
  onError: (error: unknown, odsCode: string) => void;
}): LedgerPreparer | null {
  const { config, services } = options;
  if (!sharedDatabase(config.databaseUrl)) return null;
  const settings: ServiceSettings = {
    sessionHours: config.sessionHours,
    sessionIdleMinutes: config.sessionIdleMinutes,
    loginMaxAttempts: config.loginMaxAttempts,
    loginWindowMinutes: config.loginWindowMinutes,
    pseudonymisationKey: config.pseudonymisationKey,
    uploadMaxMegabytes: config.uploadMaxMegabytes,
  };
  /** What each organisation's ledgers were last prepared for (its figures' stamp and its units). */
  const prepared = new Map<string, string>();
  const queued = new Set<string>();
  let chain: Promise<void> = Promise.resolve();
  let workersStarted = 0;

  /**
   * What the ledgers and figures depend on: the figures' stamp, the units and the program's own code (read
   * cheaply, in this process). Null when there is no such organisation.
   */
  async function stampOf(odsCode: string): Promise<{ org: Organisation; stamp: string } | null> {
    const org = await services.organisations.findByOds(odsCode);
    if (!org) return null;
    const [{ stamp }, units, code] = await Promise.all([
      services.dashboard.snapshot(org),
      services.organisations.unitsOf(org.id),
      codeFingerprint(),
    ]);
    const digest = createHash('sha256')
      .update(`${stamp}#${units.map((u) => `${u.level}:${u.path}`).join('|')}#${code}`)
      .digest('base64url');
    return { org, stamp: digest };
  }

  async function prepare(odsCode: string): Promise<void> {
    queued.delete(odsCode);
    const now = await stampOf(odsCode);
    if (now === null || prepared.get(odsCode) === now.stamp) return;
    // Prepared by this or another process (before a restart, say): nothing to read back or write.
    if ((await services.dashboard.preparedStamp(now.org)) === now.stamp) {
      prepared.set(odsCode, now.stamp);
      return;
    }
    const job: PrepareJob = { databaseUrl: config.databaseUrl, odsCode, settings };
    workersStarted++;
    const done = await runWorker<Prepared | null>(PREPARE_WORKER, job);
    if (done) {
      await services.dashboard.markPrepared(now.org, now.stamp);
      prepared.set(odsCode, now.stamp);
    }
  }

  return {
    get workersStarted() {
      return workersStarted;
    },
    after(odsCode) {
      if (queued.has(odsCode)) return;
      queued.add(odsCode);
      chain = chain.then(() => prepare(odsCode).catch((error: unknown) => options.onError(error, odsCode)));
    },
    idle: async () => {
      // A change queued while waiting extends the chain: wait until it stops growing.
      for (let seen: Promise<void> | null = null; seen !== chain;) {
        seen = chain;
        await seen;
      }
    },
  };
}
