/**
 * Turns the tables of an existing plan into draft actions. Published plans lay the same content out in
 * many ways (see the seeds): the header names vary ("Agreed Actions", "Action to be taken", "Please
 * specify which actions are different to current practice"), the indicator is written once for several
 * rows or "As above", the status hides in brackets at the end of the action ("(Ongoing)"), RAG columns say
 * "G" or "On track", and the same action is pasted under several indicators. Each column is guessed from
 * its header and content, the person corrects the guess in the preview, and identical actions become one
 * action linked to every indicator they were pasted under.
 */
import { normaliseText, titleOf } from '../markup.js';
import { parseActionStatus, parseRag, type ActionStatus, type RagLabels, type RagStatus } from '../plan.js';
import { findReferences } from '../references.js';
import { parseTimePoint, parseTimescale, timescaleLabel, type Timescale } from '../timescale.js';
import type { SourceDocument, SourceTable } from './source.js';

export const COLUMN_TARGETS = [
  'ignore',
  'indicator',
  'theme',
  'aim',
  'action',
  'status',
  'leads',
  'unit',
  'timescale',
  'kpis',
  'outcome',
  'sustainability',
  'progress',
  'rag',
  'wres',
  'wdes',
  'other',
] as const;
export type ColumnTarget = (typeof COLUMN_TARGETS)[number];

export const TARGET_LABELS: Readonly<Record<ColumnTarget, string>> = {
  ignore: 'Not imported',
  indicator: 'Indicator or metric',
  theme: 'Theme',
  aim: 'Aim',
  action: 'Action',
  status: 'New / Continued / Ongoing / Completed',
  leads: 'Lead',
  unit: 'Owning unit (care group, directorate or department)',
  timescale: 'Timescale or date',
  kpis: 'KPIs',
  outcome: 'Intended outcome',
  sustainability: 'How it will be sustained',
  progress: 'Progress or update',
  rag: 'RAG status',
  wres: 'Serves WRES (yes or no)',
  wdes: 'Serves WDES (yes or no)',
  other: 'Serves other protected characteristics (yes or no)',
};

/** The header names Parity's own template and exports use: they are recognised exactly. */
export const TEMPLATE_HEADERS: readonly [ColumnTarget, string][] = [
  ['indicator', 'Indicators'],
  ['theme', 'Theme'],
  ['aim', 'Aim'],
  ['action', 'Action'],
  ['status', 'Status'],
  ['leads', 'Leads'],
  ['unit', 'Owning unit'],
  ['timescale', 'Timescale'],
  ['kpis', 'KPIs'],
  ['outcome', 'Intended outcome'],
  ['sustainability', 'How it will be sustained'],
  ['progress', 'Latest update'],
  ['rag', 'RAG'],
  ['wres', 'WRES'],
  ['wdes', 'WDES'],
  ['other', 'Other protected characteristics'],
];

/** The column a header names, or null. Order matters: "KPIs and timelines" is KPIs, "Intended Outcome / Actions" an outcome. */
export function classifyHeader(header: string): ColumnTarget | null {
  const h = header.toLowerCase().replace(/\s+/g, ' ').trim();
  if (h === '') return null;
  const exact = TEMPLATE_HEADERS.find(([, name]) => name.toLowerCase() === h);
  if (exact) return exact[0];
  const rules: [RegExp, ColumnTarget][] = [
    [/sustain/, 'sustainability'],
    [/\bkpis?\b|key performance|measures? of success|monitoring/, 'kpis'],
    [/outcome/, 'outcome'],
    [/^wres\??$/, 'wres'],
    [/^wdes\??$/, 'wdes'],
    [/other (pcs?|protected)|protected characteristics/, 'other'],
    [/theme|action area|priority area|workstream/, 'theme'],
    [/\blead|responsib|owner|accountab/, 'leads'],
    [/^(owning )?(unit|care group|directorate|department)$/, 'unit'],
    [/timescale|timeline|deadline|by when|target date|^dates?$|^due/, 'timescale'],
    [/\brag\b|^status$|progress status|rag status/, 'status'],
    [/update|progress|performance/, 'progress'],
    [/^aims?$|objective/, 'aim'],
    [/action/, 'action'],
    [/indicator|metric|standard|area/, 'indicator'],
  ];
  for (const [pattern, target] of rules) if (pattern.test(h)) return target;
  return null;
}

export interface ColumnGuess {
  header: string;
  target: ColumnTarget;
  samples: string[];
}

export interface DetectedLayout {
  /** The table numbers that share this layout (a plan split over several tables, or page breaks). */
  tables: number[];
  headerRow: number;
  columns: ColumnGuess[];
}

const isRagColumn = (values: string[]) => {
  const filled = values.filter((v) => v.trim() !== '');
  return filled.length > 0 && filled.filter((v) => parseRag(v) !== null).length / filled.length >= 0.6;
};
const isStatusColumn = (values: string[]) => {
  const filled = values.filter((v) => v.trim() !== '');
  return (
    filled.length > 0 && filled.filter((v) => parseActionStatus(v) !== null).length / filled.length >= 0.6
  );
};

function headerScore(row: string[]): number {
  const targets = row.map(classifyHeader).filter((t): t is ColumnTarget => t !== null);
  return targets.includes('action') ? new Set(targets).size : 0;
}

/** The layouts of a document's tables: header row, and a guess for every column. */
export function detectLayouts(doc: SourceDocument): DetectedLayout[] {
  const layouts: DetectedLayout[] = [];
  let last: DetectedLayout | null = null;
  for (const table of doc.tables) {
    const headerRow = table.rows.slice(0, 12).findIndex((r) => headerScore(r) >= 2);
    if (headerRow === -1) {
      // A table with no header of its own continues the previous layout when it has as many columns.
      if (last && table.rows.some((r) => r.length === last!.columns.length)) last.tables.push(table.number);
      continue;
    }
    const header = table.rows[headerRow]!;
    const signature = header.map((h) => h.toLowerCase().trim()).join('|');
    const same = layouts.find(
      (l) => l.columns.map((c) => c.header.toLowerCase().trim()).join('|') === signature,
    );
    if (same) {
      same.tables.push(table.number);
      last = same;
      continue;
    }
    const body = table.rows.slice(headerRow + 1);
    const width = Math.max(header.length, ...body.map((r) => r.length));
    const columns: ColumnGuess[] = [];
    for (let i = 0; i < width; i++) {
      const values = body.map((r) => r[i] ?? '');
      let target = classifyHeader(header[i] ?? '') ?? 'ignore';
      if (target === 'status' || target === 'progress') {
        if (isRagColumn(values)) target = 'rag';
        else if (isStatusColumn(values)) target = 'status';
        else if (target === 'status') target = values.some((v) => v.trim() !== '') ? 'progress' : 'rag';
      }
      columns.push({
        header: header[i] ?? '',
        target,
        samples: values
          .filter((v) => v.trim() !== '')
          .slice(0, 2)
          .map((v) => titleOf(v, 80)),
      });
    }
    // An unlabelled first column beside labelled ones holds the indicators (as in "Actions around WRES Indicator 1").
    if (
      !columns.some((c) => c.target === 'indicator') &&
      columns[0]?.target === 'ignore' &&
      columns[0].samples.length > 0
    )
      columns[0].target = 'indicator';
    const layout = { tables: [table.number], headerRow, columns };
    layouts.push(layout);
    last = layout;
  }
  return layouts;
}

export interface ImportMapping {
  /** Per layout (in detection order), the target of each column. */
  columns: ColumnTarget[][];
  /** What a bare "Indicator 3" means. */
  standard: 'WRES' | 'WDES';
}

export function defaultMapping(doc: SourceDocument, layouts: DetectedLayout[]): ImportMapping {
  const words = [
    doc.fileName,
    ...doc.paragraphs.slice(0, 20),
    ...layouts.flatMap((l) => l.columns.map((c) => c.header)),
  ]
    .join(' ')
    .toLowerCase();
  const wdes = /wdes|disability/.test(words) && !/wres|race/.test(words);
  return { columns: layouts.map((l) => l.columns.map((c) => c.target)), standard: wdes ? 'WDES' : 'WRES' };
}

export interface DraftAction {
  /** Where it came from: "Table 2, row 5" (and further rows it was merged with). */
  sources: string[];
  indicatorText: string;
  indicators: string[];
  theme: string | null;
  aim: string;
  text: string;
  status: ActionStatus;
  leads: string[];
  /** The owning unit as the file names it ('' for none); the import resolves it against the units. */
  unitText: string;
  /** The owning unit found for `unitText` (set by the import, which knows the units); null: trust-wide. */
  unitId: string | null;
  timescaleText: string;
  timescale: Timescale;
  kpiText: string;
  outcome: string;
  sustainability: string;
  progress: string;
  rag: RagStatus | null;
  serves: { wres: boolean; wdes: boolean; other: boolean };
}

export interface ImportNote {
  where: string;
  message: string;
}

export interface ImportPlanResult {
  drafts: DraftAction[];
  notes: ImportNote[];
  rowsRead: number;
  merged: number;
}

const AS_ABOVE = /^(as above|ditto|same as above|"|〃|”)\.?$/i;
const STATUS_IN_TEXT = /\(\s*(new|continued|continuing|ongoing|on-going|completed|complete)\b[^)]*\)\.?\s*$/i;
const yes = (v: string) => /^(y|yes|x|✓|✔|true|1)$/i.test(v.trim());

const normaliseKey = (text: string) =>
  text
    .toLowerCase()
    .replace(/\((new|continued|continuing|ongoing|on-going|completed)\b[^)]*\)\.?/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

/** Splits "(Ongoing)" and its kind off the end of an action's text. */
export function splitStatus(text: string): { text: string; status: ActionStatus | null } {
  const paragraphs = text.split('\n\n');
  for (let i = paragraphs.length - 1; i >= 0; i--) {
    const m = STATUS_IN_TEXT.exec(paragraphs[i]!);
    if (m) {
      paragraphs[i] = paragraphs[i]!.slice(0, m.index).trim();
      return {
        text: normaliseText(paragraphs.filter((p) => p !== '').join('\n\n')),
        status: parseActionStatus(m[1]!),
      };
    }
    if (paragraphs[i]!.trim() !== '') break;
  }
  return { text, status: null };
}

function leadsOf(text: string): string[] {
  return text
    .split(/\n+|;/)
    .map((l) => l.replace(/^-\s+/, '').trim())
    .filter((l) => l !== '' && !/^(tbc|n\/a|-)$/i.test(l));
}

const join = (a: string, b: string, sep: string) => (a === '' ? b : b === '' ? a : `${a}${sep}${b}`);

/**
 * Reads the rows of every table with the mapping into draft actions, merging identical actions, and lists
 * what could not be read (an unreadable timescale, an indicator not recognised) without stopping.
 */
export function draftActions(
  doc: SourceDocument,
  layouts: DetectedLayout[],
  mapping: ImportMapping,
  labels: RagLabels,
): ImportPlanResult {
  const notes: ImportNote[] = [];
  const drafts: DraftAction[] = [];
  const byKey = new Map<string, DraftAction>();
  let rowsRead = 0;
  let merged = 0;
  layouts.forEach((layout, li) => {
    const targets = mapping.columns[li] ?? layout.columns.map((c) => c.target);
    const headerKey = layout.columns.map((c) => c.header.toLowerCase().trim()).join('|');
    const previous = new Map<ColumnTarget, string>();
    let lastDraft: DraftAction | null = null;
    for (const tableNumber of layout.tables) {
      const table = doc.tables.find((t) => t.number === tableNumber) as SourceTable;
      const start = tableNumber === layout.tables[0] ? layout.headerRow + 1 : 0;
      table.rows.slice(start).forEach((row, offset) => {
        const where =
          doc.tables.length > 1
            ? `Table ${tableNumber}, row ${start + offset + 1}`
            : `Row ${start + offset + 1}`;
        if (row.every((c) => c.trim() === '')) return;
        if (row.map((h) => h.toLowerCase().trim()).join('|') === headerKey) return; // a repeated header
        const value = new Map<ColumnTarget, string>();
        targets.forEach((target, i) => {
          if (target === 'ignore') return;
          let cell = (row[i] ?? '').trim();
          if (AS_ABOVE.test(cell)) cell = previous.get(target) ?? '';
          if (cell === '' && (target === 'indicator' || target === 'theme'))
            cell = previous.get(target) ?? '';
          value.set(target, join(value.get(target) ?? '', cell, '\n\n'));
        });
        for (const [k, v] of value) if (v !== '') previous.set(k, v);
        if (!value.has('theme') && table.heading && /action area|theme|priority/i.test(table.heading))
          value.set(
            'theme',
            table.heading.replace(/^.*?(action area|theme|priority)\s*[-–:]*\s*/i, '').trim(),
          );
        const rawAction = value.get('action') ?? '';
        const { text, status: statusInText } = splitStatus(rawAction);
        const get = (t: ColumnTarget) => value.get(t) ?? '';
        const ownIndicator = targets.some((t, i) => t === 'indicator' && (row[i] ?? '').trim() !== '');
        // A row with no action of its own, or one that carries on mid-sentence, continues the row above
        // (Word tables broken across pages).
        const continues = lastDraft !== null && !ownIndicator && (text === '' || /^[a-z]/.test(text));
        if (continues && lastDraft) {
          const d: DraftAction = lastDraft;
          if (text !== '') d.text = normaliseText(`${d.text} ${text}`);
          d.kpiText = join(d.kpiText, get('kpis'), '\n\n');
          d.outcome = join(d.outcome, get('outcome'), '\n\n');
          d.sustainability = join(d.sustainability, get('sustainability'), '\n\n');
          d.progress = join(d.progress, get('progress'), '\n\n');
          if (statusInText) d.status = statusInText;
          d.sources.push(where);
          return;
        }
        if (text === '') {
          if ([...value.values()].some((v) => v !== ''))
            notes.push({ where, message: 'This row has no action, so it was left out.' });
          return;
        }
        rowsRead++;
        const indicatorText = get('indicator');
        const indicators = findReferences(indicatorText, mapping.standard);
        if (indicatorText !== '' && indicators.length === 0)
          notes.push({
            where,
            message: `“${titleOf(indicatorText, 80)}” is not an indicator Parity recognises: link the action after the import.`,
          });
        const statusCell = get('status');
        const status = parseActionStatus(statusCell) ?? statusInText ?? 'new';
        if (statusCell !== '' && !parseActionStatus(statusCell))
          notes.push({
            where,
            message: `The status “${titleOf(statusCell, 40)}” is not New, Continued, Ongoing or Completed: the action is marked ${status}.`,
          });
        const ragCell = get('rag');
        const rag = ragCell === '' ? null : parseRag(ragCell, labels);
        if (ragCell !== '' && !rag)
          notes.push({
            where,
            message: `The RAG “${titleOf(ragCell, 40)}” is not a RAG status: the action has no RAG yet.`,
          });
        const timescaleText = get('timescale').replace(/\n+/g, ' ');
        const timescale = parseTimescale(timescaleText);
        if (timescale.kind === 'text')
          notes.push({
            where,
            message: `The timescale “${titleOf(timescaleText, 60)}” has no date Parity can read: it is kept as written, and the action cannot show as overdue.`,
          });
        const hasStandards = targets.some((t) => t === 'wres' || t === 'wdes' || t === 'other');
        const draft: DraftAction = {
          sources: [where],
          indicatorText,
          indicators,
          theme: get('theme') || null,
          aim: get('aim'),
          text,
          status,
          leads: leadsOf(get('leads')),
          unitText: get('unit').replace(/\s+/g, ' ').trim(),
          unitId: null,
          timescaleText,
          timescale,
          kpiText: get('kpis'),
          outcome: get('outcome'),
          sustainability: get('sustainability'),
          progress: get('progress'),
          rag,
          serves: hasStandards
            ? { wres: yes(get('wres')), wdes: yes(get('wdes')), other: yes(get('other')) }
            : {
                wres:
                  indicators.some((i) => i.startsWith('WRES')) ||
                  (indicators.length === 0 && mapping.standard === 'WRES'),
                wdes:
                  indicators.some((i) => i.startsWith('WDES')) ||
                  (indicators.length === 0 && mapping.standard === 'WDES'),
                other: false,
              },
        };
        const key = normaliseKey(text);
        const same = byKey.get(key);
        if (same) {
          merged++;
          for (const id of indicators) if (!same.indicators.includes(id)) same.indicators.push(id);
          for (const l of draft.leads) if (!same.leads.includes(l)) same.leads.push(l);
          if (same.unitText === '') same.unitText = draft.unitText;
          same.serves = {
            wres: same.serves.wres || draft.serves.wres,
            wdes: same.serves.wdes || draft.serves.wdes,
            other: same.serves.other || draft.serves.other,
          };
          for (const f of ['kpiText', 'outcome', 'sustainability', 'progress', 'aim'] as const)
            if (same[f] === '') same[f] = draft[f];
          if (same.timescale.kind === 'none') {
            same.timescale = draft.timescale;
            same.timescaleText = draft.timescaleText;
          }
          same.sources.push(where);
          lastDraft = same;
          return;
        }
        byKey.set(key, draft);
        drafts.push(draft);
        lastDraft = draft;
      });
    }
  });
  if (layouts.length === 0)
    notes.push({
      where: doc.fileName,
      message:
        'No table with an action column was found. The plan needs a table whose header names the actions (for example “Actions”).',
    });
  return { drafts, notes, rowsRead, merged };
}

export interface DetailSuggestions {
  title?: string;
  authors?: string;
  publicationDate?: string;
  sources?: string;
  endorsedBy?: string;
  boardApprovalDate?: string;
  alignment?: string;
}

/** Plan details written above the table (authors, sources, endorsement, approval), where they can be read. */
export function suggestDetails(doc: SourceDocument): DetailSuggestions {
  const out: DetailSuggestions = {};
  const lines = [
    ...doc.paragraphs,
    // Label and value rows above the header of the first table (e.g. "Plan endorsed by: | Equality group").
    ...(doc.tables[0]?.rows.slice(0, 8).map((r) => r.filter((c) => c.trim() !== '').join('\n')) ?? []),
  ];
  const after = (i: number, first: string) => {
    const rest = first.replace(/^[^:]*:\s*/, '').trim();
    if (rest !== '' && rest !== first) return rest;
    const collected: string[] = [];
    for (let j = i + 1; j < lines.length && collected.length < 8; j++) {
      const l = lines[j]!;
      if (
        /:\s*$/.test(l) ||
        /^(primary author|publication date|sources|plan endorsed|it is intended)/i.test(l)
      )
        break;
      collected.push(l.replace(/^-\s+/, ''));
    }
    return collected.join('\n');
  };
  lines.forEach((line, i) => {
    const lower = line.toLowerCase();
    const first = line.split('\n')[0]!;
    const inline = line.includes('\n') ? line.split('\n').slice(1).join('\n') : '';
    if (!out.title && /action plan/.test(lower) && line.length < 120 && !lower.includes(':'))
      out.title = line;
    if (!out.authors && /author/.test(lower)) out.authors = inline || after(i, first);
    if (!out.publicationDate && /publication date/.test(lower)) {
      const p = parseTimePoint(inline || after(i, first));
      if (p?.kind === 'date') out.publicationDate = p.date;
    }
    if (!out.sources && /sources of information/.test(lower)) out.sources = inline || after(i, first);
    if (!out.endorsedBy && /endorsed by/.test(lower)) out.endorsedBy = inline || after(i, first);
    if (!out.alignment && /align/.test(lower) && line.length > 60) out.alignment = line;
    const board =
      /(?:approved|ratified) (?:at|by) (?:the )?(?:trust )?board on (\d{1,2}(?:st|nd|rd|th)? [a-z]+ \d{4})/i.exec(
        line,
      );
    if (!out.boardApprovalDate && board) {
      const p = parseTimePoint(board[1]!);
      if (p?.kind === 'date') out.boardApprovalDate = p.date;
    }
  });
  return out;
}

/** A short description of a draft's timescale for the preview. */
export const draftTimescale = (d: DraftAction) => timescaleLabel(d.timescale);
