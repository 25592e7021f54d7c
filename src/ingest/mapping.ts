/**
 * Which column feeds which field. The header row is found below any preamble (an ESR report's title and
 * parameters); each field is then matched, in order of trust, by the organisation's saved mapping, a
 * built-in preset, Parity's own header names, and known synonyms. The proposal lists what was matched, how,
 * and what is missing, so the user can see and correct it before anything is saved.
 */
import { normaliseLabel } from '../engine/classification/text.js';
import { canonicalPreset, PRESETS, type Preset } from './presets.js';
import type { Cell, SourceRow } from './readers/types.js';
import { DATASET_IDS, DATASETS, QUESTION_HEADER, type DatasetId, type FieldSpec } from './schemas/index.js';
import { cellText, readDate } from './values.js';

/** A mapping as saved per organisation and dataset: field key -> header text in the file. */
export type SavedMapping = Readonly<Record<string, string>>;

export type MatchSource = 'saved' | 'preset' | 'canonical' | 'synonym';

export interface MappedColumn {
  field: string;
  label: string;
  column: number;
  header: string;
  via: MatchSource;
}

export interface MappingProposal {
  dataset: DatasetId;
  /** The preset that matched best, if one did. */
  preset: { id: string; title: string } | null;
  columns: MappedColumn[];
  /** Headers no field uses (shown so nothing is silently ignored). */
  unused: string[];
  /** Required fields with no column. */
  missing: { field: string; label: string }[];
  /** Groups of which one field is required and none is present ("grade": pay band or grade). */
  missingOneOf: { group: string; labels: string[] }[];
}

const key = (header: string): string => normaliseLabel(header);

function headerIndex(headers: readonly string[]): Map<string, number> {
  const index = new Map<string, number>();
  headers.forEach((h, i) => {
    const k = key(h);
    if (k !== '' && !index.has(k)) index.set(k, i);
  });
  return index;
}

function presetScore(preset: Preset, index: Map<string, number>): number {
  let hits = 0;
  for (const spellings of Object.values(preset.columns)) if (spellings.some((s) => index.has(key(s)))) hits++;
  return hits;
}

/** Every header a field may carry, best first: canonical key, label, then synonyms. */
function fieldNames(field: FieldSpec): string[] {
  return [field.key, field.label, ...field.synonyms];
}

/** Proposes a mapping of `headers` onto `dataset`'s fields. */
export function proposeMapping(
  headers: readonly string[],
  dataset: DatasetId,
  saved?: SavedMapping,
): MappingProposal {
  const spec = DATASETS[dataset];
  const index = headerIndex(headers);
  const used = new Set<number>();
  const columns: MappedColumn[] = [];
  const presets = PRESETS.filter((p) => p.dataset === dataset)
    .map((p) => ({ p, score: presetScore(p, index) }))
    .filter((x) => x.score >= 3)
    .sort((a, b) => b.score - a.score);
  const preset = presets[0]?.p ?? null;
  const canonical = canonicalPreset(dataset);

  const take = (field: FieldSpec, names: readonly string[], via: MatchSource): boolean => {
    for (const name of names) {
      const i = index.get(key(name));
      if (i !== undefined && !used.has(i)) {
        used.add(i);
        columns.push({ field: field.key, label: field.label, column: i, header: headers[i] ?? '', via });
        return true;
      }
    }
    return false;
  };

  // Pass by pass, so that a strong match for one field is never taken by a weaker one for another.
  const pending = new Set(spec.fields.map((f) => f.key));
  const passes: [MatchSource, (f: FieldSpec) => readonly string[]][] = [
    ['saved', (f) => (saved?.[f.key] ? [saved[f.key]!] : [])],
    ['preset', (f) => preset?.columns[f.key] ?? []],
    ['canonical', (f) => canonical.columns[f.key] ?? []],
    ['synonym', (f) => f.synonyms],
  ];
  for (const [via, names] of passes) {
    for (const field of spec.fields) {
      if (!pending.has(field.key)) continue;
      if (take(field, names(field), via)) pending.delete(field.key);
    }
  }
  columns.sort((a, b) => a.column - b.column);

  const mapped = new Set(columns.map((c) => c.field));
  const missing = spec.fields
    .filter((f) => f.required === true && !mapped.has(f.key))
    .map((f) => ({ field: f.key, label: f.label }));
  const groups = new Map<string, FieldSpec[]>();
  for (const f of spec.fields) {
    if (typeof f.required === 'object')
      groups.set(f.required.oneOf, [...(groups.get(f.required.oneOf) ?? []), f]);
  }
  const missingOneOf = [...groups.entries()]
    .filter(([, fields]) => !fields.some((f) => mapped.has(f.key)))
    .map(([group, fields]) => ({ group, labels: fields.map((f) => f.label) }));
  const unused = headers.filter((h, i) => !used.has(i) && h.trim() !== '');
  return {
    dataset,
    preset: preset ? { id: preset.id, title: preset.title } : null,
    columns,
    unused,
    missing,
    missingOneOf,
  };
}

/** How well headers fit a dataset: the share of its required fields found, then the number of fields found. */
function fit(headers: readonly string[], dataset: DatasetId): { required: number; found: number } {
  const index = headerIndex(headers);
  const spec = DATASETS[dataset];
  const presets = [...PRESETS.filter((p) => p.dataset === dataset), canonicalPreset(dataset)];
  const has = (f: FieldSpec) =>
    [...fieldNames(f), ...presets.flatMap((p) => p.columns[f.key] ?? [])].some((n) => index.has(key(n)));
  const required = spec.fields.filter((f) => f.required === true);
  const found = spec.fields.filter(has).length;
  return { required: required.length === 0 ? 0 : required.filter(has).length / required.length, found };
}

/** Datasets ranked by how well the headers fit them, best first (only those with a real fit). */
export function rankDatasets(
  headers: readonly string[],
): { dataset: DatasetId; required: number; found: number }[] {
  return DATASET_IDS.map((dataset) => ({ dataset, ...fit(headers, dataset) }))
    .filter((r) => r.found >= 2 && r.required > 0)
    .sort((a, b) => b.required - a.required || b.found - a.found);
}

export interface HeaderRow {
  /** Index of the header within the rows examined. */
  index: number;
  line: number;
  headers: string[];
  /** The rows above the header (report title, parameters...). */
  preamble: SourceRow[];
}

/**
 * The header is the first row (within the first `maxRows`) that names at least two known fields of the
 * candidate datasets and at least half of its non-empty cells are known: title rows and "Parameter: value"
 * rows above it do not qualify.
 */
export function findHeaderRow(
  rows: readonly SourceRow[],
  candidates: readonly DatasetId[] = DATASET_IDS,
  maxRows = 40,
): HeaderRow | null {
  const known = new Set<string>();
  for (const d of candidates) {
    for (const f of DATASETS[d].fields) for (const n of fieldNames(f)) known.add(key(n));
    for (const p of [...PRESETS.filter((x) => x.dataset === d), canonicalPreset(d)])
      for (const names of Object.values(p.columns)) for (const n of names) known.add(key(n));
  }
  // Respondent-level survey files have a column per question number (Q14a...): those count as known too.
  const questions = candidates.includes('survey_responses');
  let best: { index: number; hits: number } | null = null;
  for (let i = 0; i < Math.min(rows.length, maxRows); i++) {
    const cells = rows[i]!.cells.map((c) => cellText(c)).filter((c) => c !== '');
    if (cells.length < 2) continue;
    const hits = cells.filter((c) => known.has(key(c)) || (questions && QUESTION_HEADER.test(c))).length;
    if (hits >= 2 && hits * 2 >= cells.length && (!best || hits > best.hits)) {
      best = { index: i, hits };
      if (hits === cells.length) break;
    }
  }
  if (!best) return null;
  const row = rows[best.index]!;
  return {
    index: best.index,
    line: row.line,
    headers: row.cells.map((c) => cellText(c)),
    preamble: rows.slice(0, best.index),
  };
}

/** What a report's preamble says about itself: the date it describes and the organisation, when stated. */
export function readPreamble(preamble: readonly SourceRow[]): {
  asAtDate: string | null;
  organisation: string | null;
} {
  let asAtDate: string | null = null;
  let organisation: string | null = null;
  for (const row of preamble) {
    const cells = row.cells.map((c: Cell) => cellText(c)).filter((c) => c !== '');
    // "Effective Date: 31/03/2024" in one cell, or ["Effective Date", "31/03/2024"] in two.
    const pairs: [string, string][] = [];
    for (const c of cells) {
      const m = /^([^:=]{2,40})[:=]\s*(.+)$/.exec(c);
      if (m) pairs.push([m[1]!, m[2]!]);
    }
    if (cells.length >= 2) pairs.push([cells[0]!.replace(/[:=]\s*$/, ''), cells[1]!]);
    for (const [label, value] of pairs) {
      const l = key(label);
      if (
        !asAtDate &&
        /\b(EFFECTIVE|REPORT|AS AT|SNAPSHOT|CENSUS|EXTRACT)\b.*\bDATE\b|^AS AT$|^DATE$/.test(l)
      ) {
        const d = readDate(value.trim());
        if (d.ok && d.value) asAtDate = d.value;
      }
      if (!organisation && /^(ORGANISATION|ORG|TRUST|EMPLOYER)( NAME)?$/.test(l)) organisation = value.trim();
    }
  }
  return { asAtDate, organisation };
}
