/**
 * A national return layout read and checked: the template's shape (template-shape.ts) with the checks of its
 * layout (layout.ts), every problem listed by the entry it is in; and the layout for a reporting year among
 * those Parity ships (templates/).
 */
import { invalidInput, type Problem } from '../../../shared/errors.js';
import { layoutIssues } from './layout.js';
import { templateShape, type ReturnTemplate } from './template-shape.js';
import { SHIPPED_TEMPLATES } from './templates/index.js';

const templateSchema = templateShape.superRefine((t, ctx) => {
  for (const issue of layoutIssues(t)) ctx.addIssue({ code: 'custom', ...issue });
});

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
