/**
 * The action plan as a publication shows it: each action once, with its reference (A1, A2, ...), leads,
 * KPIs (with the figures they are measured against), timescale, its one status (plans/status.ts) in colour
 * and words with the reasons, its milestones, and the latest update; the indicators an action serves link to their sections, and each indicator's section
 * links back to the actions (see report.ts). The words are the plan export's (plans/export/model.ts).
 */
import {
  dateText,
  latestOf,
  leadsText,
  measuredKpisText,
  milestonesText,
  ownerText,
  stateOf,
  type ExportModel,
} from '../plans/export/model.js';
import { titleOf, toPlain } from '../plans/markup.js';
import {
  ACTION_STATUS_LABELS,
  financialYearLabel,
  PLAN_STATUS_LABELS,
  type Action,
  type ProgressUpdate,
} from '../plans/plan.js';
import { describeReference } from '../plans/references.js';
import { timescaleLabel } from '../plans/timescale.js';
import { blockId, ragKey, stateMark, textBlocks } from './blocks.js';
import type { Block, Cell, TableBlock } from './document.js';

/** The anchor of an action in a document. */
export const actionAnchor = (a: Pick<Action, 'ref'>) => `action-a${a.ref}`;

/** The anchor of a national indicator's part of a document. */
export const indicatorAnchor = (id: string) => blockId('indicator', id);

/** "A3" */
export const actionRef = (a: Pick<Action, 'ref'>) => `A${a.ref}`;

/** One row per action: the summary table a board reads first. */
export function actionsTable(
  id: string,
  caption: string,
  model: ExportModel,
  actions: readonly Action[],
  latest: ReadonlyMap<string, ProgressUpdate>,
): TableBlock {
  return {
    kind: 'table',
    id,
    caption,
    // On a portrait page each column must hold its heading and its longest word whole ("Timescale",
    // "Complete" in bold, "Organisational"): the long texts give up the room.
    columns: [
      { text: 'Ref', width: 0.8 },
      { text: 'Action', width: 2.5 },
      { text: 'Leads', width: 2 },
      { text: 'Timescale', width: 1.55 },
      { text: 'Status', width: 1.5 },
      { text: 'Why', width: 1.85 },
      { text: 'Latest update', width: 2.5 },
    ],
    rows: actions.map((a): Cell[] => {
      const u = latest.get(a.id);
      const state = stateOf(model, a);
      return [
        { text: actionRef(a), link: actionAnchor(a) },
        { text: titleOf(a.text) },
        { text: leadsText(a).replace(/\n/g, ', ') || '–' },
        { text: timescaleLabel(a.timescale) || 'Not set' },
        { text: state.label, rag: stateMark(state) },
        { text: state.reasons.join('\n') },
        { text: u ? `${dateText(u.postedOn)}: ${titleOf(u.narrative, 300)}` : 'No update yet' },
      ];
    }),
  };
}

/** What an action serves, as links to the indicators' sections where the document has them. */
function servesCells(model: ExportModel, a: Action, present: ReadonlySet<string>): string {
  return a.indicators
    .map((id) => {
      const r = describeReference(id, model.catalogue);
      return present.has(id) ? `${r.code} (see its section)` : r.code;
    })
    .join(', ');
}

/** One action in full. */
function actionBlocks(
  model: ExportModel,
  a: Action,
  latest: ProgressUpdate | undefined,
  present: ReadonlySet<string>,
): Block[] {
  const state = stateOf(model, a);
  const facts: { label: string; value: string; note?: string }[] = [
    { label: 'Where it stands', value: state.label, note: state.reasons.join('. ') },
    { label: 'Status', value: ACTION_STATUS_LABELS[a.status] },
    { label: 'Leads', value: leadsText(a).replace(/\n/g, ', ') || '–' },
    { label: 'Owning unit', value: ownerText(model, a) },
    { label: 'Timescale', value: timescaleLabel(a.timescale) },
    { label: 'Indicators', value: servesCells(model, a, present) || '–' },
  ];
  if (a.kpiText.trim() !== '') facts.push({ label: 'KPIs', value: toPlain(a.kpiText) });
  const measured = measuredKpisText(a, model.catalogue);
  if (measured !== '') facts.push({ label: 'Targets against Parity figures', value: measured });
  if (a.milestones.length > 0) facts.push({ label: 'Milestones', value: milestonesText(a) });
  if (a.outcome.trim() !== '') facts.push({ label: 'Intended outcome', value: toPlain(a.outcome) });
  if (a.sustainability.trim() !== '')
    facts.push({ label: 'How it will be sustained', value: toPlain(a.sustainability) });
  return [
    { kind: 'heading', level: 3, text: `${actionRef(a)}. ${titleOf(a.text)}`, id: actionAnchor(a) },
    ...textBlocks(a.text),
    { kind: 'figures', items: facts },
    {
      kind: 'paragraph',
      text: latest
        ? `Latest update, ${dateText(latest.postedOn)}${latest.rag ? ` (${model.labels[latest.rag]})` : ''}: ${toPlain(latest.narrative)}`
        : 'No update has been posted yet.',
    },
  ];
}

/**
 * The whole plan: its details, the RAG key, the summary table, then each action once. `present` holds the
 * indicator ids the document has sections for (an action's link to them is named).
 */
export function planBlocks(model: ExportModel, present: ReadonlySet<string>): Block[] {
  const p = model.plan;
  const latest = latestOf(model);
  const actions = [...model.actions].sort((a, b) => a.ref - b.ref);
  return [
    {
      kind: 'paragraph',
      text: `${p.title}: the action plan for ${financialYearLabel(p.year)}, ${PLAN_STATUS_LABELS[p.status].toLowerCase()}${p.boardApprovalDate ? ` (board approval ${dateText(p.boardApprovalDate)})` : ''}. ${actions.length} ${actions.length === 1 ? 'action' : 'actions'}; each appears once below and is referred to by its number (A1, A2, ...) under every indicator it serves.`,
    },
    ...(p.authors.length > 0 || p.endorsedBy
      ? [
          {
            kind: 'figures' as const,
            items: [
              ...(p.authors.length > 0
                ? [
                    {
                      label: 'Primary authors',
                      value: p.authors.map((x) => (x.role ? `${x.name}, ${x.role}` : x.name)).join('; '),
                    },
                  ]
                : []),
              ...(p.endorsedBy
                ? [
                    {
                      label: 'Endorsed by',
                      value: `${p.endorsedBy}${p.endorsedOn ? ` on ${dateText(p.endorsedOn)}` : ''}`,
                    },
                  ]
                : []),
            ],
          },
        ]
      : []),
    { kind: 'heading', level: 3, text: 'RAG key' },
    ragKey(model.labels),
    actionsTable(blockId('plan', 'summary'), 'The actions at a glance', model, actions, latest),
    ...actions.flatMap((a) => actionBlocks(model, a, latest.get(a.id), present)),
  ];
}
