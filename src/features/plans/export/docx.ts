/**
 * The plan as trusts publish it: a landscape Word document with the plan's details, then one table per
 * indicator (an action linked to several indicators appears under each, saying where else it appears),
 * paragraphs and bullets kept as Word paragraphs and list items, table headers repeated on every page.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Header,
  HeadingLevel,
  LevelFormat,
  Packer,
  PageOrientation,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { parseBlocks } from '../markup.js';
import {
  ACTION_STATUS_LABELS,
  financialYearLabel,
  RAG_STATUSES,
  type Action,
  type ProgressUpdate,
} from '../plan.js';
import { groupByIndicator } from '../grouping.js';
import { describeReference } from '../references.js';
import { timescaleLabel } from '../timescale.js';
import {
  codesOf,
  dateText,
  detailRows,
  latestOf,
  measuredKpisText,
  ownerText,
  stateOf,
  type ExportModel,
} from './model.js';
import { ACTION_STATE_LABELS, ACTION_STATES, milestoneText } from '../status.js';

const BULLETS = 'parity-bullets';
const FONT = 'Arial';
/** A4 landscape less 1.27 cm margins, in twentieths of a point. */
const PAGE_WIDTH = 16838 - 2 * 720;
const COLUMNS: [string, number][] = [
  ['Action', 0.3],
  ['Leads', 0.1],
  ['Timescale', 0.09],
  ['KPIs', 0.17],
  ['Intended outcome and sustainability', 0.17],
  ['Progress', 0.17],
];

function markupParagraphs(text: string, options: { bold?: boolean } = {}): Paragraph[] {
  const out: Paragraph[] = [];
  for (const block of parseBlocks(text)) {
    if (block.kind === 'paragraph')
      out.push(
        new Paragraph({
          spacing: { after: 80 },
          children: block.lines.map(
            (line, i) =>
              new TextRun({
                text: line,
                break: i > 0 ? 1 : 0,
                bold: options.bold ?? false,
                font: FONT,
                size: 18,
              }),
          ),
        }),
      );
    else
      for (const item of block.items)
        out.push(
          new Paragraph({
            numbering: { reference: BULLETS, level: 0 },
            spacing: { after: 40 },
            children: [new TextRun({ text: item, font: FONT, size: 18 })],
          }),
        );
  }
  return out;
}

const label = (text: string) =>
  new Paragraph({
    spacing: { before: 60, after: 20 },
    children: [new TextRun({ text, bold: true, font: FONT, size: 16, color: '425563' })],
  });

const plain = (text: string, bold = false) =>
  new Paragraph({ spacing: { after: 60 }, children: [new TextRun({ text, bold, font: FONT, size: 18 })] });

function cell(children: Paragraph[], width: number, header = false): TableCell {
  return new TableCell({
    width: { size: Math.round(PAGE_WIDTH * width), type: WidthType.DXA },
    margins: { top: 60, bottom: 60, left: 80, right: 80 },
    shading: header ? { type: ShadingType.CLEAR, color: 'auto', fill: 'E8EDEE' } : undefined,
    children: children.length > 0 ? children : [new Paragraph('')],
  });
}

function actionRow(
  model: ExportModel,
  a: Action,
  latest: ProgressUpdate | undefined,
  currentIndicator: string | null,
): TableRow {
  const elsewhere = a.indicators
    .filter((i) => i !== currentIndicator)
    .map((i) => describeReference(i, model.catalogue).code);
  const measured = measuredKpisText(a, model.catalogue);
  const state = stateOf(model, a);
  return new TableRow({
    cantSplit: false,
    children: [
      cell(
        [
          plain(
            `A${a.ref} · ${ACTION_STATUS_LABELS[a.status]}${a.theme ? ` · ${a.theme}` : ''}${a.unitId ? ` · ${ownerText(model, a)}` : ''}`,
            true,
          ),
          ...(a.aim ? [label('Aim'), ...markupParagraphs(a.aim)] : []),
          ...markupParagraphs(a.text),
          ...(elsewhere.length > 0 ? [label(`Also under ${elsewhere.join(', ')}`)] : []),
        ],
        COLUMNS[0]![1],
      ),
      cell(
        a.leads.map((l) => plain(l.name)),
        COLUMNS[1]![1],
      ),
      cell([plain(timescaleLabel(a.timescale))], COLUMNS[2]![1]),
      cell(
        [
          ...markupParagraphs(a.kpiText),
          ...(measured ? [label('Targets'), ...measured.split('\n').map((l) => plain(l))] : []),
        ],
        COLUMNS[3]![1],
      ),
      cell(
        [
          ...(a.outcome ? [label('Intended outcome'), ...markupParagraphs(a.outcome)] : []),
          ...(a.sustainability
            ? [label('How it will be sustained'), ...markupParagraphs(a.sustainability)]
            : []),
        ],
        COLUMNS[4]![1],
      ),
      cell(
        [
          plain(state.label, true),
          ...state.reasons.map((r) => plain(r)),
          ...(a.milestones.length > 0
            ? [label('Milestones'), ...a.milestones.map((m) => plain(milestoneText(m)))]
            : []),
          ...(latest
            ? [label(`Update, ${dateText(latest.postedOn)}`), ...markupParagraphs(latest.narrative)]
            : []),
        ],
        COLUMNS[5]![1],
      ),
    ],
  });
}

function actionsTable(model: ExportModel, actions: readonly Action[], indicator: string | null): Table {
  const latest = latestOf(model);
  return new Table({
    width: { size: PAGE_WIDTH, type: WidthType.DXA },
    columnWidths: COLUMNS.map(([, w]) => Math.round(PAGE_WIDTH * w)),
    rows: [
      new TableRow({
        tableHeader: true,
        children: COLUMNS.map(([title, w]) => cell([plain(title, true)], w, true)),
      }),
      ...actions.map((a) => actionRow(model, a, latest.get(a.id), indicator)),
    ],
  });
}

function detailsTable(model: ExportModel): Table {
  const border = { style: BorderStyle.SINGLE, size: 4, color: 'AEB7BD' };
  return new Table({
    width: { size: PAGE_WIDTH, type: WidthType.DXA },
    columnWidths: [Math.round(PAGE_WIDTH * 0.25), Math.round(PAGE_WIDTH * 0.75)],
    borders: {
      top: border,
      bottom: border,
      left: border,
      right: border,
      insideHorizontal: border,
      insideVertical: border,
    },
    rows: detailRows(model)
      .filter(([, v]) => v.trim() !== '')
      .map(
        ([k, v]) =>
          new TableRow({
            children: [cell([plain(k, true)], 0.25, true), cell(markupParagraphs(v), 0.75)],
          }),
      ),
  });
}

export async function planDocx(model: ExportModel): Promise<Buffer> {
  const groups = groupByIndicator(model.actions, model.catalogue);
  const children: (Paragraph | Table)[] = [
    new Paragraph({
      heading: HeadingLevel.TITLE,
      children: [new TextRun({ text: model.plan.title, font: FONT })],
    }),
    new Paragraph({
      spacing: { after: 200 },
      children: [
        new TextRun({
          text: `${model.organisationName} · ${financialYearLabel(model.plan.year)}`,
          font: FONT,
          size: 24,
        }),
      ],
    }),
    detailsTable(model),
    new Paragraph({
      spacing: { before: 200, after: 200 },
      children: [
        new TextRun({ text: 'Progress: ', bold: true, font: FONT, size: 18 }),
        new TextRun({
          text: `each action’s status (${ACTION_STATES.map((s) => ACTION_STATE_LABELS[s]).join(' · ')}) and why; its leads rate it ${RAG_STATUSES.map((s) => model.labels[s]).join(' · ')}.`,
          font: FONT,
          size: 18,
        }),
      ],
    }),
  ];
  if (groups.length === 0) children.push(plain('This plan has no actions yet.'));
  for (const g of groups) {
    children.push(
      new Paragraph({
        heading: HeadingLevel.HEADING_2,
        keepNext: true,
        children: [new TextRun({ text: g.title, font: FONT })],
      }),
    );
    const value = g.reference ? model.indicatorValues.get(g.reference.id) : undefined;
    if (value) children.push(plain(`Current figure: ${value}`));
    children.push(actionsTable(model, g.actions, g.reference?.id ?? null));
  }
  children.push(
    new Paragraph({
      spacing: { before: 240 },
      children: [
        new TextRun({
          text: `Produced by Parity on ${dateText(model.generatedAt)}. ${model.actions.length} actions; an action serving several indicators is listed under each (${model.actions.filter((a) => codesOf(a, model.catalogue).length > 1).length} such actions).`,
          font: FONT,
          size: 16,
          color: '425563',
        }),
      ],
    }),
  );
  const doc = new Document({
    creator: 'Parity',
    title: model.plan.title,
    description: `Action plan ${financialYearLabel(model.plan.year)} for ${model.organisationName}`,
    styles: { default: { document: { run: { font: FONT, size: 20 } } } },
    numbering: {
      config: [
        {
          reference: BULLETS,
          levels: [
            {
              level: 0,
              format: LevelFormat.BULLET,
              text: '•',
              alignment: AlignmentType.LEFT,
              style: { paragraph: { indent: { left: 300, hanging: 200 } } },
            },
          ],
        },
      ],
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: 11906, height: 16838, orientation: PageOrientation.LANDSCAPE },
            margin: { top: 720, bottom: 720, left: 720, right: 720 },
          },
        },
        // A full-count plan says so on every page, as the full-count report does.
        headers: model.marking
          ? {
              default: new Header({
                children: [
                  new Paragraph({
                    alignment: AlignmentType.CENTER,
                    children: [new TextRun({ text: model.marking, bold: true, font: FONT, size: 18 })],
                  }),
                ],
              }),
            }
          : undefined,
        children,
      },
    ],
  });
  return Packer.toBuffer(doc);
}
