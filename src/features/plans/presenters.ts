/**
 * What leaves the server about plans and actions: view models for the pages, with formatted text turned
 * into escaped HTML here (by markup.ts) so templates never see raw stored text marked safe.
 */
import type { OrgUnit } from '../organisations/organisation.js';
import { toHtml, titleOf } from './markup.js';
import {
  ACTION_STATUS_LABELS,
  financialYearLabel,
  isComplete,
  MILESTONE_STATE_LABELS,
  PLAN_STATUS_LABELS,
  RAG_STYLE,
  type Action,
  type Milestone,
  type Plan,
  type ProgressUpdate,
  type RagLabels,
  type RagStatus,
} from './plan.js';
import { describeReference, referenceText, type IndicatorReference } from './references.js';
import { actionState, milestoneSummary } from './status.js';
import { timescaleExplanation, timescaleLabel } from './timescale.js';
import { ownerLabel } from './visibility.js';

export const PLAN_STATUS_TAGS: Record<string, string> = {
  draft: 'grey',
  endorsed: 'blue',
  approved: 'green',
  published: 'purple',
};

export function presentPlan(plan: Plan) {
  return {
    ...plan,
    yearLabel: financialYearLabel(plan.year),
    statusLabel: PLAN_STATUS_LABELS[plan.status],
    statusTag: PLAN_STATUS_TAGS[plan.status],
    sourcesHtml: toHtml(plan.sources),
    alignmentHtml: toHtml(plan.alignment),
    authorsText: plan.authors.map((a) => (a.role ? `${a.name}, ${a.role}` : a.name)).join('\n'),
  };
}

export const ragView = (rag: RagStatus | null, labels: RagLabels) =>
  rag
    ? { label: labels[rag], tag: RAG_STYLE[rag].tag, key: rag }
    : { label: 'Not rated', tag: 'white', key: 'none' };

/** The colour of each milestone state's tag. */
export const MILESTONE_STATE_TAGS: Readonly<Record<Milestone['state'], string>> = {
  not_started: 'grey',
  in_progress: 'aqua-green',
  done: 'green',
  missed: 'red',
};

export function presentMilestone(m: Milestone, today: string) {
  return {
    ...m,
    stateLabel: MILESTONE_STATE_LABELS[m.state],
    stateTag: MILESTONE_STATE_TAGS[m.state],
    /** Past its date and neither done nor marked missed. */
    late: m.state !== 'done' && m.state !== 'missed' && m.dueOn < today,
    noteHtml: toHtml(m.note),
  };
}

export function presentAction(
  a: Action,
  ctx: {
    labels: RagLabels;
    catalogue: readonly IndicatorReference[];
    today: string;
    /** The financial year of the action's plan: whether an update is due is judged against it. */
    planYear: number;
    base: string;
    /** The organisation's units, to name the owner of a unit's action. */
    units?: readonly OrgUnit[];
  },
) {
  return {
    id: a.id,
    ref: a.ref,
    version: a.version,
    href: `${ctx.base}/actions/${a.id}`,
    title: titleOf(a.text),
    textHtml: toHtml(a.text),
    aimHtml: toHtml(a.aim),
    kpiHtml: toHtml(a.kpiText),
    outcomeHtml: toHtml(a.outcome),
    sustainabilityHtml: toHtml(a.sustainability),
    status: a.status,
    statusLabel: ACTION_STATUS_LABELS[a.status],
    theme: a.theme,
    rag: ragView(a.rag, ctx.labels),
    leads: a.leads,
    leadsText: a.leads.map((l) => l.name).join(', '),
    timescale: timescaleLabel(a.timescale),
    timescaleNote: timescaleExplanation(a.timescale),
    dueDate: a.dueDate,
    lastUpdateOn: a.lastUpdateOn,
    /** The one headline state, with its reasons (status.ts). */
    state: actionState(a, { today: ctx.today, planYear: ctx.planYear, labels: ctx.labels }),
    milestones: a.milestones.map((m) => presentMilestone(m, ctx.today)),
    milestoneSummary: milestoneSummary(a.milestones),
    complete: isComplete(a),
    serves: [
      a.serves.wres ? 'WRES' : '',
      a.serves.wdes ? 'WDES' : '',
      a.serves.other ? 'other protected characteristics' : '',
    ]
      .filter((s) => s !== '')
      .join(', '),
    indicators: a.indicators.map((id) => describeReference(id, ctx.catalogue)),
    indicatorCodes: a.indicators.map((id) => describeReference(id, ctx.catalogue).code).join(', '),
    originActionId: a.originActionId,
    kpis: a.kpis,
    /** The owning unit's path; null for a trust-wide action (or when the units were not given). */
    owner: a.unitId !== null && ctx.units ? ownerLabel(ctx.units, a.unitId) : null,
  };
}

export function presentUpdate(
  u: ProgressUpdate & { planYear?: number; fromEarlierPlan?: boolean },
  labels: RagLabels,
) {
  return {
    ...u,
    narrativeHtml: toHtml(u.narrative),
    rag: ragView(u.rag, labels),
    planYearLabel: u.planYear ? financialYearLabel(u.planYear) : null,
  };
}

/** The options of the indicator checkboxes, grouped as on the Indicators page. */
export function indicatorOptions(catalogue: readonly IndicatorReference[], selected: readonly string[]) {
  const groups = new Map<
    string,
    { group: string; items: { value: string; text: string; checked: boolean }[] }
  >();
  for (const r of catalogue) {
    const g = groups.get(r.group) ?? { group: r.group, items: [] };
    g.items.push({ value: r.id, text: referenceText(r), checked: selected.includes(r.id) });
    groups.set(r.group, g);
  }
  // A linked id that is no longer in the catalogue (a removed local metric) stays visible and ticked.
  for (const id of selected)
    if (!catalogue.some((r) => r.id === id)) {
      const g = groups.get('LOCAL') ?? { group: 'LOCAL', items: [] };
      g.items.push({ value: id, text: `${id} (no longer defined)`, checked: true });
      groups.set('LOCAL', g);
    }
  return [...groups.values()];
}
