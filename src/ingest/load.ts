/**
 * Loading one file: read it, find its header, map its columns, read every row into typed values, build the
 * canonical records, and report every problem. Nothing is stored here: the result is a value the caller
 * previews, saves in one transaction, or throws away.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { isParityError } from '../shared/errors.js';
import { BUILDERS, QUESTION_HEADER } from './build/index.js';
import { IssueCollector, type IssueReport } from './issues.js';
import {
  findHeaderRow,
  proposeMapping,
  rankDatasets,
  readPreamble,
  type MappingProposal,
  type SavedMapping,
} from './mapping.js';
import type { Pseudonymiser } from './pseudonymise.js';
import { declarationRates, type DataQuality } from './quality.js';
import { openTable } from './readers/open.js';
import { TableReadError } from './readers/read-error.js';
import type { ReadOptions, SourceRow } from './readers/types.js';
import { Interner } from './intern.js';
import { createRowReader, type ParsedRow } from './rows.js';
import { DATASETS, type DatasetId, type DatasetSpec, type FieldSpec } from './schemas/index.js';
import { cellText } from './values.js';

export type LoadInput = { path: string; fileName?: string } | { buffer: Buffer; fileName: string };

export interface LoadOptions {
  /** The dataset, when the user chose it; otherwise it is recognised from the headers. */
  dataset?: DatasetId;
  /** The date a snapshot describes, when the user gave it. */
  asAtDate?: string | null;
  /** The organisation's saved mapping (or the one the user edited in the preview). */
  mapping?: SavedMapping;
  organisationName?: string | null;
  /** The organisation's known staff (pseudonyms), to report records that cannot be linked. */
  knownPersons?: ReadonlySet<string> | null;
  /** The organisation's units (paths, care group first), which a survey file's units must name. */
  units?: readonly (readonly string[])[] | null;
  pseudonymise: Pseudonymiser;
  read?: ReadOptions;
}

export interface FileInfo {
  name: string;
  sizeBytes: number;
  sha256: string;
  kind: 'csv' | 'xlsx' | null;
  sheet: string | null;
  sheets: string[];
  encoding: string | null;
  delimiter: string | null;
}

export interface LoadResult {
  /** No errors: the records may be saved. */
  ok: boolean;
  file: FileInfo;
  dataset: DatasetId | null;
  /** Datasets the headers could belong to, best first (for the preview's choice). */
  candidates: DatasetId[];
  header: { line: number; headers: string[] } | null;
  /** What the report's own preamble says (ESR parameters). */
  preamble: { asAtDate: string | null; organisation: string | null };
  mapping: MappingProposal | null;
  /** Data rows read (below the header, not counting blank rows). */
  rowCount: number;
  records: unknown[];
  asAtDate: string | null;
  period: { start: string; end: string } | null;
  surveyYear: number | null;
  issues: IssueReport;
  quality: DataQuality | null;
}

const HEAD_ROWS = 40;
const SUMMARY_LINE =
  /^(grand )?total\b|^end of (the )?report|^report (run|generated|date)\b|^count\b|^number of (rows|records)|^\d+ (rows|records|assignments)\b/i;
const WITH_CHARACTERISTICS: ReadonlySet<DatasetId> = new Set([
  'workforce',
  'recruitment',
  'board',
  // Their blanks are counted apart, as taken from the workforce record (quality.ts).
  'cases',
  'incidents',
  'panels',
  'pay',
]);

async function sha256(input: LoadInput): Promise<string> {
  const hash = createHash('sha256');
  if ('buffer' in input) return hash.update(input.buffer).digest('hex');
  for await (const chunk of createReadStream(input.path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Survey responses carry one column per question: each becomes an `answer:<header>` text field. */
function withAnswerColumns(
  spec: DatasetSpec,
  headers: readonly string[],
  mapping: MappingProposal,
): { spec: DatasetSpec; mapping: MappingProposal } {
  if (spec.id !== 'survey_responses') return { spec, mapping };
  const extra: FieldSpec[] = [];
  const columns = [...mapping.columns];
  headers.forEach((h, i) => {
    const header = h.trim();
    if (!QUESTION_HEADER.test(header) || columns.some((c) => c.column === i)) return;
    // Question numbers as the questionnaire writes them: "q14A" -> "Q14a".
    const key = `answer:Q${header.slice(1).toLowerCase()}`;
    extra.push({
      key,
      label: `Answer to ${header}`,
      type: 'text',
      required: false,
      description: '',
      accepted: '',
      example: '',
      synonyms: [],
    });
    columns.push({ field: key, label: `Answer to ${header}`, column: i, header, via: 'canonical' });
  });
  return {
    spec: { ...spec, fields: [...spec.fields, ...extra] },
    mapping: { ...mapping, columns, unused: mapping.unused.filter((u) => !QUESTION_HEADER.test(u.trim())) },
  };
}

/**
 * Which dataset a file looks like, from its header alone (the first rows only are read), or null. Lets a
 * batch be loaded in a sensible order: staff in post first, so the other files can link to its people.
 */
export async function peekDataset(input: LoadInput, read?: ReadOptions): Promise<DatasetId | null> {
  const fileName = input.fileName ?? ('path' in input ? input.path.split(/[\\/]/).pop()! : 'upload');
  const opened = await openTable('path' in input ? { path: input.path, fileName } : input, read);
  if (!opened.ok) return null;
  const head: SourceRow[] = [];
  try {
    for await (const row of opened.table.rows()) {
      head.push(row);
      if (head.length >= HEAD_ROWS) break;
    }
  } catch (error) {
    if (isParityError(error, 'INVALID_INPUT')) return null;
    throw error;
  }
  const header = findHeaderRow(head);
  return header ? (rankDatasets(header.headers)[0]?.dataset ?? null) : null;
}

export async function loadFile(input: LoadInput, options: LoadOptions): Promise<LoadResult> {
  const fileName = input.fileName ?? ('path' in input ? input.path.split(/[\\/]/).pop()! : 'upload');
  const issues = new IssueCollector();
  const result: LoadResult = {
    ok: false,
    file: {
      name: fileName,
      sizeBytes: 0,
      sha256: '',
      kind: null,
      sheet: null,
      sheets: [],
      encoding: null,
      delimiter: null,
    },
    dataset: options.dataset ?? null,
    candidates: [],
    header: null,
    preamble: { asAtDate: null, organisation: null },
    mapping: null,
    rowCount: 0,
    records: [],
    asAtDate: null,
    period: null,
    surveyYear: null,
    issues: issues.report(),
    quality: null,
  };
  const finish = (): LoadResult => {
    result.issues = issues.report();
    result.ok = result.issues.errors === 0;
    return result;
  };

  const opened = await openTable('path' in input ? { path: input.path, fileName } : input, options.read);
  if (!opened.ok) {
    issues.add({
      kind: 'FILE',
      file: fileName,
      ...(opened.problem.line ? { row: opened.problem.line } : {}),
      message: opened.problem.message,
    });
    return finish();
  }
  const table = opened.table;
  result.file = {
    name: fileName,
    sizeBytes: table.sizeBytes,
    sha256: await sha256(input),
    kind: table.kind,
    sheet: table.sheet ?? null,
    sheets: table.sheets ?? [],
    encoding: table.encoding ?? null,
    delimiter: table.delimiter ?? null,
  };

  try {
    const iterator = table.rows()[Symbol.asyncIterator]();
    const head: SourceRow[] = [];
    while (head.length < HEAD_ROWS) {
      const next = await iterator.next();
      if (next.done) break;
      head.push(next.value);
    }
    const header = findHeaderRow(head, options.dataset ? [options.dataset] : undefined);
    if (!header) {
      issues.add({
        kind: 'NO_HEADER',
        file: fileName,
        message: `No row in the first ${HEAD_ROWS} rows of ${fileName} names the columns Parity needs${options.dataset ? ` for ${DATASETS[options.dataset].title}` : ''}.`,
      });
      return finish();
    }
    result.header = { line: header.line, headers: header.headers };
    result.preamble = readPreamble(header.preamble);
    result.candidates = rankDatasets(header.headers).map((r) => r.dataset);
    const dataset = options.dataset ?? result.candidates[0] ?? null;
    result.dataset = dataset;
    if (!dataset) {
      issues.add({
        kind: 'NO_HEADER',
        file: fileName,
        row: header.line,
        message: `The columns of ${fileName} do not match any dataset Parity loads. Choose the dataset and map the columns.`,
      });
      return finish();
    }
    const proposal = withAnswerColumns(
      DATASETS[dataset],
      header.headers,
      proposeMapping(header.headers, dataset, options.mapping),
    );
    result.mapping = proposal.mapping;
    for (const m of proposal.mapping.missing)
      issues.add({
        kind: 'MISSING_COLUMN',
        file: fileName,
        row: header.line,
        column: m.label,
        message: `No column gives ${m.label}, which ${DATASETS[dataset].title} needs.`,
      });
    for (const g of proposal.mapping.missingOneOf)
      issues.add({
        kind: 'MISSING_COLUMN',
        file: fileName,
        row: header.line,
        column: g.labels.join(' or '),
        message: `No column gives ${g.labels.join(' or ')}; one of them is needed.`,
      });
    const mappingUsable = proposal.mapping.missing.length === 0 && proposal.mapping.missingOneOf.length === 0;

    const intern = new Interner();
    const readRow = createRowReader({
      intern,
      file: fileName,
      spec: proposal.spec,
      columns: proposal.mapping.columns,
      width: header.headers.length,
      issues,
      pseudonymise: options.pseudonymise,
    });
    const requiredColumns = proposal.mapping.columns
      .filter((c) => proposal.spec.fields.find((f) => f.key === c.field)?.required === true)
      .map((c) => c.column);
    const parsed: ParsedRow[] = [];
    const handle = (row: SourceRow) => {
      const filled = row.cells.filter((c) => cellText(c) !== '').length;
      if (filled === 0) return;
      // A report's "Total: 1,234" or "End of report" line is not a record.
      const first = row.cells.map((c) => cellText(c)).find((t) => t !== '') ?? '';
      if (
        filled <= 2 &&
        header.headers.length >= 4 &&
        (SUMMARY_LINE.test(first) ||
          (requiredColumns.length > 1 && requiredColumns.every((i) => cellText(row.cells[i]) === '')))
      ) {
        issues.add({
          kind: 'IGNORED_ROW',
          file: fileName,
          row: row.line,
          value: row.cells
            .map((c) => cellText(c))
            .filter((t) => t !== '')
            .join(' '),
          message: `Row ${row.line} looks like a summary line, not a record; it is ignored.`,
        });
        return;
      }
      result.rowCount++;
      if (!mappingUsable) return;
      const r = readRow(row);
      if (r.ok) parsed.push(r);
    };
    for (const row of head.slice(header.index + 1)) handle(row);
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) handle(next.value);
    if (result.rowCount === 0)
      issues.add({
        kind: 'NO_ROWS',
        file: fileName,
        row: header.line,
        message: `${fileName} has column names on row ${header.line} but no data under them.`,
      });
    if (!mappingUsable || result.rowCount === 0) return finish();

    const asAtDate = options.asAtDate ?? result.preamble.asAtDate;
    const built = BUILDERS[dataset](parsed, {
      file: fileName,
      issues,
      asAtDate: asAtDate ?? null,
      organisationName: options.organisationName ?? null,
      knownPersons: options.knownPersons ?? null,
      intern,
      units: options.units ?? null,
      headings: new Map(proposal.mapping.columns.map((c) => [c.field, c.header])),
    });
    result.records = built.records;
    result.asAtDate = built.asAtDate ?? null;
    result.period = built.period ?? null;
    result.surveyYear = built.surveyYear ?? null;
    if (WITH_CHARACTERISTICS.has(dataset))
      result.quality = declarationRates(built.records as Parameters<typeof declarationRates>[0]);
  } catch (error) {
    if (!isParityError(error, 'INVALID_INPUT')) throw error;
    const line = error instanceof TableReadError ? error.problem.line : undefined;
    issues.add({ kind: 'FILE', file: fileName, ...(line ? { row: line } : {}), message: error.message });
    result.records = [];
  }
  return finish();
}
