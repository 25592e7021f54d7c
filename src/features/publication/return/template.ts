/**
 * The layout of NHS England's WRES and WDES data collection, as data: one JSON file per collection year
 * (templates/), validated here. The collection's field list is UNCONFIRMED (standards.md §10) and changes
 * from year to year, so a new layout is a new file, not new code; the writer (workbook.ts) and the
 * comparison with NHS England's pre-populated file (compare.ts) both read the cells from it (layout.ts).
 *
 * A sheet holds text blocks and tables. A table has a title row, a header row and one row per `rows`
 * entry; its first column holds the row labels, the others one cell per `columns` entry. Each cell is a
 * figure (indicator id, part, slot: `layout.ts` lists the slots), a hand-entry cell (`manual`: the reason
 * Parity cannot fill it) or blank. A cell's figure is the table's `figure`, overlaid by the row's, then
 * the column's, then the cell's own (`cells`, by column key); `{row}` and `{col}` in any of them stand
 * for the row's and the column's key.
 */
import { z } from 'zod';
import { invalidInput, type Problem } from '../../../shared/errors.js';
import { layoutIssues } from './layout.js';
import { SHIPPED_TEMPLATES } from './templates/index.js';

/** A1-style address of a cell. */
const address = z
  .string()
  .regex(/^[A-Z]{1,2}[1-9][0-9]{0,3}$/, 'must be a cell address such as A5 (column letters, then row)');

const key = z
  .string()
  .regex(/^[A-Za-z0-9_:*]+$/, 'must be letters, digits, underscores, colons or * (a result key such as BME)');

const figure = z
  .object({
    indicator: z
      .string()
      .regex(/^(WRES|WDES)[0-9A-Za-z_]+$/, 'must be an indicator id such as WRES1 or WDES4a_i')
      .optional(),
    part: z
      .string()
      .regex(/^[A-Za-z{}][A-Za-z0-9_{}]*$/, 'must be a part key such as main, voting or recorded')
      .optional(),
    slot: z.string().min(1, 'must name a slot such as c:{row}:{col} or rl').optional(),
  })
  .strict();

const reason = z.string().min(1, 'must say why Parity cannot fill the cell');

const column = z
  .object({
    key,
    header: z.string().min(1),
    figure: figure.optional(),
    manual: reason.optional(),
  })
  .strict();

const cell = z
  .object({
    figure: figure.optional(),
    manual: reason.optional(),
    blank: z.literal(true).optional(),
  })
  .strict();

const row = z
  .object({
    key: key.optional(),
    label: z.string().min(1),
    figure: figure.optional(),
    manual: reason.optional(),
    cells: z.record(z.string(), cell).optional(),
  })
  .strict();

const text = z
  .object({
    kind: z.literal('text'),
    at: address,
    text: z.string().min(1),
    style: z.enum(['title', 'heading', 'note']).default('note'),
  })
  .strict();

const table = z
  .object({
    kind: z.literal('table'),
    at: address,
    title: z.string().min(1),
    /** What a figure's name starts with ("WRES 2"); the title up to its first colon when left out. */
    name: z.string().optional(),
    corner: z.string().default(''),
    figure: figure.optional(),
    columns: z.array(column).min(1),
    rows: z.array(row).min(1),
  })
  .strict();

const sheet = z
  .object({
    name: z
      .string()
      .min(1)
      .max(31, 'must be at most 31 characters (Excel’s limit)')
      .regex(/^[^[\]:*?/\\]+$/, 'must not contain [ ] : * ? / or \\'),
    standard: z.enum(['WRES', 'WDES']),
    widths: z.array(z.number().min(2).max(150)).min(1),
    freeze: z
      .object({ rows: z.int().min(0).max(50), columns: z.int().min(0).max(10) })
      .strict()
      .default({ rows: 0, columns: 0 }),
    blocks: z.array(z.discriminatedUnion('kind', [text, table])).min(1),
  })
  .strict();

export const templateSchema = z
  .object({
    year: z.int().min(2015).max(2100),
    title: z.string().min(1),
    status: z.string().min(1),
    sheets: z.array(sheet).min(1),
  })
  .strict()
  .superRefine((t, ctx) => {
    for (const issue of layoutIssues(t)) ctx.addIssue({ code: 'custom', ...issue });
  });

export type ReturnTemplate = z.output<typeof templateSchema>;
export type TemplateSheet = ReturnTemplate['sheets'][number];
export type TemplateBlock = TemplateSheet['blocks'][number];
export type TemplateTable = Extract<TemplateBlock, { kind: 'table' }>;
export type FigurePattern = z.output<typeof figure>;

/** The names an entry carries, to say which one is wrong: a sheet's name, a row's label, a column's key. */
function nameOf(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  for (const k of ['name', 'title', 'label', 'header', 'key', 'text'])
    if (typeof v[k] === 'string') return `"${v[k].length > 40 ? `${v[k].slice(0, 40)}…` : v[k]}"`;
  return null;
}

/** `sheets[0] "WRES" > blocks[3] "WRES 2: …" > rows[1] "Number appointed" > figure.slot`. */
export function entryName(json: unknown, path: readonly PropertyKey[]): string {
  const parts: string[] = [];
  let at: unknown = json;
  let pending = '';
  for (const step of path) {
    const next: unknown =
      typeof at === 'object' && at !== null ? (at as Record<PropertyKey, unknown>)[step] : undefined;
    pending += typeof step === 'number' ? `[${step}]` : `${pending === '' ? '' : '.'}${String(step)}`;
    const name = Array.isArray(at) ? nameOf(next) : null;
    if (name !== null) {
      parts.push(`${pending} ${name}`);
      pending = '';
    }
    at = next;
  }
  if (pending !== '') parts.push(pending);
  return parts.join(' > ') || '(the whole template)';
}

/**
 * A template checked against the schema and its layout (cells that overlap, keys used by no column,
 * figures missing their indicator, part or slot). Every problem is listed, each naming its entry.
 */
export function parseTemplate(json: unknown, source: string): ReturnTemplate {
  const parsed = templateSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  const problems: Problem[] = parsed.error.issues.map((issue) => ({
    field: entryName(json, issue.path),
    message: issue.message,
  }));
  const first = problems[0]!;
  throw invalidInput(
    `The national return layout ${source} is not valid: ${first.field}: ${first.message}${
      problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : ''
    }`,
    problems,
  );
}

let shipped: ReturnTemplate[] | null = null;

/** The layouts Parity ships, validated once, oldest first. */
export function shippedTemplates(): ReturnTemplate[] {
  shipped ??= SHIPPED_TEMPLATES.map((t) => parseTemplate(t.json, t.source)).sort((a, b) => a.year - b.year);
  return shipped;
}

/**
 * The layout for a reporting year: the newest whose year is not after it (a collection keeps its layout
 * until NHS England changes it). A year before every layout is refused.
 */
export function templateFor(year: number, templates: readonly ReturnTemplate[] = shippedTemplates()) {
  const found = [...templates].sort((a, b) => b.year - a.year).find((t) => t.year <= year);
  if (!found) {
    const years = templates.map((t) => t.year).sort((a, b) => a - b);
    throw invalidInput(
      `Parity has no layout of the national return for ${year}: the earliest it has is for ${years[0] ?? 'no year'}`,
      [{ field: '--year', message: `choose ${years[0] ?? 'a later year'} or later` }],
    );
  }
  return found;
}
