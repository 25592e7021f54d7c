/**
 * What a board approval freezes, made by the publication presenter: the year's report in the publication
 * view (never the full counts: a frozen copy may be published) with the analyst's narratives, and the plan
 * as its export model carries it. The approvals service takes this as a dependency, so its rules can be
 * tested with a small stand-in report and the real one is built exactly as the report pages build it.
 *
 * The plan is passed in, not read: an approval freezes the plan as it stands once approved (its status
 * and board approval date), before that change is written, so the report is built outside the approval's
 * transaction and the transaction stays short.
 */
import type { Organisation } from '../organisations/organisation.js';
import { latestOf } from '../plans/export/model.js';
import type { Plan } from '../plans/plan.js';
import type { PublicationSources } from './sources.js';
import type { PlanSnapshot } from './approval.js';
import type { PublicationDocument } from './document.js';
import { makeReport } from './publication.js';
import { planModel } from './report.js';

export interface PublicationContent {
  /**
   * The year's report, publication view. With `plan`, the report shows that plan (as it will stand once
   * approved); without, the plan as stored. `approval` is printed under the title.
   */
  report(
    org: Organisation,
    year: number,
    plan: Plan | null,
    approval?: { label: string; value: string }[],
  ): Promise<PublicationDocument>;
  /** The plan with its actions, each action's latest update and the figures its KPIs are read against. */
  planSnapshot(org: Organisation, year: number, plan: Plan): Promise<PlanSnapshot>;
}

/** `services` is read when called: the approvals service is made inside `createServices`. */
export function publicationContent(services: () => PublicationSources): PublicationContent {
  return {
    report: (org, year, plan, approval) =>
      makeReport(services(), org, year, 'publication', {
        ...(plan ? { plan } : {}),
        ...(approval ? { approval } : {}),
      }),

    async planSnapshot(org, year, plan) {
      const model = await planModel(services(), org, year, 'publication', plan);
      if (!model) throw new Error(`No plan for ${org.odsCode} ${year}`);
      return {
        plan: model.plan,
        labels: model.labels,
        actions: model.actions,
        latestUpdates: [...latestOf(model).values()],
        indicatorValues: Object.fromEntries(model.indicatorValues),
      };
    },
  };
}
