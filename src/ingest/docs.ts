/**
 * docs/data-formats.md, written from the schemas themselves so the documentation cannot drift from what the
 * loader accepts (a test compares the file with this output).
 */
import { PRESETS } from './presets.js';
import { DATASET_IDS, DATASETS, type FieldSpec } from './schemas/index.js';

const escape = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function required(f: FieldSpec): string {
  if (f.required === true) return 'required';
  if (typeof f.required === 'object') return `one of the ${f.required.oneOf} fields`;
  return 'optional';
}

function type(f: FieldSpec): string {
  const base = f.type === 'code' ? `code (${f.codeList})` : f.type;
  const range = f.min !== undefined || f.max !== undefined ? ` ${f.min ?? ''}–${f.max ?? ''}` : '';
  return `${base}${range}${f.pseudonymise ? ', pseudonymised' : ''}${f.transient ? ', not stored' : ''}`;
}

export function renderDataFormats(): string {
  const lines: string[] = [
    '# Data formats',
    '',
    '<!-- Generated from src/ingest/schemas by `npm run docs:data-formats`; a test fails when it is out of date. -->',
    '',
    'Parity loads CSV (comma, semicolon or tab separated; UTF-8 with or without BOM, or Windows-1252) and XLSX',
    'files (the first sheet, or the one chosen). The header row may sit below report preamble rows, as in ESR',
    'reports; Parity finds it. Columns are matched to the fields below by a saved mapping, a known export',
    'layout (preset), Parity’s own field names (the first column below), or the other names listed. Every',
    'problem is reported with its file, row, column and value; errors stop a load, warnings do not, and a load',
    'is saved whole or not at all. An example of every dataset is in `examples/`.',
    '',
    'Staff numbers are replaced by a keyed hash as they are read; the raw number is stored nowhere. A date of',
    'birth is used only to work out age and is not stored.',
    '',
    'Ethnicity, disability and sex in a file whose rows name a member of staff (employee-relations cases,',
    'incidents, interview panels, pay) are optional. A blank cell there means the file does not say: the',
    'person’s value in the workforce (ESR) record is used, and the file’s declaration counts list such blanks',
    'apart, as taken from the workforce record. A value the file does give is kept, including one meaning not',
    'known or not stated (99, Z, Not stated, Not Declared, Unknown): the workforce record does not replace it.',
    'In the workforce file itself, and for applicants and board members, a blank is not known.',
    '',
    '## Known export layouts',
    '',
    '| Preset | Dataset | Columns |',
    '| --- | --- | --- |',
    ...PRESETS.map(
      (p) =>
        `| ${p.title} | ${DATASETS[p.dataset].title} | ${Object.entries(p.columns)
          .map(([k, v]) => `${v.join(' / ')} → ${k}`)
          .join('; ')} |`,
    ),
    '',
  ];
  for (const id of DATASET_IDS) {
    const spec = DATASETS[id];
    lines.push(
      `## ${spec.title} (\`${id}\`)`,
      '',
      spec.description,
      '',
      `Example: \`examples/${id}.csv\`.`,
      '',
    );
    lines.push(
      '| Field | Meaning | Type | Required | Accepted values | Example | Also known as |',
      '| --- | --- | --- | --- | --- | --- | --- |',
    );
    for (const f of spec.fields)
      lines.push(
        `| \`${f.key}\` | ${escape(f.label)}: ${escape(f.description)} | ${type(f)} | ${required(f)} | ${escape(f.accepted)} | ${escape(f.example)} | ${escape(f.synonyms.join(', '))} |`,
      );
    if (id === 'survey_responses')
      lines.push(
        '',
        'Every other column named like a question number (Q14a, Q4b, Q31a) is kept as that question’s answer.',
      );
    lines.push('');
  }
  lines.push(
    '## Rules applied while loading',
    '',
    '- **One person, several assignments** (staff in post): the assignment flagged primary is used; when none or several are flagged, the first by: not bank before bank, highest FTE, earliest start date, lowest assignment number, earliest row (a warning says so). Characteristics, unit, staff group and grade come from it; FTE is the sum of the non-bank assignments; a person whose every assignment is bank is **bank-only**.',
    '- **Unknown code values** (an ethnicity, disability or sex Parity does not know) are warnings, counted as not known, with the closest known values; unknown case types, learning kinds, movement types and pay periods are errors, because the record cannot be counted without them.',
    '- **Summary lines** under the data (a report’s "Total: 1,234") are ignored, with a warning.',
    '- **Versions**: every load is a new version, nothing is overwritten. For snapshots the newest load for a date is current; for events each load covers the dates from its first to its last record, and a newer load replaces older records in the dates it covers.',
    '',
  );
  return lines.join('\n');
}
