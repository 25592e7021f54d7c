// Child: Parity reads, maps, validates and builds the records of one file (no database).
import { loadFile } from '../../src/ingest/load.js';
import { createPseudonymiser } from '../../src/ingest/pseudonymise.js';
import { report } from '../support/measure.js';

const file = process.argv[2]!;
const started = performance.now();
const result = await loadFile(
  { path: file },
  {
    pseudonymise: createPseudonymiser('bench-pseudonymisation-key-0123456789abcdef'),
    // The combined national file has no ESR preamble, so its snapshot date is given, as --as-at would.
    asAtDate: process.argv[3] ?? null,
    read: { maxBytes: 2 ** 31 },
  },
);
const seconds = (performance.now() - started) / 1000;
report({
  seconds,
  rows: result.rowCount,
  records: result.records.length,
  errors: result.issues.errors,
  warnings: result.issues.warnings,
});
