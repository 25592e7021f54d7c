/**
 * bench:ingest — loading speed and peak memory of Parity's importer, beside a named peer in the same run:
 * the generated national staff-in-post CSV (about 1.4 million rows) against DuckDB's read_csv, and a large
 * trust's ESR workbook (about 30,000 rows) against ExcelJS's streaming reader.
 */
import { fmt, measure, table, type Measurement } from './support/measure.js';
import { largeTrustWorkbook, nationalWorkforceCsv } from './support/data.js';

const csv = await nationalWorkforceCsv();
const xlsx = await largeTrustWorkbook();
process.stderr.write(`National CSV: ${fmt(csv.rows)} rows; trust workbook: ${fmt(xlsx.rows)} rows.\n`);

const results: { label: string; file: string; m: Measurement }[] = [];
for (const [label, file, script] of [
  [
    'Parity: check (read, map, validate, build)',
    'national CSV',
    () => measure('ingest/parity-check.ts', [csv.path, '2024-03-31']),
  ],
  [
    'Parity: import (check, then save in SQLite)',
    'national CSV',
    () => measure('ingest/parity-import.ts', [csv.path, '2024-03-31']),
  ],
  ['DuckDB: read_csv into a table', 'national CSV', () => measure('ingest/duckdb-csv.ts', [csv.path])],
  ['Parity: check', 'trust XLSX', () => measure('ingest/parity-check.ts', [xlsx.path])],
  ['Parity: import', 'trust XLSX', () => measure('ingest/parity-import.ts', [xlsx.path])],
  [
    'ExcelJS: streaming read of every cell',
    'trust XLSX',
    () => measure('ingest/exceljs-xlsx.ts', [xlsx.path]),
  ],
] as const) {
  process.stderr.write(`${label} (${file})...\n`);
  results.push({ label, file, m: await script() });
}

const rowsOf = (r: { file: string }) => (r.file === 'national CSV' ? csv.rows : xlsx.rows);
const peer = (file: string) => results.find((r) => r.file === file && !r.label.startsWith('Parity'))!;
console.log(
  `\nbench:ingest on ${process.platform}, Node ${process.version}, ${fmt(csv.rows)} CSV rows and ${fmt(xlsx.rows)} XLSX rows\n`,
);
console.log(
  table(
    ['Contender', 'File', 'Seconds', 'Rows/s', 'Peak MB', 'Time vs peer', 'Memory vs peer'],
    results.map((r) => {
      const p = peer(r.file);
      return [
        r.label,
        r.file,
        fmt(r.m.result.seconds, 2),
        fmt(rowsOf(r) / r.m.result.seconds),
        fmt(r.m.peakMb),
        r === p ? 'peer' : `${fmt(r.m.result.seconds / p.m.result.seconds, 2)}x`,
        r === p ? 'peer' : `${fmt(r.m.peakMb / p.m.peakMb, 2)}x`,
      ];
    }),
  ),
);
const check = results[0]!.m.result;
// A benchmark of a load that failed measures nothing: every Parity contender must have loaded cleanly.
const failed = results.filter(
  (r) => r.label.startsWith('Parity') && (Number(r.m.result.errors ?? 0) > 0 || r.m.result.saved === false),
);
if (failed.length > 0) {
  console.error(
    `\nNOT VALID: ${failed.map((r) => `${r.label} (${r.file})`).join('; ')} did not load cleanly.`,
  );
  process.exitCode = 1;
}
console.log(
  `\nParity read ${fmt(Number(check.rows))} rows into ${fmt(Number(check.records))} people with ${fmt(Number(check.errors))} errors and ${fmt(Number(check.warnings))} warnings.`,
);
