/**
 * Gathers what an export is made of: the plan, the actions the person sees (visibility.ts) and their
 * updates, labels, and the figures the person may see. `focus` is one unit's view of the plan.
 */
import { FULL_COUNT_MARKING } from '../../../engine/index.js';
import { unitScope, type OrgAccess } from '../../auth/access.js';
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
  focus: string | null = null,
  /** 'publication': figures as published, whoever exports; 'full': every count, marked not for publication. */
  view: 'publication' | 'full' = 'publication',
): Promise<ExportModel> {
  const org = access.organisation;
  const [actions, units] = await Promise.all([
    deps.plans.visibleActions(access, plan, focus),
    deps.plans.units(org),
  ]);
  // Only the actions the reader sees, and so only their updates.
  const [labels, local, figures, updates] = await Promise.all([
    deps.plans.ragLabels(org),
    deps.indicators.localMetrics(org),
    planFigures(deps, access, plan, view === 'full' ? 'reader' : 'publication'),
    deps.plans.updatesOf(actions.map((a) => a.id)),
  ]);
  const scope = unitScope(access, 'plans.view');
  const roots = focus !== null ? [focus] : scope === 'all' ? [] : scope;
  const names = units.filter((u) => roots.includes(u.id)).map((u) => u.path);
  return {
    organisationName: org.name,
    plan,
    units,
    // A role that covers one unit sees that unit's view of the plan whether or not it asked for it.
    focus: units.find((u) => u.id === (focus ?? (roots.length === 1 ? roots[0] : null))) ?? null,
    part:
      names.length > 0
        ? `The actions of ${names.join(', ')} (and the units within), and the trust-wide actions`
        : null,
    labels,
    catalogue: referenceCatalogue(
      local.map((m) => ({ id: m.id, title: (m.definition as { title?: string }).title ?? m.id })),
    ),
    actions,
    updates,
    indicatorValues: figures.values,
    marking: view === 'full' ? FULL_COUNT_MARKING : null,
    generatedAt: deps.clock.now().toISOString(),
  };
}
