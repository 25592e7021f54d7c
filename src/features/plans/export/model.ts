/**
 * What every export of a plan is made from, and the plain-text forms of an action's parts that the
 * exports share. A spreadsheet cell that begins with = + - @ (or a tab or carriage return) is prefixed
 * with an apostrophe so that no stored text can run as a formula when the file is opened.
 */
import { formatDate } from '../../../engine/index.js';
import type { OrgUnit } from '../../organisations/organisation.js';
import { toPlain } from '../markup.js';
import {
  ACTION_STATUS_LABELS,
  financialYearLabel,
  PLAN_STATUS_LABELS,
  type Action,
  type Plan,
  type ProgressUpdate,
  type RagLabels,
} from '../plan.js';
import { describeReference, type IndicatorReference } from '../references.js';
import { actionState, milestoneText, type ActionState } from '../status.js';
import { timescaleLabel } from '../timescale.js';
import { formatValue, measureLabel, partsOfReference } from '../kpis.js';
import { ownerLabel } from '../visibility.js';

export interface ExportModel {
  organisationName: string;
  plan: Plan;
  labels: RagLabels;
  catalogue: IndicatorReference[];
  /** The actions the reader sees (visibility.ts): the whole plan, or the trust-wide ones and some units'. */
  actions: Action[];
  /** The organisation's units, to name each action's owner. */
  units: readonly OrgUnit[];
  /** Which part of the plan this is, in words, when it is not the whole plan (a unit's view of it). */
  part: string | null;
  /** The unit whose view of the plan this is: the one asked for, or the one unit the reader's role covers. */
  focus: OrgUnit | null;
  /** Every update of the plan's actions, newest first. */
  updates: ProgressUpdate[];
  /** The indicator's headline figure ("Relative likelihood: 1.32"), where one is computed. */
  indicatorValues: ReadonlyMap<string, string>;
  /** On every page of a full-count export ("Full counts: not for publication..."); null when as published. */
  marking: string | null;
  /** When the export was made (ISO). */
  generatedAt: string;
}

/** A cell value that cannot be read as a formula by a spreadsheet. */
export function safeCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** A date as people write it ("11 September 2024"), or nothing for no date. */
export const dateText = (iso: string | null): string => (iso ? formatDate(iso) : '');

export function latestOf(model: ExportModel): Map<string, ProgressUpdate> {
  const latest = new Map<string, ProgressUpdate>();
  for (const u of model.updates) if (!latest.has(u.actionId)) latest.set(u.actionId, u);
  return latest;
}

/** The indicators' codes as people write them ("WRES 2"); local metrics as local:<id>, which import reads back. */
export const codesOf = (a: Action, catalogue: readonly IndicatorReference[]): string[] =>
  a.indicators.map((id) => {
    const r = describeReference(id, catalogue);
    return r.group === 'LOCAL' ? id : r.code;
  });

export const leadsText = (a: Action): string => a.leads.map((l) => l.name).join('\n');

/** Where the action stands when the export was made (status.ts), with the reasons. */
export const stateOf = (
  model: Pick<ExportModel, 'plan' | 'labels' | 'generatedAt'>,
  a: Action,
): ActionState =>
  actionState(a, { today: model.generatedAt.slice(0, 10), planYear: model.plan.year, labels: model.labels });

/** The action's milestones, one a line: "Q3 review, 31 December 2024: Done". */
export const milestonesText = (a: Action): string => a.milestones.map(milestoneText).join('\n');

/** The unit that owns the action, by its path, or "Trust-wide". */
export const ownerText = (model: Pick<ExportModel, 'units'>, a: Action): string =>
  ownerLabel(model.units, a.unitId);

export const measuredKpisText = (a: Action, catalogue: readonly IndicatorReference[]): string =>
  a.kpis
    .map(
      (k) =>
        `${k.label} (${describeReference(k.indicator, catalogue).code} ${measureLabel(k.measure, partsOfReference(k.indicator))}, target ${k.direction === 'up' ? 'at least' : 'at most'} ${formatValue(k.measure, k.target)})`,
    )
    .join('\n');

export const servesText = (a: Action): string =>
  [
    a.serves.wres ? 'WRES' : '',
    a.serves.wdes ? 'WDES' : '',
    a.serves.other ? 'Other protected characteristics' : '',
  ]
    .filter((s) => s !== '')
    .join(', ');

/** The plan's details as label and value pairs, in the order published plans give them. */
export function detailRows(model: ExportModel): [string, string][] {
  const p = model.plan;
  return [
    ['Organisation', model.organisationName],
    ...(model.marking ? ([['Figures', model.marking]] as [string, string][]) : []),
    ...(model.part ? ([['Part of the plan', model.part]] as [string, string][]) : []),
    ['Financial year', financialYearLabel(p.year)],
    ['Status', PLAN_STATUS_LABELS[p.status]],
    ['Primary authors', p.authors.map((a) => (a.role ? `${a.name}, ${a.role}` : a.name)).join('\n')],
    ['Publication date', dateText(p.publicationDate)],
    ['Sources of information', toPlain(p.sources)],
    [
      'Endorsed by',
      [p.endorsedBy, p.endorsedOn ? `on ${dateText(p.endorsedOn)}` : ''].filter((s) => s !== '').join(' '),
    ],
    ['Board approval date', dateText(p.boardApprovalDate)],
    ['Alignment', toPlain(p.alignment)],
  ];
}

/** One row per action, with the column names Parity's import reads back (see TEMPLATE_HEADERS). */
export const ACTION_COLUMNS = [
  'Ref',
  'Indicators',
  'Theme',
  'Aim',
  'Action',
  'Status',
  'Leads',
  'Owning unit',
  'Timescale',
  'KPIs',
  'Targets against Parity figures',
  'Intended outcome',
  'How it will be sustained',
  'RAG',
  'Where it stands',
  'Reasons',
  'Milestones',
  'Latest update',
  'Last reported',
  'WRES',
  'WDES',
  'Other protected characteristics',
] as const;

export function actionRow(model: ExportModel, a: Action, latest: ProgressUpdate | undefined): string[] {
  const state = stateOf(model, a);
  return [
    `A${a.ref}`,
    codesOf(a, model.catalogue).join('; '),
    a.theme ?? '',
    toPlain(a.aim),
    toPlain(a.text),
    ACTION_STATUS_LABELS[a.status],
    leadsText(a),
    ownerText(model, a),
    timescaleLabel(a.timescale),
    toPlain(a.kpiText),
    measuredKpisText(a, model.catalogue),
    toPlain(a.outcome),
    toPlain(a.sustainability),
    a.rag ? model.labels[a.rag] : '',
    state.label,
    state.reasons.join('\n'),
    milestonesText(a),
    latest ? toPlain(latest.narrative) : '',
    latest ? latest.postedOn : '',
    a.serves.wres ? 'Yes' : 'No',
    a.serves.wdes ? 'Yes' : 'No',
    a.serves.other ? 'Yes' : 'No',
  ];
}

export const exportFileName = (model: ExportModel, extension: string): string =>
  `${
    `${model.plan.title}${model.focus ? ` - ${model.focus.name}` : ''}`
      .replace(/[^A-Za-z0-9 ()_-]+/g, '-')
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, 120) || 'action-plan'
  }${model.marking ? ' - full counts' : ''}.${extension}`;
