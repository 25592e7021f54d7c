import type { Migration } from 'kysely';
import * as m0001 from './0001_foundation.js';
import * as m0002 from './0002_datasets.js';
import * as m0003 from './0003_metrics.js';
import * as m0004 from './0004_plans.js';
import * as m0005 from './0005_dashboard.js';
import * as m0006 from './0006_narratives.js';
import * as m0007 from './0007_publication.js';
import * as m0008 from './0008_sealed_uploads.js';
import * as m0009 from './0009_auth_hardening.js';
import * as m0010 from './0010_action_units.js';
import * as m0011 from './0011_meetings_and_mail.js';
import * as m0012 from './0012_action_milestones.js';
import * as m0013 from './0013_disclosure_ledgers.js';
import * as m0014 from './0014_columnar_records.js';
import * as m0015 from './0015_computed_figures.js';
import * as m0016 from './0016_change_counter.js';
import * as m0017 from './0017_prepared_organisations.js';

/**
 * Every migration, registered statically so the bundle needs no directory scan. Names are numbered and
 * never renamed; a new migration is a new file added at the end.
 */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001_foundation': m0001,
  '0002_datasets': m0002,
  '0003_metrics': m0003,
  '0004_plans': m0004,
  '0005_dashboard': m0005,
  '0006_narratives': m0006,
  '0007_publication': m0007,
  '0008_sealed_uploads': m0008,
  '0009_auth_hardening': m0009,
  '0010_action_units': m0010,
  '0011_meetings_and_mail': m0011,
  '0012_action_milestones': m0012,
  '0013_disclosure_ledgers': m0013,
  '0014_columnar_records': m0014,
  '0015_computed_figures': m0015,
  '0016_change_counter': m0016,
  '0017_prepared_organisations': m0017,
};
