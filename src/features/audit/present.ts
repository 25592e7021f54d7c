/**
 * An audit event's before and after as a person reads them: each field by its name in words, codes in
 * words, dates as people write them, yes and no for true and false. Nothing is left out: nested values
 * (a local metric's definition, a list of conditions) become nested lists.
 */
import { codeText, formatDate } from '../../engine/index.js';

export interface ChangeItem {
  /** The field, in words; null for the items of a list. */
  label: string | null;
  /** The value, in words; null when the value is the nested `items`. */
  text: string | null;
  items: ChangeItem[];
}

/** Text that is a code rather than words: UPPER_SNAKE, lower_snake or camelCase. */
const CODE = /^(?:[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|[a-z][a-z0-9]*(?:_[a-z0-9]+)+|[a-z]+[A-Z][A-Za-z0-9]*)$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function scalarText(value: unknown): string {
  if (value === null || value === undefined) return 'none';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string') return JSON.stringify(value);
  const text = value;
  if (text === '') return 'blank';
  if (DATE.test(text)) return formatDate(text);
  return CODE.test(text) ? codeText(text) : text;
}

const isScalar = (value: unknown): boolean => value === null || typeof value !== 'object';

function itemOf(label: string | null, value: unknown): ChangeItem {
  if (isScalar(value)) return { label, text: scalarText(value), items: [] };
  if (Array.isArray(value) && value.every(isScalar))
    return { label, text: value.length === 0 ? 'none' : value.map(scalarText).join(', '), items: [] };
  return { label, text: null, items: describeChange(value) };
}

/** The items of a before or after value. Example: { dateField: "startDate" } -> [Date field: Start date]. */
export function describeChange(value: unknown): ChangeItem[] {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) return value.map((v) => itemOf(null, v));
  if (typeof value === 'object')
    return Object.entries(value as Record<string, unknown>).map(([k, v]) => itemOf(codeText(k), v));
  return [itemOf(null, value)];
}
