/** Gathers what an export is made of: the plan, its actions and updates, labels, and the figures the person may see. */
import type { OrgAccess } from '../../auth/access.js';
import type { IndicatorsService } from '../../indicators/indicators.service.js';
import type { Clock } from '../../../shared/clock.js';
import type { Db } from '../../../storage/database.js';
import { planFigures, type PublicationLookup } from '../figures.js';
import type { Plan } from '../plan.js';
import type { PlansService } from '../plans.service.js';
import { referenceCatalogue } from '../references.js';
import type { ExportModel } from './model.js';

export async function buildExportModel(
  deps: {
    db: Db;
    clock: Clock;
    plans: PlansService;
    indicators: IndicatorsService;
    dashboard: { publicationLookup: PublicationLookup };
  },
  access: OrgAccess,
  plan: Plan,
): Promise<ExportModel> {
  const org = access.organisation;
  const actions = await deps.plans.actions(plan);
  const [labels, local, figures, updates] = await Promise.all([
    deps.plans.ragLabels(org),
    deps.indicators.localMetrics(org),
    planFigures(deps, access, plan),
    deps.plans.updatesOf(actions.map((a) => a.id)),
  ]);
  return {
    organisationName: org.name,
    plan,
    labels,
    catalogue: referenceCatalogue(
      local.map((m) => ({ id: m.id, title: (m.definition as { title?: string }).title ?? m.id })),
    ),
    actions,
    updates,
    indicatorValues: figures.values,
    generatedAt: deps.clock.now().toISOString(),
  };
}
