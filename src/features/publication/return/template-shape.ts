/**
 * The layout of NHS England's WRES and WDES data collection, as data: one JSON file per collection year
 * (templates/), validated by template.ts. The collection's field list is UNCONFIRMED (standards.md §10)
 * and changes from year to year, so a new layout is a new file, not new code; the writer (workbook.ts) and
 * the comparison with NHS England's pre-populated file (compare.ts) both read the cells from it (layout.ts).
 *
 * A sheet holds text blocks and tables. A table has a title row, a header row and one row per `rows`
 * entry; its first column holds the row labels, the others one cell per `columns` entry. Each cell is a
 * figure (indicator id, part, slot: `layout.ts` lists the slots), a hand-entry cell (`manual`: the reason
 * Parity cannot fill it) or blank. A cell's figure is the table's `figure`, overlaid by the row's, then
 * the column's, then the cell's own (`cells`, by column key); `{row}` and `{col}` in any of them stand
 * for the row's and the column's key.
 */
import { z } from 'zod';

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
      .regex(
        /^(WRES|WDES|BWRES|MWRES)[0-9A-Za-z_]+$/,
        'must be an indicator id such as WRES1, WDES4a_i, BWRES2 or MWRES10',
      )
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
    standard: z.enum(['WRES', 'WDES', 'BWRES', 'MWRES']),
    widths: z.array(z.number().min(2).max(150)).min(1),
    freeze: z
      .object({ rows: z.int().min(0).max(50), columns: z.int().min(0).max(10) })
      .strict()
      .default({ rows: 0, columns: 0 }),
    blocks: z.array(z.discriminatedUnion('kind', [text, table])).min(1),
  })
  .strict();

/** A template's shape; `template.ts` adds the checks of its layout (layout.ts) to make the full schema. */
export const templateShape = z
  .object({
    year: z.int().min(2015).max(2100),
    title: z.string().min(1),
    status: z.string().min(1),
    sheets: z.array(sheet).min(1),
  })
  .strict();

export type ReturnTemplate = z.output<typeof templateShape>;
export type TemplateSheet = ReturnTemplate['sheets'][number];
export type TemplateBlock = TemplateSheet['blocks'][number];
export type TemplateTable = Extract<TemplateBlock, { kind: 'table' }>;
export type FigurePattern = z.output<typeof figure>;
