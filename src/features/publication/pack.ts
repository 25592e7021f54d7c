/**
 * The quarterly pack for the People Group or the EDI Steering Group (or a care group's own board): the
 * quarter's figures beside the quarters before and the year's, the KPIs the plan binds to figures against
 * their targets, the actions due, overdue, updated and changed RAG in the quarter with their latest update,
 * the milestones of the quarter and any missed or late, each action's status (plans/status.ts) with its
 * reasons and milestones, and data quality. A care group's pack is that care group's figures, in the publication view unless the
 * reader may see every count, exactly as its managers' dashboard shows them.
 *
 * The quarter is one of the plan's financial year (`--year 2024 --quarter Q2`: July to September 2024, in
 * the 2024/25 plan). Its figures are the quarters of that financial year where the data reach them, or
 * else the latest financial year loaded, and the pack says which.
 */
import { formatDate, FULL_COUNT_MARKING, quarterRange, type QuarterNumber } from '../../engine/index.js';
import { invalidInput } from '../../shared/errors.js';
import type { DashboardContext } from '../dashboard/context.js';
import { headlineOf } from '../dashboard/figures.js';
import { qualityModel } from '../dashboard/pages/quality.js';
import { indicatorName, shortTitle, upperFirst } from '../dashboard/present.js';
import { overviewWithPlan } from '../dashboard/pages/overview.js';
import { tileFor, type TilePeriods } from '../dashboard/pages/tiles.js';
import { quarterLabel, type QuarterRef } from '../dashboard/quarters.js';
import type { Organisation } from '../organisations/organisation.js';
import { dateText, latestOf, stateOf, type ExportModel } from '../plans/export/model.js';
import { planFigures, readKpis } from '../plans/figures.js';
import { describeReference } from '../plans/references.js';
import { titleOf, toPlain } from '../plans/markup.js';
import {
  financialYearLabel,
  isComplete,
  MILESTONE_STATE_LABELS,
  type Action,
  type ProgressUpdate,
} from '../plans/plan.js';
import { milestoneText } from '../plans/status.js';
import type { PublicationSources } from './sources.js';
import { blockId, chartBlocks } from './blocks.js';
import type { Block, Cell, PublicationDocument, Section } from './document.js';
import { actionsTable, actionRef, actionAnchor } from './plan-section.js';
import { planModel, viewAccess, type View } from './report.js';

export interface PackInput {
  org: Organisation;
  /** The reporting year, shown with the plan of the financial year starting that April. */
  year: number;
  quarter: QuarterNumber;
  /** A care group's path, for its own pack; null for the organisation's. */
  careGroup: string | null;
  view: View;
  now: Date;
}

/** The first and last day of quarter q of the financial year starting in April of `fy`, and in words. */
export function quarterDates(fy: number, q: QuarterNumber): { start: string; end: string; words: string } {
  const range = quarterRange({ year: { startYear: fy }, quarter: q });
  // "July to September 2024": the months as formatDate names them, without the days.
  const month = (iso: string) => formatDate(iso).replace(/^\d+ /, '');
  return { ...range, words: `${month(range.start).replace(/ \d{4}$/, '')} to ${month(range.end)}` };
}

/** The RAG an action had at a date: its latest update on or before it. */
function ragAt(updates: readonly ProgressUpdate[], actionId: string, date: string) {
  return updates.find((u) => u.actionId === actionId && u.postedOn <= date && u.rag !== null)?.rag ?? null;
}

function actionSections(model: ExportModel, start: string, end: string): Block[] {
  const latest = latestOf(model);
  const actions = [...model.actions].sort((a, b) => a.ref - b.ref);
  const inQuarter = (d: string | null) => d !== null && d >= start && d <= end;
  const due = actions.filter((a) => inQuarter(a.dueDate));
  const overdue = actions.filter((a) => !isComplete(a) && a.dueDate !== null && a.dueDate < start);
  const updated = actions.filter((a) =>
    model.updates.some((u) => u.actionId === a.id && inQuarter(u.postedOn)),
  );
  const before = new Date(Date.UTC(Number(start.slice(0, 4)), Number(start.slice(5, 7)) - 1, 0))
    .toISOString()
    .slice(0, 10);
  const changed = actions.filter((a) => {
    const was = ragAt(model.updates, a.id, before);
    const now = ragAt(model.updates, a.id, end);
    return now !== null && was !== now;
  });
  // The quarter's milestones, and earlier ones missed or still not done: what the forum asks about.
  const milestones = actions.flatMap((a) =>
    a.milestones
      .filter(
        (m) =>
          inQuarter(m.dueOn) ||
          (m.dueOn < start && (m.state === 'missed' || (m.state !== 'done' && !isComplete(a)))),
      )
      .map((m) => ({ a, m })),
  );
  const group = (id: string, title: string, list: Action[], none: string): Block[] => [
    { kind: 'heading', level: 2, text: `${title} (${list.length})`, id },
    list.length === 0
      ? { kind: 'paragraph', text: none }
      : actionsTable(blockId('table', id), title, model, list, latest),
  ];
  return [
    ...group('actions-due', 'Due this quarter', due, 'No action is due this quarter.'),
    ...group(
      'actions-overdue',
      // Not "Overdue": that is a status (plans/status.ts), judged on the day the pack is made.
      'Past their timescale before the quarter',
      overdue,
      'No action was past its timescale, unfinished, when the quarter began.',
    ),
    ...group('actions-updated', 'Updated this quarter', updated, 'No update was posted this quarter.'),
    { kind: 'heading', level: 2, text: `Milestones (${milestones.length})`, id: 'milestones' },
    milestones.length === 0
      ? {
          kind: 'paragraph',
          text: 'No milestone falls in this quarter, and none before it is missed or late.',
        }
      : {
          kind: 'table',
          id: 'milestones-table',
          caption: 'Milestones due this quarter, and earlier ones missed or not done',
          columns: [
            { text: 'Action', width: 0.7 },
            { text: 'Milestone', width: 2.4 },
            { text: 'Date', width: 1.2 },
            { text: 'State', width: 1 },
            { text: 'Latest word', width: 3 },
          ],
          rows: milestones.map(({ a, m }): Cell[] => [
            { text: actionRef(a), link: actionAnchor(a) },
            { text: m.title },
            { text: dateText(m.dueOn) },
            { text: MILESTONE_STATE_LABELS[m.state] },
            { text: m.note ? titleOf(m.note, 300) : '–' },
          ]),
        },
    ...group(
      'actions-rag-changed',
      'RAG changed since last quarter',
      changed,
      'No action’s RAG status changed this quarter.',
    ),
    ...(changed.length > 0
      ? [
          {
            kind: 'list' as const,
            items: changed.map((a) => {
              const was = ragAt(model.updates, a.id, before);
              const now = ragAt(model.updates, a.id, end)!;
              return `${actionRef(a)}: ${was ? model.labels[was] : 'not rated'} to ${model.labels[now]}`;
            }),
          },
        ]
      : []),
  ];
}

export async function buildPack(
  services: PublicationSources,
  input: PackInput,
): Promise<PublicationDocument> {
  const { org, year, quarter, careGroup, view } = input;
  const years = await services.dashboard.years(org);
  if (!years.includes(year))
    throw invalidInput(`${org.name} (${org.odsCode}) has no staff-in-post snapshot at 31 March ${year}.`, [
      { field: 'year', message: years.length > 0 ? `choose ${years.join(', ')}` : 'load data first' },
    ]);
  // A care group's pack holds its view of the plan: the trust-wide actions and its own (visibility.ts).
  let careGroupId: string | null = null;
  if (careGroup !== null) {
    const units = await services.organisations.unitsOf(org.id);
    careGroupId = units.find((u) => u.level === 'care_group' && u.path === careGroup)?.id ?? null;
    if (careGroupId === null)
      throw invalidInput(`${org.name} has no care group "${careGroup}".`, [
        { field: 'careGroup', message: 'name a care group as the organisation’s units name it' },
      ]);
  }
  // The plan's quarter; its figures: the same financial year's quarters if loaded, else the latest loaded.
  const dates = quarterDates(year, quarter);
  const figuresYear = years.includes(year + 1) ? year + 1 : year;
  const lastQuarter: QuarterNumber = figuresYear === year + 1 ? quarter : 4;
  const ctx: DashboardContext = await services.dashboard.context({
    org,
    scope: careGroup === null ? 'all' : [careGroup],
    scopeLabel: careGroup,
    fullCounts: view === 'full',
    year: figuresYear,
    quarter: lastQuarter,
    years,
  });
  const refs: QuarterRef[] = ([1, 2, 3, 4] as const)
    .filter((q) => q <= lastQuarter)
    .map((q) => ({ year: figuresYear, quarter: q }));
  const [periods, annual, plan, planActions] = await Promise.all([
    Promise.all(refs.map((r) => ctx.quarter(r))),
    ctx.annual(figuresYear),
    planModel(services, org, year, view, undefined, careGroupId),
    services.dashboard.plan(org, year, ctx.view.scope),
  ]);
  const quarterly = [...(periods.at(-1)?.results.indicators ?? [])];
  const figuresNote =
    figuresYear === year + 1
      ? `Figures: ${quarterLabel(refs.at(-1)!)} and the quarters before it in ${financialYearLabel(year)}.`
      : `Figures: the loaded data reach March ${year} (${quarterLabel({ year, quarter: 4 })}); the ${financialYearLabel(year)} quarters appear once the ${year + 1} data are loaded. Shown: the four quarters of ${financialYearLabel(year - 1)} and that year's figure.`;
  const rows: Cell[][] = quarterly.map((ind) => {
    const cells: Cell[] = [{ text: `${indicatorName(ind)}: ${shortTitle(ind)}` }];
    for (const p of periods) {
      const found = p.results.indicators.find((i) => i.id === ind.id);
      const h = found ? headlineOf(found, p.published.get(ind.id), p.results.settings).current : null;
      cells.push({ text: h?.text ?? '–', numeric: true, ...(h?.hidden ? { withheld: true } : {}) });
    }
    const a = annual.results.indicators.find((i) => i.id === ind.id);
    const h = a ? headlineOf(a, annual.published.get(ind.id), annual.results.settings).current : null;
    cells.push({ text: h?.text ?? '–', numeric: true, ...(h?.hidden ? { withheld: true } : {}) });
    return cells;
  });
  const overview = await overviewWithPlan(ctx, services.dashboard.renderer, planActions);
  // The overview's tiles are the quarter's where an indicator has quarters; the table of the year against the
  // year before takes every tile's figures for the year, as the dashboard's year view gives them.
  const yearPeriods: TilePeriods = {
    current: annual,
    previous: await ctx.annual(figuresYear - 1),
    quarter: null,
  };
  const yearTiles = overview.sections.flatMap((s) => s.tiles.map((t) => tileFor(t.id, yearPeriods) ?? t));
  const figureBlocks: Block[] = [
    { kind: 'paragraph', text: figuresNote },
    {
      kind: 'table',
      id: 'quarter-figures',
      caption: 'Relative likelihoods quarter by quarter, and the year',
      columns: [
        { text: 'Indicator', width: 3 },
        ...refs.map((r) => ({ text: quarterLabel(r), numeric: true })),
        { text: `Year ${figuresYear}`, numeric: true },
      ],
      rows,
      notes: [
        'A quarter counts the events in its three months over the staff in post at 31 March; quarterly figures rest on small numbers and move more than the annual ones.',
      ],
    },
    ...chartBlocks(overview.likelihoods),
    {
      kind: 'table',
      id: 'year-figures',
      caption: `Every indicator, ${figuresYear} against ${figuresYear - 1}`,
      columns: [
        { text: 'Indicator', width: 2.6 },
        { text: 'Figure', width: 2.4 },
        { text: String(figuresYear), numeric: true },
        { text: String(figuresYear - 1), numeric: true },
        { text: 'Change', width: 1.2 },
      ],
      rows: yearTiles.map((t): Cell[] => [
        { text: t.heading },
        { text: t.headline.label },
        {
          text: t.headline.current.text,
          numeric: true,
          ...(t.headline.current.hidden ? { withheld: true } : {}),
        },
        { text: t.previous.text, numeric: true, ...(t.previous.hidden ? { withheld: true } : {}) },
        { text: t.change.label },
      ]),
    },
  ];
  const sections: Section[] = [{ id: 'figures', title: 'Figures', blocks: figureBlocks }];
  if (plan) {
    const figures = await planFigures(services, viewAccess(org, view), plan.plan);
    const actions = [...plan.actions].sort((a, b) => a.ref - b.ref);
    const latest = latestOf(plan);
    const kpiRows: Cell[][] = actions.flatMap((a) =>
      readKpis(a, figures).map((r): Cell[] => [
        { text: actionRef(a), link: actionAnchor(a) },
        { text: `${r.kpi.label} (${describeReference(r.kpi.indicator, plan.catalogue).code})` },
        ...(r.hiddenBecause === 'full view only'
          ? // A KPI on a measure other than the headline rests on exact counts: not in a published pack.
            [{ text: 'Shown with full counts only' }, { text: 'Shown with full counts only' }]
          : [
              { text: r.text.current, numeric: true, ...(r.hidden ? { withheld: true } : {}) },
              { text: r.text.previous, numeric: true, ...(r.hidden ? { withheld: true } : {}) },
            ]),
        { text: r.text.target, numeric: true },
        // The action page's words for the course ("On course", "No data").
        { text: upperFirst(r.course) },
      ]),
    );
    sections.push({
      id: 'kpis',
      title: 'KPIs against their targets',
      blocks:
        kpiRows.length === 0
          ? [{ kind: 'paragraph', text: 'No action binds a KPI to a figure yet.' }]
          : [
              {
                kind: 'table',
                id: 'kpi-table',
                caption: `KPIs bound to figures, ${figures.year ?? ''} figures`,
                columns: [
                  { text: 'Action', width: 0.7 },
                  { text: 'KPI', width: 3 },
                  { text: 'Now', numeric: true },
                  { text: 'Year before', numeric: true },
                  { text: 'Target', numeric: true },
                  { text: 'Course', width: 1.1 },
                ],
                rows: kpiRows,
              },
            ],
    });
    sections.push({
      id: 'actions',
      title: `Actions in ${quarterLabel({ year: year + 1, quarter })}`,
      newPage: true,
      blocks: [
        ...(careGroup
          ? [
              {
                kind: 'paragraph' as const,
                text: `The actions of ${careGroup} and the units within it, and the trust-wide actions; other care groups’ actions are in their own packs.`,
              },
            ]
          : []),
        ...actionSections(plan, dates.start, dates.end),
        { kind: 'heading', level: 2, text: 'Every action and its latest update', id: 'all-actions' },
        ...actions.flatMap((a): Block[] => {
          const u = latest.get(a.id);
          const state = stateOf(plan, a);
          return [
            { kind: 'heading', level: 3, text: `${actionRef(a)}. ${titleOf(a.text)}`, id: actionAnchor(a) },
            { kind: 'paragraph', text: `${state.label}: ${state.reasons.join('; ')}.` },
            ...(a.milestones.length > 0
              ? [{ kind: 'list' as const, items: a.milestones.map((m) => `Milestone: ${milestoneText(m)}`) }]
              : []),
            {
              kind: 'paragraph',
              text: u
                ? `${dateText(u.postedOn)}${u.rag ? ` (${plan.labels[u.rag]})` : ''}: ${toPlain(u.narrative)}`
                : 'No update has been posted yet.',
            },
          ];
        }),
      ],
    });
  } else
    sections.push({
      id: 'actions',
      title: 'Actions',
      blocks: [
        {
          kind: 'paragraph',
          text: `${org.name} has no action plan for ${financialYearLabel(year)} in Parity yet.`,
        },
      ],
    });
  const quality = await qualityModel(ctx, services.dashboard.renderer);
  sections.push({
    id: 'data-quality',
    title: 'Data quality',
    newPage: true,
    blocks: [
      ...quality.charts.flatMap(chartBlocks),
      ...(quality.issues.length > 0
        ? [
            {
              kind: 'list' as const,
              items: quality.issues.map((i) => `${i.indicator}: ${i.message} (${i.count})`),
            },
          ]
        : [{ kind: 'paragraph' as const, text: 'The data checks raised nothing.' }]),
    ],
  });
  const where = careGroup ? `${careGroup}, ${org.name}` : org.name;
  return {
    kind: 'pack',
    title: `Quarterly equality pack, ${quarterLabel({ year: year + 1, quarter })}`,
    subtitle: `${where} (${org.odsCode})`,
    organisation: { code: org.odsCode, name: org.name },
    year,
    view,
    marking: view === 'full' ? FULL_COUNT_MARKING : null,
    facts: [
      { label: 'For', value: where },
      { label: 'Quarter', value: `${quarterLabel({ year: year + 1, quarter })}: ${dates.words}` },
      { label: 'Action plan', value: plan ? financialYearLabel(year) : 'None yet' },
      {
        label: 'Figures',
        value:
          view === 'publication'
            ? 'Publication view: small numbers withheld, other counts rounded'
            : 'Full counts (not for publication)',
      },
      { label: 'Made', value: formatDate(input.now.toISOString()) },
    ],
    generatedAt: input.now.toISOString(),
    sections,
  };
}
