/**
 * What has changed since the board approved a year's report and plan: actions added, removed or changed
 * (and which of their parts), the plan's details, and the headline figures that now read differently from
 * the frozen report's "at a glance" table (new data loaded, a setting changed). The board approved the
 * frozen copy; this list is what a new approval would be asked to approve. Pure: it compares what it is
 * given and returns plain data for a page.
 */
import { titleOf } from '../plans/markup.js';
import type { Action, Milestone, Plan } from '../plans/plan.js';
import { PLAN_STATUS_LABELS } from '../plans/plan.js';
import type { PlanSnapshot } from './approval.js';
import type { PublicationDocument, TableBlock } from './document.js';

/** The parts of an action a board reads, each compared on its own. */
export const ACTION_PARTS = ['text', 'leads', 'timescale', 'kpis', 'rag', 'status'] as const;
/** `milestones`: one entry per milestone added, removed or changed, its label saying which and how. */
export type ActionPart = (typeof ACTION_PARTS)[number] | 'other' | 'milestones';

export const ACTION_PART_LABELS: Readonly<Record<Exclude<ActionPart, 'milestones'>, string>> = {
  text: 'Action text',
  leads: 'Leads',
  timescale: 'Timescale',
  kpis: 'KPIs',
  rag: 'RAG status',
  status: 'Status',
  other: 'Other details (theme, aim, indicators, owning unit, outcome, sustainability)',
};

export interface ActionChange {
  ref: string;
  title: string;
  parts: { part: ActionPart; label: string }[];
}

export interface FigureChange {
  indicator: string;
  figure: string;
  approved: string;
  now: string;
}

export interface ChangesSinceApproval {
  revision: number;
  approvedOn: string;
  added: { ref: string; title: string }[];
  removed: { ref: string; title: string }[];
  changed: ActionChange[];
  /** Labels of the plan details that differ ("Title", "Status: Approved by the board → Published"). */
  planDetails: string[];
  /** Headline figures that differ; null when they could not be compared (`figuresNote` says why). */
  figures: FigureChange[] | null;
  figuresNote: string | null;
  /** Whether anything at all differs. */
  any: boolean;
}

/** The action's title as every other list of actions gives it. */
const title = (a: Action) => titleOf(a.text);
const ref = (a: Action) => `A${a.ref}`;

/** Each part's value in a form that compares equal exactly when a reader would see no difference. */
function partValues(a: Action): Record<Exclude<ActionPart, 'milestones'>, string> {
  return {
    text: a.text,
    leads: JSON.stringify(a.leads.map((l) => l.name)),
    timescale: JSON.stringify(a.timescale),
    kpis: JSON.stringify([
      a.kpiText,
      a.kpis.map((k) => [k.label, k.indicator, k.measure, k.target, k.direction]),
    ]),
    rag: a.rag ?? '',
    status: a.status,
    // An action frozen before actions had owners has no unitId: trust-wide, as it is read now.
    other: JSON.stringify([
      a.theme,
      a.aim,
      a.indicators,
      a.outcome,
      a.sustainability,
      a.serves,
      a.unitId ?? null,
    ]),
  };
}

/** The aspects of a milestone a board reads, by the words that name them. */
const MILESTONE_ASPECTS: readonly [keyof Milestone, string][] = [
  ['title', 'title'],
  ['dueOn', 'date'],
  ['state', 'state'],
  ['note', 'latest word'],
];

/**
 * How an action's milestones differ, one line each: 'Milestone “Coaches trained” added', '… removed', '…
 * changed (date, state)'. A milestone is the same one across an edit by its id, so a renamed milestone is
 * changed, not removed and added. A copy frozen before actions had milestones reads as having none.
 */
export function milestoneChanges(
  approved: readonly Milestone[] | undefined,
  current: readonly Milestone[] | undefined,
): string[] {
  const was = new Map((approved ?? []).map((m) => [m.id, m]));
  const now = new Map((current ?? []).map((m) => [m.id, m]));
  const byDate = (x: Milestone, y: Milestone) =>
    x.dueOn.localeCompare(y.dueOn) || x.title.localeCompare(y.title);
  const out: string[] = [];
  for (const m of [...now.values()].sort(byDate)) {
    const before = was.get(m.id);
    if (!before) {
      out.push(`Milestone “${m.title}” added`);
      continue;
    }
    const aspects = MILESTONE_ASPECTS.filter(([key]) => before[key] !== m[key]).map(([, words]) => words);
    if (aspects.length > 0) out.push(`Milestone “${m.title}” changed (${aspects.join(', ')})`);
  }
  for (const m of [...was.values()].sort(byDate))
    if (!now.has(m.id)) out.push(`Milestone “${m.title}” removed`);
  return out;
}

const DETAIL_LABELS: readonly [keyof Plan, string][] = [
  ['title', 'Title'],
  ['authors', 'Primary authors'],
  ['publicationDate', 'Publication date'],
  ['sources', 'Sources of information'],
  ['endorsedBy', 'Endorsed by'],
  ['endorsedOn', 'Date of endorsement'],
  ['boardApprovalDate', 'Board approval date'],
  ['alignment', 'Alignment'],
];

export function planDetailChanges(approved: Plan, current: Plan): string[] {
  const out: string[] = [];
  if (approved.status !== current.status)
    out.push(`Status: ${PLAN_STATUS_LABELS[approved.status]} → ${PLAN_STATUS_LABELS[current.status]}`);
  for (const [key, label] of DETAIL_LABELS)
    if (JSON.stringify(approved[key]) !== JSON.stringify(current[key])) out.push(label);
  return out;
}

export function actionChanges(
  approved: readonly Action[],
  current: readonly Action[],
): Pick<ChangesSinceApproval, 'added' | 'removed' | 'changed'> {
  const before = new Map(approved.map((a) => [a.id, a]));
  const after = new Map(current.map((a) => [a.id, a]));
  const byRef = (x: { ref: string }, y: { ref: string }) => Number(x.ref.slice(1)) - Number(y.ref.slice(1));
  const changed: ActionChange[] = [];
  for (const a of current) {
    const b = before.get(a.id);
    if (!b) continue;
    const was = partValues(b);
    const now = partValues(a);
    const parts: ActionChange['parts'] = (
      Object.keys(ACTION_PART_LABELS) as Exclude<ActionPart, 'milestones'>[]
    )
      .filter((p) => was[p] !== now[p])
      .map((part) => ({ part, label: ACTION_PART_LABELS[part] }));
    for (const label of milestoneChanges(b.milestones, a.milestones))
      parts.push({ part: 'milestones', label });
    if (parts.length > 0) changed.push({ ref: ref(a), title: title(a), parts });
  }
  return {
    added: current
      .filter((a) => !before.has(a.id))
      .map((a) => ({ ref: ref(a), title: title(a) }))
      .sort(byRef),
    removed: approved
      .filter((a) => !after.has(a.id))
      .map((a) => ({ ref: ref(a), title: title(a) }))
      .sort(byRef),
    changed: changed.sort(byRef),
  };
}

/** The report's "at a glance" table (every indicator's figure this year), or null if it has none. */
export function glanceOf(doc: PublicationDocument): TableBlock | null {
  for (const s of doc.sections)
    for (const b of s.blocks) if (b.kind === 'table' && b.id === 'at-a-glance') return b;
  return null;
}

/** Indicators whose figure this year reads differently now; one missing on either side counts too. */
export function figureChanges(approved: PublicationDocument, current: PublicationDocument): FigureChange[] {
  const rows = (doc: PublicationDocument) =>
    new Map(
      (glanceOf(doc)?.rows ?? []).map((r) => [
        r[0]?.text ?? '',
        { figure: r[1]?.text ?? '', value: r[2]?.text ?? '' },
      ]),
    );
  const was = rows(approved);
  const now = rows(current);
  const out: FigureChange[] = [];
  for (const [indicator, w] of was) {
    const n = now.get(indicator);
    if (!n || n.value !== w.value || n.figure !== w.figure)
      out.push({
        indicator,
        figure: w.figure,
        approved: w.value,
        now: n ? n.value : 'Not in the report now',
      });
  }
  for (const [indicator, n] of now)
    if (!was.has(indicator))
      out.push({ indicator, figure: n.figure, approved: 'Not in the approved report', now: n.value });
  return out;
}

export function changesSince(
  frozen: { revision: number; approvedOn: string; plan: PlanSnapshot; document: PublicationDocument },
  current: { plan: Plan | null; actions: readonly Action[] },
  fresh: { document: PublicationDocument } | { note: string },
): ChangesSinceApproval {
  const actions = actionChanges(frozen.plan.actions, current.actions);
  const planDetails = current.plan
    ? planDetailChanges(frozen.plan.plan, current.plan)
    : ['The plan has been deleted'];
  const figures = 'document' in fresh ? figureChanges(frozen.document, fresh.document) : null;
  return {
    revision: frozen.revision,
    approvedOn: frozen.approvedOn,
    ...actions,
    planDetails,
    figures,
    figuresNote: 'note' in fresh ? fresh.note : null,
    any:
      actions.added.length + actions.removed.length + actions.changed.length + planDetails.length > 0 ||
      (figures?.length ?? 0) > 0,
  };
}
