/**
 * What the publication presenters read: the services of the slices whose figures and words a document
 * carries. The composed services (features/services.ts) satisfy it; naming only these keeps the presenters
 * out of the composition root, which builds the approvals service from them.
 */
import type { Clock } from '../../shared/clock.js';
import type { Db } from '../../storage/database.js';
import type { DashboardService } from '../dashboard/dashboard.service.js';
import type { IndicatorsService } from '../indicators/indicators.service.js';
import type { NarrativesService } from '../narratives/narratives.service.js';
import type { OrganisationsService } from '../organisations/organisations.service.js';
import type { PlansService } from '../plans/plans.service.js';

export interface PublicationSources {
  db: Db;
  clock: Clock;
  dashboard: DashboardService;
  indicators: IndicatorsService;
  plans: PlansService;
  narratives: NarrativesService;
  organisations: OrganisationsService;
}
