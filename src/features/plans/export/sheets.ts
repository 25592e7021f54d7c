/**
 * The plan as a workbook (Actions, By indicator, Updates, Milestones and Plan sheets) and as CSV (the
 * Actions sheet). The Actions sheet uses the column names Parity's import reads, so an exported plan can
 * be imported again; the columns Parity works out (where it stands, reasons, milestones) are left unread.
 * Every text cell goes through `safeCell`: nothing stored can become a formula.
 */
import ExcelJS from 'exceljs';
import { toPlain } from '../markup.js';
import { groupByIndicator } from '../grouping.js';
import { titleOf } from '../markup.js';
import { MILESTONE_STATE_LABELS } from '../plan.js';
import {
  ACTION_COLUMNS,
  actionRow,
  detailRows,
  latestOf,
  safeCell,
  stateOf,
  type ExportModel,
} from './model.js';

const WIDTHS: Record<string, number> = {
  Indicators: 26,
  Theme: 24,
  Leads: 24,
  'Owning unit': 30,
  Action: 60,
  KPIs: 40,
  'Intended outcome': 40,
  'How it will be sustained': 40,
  'Latest update': 50,
  'Where it stands': 16,
  Reasons: 40,
  Milestones: 40,
};

export async function planXlsx(model: ExportModel): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Parity';
  wb.title = model.plan.title;
  const latest = latestOf(model);

  const actions = wb.addWorksheet('Actions', { views: [{ state: 'frozen', ySplit: 1 }] });
  actions.columns = ACTION_COLUMNS.map((h) => ({ header: h, key: h, width: WIDTHS[h] ?? 18 }));
  for (const a of model.actions) actions.addRow(actionRow(model, a, latest.get(a.id)).map(safeCell));
  actions.getRow(1).font = { bold: true };
  actions.eachRow((row) => (row.alignment = { vertical: 'top', wrapText: true }));
  actions.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: ACTION_COLUMNS.length } };
  // Printed (or converted to PDF) landscape, every column on the page width, headings on every page.
  for (const sheet of [actions])
    sheet.pageSetup = {
      orientation: 'landscape',
      paperSize: 9,
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: '1:1',
    };

  const byIndicator = wb.addWorksheet('By indicator', { views: [{ state: 'frozen', ySplit: 1 }] });
  byIndicator.columns = [
    { header: 'Indicator', key: 'code', width: 14 },
    { header: 'Indicator title', key: 'title', width: 45 },
    {
      header: model.marking ? 'Current figure (full counts: not for publication)' : 'Current figure',
      key: 'value',
      width: 30,
    },
    { header: 'Ref', key: 'ref', width: 8 },
    { header: 'Action', key: 'action', width: 70 },
    { header: 'RAG', key: 'rag', width: 16 },
    { header: 'Where it stands', key: 'state', width: 16 },
  ];
  for (const g of groupByIndicator(model.actions, model.catalogue))
    for (const a of g.actions)
      byIndicator.addRow(
        [
          g.reference?.code ?? '',
          g.reference?.title ?? g.title,
          g.reference ? (model.indicatorValues.get(g.reference.id) ?? '') : '',
          `A${a.ref}`,
          titleOf(a.text, 200),
          a.rag ? model.labels[a.rag] : '',
          stateOf(model, a).label,
        ].map(safeCell),
      );
  byIndicator.getRow(1).font = { bold: true };

  const updates = wb.addWorksheet('Updates', { views: [{ state: 'frozen', ySplit: 1 }] });
  updates.columns = [
    { header: 'Ref', key: 'ref', width: 8 },
    { header: 'Date', key: 'date', width: 12 },
    { header: 'RAG', key: 'rag', width: 16 },
    { header: 'Update', key: 'narrative', width: 80 },
    { header: 'By', key: 'by', width: 30 },
  ];
  const refOf = new Map(model.actions.map((a) => [a.id, a.ref]));
  for (const u of model.updates)
    updates.addRow(
      [
        `A${refOf.get(u.actionId) ?? '?'}`,
        u.postedOn,
        u.rag ? model.labels[u.rag] : '',
        toPlain(u.narrative),
        u.authorLabel,
      ].map(safeCell),
    );
  updates.getRow(1).font = { bold: true };
  updates.eachRow((row) => (row.alignment = { vertical: 'top', wrapText: true }));

  const milestones = wb.addWorksheet('Milestones', { views: [{ state: 'frozen', ySplit: 1 }] });
  milestones.columns = [
    { header: 'Ref', key: 'ref', width: 8 },
    { header: 'Date', key: 'date', width: 12 },
    { header: 'Milestone', key: 'title', width: 50 },
    { header: 'State', key: 'state', width: 14 },
    { header: 'Latest word', key: 'note', width: 70 },
  ];
  for (const a of model.actions)
    for (const m of a.milestones)
      milestones.addRow(
        [`A${a.ref}`, m.dueOn, m.title, MILESTONE_STATE_LABELS[m.state], toPlain(m.note)].map(safeCell),
      );
  milestones.getRow(1).font = { bold: true };
  milestones.eachRow((row) => (row.alignment = { vertical: 'top', wrapText: true }));

  const plan = wb.addWorksheet('Plan');
  plan.columns = [
    { header: 'Detail', key: 'k', width: 26 },
    { header: 'Value', key: 'v', width: 100 },
  ];
  for (const [k, v] of detailRows(model)) plan.addRow([k, v].map(safeCell));
  plan.getRow(1).font = { bold: true };
  plan.eachRow((row) => (row.alignment = { vertical: 'top', wrapText: true }));

  // A full-count workbook says so at the top of every printed page of every sheet.
  const marking = model.marking;
  if (marking)
    wb.eachSheet((sheet) => {
      sheet.headerFooter = { oddHeader: `&C&B${marking.replace(/&/g, '&&')}` };
    });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const csvField = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/** RFC 4180 CSV with a byte-order mark, so Excel reads it as UTF-8. */
export function planCsv(model: ExportModel): Buffer {
  const latest = latestOf(model);
  const lines = [
    ACTION_COLUMNS.map(csvField).join(','),
    ...model.actions.map((a) => actionRow(model, a, latest.get(a.id)).map(safeCell).map(csvField).join(',')),
  ];
  return Buffer.from(`\ufeff${lines.join('\r\n')}\r\n`, 'utf8');
}

/** An empty template with the columns the import reads, and one example row. */
export async function templateXlsx(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Actions');
  ws.columns = ACTION_COLUMNS.filter(
    (h) =>
      ![
        'Ref',
        'Targets against Parity figures',
        'Where it stands',
        'Reasons',
        'Milestones',
        'Last reported',
      ].includes(h),
  ).map((h) => ({
    header: h,
    key: h,
    width: WIDTHS[h] ?? 18,
  }));
  ws.addRow({
    Indicators: 'WRES 2; WDES 2',
    Theme: 'Representative workforce and recruitment',
    Aim: 'Equal likelihood of appointment from shortlisting',
    Action:
      'Train every recruiting manager in inclusive recruitment.\n\n- refresh the course\n- check completion before a panel sits',
    Status: 'New',
    Leads: 'Head of Resourcing',
    'Owning unit': 'Trust-wide',
    Timescale: 'Q4 2024/25',
    KPIs: 'Share of panels with a trained member',
    'Intended outcome': 'Fairer shortlisting decisions',
    'How it will be sustained': 'Reported to the People Group every quarter',
    RAG: 'On track',
    'Latest update': '',
    WRES: 'Yes',
    WDES: 'Yes',
    'Other protected characteristics': 'No',
  });
  ws.getRow(1).font = { bold: true };
  ws.eachRow((row) => (row.alignment = { vertical: 'top', wrapText: true }));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
