/**
 * Resolves the disclosure ledgers of one organisation's reporting years in a worker thread, on its own
 * connection to the same database, and keeps them there (see prepare.ts). Posts the years and the stamp
 * they were prepared for.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createServices, type ServiceSettings } from '../features/services.js';
import { systemClock } from '../shared/clock.js';
import { workerAnswerOf } from '../shared/workers.js';
import { openDatabase } from '../storage/database.js';

export interface PrepareJob {
  databaseUrl: string;
  odsCode: string;
  settings: ServiceSettings;
}

export interface Prepared {
  stamp: string;
  years: number[];
}

async function run(job: PrepareJob): Promise<Prepared | null> {
  const database = await openDatabase(job.databaseUrl, { poolSize: 2 });
  try {
    const services = createServices({ db: database.db, clock: systemClock, settings: job.settings });
    const org = await services.organisations.findByOds(job.odsCode);
    return org ? await services.dashboard.prepare(org) : null;
  } finally {
    await database.close();
  }
}

run(workerData as PrepareJob).then(
  (value) => parentPort?.postMessage({ ok: true, value }),
  (error: unknown) => parentPort?.postMessage(workerAnswerOf(error)),
);
