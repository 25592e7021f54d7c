/**
 * Where every cell of a return template goes: its tables expanded into addressed cells, each a fixed
 * text, a figure reference or a hand-entry cell. The writer and the comparison read the same cells, so a
 * figure is looked for in NHS England's file exactly where Parity writes it.
 *
 * Slots of a figure reference. Counts use the disclosure ledger's names (engine/suppression/cells.ts):
 * - `c:ROW:GROUP`, `t:ROW` a distribution's count and row total (`*` the overall row);
 * - `n:GROUP`, `d:GROUP` a rate's or relative likelihood's numerator and denominator (`ALL` everyone);
 * - `rp`, `rt`, `cp`, `ct` a representation's group and total: the board (population), the workforce;
 * - `b:GROUP` survey respondents.
 * Figures worked out from the counts, read from the publication presenter's tables:
 * - `pct:ROW:GROUP` a distribution row's share; `pct:GROUP` a survey percentage; `pct:rp`, `pct:cp` the
 *   board's and the workforce's share; `rate:GROUP` a group's rate; `rl` the relative likelihood;
 *   `diff` board minus workforce (percentage points); `gap` a survey gap; `score:GROUP` a survey score.
 * Recorded answers (part `recorded`): `answer`, `narrative` (WDES 9b).
 */
import type { FigurePattern, ReturnTemplate, TemplateSheet, TemplateTable } from './template-shape.js';

const NAME = '[A-Z][A-Z0-9_]*';
const ROW = '(?:\\*|[A-Z][A-Z0-9_]*(?::[A-Z][A-Z0-9_]*)*)';
const SLOT = new RegExp(
  [
    `c:${ROW}:${NAME}`,
    `t:${ROW}`,
    `[ndb]:${NAME}`,
    'rp|rt|cp|ct',
    `pct:${ROW}:${NAME}`,
    `pct:${NAME}`,
    'pct:rp|pct:cp',
    `rate:${NAME}`,
    `score:${NAME}`,
    'rl|diff|gap|answer|narrative',
  ]
    .map((s) => `^(?:${s})$`)
    .join('|'),
);

/** Whether a slot (placeholders filled in) is one the return knows how to read. */
export const isSlot = (slot: string): boolean => SLOT.test(slot);

/** Slots that are counts of people or events (the rest are worked out from counts, or recorded text). */
export const isCountSlot = (slot: string): boolean => /^(c:|t:|[ndb]:|rp$|rt$|cp$|ct$)/.test(slot);

/** Names of the sheets Parity adds itself (a template's sheets must not use them). */
export const RESERVED_SHEETS = ['Cover', 'Data quality'] as const;

/** What a text block may name in braces (model.ts fills them in). */
export const TEXT_PLACEHOLDERS = [
  'organisation',
  'ods',
  'year',
  'snapshotDate',
  'financialYear',
  'surveyYear',
  'view',
] as const;

export interface FigureRef {
  indicator: string;
  part: string;
  slot: string;
}

export type LaidCell =
  | {
      address: string;
      row: number;
      col: number;
      kind: 'title' | 'heading' | 'note' | 'header' | 'label';
      text: string;
    }
  | (Placed & { kind: 'figure'; figure: FigureRef; label: string })
  | (Placed & { kind: 'manual'; reason: string; label: string });

/** Where a cell of a table is: its address, and the table (block index of its sheet) it belongs to. */
interface Placed {
  address: string;
  row: number;
  col: number;
  block: number;
}

export interface LaidSheet {
  sheet: TemplateSheet;
  cells: LaidCell[];
}

/** Column letters of a 1-based column number: 1 -> A, 27 -> AA. */
export function columnLetters(col: number): string {
  let out = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) out = String.fromCharCode(65 + ((n - 1) % 26)) + out;
  return out;
}

/** Row and column (1-based) of an A1 address. */
export function parseAddress(a: string): { row: number; col: number } {
  const m = /^([A-Z]{1,2})(\d+)$/.exec(a);
  if (!m) throw new Error(`not a cell address: ${a}`);
  let col = 0;
  for (const ch of m[1]!) col = col * 26 + ch.charCodeAt(0) - 64;
  return { row: Number(m[2]), col };
}

const at = (row: number, col: number) => `${columnLetters(col)}${row}`;

/** A figure pattern's placeholders filled in. */
function fill(p: FigurePattern, row: string | undefined, col: string): FigurePattern {
  const sub = (s: string | undefined) =>
    s === undefined ? undefined : s.replaceAll('{col}', col).replaceAll('{row}', row ?? '{row}');
  return { indicator: p.indicator, part: sub(p.part), slot: sub(p.slot) };
}

interface Issue {
  path: (string | number)[];
  message: string;
}

/** One table's cells, with the problems of each (`path` relative to the table). */
function tableCells(t: TemplateTable, block: number): { cells: LaidCell[]; issues: Issue[] } {
  const cells: LaidCell[] = [];
  const issues: Issue[] = [];
  const { row: top, col: left } = parseAddress(t.at);
  cells.push({ address: at(top, left), row: top, col: left, kind: 'title', text: t.title });
  const put = (row: number, col: number, kind: 'header' | 'label', text: string) =>
    cells.push({ address: at(row, col), row, col, kind, text });
  put(top + 1, left, 'header', t.corner);
  const keys = new Set<string>();
  t.columns.forEach((c, j) => {
    if (keys.has(c.key)) issues.push({ path: ['columns', j, 'key'], message: `"${c.key}" is used twice` });
    keys.add(c.key);
    put(top + 1, left + 1 + j, 'header', c.header);
  });
  t.rows.forEach((r, i) => {
    const y = top + 2 + i;
    put(y, left, 'label', r.label);
    for (const k of Object.keys(r.cells ?? {}))
      if (!keys.has(k))
        issues.push({ path: ['rows', i, 'cells', k], message: `no column has the key "${k}"` });
    t.columns.forEach((c, j) => {
      const x = left + 1 + j;
      const own = r.cells?.[c.key];
      const name = t.name ?? t.title.replace(/:.*$/, '');
      const label = `${name ? `${name}: ` : ''}${r.label}${t.columns.length > 1 ? `, ${c.header}` : ''}`;
      const base = { address: at(y, x), row: y, col: x, block, label };
      if (own?.blank) return;
      const manual = own ? own.manual : (c.manual ?? r.manual);
      if (manual !== undefined) {
        cells.push({ ...base, kind: 'manual', reason: manual });
        return;
      }
      const merged = fill({ ...t.figure, ...r.figure, ...c.figure, ...own?.figure }, r.key, c.key);
      const path = own ? ['rows', i, 'cells', c.key] : ['rows', i];
      const missing = (['indicator', 'part', 'slot'] as const).filter((k) => merged[k] === undefined);
      if (missing.length > 0) {
        issues.push({
          path,
          message: `the cell in column "${c.key}" has no ${missing.join(', ')} (from the table, row, column or cell)`,
        });
        return;
      }
      const figure = merged as FigureRef;
      if (figure.slot.includes('{row}') || figure.part.includes('{row}'))
        issues.push({ path, message: `uses {row} but the row has no key` });
      else if (!isSlot(figure.slot))
        issues.push({
          path,
          message: `"${figure.slot}" (column "${c.key}") is not a slot the return can read: see layout.ts`,
        });
      else cells.push({ ...base, kind: 'figure', figure });
    });
  });
  return { cells, issues };
}

/** Every cell of a sheet, in block order, with the problems of each (`path` relative to the sheet). */
function sheetCells(sheet: TemplateSheet): { cells: LaidCell[]; issues: Issue[] } {
  const cells: LaidCell[] = [];
  const issues: Issue[] = [];
  const taken = new Map<string, number>();
  sheet.blocks.forEach((b, i) => {
    const own =
      b.kind === 'text'
        ? {
            cells: [{ address: b.at, ...parseAddress(b.at), kind: b.style, text: b.text } as LaidCell],
            issues: [],
          }
        : tableCells(b, i);
    if (b.kind === 'text')
      for (const [, name] of b.text.matchAll(/\{(\w*)\}/g))
        if (!(TEXT_PLACEHOLDERS as readonly string[]).includes(name!))
          issues.push({
            path: ['blocks', i, 'text'],
            message: `{${name}} is not one of ${TEXT_PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}`,
          });
    for (const issue of own.issues) issues.push({ ...issue, path: ['blocks', i, ...issue.path] });
    const clashes: string[] = [];
    let other = -1;
    for (const c of own.cells) {
      const before = taken.get(c.address);
      if (before !== undefined && before !== i) {
        clashes.push(c.address);
        other = before;
        continue;
      }
      taken.set(c.address, i);
      cells.push(c);
    }
    if (clashes.length > 0)
      issues.push({
        path: ['blocks', i],
        message: `cell ${clashes[0]}${clashes.length > 1 ? ` (and ${clashes.length - 1} more)` : ''} is also written by blocks[${other}]`,
      });
  });
  return { cells, issues };
}

/** The problems of a template's layout that the schema alone cannot see, with their paths. */
export function layoutIssues(t: ReturnTemplate): Issue[] {
  const issues: Issue[] = [];
  const names = new Set<string>(RESERVED_SHEETS.map((n) => n.toLowerCase()));
  t.sheets.forEach((s, i) => {
    if (names.has(s.name.toLowerCase()))
      issues.push({
        path: ['sheets', i, 'name'],
        message: `"${s.name}" is used twice or is a sheet Parity adds`,
      });
    names.add(s.name.toLowerCase());
    for (const issue of sheetCells(s).issues) issues.push({ ...issue, path: ['sheets', i, ...issue.path] });
  });
  return issues;
}

/** The cells of every sheet of a (valid) template. */
export function layoutOf(t: ReturnTemplate): LaidSheet[] {
  return t.sheets.map((sheet) => ({ sheet, cells: sheetCells(sheet).cells }));
}
