/**
 * Reading data rows field by field, as the mapping says, into typed values; every problem goes to the
 * collector with its row, column and value. Identifiers marked for pseudonymisation are hashed here, before
 * anything else sees them, and their raw values never appear in an issue.
 */
import type { Parsed } from '../engine/classification/text.js';
import { CODE_LISTS } from './code-lists.js';
import type { Interner } from './intern.js';
import type { IssueCollector } from './issues.js';
import type { MappedColumn } from './mapping.js';
import type { SourceRow } from './readers/types.js';
import type { CodeListId, DatasetSpec, FieldSpec } from './schemas/index.js';
import { cellText, readBoolean, readDate, readInteger, readNumber, readPath } from './values.js';

export type FieldValue = string | number | boolean | string[] | null;
export type RowValues = Record<string, FieldValue>;

export interface ParsedRow {
  line: number;
  values: RowValues;
  /** False when the row has an error: it is reported and not turned into a record. */
  ok: boolean;
}

/**
 * Control characters other than tab and line breaks are invisible and never meant, and PostgreSQL cannot
 * store U+0000 at all: text and unit names holding one are refused, row and column named. (A CSV holding
 * many is refused before this as binary; a workbook brings them in as _xHHHH_ escapes.)
 */
const isControl = (code: number): boolean =>
  (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0x7f;

function controlAt(text: string): number {
  for (let i = 0; i < text.length; i++) if (isControl(text.charCodeAt(i))) return i;
  return -1;
}

const hex = (code: number): string => code.toString(16).toUpperCase().padStart(4, '0');

/** The text with its control characters written out (\u0000), fit to show. */
const visible = (text: string): string =>
  [...text].map((c) => (isControl(c.charCodeAt(0)) ? `\\u${hex(c.charCodeAt(0))}` : c)).join('');

/** Code lists whose unknown values make a row unusable (rather than "not known"). */
const BLOCKING_CODE_LISTS: ReadonlySet<CodeListId> = new Set([
  'case_type',
  'learning_kind',
  'movement_type',
  'pay_period',
  'benchmark_scope',
]);

/** What a characteristic's code list gives when the value is not recognised: counted as not known. */
const UNKNOWN_VALUE: Partial<Record<CodeListId, string | null>> = {
  ethnicity: '99',
  disability: 'U',
  sex: 'U',
  sexual_orientation: 'UNKNOWN',
  religion: 'UNKNOWN',
  gender_identity: 'UNKNOWN',
  marital_status: 'UNKNOWN',
  pregnancy_maternity: 'UNKNOWN',
  staff_group: null,
  contract: 'other',
  incident_source: 'unknown',
  appraisal_status: 'completed',
  survey_scheme: null,
};

export interface RowReaderContext {
  file: string;
  spec: DatasetSpec;
  columns: readonly MappedColumn[];
  /** Header count: cells beyond it are reported once per row as ragged. */
  width: number;
  issues: IssueCollector;
  pseudonymise: (id: string) => string;
  /** Shares repeated text between rows. */
  intern: Interner;
}

export function createRowReader(ctx: RowReaderContext): (row: SourceRow) => ParsedRow {
  const fields = new Map(ctx.spec.fields.map((f) => [f.key, f]));
  const byField = ctx.columns.map((c) => ({ column: c, field: fields.get(c.field)! }));
  // Coded values repeat endlessly (a few dozen ethnicities in a million rows): read each distinct text once.
  const codeCache = new Map<CodeListId, Map<string, Parsed<string | null>>>();
  const parseCode = (list: CodeListId, text: string): Parsed<string | null> => {
    let cache = codeCache.get(list);
    if (!cache) codeCache.set(list, (cache = new Map<string, Parsed<string | null>>()));
    let parsed = cache.get(text);
    if (!parsed) cache.set(text, (parsed = CODE_LISTS[list](text)));
    return parsed;
  };
  return (row) => {
    const values: RowValues = {};
    let ok = true;
    const fail = (
      field: FieldSpec,
      column: MappedColumn,
      kind: 'MISSING_VALUE' | 'BAD_VALUE' | 'OUT_OF_RANGE' | 'UNKNOWN_CODE_BLOCKING',
      message: string,
      value: string,
    ) => {
      ok = false;
      ctx.issues.add({
        kind,
        file: ctx.file,
        row: row.line,
        column: column.header,
        value: field.pseudonymise || field.transient ? '(hidden)' : value,
        message,
      });
    };
    const lastNonEmpty = findLastNonEmpty(row);
    if (lastNonEmpty >= ctx.width)
      ctx.issues.add({
        kind: 'RAGGED_ROW',
        file: ctx.file,
        row: row.line,
        message: `Row ${row.line} has ${lastNonEmpty + 1} cells but the header has ${ctx.width}.`,
      });

    for (const { column, field } of byField) {
      const cell = row.cells[column.column];
      const text = cellText(cell);
      if (text === '' && field.required === true && field.type !== 'code' && field.type !== 'boolean') {
        fail(field, column, 'MISSING_VALUE', `${field.label} is blank; it is required.`, text);
        values[field.key] = null;
        continue;
      }
      switch (field.type) {
        case 'identifier':
          values[field.key] = text === '' ? null : field.pseudonymise ? ctx.pseudonymise(text) : text;
          break;
        case 'text':
        case 'path': {
          const at = controlAt(text);
          if (at >= 0) {
            fail(
              field,
              column,
              'BAD_VALUE',
              `${field.label} holds a control character (U+${hex(text.charCodeAt(at))}) at position ${at + 1}, which no name or text can hold. Remove it from the cell and export again.`,
              visible(text),
            );
            values[field.key] = null;
          } else if (field.type === 'path') values[field.key] = ctx.intern.path(readPath(cell));
          else values[field.key] = text === '' ? null : ctx.intern.text(text);
          break;
        }
        case 'date': {
          const d = readDate(cell);
          if (!d.ok) fail(field, column, 'BAD_VALUE', `${field.label}: ${d.message}.`, text);
          values[field.key] = d.ok ? d.value : null;
          break;
        }
        case 'number':
        case 'integer': {
          const n = field.type === 'integer' ? readInteger(cell) : readNumber(cell);
          if (!n.ok)
            fail(
              field,
              column,
              'BAD_VALUE',
              `${field.label}: ${n.message}. Expected ${field.accepted}`,
              text,
            );
          else if (
            n.value !== null &&
            ((field.min !== undefined && n.value < field.min) ||
              (field.max !== undefined && n.value > field.max))
          )
            fail(
              field,
              column,
              'OUT_OF_RANGE',
              `${field.label} ${text} is outside ${field.min ?? '-∞'} to ${field.max ?? '∞'}. Expected ${field.accepted}`,
              text,
            );
          values[field.key] = n.ok ? n.value : null;
          break;
        }
        case 'boolean': {
          const b = readBoolean(cell);
          if (!b.ok)
            fail(
              field,
              column,
              'BAD_VALUE',
              `${field.label}: ${b.message}. Expected ${field.accepted}`,
              text,
            );
          else if (b.value === null && field.required === true)
            fail(field, column, 'MISSING_VALUE', `${field.label} is blank; it is required.`, text);
          values[field.key] = b.ok ? b.value : null;
          break;
        }
        case 'code': {
          // A characteristic the workforce record stands in for: blank is "not given here", not "not known".
          if (text === '' && field.blankFromWorkforce === true) {
            values[field.key] = null;
            break;
          }
          const list = field.codeList!;
          const parsed = parseCode(list, text);
          if (parsed.ok) {
            // Blank is a value for some lists (ethnicity not known); for the rest a required field needs one.
            if (parsed.value === null && field.required === true)
              fail(field, column, 'MISSING_VALUE', `${field.label} is blank; it is required.`, text);
            values[field.key] = parsed.value;
          } else {
            const hint =
              parsed.suggestions.length > 0
                ? ` Closest known values: ${parsed.suggestions.join('; ')}.`
                : ` Accepted: ${field.accepted}`;
            if (BLOCKING_CODE_LISTS.has(list)) {
              fail(
                field,
                column,
                'UNKNOWN_CODE_BLOCKING',
                `${field.label} '${text}' is not a known value.${hint}`,
                text,
              );
              values[field.key] = null;
            } else {
              ctx.issues.add({
                kind: 'UNKNOWN_CODE',
                file: ctx.file,
                row: row.line,
                column: column.header,
                value: text,
                message: `${field.label} '${text}' is not a known value; counted as not known.${hint}`,
              });
              values[field.key] = UNKNOWN_VALUE[list] ?? null;
            }
          }
          break;
        }
      }
    }
    return { line: row.line, values, ok };
  };
}

function findLastNonEmpty(row: SourceRow): number {
  for (let i = row.cells.length - 1; i >= 0; i--) if (cellText(row.cells[i]) !== '') return i;
  return -1;
}

/** Typed getters for builders: values are what `createRowReader` put there, or null. */
export const get = {
  text: (v: RowValues, key: string): string | null => (typeof v[key] === 'string' ? v[key] : null),
  number: (v: RowValues, key: string): number | null => (typeof v[key] === 'number' ? v[key] : null),
  bool: (v: RowValues, key: string): boolean | null => (typeof v[key] === 'boolean' ? v[key] : null),
  path: (v: RowValues, key: string): string[] => (Array.isArray(v[key]) ? v[key] : []),
};
