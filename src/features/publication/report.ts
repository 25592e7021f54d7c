/**
 * The annual WRES and WDES report, as a document (document.ts): for each indicator its figure this year
 * beside the years before, the national and regional figures, a chart, the counts, the presenter's words
 * about what it means and the analyst's narrative, then the data-quality and small-numbers statements,
 * the action plan (each action once, referred to from every indicator it serves) and a methodology
 * appendix generated from the catalogue and the settings in force.
 *
 * Every figure comes from the dashboard's presenter for the organisation's whole view (the tiles, the
 * indicator pages, the data-quality page), in the publication view through the organisation's disclosure
 * ledger, so a figure in the report reads exactly as on the dashboard, in the return and in
 * `parity compute --published`.
 */
import {
  disclosureStatement,
  formatDate,
  FULL_COUNT_MARKING,
  isNumberedStandard,
  NUMBERED_STANDARDS,
} from '../../engine/index.js';
import { invalidInput } from '../../shared/errors.js';
import { lineage, type OrgAccess } from '../auth/access.js';
import type { DashboardContext } from '../dashboard/context.js';
import { indicatorModel, type IndicatorModel } from '../dashboard/pages/indicator.js';
import { qualityModel } from '../dashboard/pages/quality.js';
import { lowerFirst, reportingYearText, upperFirst } from '../dashboard/present.js';
import type { Organisation } from '../organisations/organisation.js';
import { buildExportModel } from '../plans/export/build.js';
import type { ExportModel } from '../plans/export/model.js';
import { titleOf } from '../plans/markup.js';
import { financialYearLabel, PLAN_STATUS_LABELS, type Plan } from '../plans/plan.js';
import type { PublicationSources } from './sources.js';
import { blockId, chartBlocks, displayTable, tileFacts, textBlocks } from './blocks.js';
import type { Block, Cell, PublicationDocument, Section } from './document.js';
import { actionAnchor, actionRef, indicatorAnchor, planBlocks } from './plan-section.js';

export type View = PublicationDocument['view'];

/** The analyst's words per indicator for the year (indicator id -> text). */
export type Narratives = ReadonlyMap<string, string>;

export interface ReportInput {
  org: Organisation;
  year: number;
  view: View;
  narratives: Narratives;
  /** When the report is made (the document says so). */
  now: Date;
  /** The plan to show, when not the stored one (an approval shows the plan as it will stand). */
  plan?: Plan;
  /** Facts about an approved revision to print under the title. */
  approval?: { label: string; value: string }[];
}

/** "Staff in post at 31 March 2024; ...": what the year's figures cover, as the dashboard says it. */
export function periodText(year: number): string {
  return upperFirst(reportingYearText(year));
}

export async function reportContext(
  services: PublicationSources,
  org: Organisation,
  year: number,
  view: View,
): Promise<DashboardContext> {
  const years = await services.dashboard.years(org);
  if (!years.includes(year))
    throw invalidInput(
      `${org.name} (${org.odsCode}) has no staff-in-post snapshot at 31 March ${year}, so there is no ${year} report to make.`,
      [
        {
          field: 'year',
          message:
            years.length > 0
              ? `choose ${years.join(', ')}`
              : 'load a staff-in-post snapshot first (parity import)',
        },
      ],
    );
  return services.dashboard.context({
    org,
    scope: 'all',
    scopeLabel: null,
    fullCounts: view === 'full',
    year,
    quarter: null,
    years,
  });
}

/**
 * Whom a document is made for, as the plan's figures understand it: an organisation-wide analyst (every
 * count) or an organisation-wide viewer (the publication view). The route has already checked the reader.
 */
export function viewAccess(org: Organisation, view: View): OrgAccess {
  return { organisation: org, orgRoles: new Set([view === 'full' ? 'analyst' : 'viewer']), unitGrants: [] };
}

/**
 * The plan of the financial year the figures feed, as its export sees it (the view's figures for KPIs):
 * the stored plan, or the one given (an approval freezes the plan as it will stand once approved). With
 * `unitId`, that unit's view of it: its own actions and the trust-wide ones (a care group's pack).
 */
export async function planModel(
  services: PublicationSources,
  org: Organisation,
  year: number,
  view: View,
  given?: Plan,
  unitId: string | null = null,
): Promise<ExportModel | null> {
  const plan = given ?? (await services.plans.planForYear(org, year));
  return plan ? buildExportModel(services, viewAccess(org, view), plan, unitId, view) : null;
}

/** The presenter's words for an indicator's year: its figure, its place against the range, the change. */
export function inWords(m: IndicatorModel): string {
  const t = m.tile;
  const h = t.headline;
  if (h.current.hidden)
    return `${t.name}: the ${t.periodLabel} figure rests on small numbers and is withheld in published figures.`;
  if (h.current.value === null && h.current.text === '–')
    return `${t.name}: there is no ${t.periodLabel} figure (${t.change.reason ?? 'the data needed is not loaded'}).`;
  const parts = [`${t.name}: ${lowerFirst(h.label)} ${t.periodLabel} is ${h.current.text}`];
  if (h.band) parts[0] += `, ${h.band} (non-adverse range ${h.range})`;
  parts[0] += '.';
  if (t.change.status === 'improved' || t.change.status === 'worsened' || t.change.status === 'unchanged')
    parts.push(
      `${t.change.status === 'unchanged' ? 'No change' : t.change.label} against ${t.previousLabel} (${t.previous.text}).`,
    );
  else if (t.change.reason) parts.push(`Not compared with ${t.previousLabel}: ${t.change.reason}.`);
  if (h.caution) parts.push(h.caution);
  return parts.join(' ');
}

function indicatorBlocks(
  m: IndicatorModel,
  narrative: string | undefined,
  plan: ExportModel | null,
  view: View,
): Block[] {
  const t = m.tile;
  const blocks: Block[] = [
    { kind: 'heading', level: 2, text: t.heading, id: indicatorAnchor(t.id) },
    { kind: 'paragraph', text: t.fullTitle, tone: 'lead' },
    { kind: 'paragraph', text: inWords(m) },
    tileFacts(t),
    ...chartBlocks(m.trend),
  ];
  if (m.benchmarks.length > 0)
    blocks.push({
      kind: 'table',
      id: blockId('benchmarks', t.id),
      caption: `${t.name}: national and regional figures`,
      columns: [
        { text: 'Figure', width: 2 },
        { text: 'Region', width: 1.5 },
        { text: 'Year', numeric: true },
        { text: 'Value', numeric: true },
        { text: 'Source', width: 2 },
      ],
      rows: m.benchmarks.map((b): Cell[] => [
        { text: b.scope },
        { text: b.region || '–' },
        { text: String(b.year), numeric: true },
        { text: b.value, numeric: true },
        { text: b.source || '–' },
      ]),
    });
  m.tables.forEach((table, i) =>
    blocks.push(
      displayTable(
        blockId('counts', t.id, String(i)),
        table,
        `${t.name}: ${lowerFirst(table.title)}, ${m.periodLabel}`,
      ),
    ),
  );
  m.yearly.forEach((y, i) =>
    blocks.push(
      displayTable(
        blockId('yearly', t.id, String(i)),
        y.table,
        `${t.name}, ${y.label}: relative likelihood ${y.ratio}`,
      ),
    ),
  );
  blocks.push({ kind: 'heading', level: 3, text: 'What this means for us' });
  if (narrative && narrative.trim() !== '') blocks.push(...textBlocks(narrative));
  else
    blocks.push({
      kind: 'paragraph',
      tone: 'note',
      text:
        view === 'full'
          ? 'No narrative has been written for this indicator yet (write it on the indicator’s page of the dashboard).'
          : 'The organisation has not written a commentary on this indicator.',
    });
  if (plan) {
    const served = plan.actions.filter((a) => a.indicators.includes(t.id)).sort((a, b) => a.ref - b.ref);
    blocks.push({
      kind: 'paragraph',
      text:
        served.length === 0
          ? `No action in the ${financialYearLabel(plan.plan.year)} plan names ${t.name}.`
          : `Actions in the ${financialYearLabel(plan.plan.year)} plan for ${t.name}: ${served.map(actionRef).join(', ')} (see the action plan).`,
    });
    if (served.length > 0)
      blocks.push({
        kind: 'table',
        id: blockId('actions', t.id),
        caption: `Actions for ${t.name}`,
        columns: [
          { text: 'Ref', width: 0.6 },
          { text: 'Action', width: 4 },
        ],
        rows: served.map((a): Cell[] => [
          { text: actionRef(a), link: actionAnchor(a) },
          { text: titleOf(a.text) },
        ]),
      });
  }
  return blocks;
}

/** The at-a-glance table: every indicator's figure this year and last, and the change. */
function glance(models: IndicatorModel[]): Block {
  return {
    kind: 'table',
    id: 'at-a-glance',
    caption: 'Every indicator at a glance',
    columns: [
      { text: 'Indicator', width: 2.4 },
      { text: 'Figure', width: 2.4 },
      { text: 'This year', numeric: true },
      { text: 'Year before', numeric: true },
      { text: 'Change', width: 1.2 },
    ],
    rows: models.map((m): Cell[] => [
      { text: m.tile.heading, link: indicatorAnchor(m.tile.id) },
      { text: m.tile.headline.label },
      {
        text: m.tile.headline.current.text,
        numeric: true,
        ...(m.tile.headline.current.hidden ? { withheld: true } : {}),
      },
      { text: m.tile.previous.text, numeric: true, ...(m.tile.previous.hidden ? { withheld: true } : {}) },
      { text: m.tile.change.label },
    ]),
  };
}

/**
 * The methodology appendix: each national indicator's formula, orientation, source, method and the
 * settings in force, as its page of the dashboard states them (the catalogue's words, the settings named as
 * people read them).
 */
export function methodBlocks(models: readonly IndicatorModel[]): Block[] {
  const out: Block[] = [
    {
      kind: 'paragraph',
      text: 'Generated from Parity’s catalogue of the standards and the settings in force for this organisation, so that the method printed here is the method used. A setting marked UNCONFIRMED is a reading of NHS England’s guidance that has not been confirmed; its default is stated.',
    },
  ];
  for (const m of models) {
    const { method } = m;
    const facts = [
      // The national wording of the measure; the heading names it by its one short title.
      ...(m.tile.fullTitle !== m.tile.title ? [{ label: 'Definition', value: m.tile.fullTitle }] : []),
      { label: 'Formula', value: method.formula },
      ...(method.orientation ? [{ label: 'Orientation (top / bottom)', value: method.orientation }] : []),
      { label: 'Source', value: method.source },
      { label: 'Direction', value: m.tile.betterWhen },
      ...(method.references.length > 0
        ? [
            {
              label: 'Published sources',
              value: method.references.map((r) => `${r.title} (${r.url})`).join('; '),
            },
          ]
        : []),
    ];
    out.push(
      { kind: 'heading', level: 3, text: m.tile.heading },
      { kind: 'figures', items: facts },
      ...(method.methodology ? [{ kind: 'paragraph' as const, text: method.methodology }] : []),
      ...(method.settings.length > 0 ? [{ kind: 'list' as const, items: method.settings }] : []),
    );
  }
  return out;
}

export async function buildReport(
  services: PublicationSources,
  input: ReportInput,
): Promise<PublicationDocument> {
  const { org, year, view } = input;
  const ctx = await reportContext(services, org, year, view);
  const all = await services.organisations.list();
  const up = lineage(org, new Map(all.map((o) => [o.id, o])));
  const [reference, planActions, plan, current] = await Promise.all([
    services.dashboard.reference(org, up),
    services.dashboard.plan(org, year, 'all'),
    planModel(services, org, year, view, input.plan),
    ctx.annual(year),
  ]);
  const settings = current.results.settings;
  const renderer = services.dashboard.renderer;
  const region = up.find((o) => o.kind === 'ics')?.name ?? null;
  const models: IndicatorModel[] = [];
  for (const ind of current.results.indicators) {
    if (!isNumberedStandard(ind.standard)) continue;
    const m = await indicatorModel(ctx, renderer, {
      id: ind.id,
      reference,
      plan: planActions,
      peers: [],
      region,
    });
    if (m) models.push(m);
  }
  const present = new Set(models.map((m) => m.tile.id));
  const quality = await qualityModel(ctx, renderer);
  const standard = (s: string) => models.filter((m) => m.tile.standard === s);
  const sections: Section[] = [
    {
      id: 'summary',
      title: 'Summary',
      blocks: [
        {
          kind: 'paragraph',
          tone: 'lead',
          text: `This report sets out ${org.name}’s Workforce Race Equality Standard (WRES) and Workforce Disability Equality Standard (WDES) figures for ${year}, how they have changed over the years before, and the action plan for ${financialYearLabel(year)}.`,
        },
        { kind: 'paragraph', text: `${periodText(year)}.` },
        glance(models),
      ],
    },
    {
      id: 'about-the-figures',
      title: 'About the figures',
      blocks: [
        { kind: 'heading', level: 3, text: 'Small numbers' },
        {
          kind: 'paragraph',
          text:
            view === 'publication'
              ? disclosureStatement(settings)
              : `${FULL_COUNT_MARKING} In the published version: ${lowerFirst(disclosureStatement(settings))}`,
        },
        { kind: 'heading', level: 3, text: 'Data quality' },
        {
          kind: 'paragraph',
          text: 'How completely staff records hold ethnicity and disability decides how far the figures can be relied on: staff whose ethnicity or disability is not recorded are counted as Unknown and left out of every comparison.',
        },
        ...quality.charts.flatMap(chartBlocks),
        ...(quality.esrSurvey
          ? [
              {
                kind: 'paragraph' as const,
                text: `${quality.esrSurvey.esr} of staff in post are recorded as Disabled in ESR, against ${quality.esrSurvey.survey} of respondents to the ${quality.esrSurvey.surveyYear} NHS Staff Survey: the staff record undercounts disabled staff, as WDES expects.`,
              },
            ]
          : []),
        ...(quality.issues.length > 0
          ? [
              {
                kind: 'table' as const,
                id: 'data-checks',
                caption: 'Data checks raised while computing the figures',
                columns: [
                  { text: 'Indicator' },
                  { text: 'What was found', width: 4 },
                  { text: 'Records', numeric: true },
                ],
                rows: quality.issues.map((i): Cell[] => [
                  { text: i.indicator },
                  { text: i.message },
                  { text: String(i.count), numeric: true },
                ]),
              },
            ]
          : [{ kind: 'paragraph' as const, text: 'The data checks raised nothing for this year.' }]),
      ],
    },
    {
      id: 'wres',
      title: 'Workforce Race Equality Standard',
      newPage: true,
      blocks: standard('WRES').flatMap((m) =>
        indicatorBlocks(m, input.narratives.get(m.tile.id), plan, view),
      ),
    },
    {
      id: 'wdes',
      title: 'Workforce Disability Equality Standard',
      newPage: true,
      blocks: standard('WDES').flatMap((m) =>
        indicatorBlocks(m, input.narratives.get(m.tile.id), plan, view),
      ),
    },
    // The Bank WRES and MWRES, when the data give any of their figures (bank workers, doctors).
    ...(['BWRES', 'MWRES'] as const)
      .filter((s) => standard(s).length > 0)
      .map((s) => ({
        id: s.toLowerCase(),
        title: NUMBERED_STANDARDS[s].title,
        newPage: true,
        blocks: standard(s).flatMap((m) => indicatorBlocks(m, input.narratives.get(m.tile.id), plan, view)),
      })),
    {
      id: 'action-plan',
      title: `Action plan ${financialYearLabel(year)}`,
      newPage: true,
      blocks: plan
        ? planBlocks(plan, present)
        : [
            {
              kind: 'paragraph',
              text: `${org.name} has no action plan for ${financialYearLabel(year)} in Parity yet.`,
            },
          ],
    },
    { id: 'methodology', title: 'Appendix: methodology', newPage: true, blocks: methodBlocks(models) },
  ];
  return {
    kind: 'report',
    title: `Workforce Race and Disability Equality Standards report ${year}`,
    subtitle: `${org.name} (${org.odsCode})`,
    organisation: { code: org.odsCode, name: org.name },
    year,
    view,
    marking: view === 'full' ? FULL_COUNT_MARKING : null,
    facts: [
      { label: 'Organisation', value: `${org.name} (${org.odsCode})` },
      { label: 'Reporting year', value: `${year}: ${periodText(year)}` },
      {
        label: 'Action plan',
        value: plan
          ? `${financialYearLabel(year)}, ${PLAN_STATUS_LABELS[plan.plan.status].toLowerCase()}`
          : 'None yet',
      },
      {
        label: 'Figures',
        value:
          view === 'publication'
            ? 'Publication view: small numbers withheld, other counts rounded'
            : 'Full counts (not for publication)',
      },
      ...(input.approval ?? []),
      { label: 'Made', value: formatDate(input.now.toISOString()) },
    ],
    generatedAt: input.now.toISOString(),
    sections,
  };
}
