/**
 * The action plan's domain: plans, actions, leads, KPIs and progress updates, with the vocabularies the
 * published plans use (plan states, New / Continued / Ongoing / Completed, RAG) and financial-year dates.
 * Pure: no storage, no clock.
 */
import { financialYearLabel } from '../../engine/index.js';
import type { Actor, AuditAction } from '../audit/audit.js';
import type { Organisation } from '../organisations/organisation.js';
import type { Timescale } from './timescale.js';

export const PLAN_STATUSES = ['draft', 'endorsed', 'approved', 'published'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];
export const PLAN_STATUS_LABELS: Readonly<Record<PlanStatus, string>> = {
  draft: 'Draft',
  endorsed: 'Endorsed',
  approved: 'Approved by the board',
  published: 'Published',
};

export const ACTION_STATUSES = ['new', 'continued', 'ongoing', 'completed'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];
export const ACTION_STATUS_LABELS: Readonly<Record<ActionStatus, string>> = {
  new: 'New',
  continued: 'Continued',
  ongoing: 'Ongoing',
  completed: 'Completed',
};

export const RAG_STATUSES = ['on_track', 'slippage', 'critical', 'complete'] as const;
export type RagStatus = (typeof RAG_STATUSES)[number];
export type RagLabels = Readonly<Record<RagStatus, string>>;
export const DEFAULT_RAG_LABELS: RagLabels = {
  on_track: 'On track',
  slippage: 'Slippage likely',
  critical: 'Critical',
  complete: 'Complete',
};
/** The colour each RAG status is shown in (an NHS.UK tag modifier) and its one-letter code. */
export const RAG_STYLE: Readonly<Record<RagStatus, { tag: string; letter: string }>> = {
  on_track: { tag: 'green', letter: 'G' },
  slippage: { tag: 'yellow', letter: 'A' },
  critical: { tag: 'red', letter: 'R' },
  complete: { tag: 'blue', letter: 'B' },
};

export interface Author {
  name: string;
  role: string;
}

export interface Plan {
  id: string;
  organisationId: string;
  /** The calendar year the financial year starts in: 2024 for 2024/25. */
  year: number;
  title: string;
  status: PlanStatus;
  authors: Author[];
  publicationDate: string | null;
  sources: string;
  endorsedBy: string;
  endorsedOn: string | null;
  boardApprovalDate: string | null;
  alignment: string;
  carriedFromPlanId: string | null;
  version: number;
  createdAt: string;
  createdByLabel: string;
  updatedAt: string;
  updatedByLabel: string;
}

export interface Lead {
  name: string;
  /** The Parity account of the lead, when they have one. */
  userId: string | null;
}

export type KpiDirection = 'up' | 'down';

/** A KPI bound to a figure the engine computes: `measure` as in the engine's change list. */
export interface MeasuredKpi {
  id: string;
  label: string;
  indicator: string;
  measure: string;
  target: number;
  direction: KpiDirection;
}

export const MILESTONE_STATES = ['not_started', 'in_progress', 'done', 'missed'] as const;
export type MilestoneState = (typeof MILESTONE_STATES)[number];
export const MILESTONE_STATE_LABELS: Readonly<Record<MilestoneState, string>> = {
  not_started: 'Not started',
  in_progress: 'In progress',
  done: 'Done',
  missed: 'Missed',
};

/** A dated step inside an action ("Q3 review, 31 December 2024"), with its state and a word on how it went. */
export interface Milestone {
  id: string;
  actionId: string;
  dueOn: string;
  title: string;
  state: MilestoneState;
  /** The latest word on it, in plan markup; '' when none. */
  note: string;
  /** Raised by every change; a change names the version it started from, so a stale one is refused. */
  version: number;
  updatedAt: string;
  updatedByLabel: string;
}

export interface Action {
  id: string;
  planId: string;
  organisationId: string;
  ref: number;
  text: string;
  status: ActionStatus;
  theme: string | null;
  aim: string;
  kpiText: string;
  timescale: Timescale;
  dueDate: string | null;
  outcome: string;
  sustainability: string;
  serves: { wres: boolean; wdes: boolean; other: boolean };
  rag: RagStatus | null;
  lastUpdateOn: string | null;
  originActionId: string | null;
  /** The unit of the organisation that owns the action; null for a trust-wide action. */
  unitId: string | null;
  version: number;
  indicators: string[];
  leads: Lead[];
  kpis: MeasuredKpi[];
  /** In date order. */
  milestones: Milestone[];
  createdAt: string;
  createdByLabel: string;
  updatedAt: string;
  updatedByLabel: string;
}

export interface ProgressUpdate {
  id: string;
  actionId: string;
  postedOn: string;
  rag: RagStatus | null;
  narrative: string;
  authorUserId: string | null;
  authorLabel: string;
  createdAt: string;
}

export interface PlanHistoryEntry {
  id: string;
  occurredAt: string;
  actorLabel: string;
  kind: 'status' | 'revision';
  entityType: 'plan' | 'action';
  entityId: string;
  summary: string;
  reason: string | null;
  before: unknown;
  after: unknown;
}

// A plan's year is written as the engine writes every financial year ("2024/25" for 2024).
export { financialYearLabel };

/** The financial year (by its starting year) that an ISO date falls in: 2025-02-01 is in 2024/25. */
export function financialYearOf(isoDate: string): number {
  const y = Number(isoDate.slice(0, 4));
  const m = Number(isoDate.slice(5, 7));
  return m >= 4 ? y : y - 1;
}

/** The first day of the financial-year quarter an ISO date falls in (Q1 = April to June). */
export function quarterStart(isoDate: string): string {
  const y = Number(isoDate.slice(0, 4));
  const m = Number(isoDate.slice(5, 7));
  const startMonth = [1, 4, 7, 10].filter((s) => s <= m).pop()!;
  return `${y}-${String(startMonth).padStart(2, '0')}-01`;
}

/** "Q3 2024/25" for a date in October to December 2024. */
export function quarterLabelOf(isoDate: string): string {
  const m = Number(isoDate.slice(5, 7));
  const q = m >= 4 ? Math.floor((m - 4) / 3) + 1 : 4;
  return `Q${q} ${financialYearLabel(financialYearOf(isoDate))}`;
}

/** Whether the action is finished: marked Completed, or its latest update says Complete. */
export function isComplete(action: Pick<Action, 'status' | 'rag'>): boolean {
  return action.status === 'completed' || action.rag === 'complete';
}

// Whether an action is overdue, or owes an update, is one part of its status: see status.ts.

/**
 * Reads a RAG status as people write it: the organisation's own labels, the defaults, G / A / R / B,
 * Green / Amber / Red / Blue. Null for anything else (and for an empty value).
 */
export function parseRag(value: string, labels: RagLabels = DEFAULT_RAG_LABELS): RagStatus | null {
  const v = value
    .trim()
    .toLowerCase()
    .replace(/[.!]+$/, '');
  if (v === '') return null;
  for (const s of RAG_STATUSES) {
    if (labels[s].toLowerCase() === v || DEFAULT_RAG_LABELS[s].toLowerCase() === v || s === v) return s;
  }
  const aliases: Record<string, RagStatus> = {
    g: 'on_track',
    green: 'on_track',
    'on track': 'on_track',
    ontrack: 'on_track',
    a: 'slippage',
    amber: 'slippage',
    slippage: 'slippage',
    'at risk': 'slippage',
    r: 'critical',
    red: 'critical',
    b: 'complete',
    blue: 'complete',
    completed: 'complete',
    done: 'complete',
  };
  return aliases[v] ?? null;
}

/** Reads New / Continued / Continuing / Ongoing / Completed (also in brackets, as the seeds write them). */
export function parseActionStatus(value: string): ActionStatus | null {
  const v = value
    .trim()
    .toLowerCase()
    .replace(/^\(|\)\.?$/g, '')
    .trim();
  if (v === '') return null;
  if (v === 'new') return 'new';
  if (v === 'continued' || v === 'continuing' || v === 'continue' || v === 'carried forward')
    return 'continued';
  if (v === 'ongoing' || v === 'on-going' || v === 'in progress' || v === 'business as usual')
    return 'ongoing';
  if (v === 'completed' || v === 'complete' || v === 'done') return 'completed';
  return null;
}

/**
 * A change to a plan as it is recorded, in the transaction that makes it: its audit event and, once the
 * plan is approved, its revision with the reason. The revision keeps the plan's own view of the change
 * (`revisionBefore`, `revisionAfter`), which is the audit's before and after unless given.
 */
export interface PlanChange {
  actor: Actor;
  now: Date;
  org: Organisation;
  plan: Plan;
  reason: string | null;
  action: AuditAction;
  entity: { type: 'plan' | 'action'; id: string };
  summary: string;
  revisionSummary: string;
  before?: unknown;
  after?: unknown;
  revisionBefore?: unknown;
  revisionAfter?: unknown;
}
