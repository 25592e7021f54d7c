/**
 * A return before it is a workbook: every cell of the template with its value in the chosen view, the
 * cover's lines and the data-quality lines. The writer (workbook.ts) lays it out and the comparison
 * (compare.ts) checks NHS England's file against it, so both see the same values. Pure: the same input
 * always gives the same model.
 */
import {
  disclosureStatement,
  ENGINE_VERSION,
  formatDate,
  type IndicatorResults,
  type PartLookup,
  financialYearLabel,
} from '../../../engine/index.js';
import { figureResolver, type FigureValue, type ReturnView } from './figures.js';
import { layoutOf, type LaidCell } from './layout.js';
import { qualityLines, type QualityLine } from './quality.js';
import type { ReturnTemplate, TemplateSheet } from './template-shape.js';

export interface ReturnInput {
  organisation: { name: string; odsCode: string };
  /** The reporting year: staff in post at 31 March of it, events of the financial year ending then. */
  year: number;
  results: IndicatorResults;
  view: ReturnView;
  /** Where the publication view finds its counts (the organisation's disclosure ledger). */
  lookup: PartLookup | null;
  template: ReturnTemplate;
  generatedAt: Date;
}

export const VIEW_TEXT: Readonly<Record<ReturnView, string>> = {
  full: 'Full counts — for submission to NHS England only, not for publication',
  publication: 'Publication view (small numbers withheld)',
};

/** What a hand-entry cell says. */
export const MANUAL_TEXT = 'Not computed by Parity: enter by hand';

export type ModelCell =
  | (Extract<LaidCell, { kind: 'title' | 'heading' | 'note' | 'header' | 'label' }> & { value: string })
  | (Extract<LaidCell, { kind: 'figure' }> & { value: FigureValue })
  | Extract<LaidCell, { kind: 'manual' }>;

export interface ModelSheet {
  sheet: TemplateSheet;
  cells: ModelCell[];
}

export interface ReturnModel {
  title: string;
  cover: [string, string][];
  sheets: ModelSheet[];
  quality: QualityLine[];
}

/** "2023/24": the financial year that ends on 31 March of reporting year N. */
export const financialYear = (year: number): string => financialYearLabel(year - 1);

/** The words of a reporting year: "staff in post at 31 March 2024, events of 2023/24 (1 April 2023 to 31 March 2024)". */
export function yearText(year: number): string {
  return `staff in post at 31 March ${year}, events of ${financialYear(year)} (1 April ${year - 1} to 31 March ${year})`;
}

/** The text of a template's text block with its placeholders filled in. */
function fillText(text: string, input: ReturnInput): string {
  const values: Record<string, string> = {
    organisation: input.organisation.name,
    ods: input.organisation.odsCode,
    year: String(input.year),
    snapshotDate: formatDate(input.results.period.snapshotDate),
    financialYear: financialYear(input.year),
    surveyYear: String(input.results.period.surveyYear),
    view: VIEW_TEXT[input.view],
  };
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}

export function returnModel(input: ReturnInput): ReturnModel {
  const { results, template, view } = input;
  const resolve = figureResolver(results, view, input.lookup);
  const laid = layoutOf(template);
  const sheets = laid.map(({ sheet, cells }) => ({
    sheet,
    cells: cells.map((c): ModelCell => {
      if (c.kind === 'figure') {
        const value = resolve(c.figure);
        return value.kind === 'manual' ? { ...c, kind: 'manual', reason: value.reason } : { ...c, value };
      }
      if (c.kind === 'manual') return c;
      return { ...c, value: fillText(c.text, input) };
    }),
  }));
  const org = `${input.organisation.name} (${input.organisation.odsCode})`;
  const cover: [string, string][] = [
    ['Organisation', input.organisation.name],
    ['ODS code', input.organisation.odsCode],
    [
      'Reporting year',
      `${input.year}: ${yearText(input.year)}; NHS Staff Survey ${results.period.surveyYear}`,
    ],
    ['View', VIEW_TEXT[view]],
    [
      'Small numbers',
      view === 'publication'
        ? disclosureStatement(results.settings)
        : 'Every count is exact. Do not publish this file: make the publication view (--published) for anything shown outside the organisation and NHS England.',
    ],
    ['Layout', `${template.title}, layout of ${template.year}`],
    ['About the layout', template.status],
    [
      'Hand entry',
      `Cells reading "${MANUAL_TEXT}" are fields Parity has no figure for; the Data quality sheet lists them with the reason.`,
    ],
    [
      'Made by',
      `Parity (engine ${ENGINE_VERSION}) on ${input.generatedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    ],
  ];
  return {
    title: `${template.title}: ${input.year}`,
    cover,
    sheets,
    quality: qualityLines(results, laid, resolve, view, org),
  };
}
