/**
 * The import path under fire: valid exports of every dataset, CSV and XLSX, mutated from a seed (see
 * test/support/mutations.ts and workbook-mutations.ts) and loaded through the real import service into a
 * real SQLite database, and a share of them into a real PostgreSQL one. For every file: no exception
 * escapes (a refusal is a result with issues, or a ParityError with a message), every error names its
 * place (file, and row and column where it has them), a refused import changes nothing, and an accepted
 * one stores exactly what the check produced: the version, all its records, its audit event and its
 * column mapping. Files that made it crash are kept at the end.
 *
 * CI runs a few hundred files; PARITY_PROOFS=full runs 10,000 on SQLite and 2,000 more on PostgreSQL.
 * PARITY_FUZZ_SEED picks another seed.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { datasetsRepository } from '../../src/features/datasets/datasets.repository.js';
import type { CheckedFile, ImportOutcome } from '../../src/features/datasets/datasets.service.js';
import { createDemo, DEMO_TRUST } from '../../src/features/demo/demo.js';
import type { Organisation } from '../../src/features/organisations/organisation.js';
import { organisationsRepository } from '../../src/features/organisations/organisations.repository.js';
import { createServices, type Services } from '../../src/features/services.js';
import { generate } from '../../src/generator/generate.js';
import { GENERATED_DATASETS } from '../../src/generator/manifest.js';
import { Rng } from '../../src/generator/random.js';
import type { IssueKind } from '../../src/ingest/issues.js';
import { loadFile } from '../../src/ingest/load.js';
import { createPseudonymiser } from '../../src/ingest/pseudonymise.js';
import { DATASETS } from '../../src/ingest/schemas/index.js';
import { systemClock } from '../../src/shared/clock.js';
import { ParityError } from '../../src/shared/errors.js';
import { countRows, openTestDatabase, type TestDatabase } from '../support/databases.js';
import { mutateCsv, type BaseFile, type Mutant } from '../support/mutations.js';
import { mutateXlsx, readZip, workbookFrom, writeZip } from '../support/workbook-mutations.js';
import { serviceSettings } from '../support/settings.js';
import { TEST_DEMO } from '../support/app.js';

const FULL = process.env.PARITY_PROOFS === 'full';
const SEED = Number(process.env.PARITY_FUZZ_SEED ?? 20_260_615);
/**
 * Files per kind, three CSV for every two workbooks. SQLite takes the full count; PostgreSQL a share, for
 * what only it refuses to store (U+0000, text longer than a column's declared length).
 */
const COUNTS = {
  sqlite: FULL ? { csv: 6_000, xlsx: 4_000 } : { csv: 150, xlsx: 100 },
  postgres: FULL ? { csv: 1_200, xlsx: 800 } : { csv: 30, xlsx: 20 },
} as const;

const examples = path.resolve(import.meta.dirname, '../../examples');
const settings = serviceSettings({ uploadMaxMegabytes: 20 });
const actor = { userId: null, label: 'fuzz' };

/** Kinds whose problem lies in one cell: they must say which row and which column. */
const CELL_KINDS: ReadonlySet<IssueKind> = new Set([
  'MISSING_VALUE',
  'BAD_VALUE',
  'OUT_OF_RANGE',
  'UNKNOWN_CODE_BLOCKING',
  'DUPLICATE',
]);

interface Tally {
  files: number;
  accepted: number;
  refused: number;
  crashes: string[];
  violations: string[];
  refusals: Map<IssueKind | 'ERROR', number>;
}

/** Every error issue of a result names its file, and its row and column where the problem is a cell's. */
function misplacedIssues(result: CheckedFile, fileName: string): string[] {
  const out: string[] = [];
  for (const kind of result.issues.kinds) {
    if (kind.severity !== 'error') continue;
    if (kind.examples.length === 0) out.push(`${kind.kind}: counted but no example kept`);
    for (const issue of kind.examples) {
      const where = `${kind.kind} "${issue.message.slice(0, 160)}"`;
      if (issue.file !== fileName) out.push(`${where}: names file ${issue.file}, not ${fileName}`);
      if (issue.message.trim() === '') out.push(`${where}: has no message`);
      if (
        /\b(row|line|column) (undefined|NaN|null)\b|\[object |\b(undefined|null) (is|was|has)\b/.test(
          issue.message,
        )
      )
        out.push(`${where}: reads badly`);
      if (issue.row !== undefined && !(Number.isInteger(issue.row) && issue.row > 0))
        out.push(`${where}: row ${issue.row}`);
      if (CELL_KINDS.has(kind.kind) && (issue.row === undefined || !issue.column))
        out.push(`${where}: names no row and column`);
      if (kind.kind === 'MISSING_COLUMN' && !issue.column) out.push(`${where}: names no column`);
      if ((kind.kind === 'FILE' || kind.kind === 'NO_HEADER') && !issue.message.includes(fileName))
        out.push(`${where}: does not name the file`);
    }
  }
  return out;
}

interface Bases {
  csv: BaseFile[];
  xlsx: BaseFile[];
}

/** A valid file as a base: checked once to learn where its header is and what its columns mean. */
async function baseFile(name: string, bytes: Buffer): Promise<BaseFile> {
  const result = await loadFile(
    { buffer: bytes, fileName: name },
    { pseudonymise: createPseudonymiser(settings.pseudonymisationKey), organisationName: DEMO_TRUST.name },
  );
  const errors = result.issues.kinds.filter((k) => k.severity === 'error').map((k) => k.title);
  expect(errors, `${name} is not a valid base`).toEqual([]);
  const spec = DATASETS[result.dataset!];
  const fields = result.mapping!.columns.map((c) => {
    const field = spec.fields.find((f) => f.key === c.field);
    return {
      index: c.column,
      field: c.field,
      type: field?.type ?? 'text',
      required: field?.required === true,
    };
  });
  const kind = result.file.kind!;
  let header = result.header!.line - 1;
  if (kind === 'csv') {
    const rows = parse(bytes, { bom: true, relax_column_count: true, skip_empty_lines: false });
    header = rows.findIndex(
      (r) => r.map((c) => c.trim()).join('\u0000') === result.header!.headers.join('\u0000'),
    );
  }
  return { name, kind, bytes, header, headerLine: result.header!.line, fields };
}

let prepared: Promise<Bases> | null = null;

/**
 * The valid files every mutation starts from, made once for both databases: a generated trust's year of
 * every dataset (the workforce as an ESR workbook), the examples, and workbooks of five of them.
 */
function baseFiles(): Promise<Bases> {
  prepared ??= (async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parity-fuzz-'));
    try {
      const { manifest } = await generate({
        out: dir,
        seed: SEED,
        trusts: 1,
        staff: 40,
        national: false,
        years: [2024],
        format: 'xlsx',
        datasets: GENERATED_DATASETS,
      });
      const files: BaseFile[] = [];
      for (const f of manifest.files)
        files.push(await baseFile(path.basename(f.path), readFileSync(path.join(dir, f.path))));
      for (const name of readdirSync(examples).sort())
        files.push(await baseFile(name, readFileSync(path.join(examples, name))));
      // Workbooks of the other datasets too, with real numbers and date-formatted dates.
      for (const name of ['cases.csv', 'recruitment.csv', 'pay.csv', 'board.csv', 'survey_responses.csv']) {
        const rows = parse(readFileSync(path.join(examples, name)), { bom: true });
        files.push(await baseFile(name.replace('.csv', '.xlsx'), await workbookFrom(rows, 'Export')));
      }
      return { csv: files.filter((f) => f.kind === 'csv'), xlsx: files.filter((f) => f.kind === 'xlsx') };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  })();
  return prepared;
}

describe.each(['sqlite', 'postgres'] as const)('importing mutated CSV and XLSX files, on %s', (dialect) => {
  const tally: Tally = {
    files: 0,
    accepted: 0,
    refused: 0,
    crashes: [],
    violations: [],
    refusals: new Map(),
  };
  let database: TestDatabase;
  let services: Services;
  let trust: Organisation;
  let bases: Bases;
  let started = 0;

  beforeAll(async () => {
    started = performance.now();
    database = await openTestDatabase(dialect);
    services = createServices({ db: database.db, clock: systemClock, settings });
    await createDemo(services, { withData: false, ...TEST_DEMO });
    trust = (await organisationsRepository(database.db).findByOds(DEMO_TRUST.odsCode))!;
    bases = await baseFiles();
  }, 120_000);

  afterAll(async () => {
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const kinds = [...tally.refusals].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`);
    console.log(
      `import fuzz on ${dialect} (seed ${SEED}): ${tally.files} files, ${tally.accepted} accepted, ${tally.refused} refused, ` +
        `${tally.crashes.length} crashes, ${tally.violations.length} violations in ${seconds} s; refusals: ${kinds.join(', ')}`,
    );
    await database?.dispose();
  });

  async function state() {
    const db = database.db;
    const count = (table: 'dataset_versions' | 'audit_events' | 'org_units' | 'column_mappings') =>
      countRows(db, table);
    const records = await db
      .selectFrom('dataset_record_chunks')
      .select((eb) => eb.fn.sum<number>('record_count').as('n'))
      .executeTakeFirstOrThrow();
    return {
      versions: await count('dataset_versions'),
      records: Number(records.n ?? 0),
      audit: await count('audit_events'),
      units: await count('org_units'),
      mappings: await count('column_mappings'),
    };
  }

  /** What an accepted import must have stored: each version whole, with its records, event and mapping. */
  async function storedWhole(outcome: ImportOutcome): Promise<string[]> {
    const out: string[] = [];
    const repo = datasetsRepository(database.db);
    for (const [i, version] of outcome.versions.entries()) {
      const result = outcome.results[i]!;
      const stored = await repo.findVersion(version.id);
      if (!stored) {
        out.push(`${version.fileName}: version not stored`);
        continue;
      }
      const records = await repo.readRecords(version.id);
      if (stored.recordCount !== result.recordCount || records.length !== result.recordCount)
        out.push(
          `${version.fileName}: ${result.recordCount} records checked, ${stored.recordCount} declared, ${records.length} stored`,
        );
      if (stored.rowCount !== result.rowCount) out.push(`${version.fileName}: row count ${stored.rowCount}`);
      const event = await database.db
        .selectFrom('audit_events')
        .select('id')
        .where('entity_id', '=', version.id)
        .where('action', '=', 'dataset.import')
        .execute();
      if (event.length !== 1) out.push(`${version.fileName}: ${event.length} audit events`);
      if (!(await repo.getMapping(trust.id, version.dataset)))
        out.push(`${version.fileName}: no saved mapping`);
    }
    return out;
  }

  async function importOne(kind: 'csv' | 'xlsx', index: number): Promise<void> {
    const rng = new Rng(`import-fuzz|${SEED}|${dialect}|${kind}|${index}`);
    const base = rng.pick(bases[kind]);
    let mutant: Mutant;
    try {
      mutant = kind === 'csv' ? mutateCsv(base, rng) : await mutateXlsx(base, rng);
    } catch (error) {
      // The damage could not be done (exceljs refused to write it): nothing to import.
      tally.violations.push(`${kind} ${index}: mutation of ${base.name} failed: ${String(error)}`);
      return;
    }
    const label = `${kind} ${index} (${base.name}: ${mutant.applied.join('; ')})`;
    // One file in ten travels with a clean companion: a refusal must take the whole batch with it.
    const companion = rng.chance(0.1) ? rng.pick(bases.csv) : null;
    const files = [
      { input: { buffer: mutant.bytes, fileName: mutant.name } },
      ...(companion ? [{ input: { buffer: companion.bytes, fileName: companion.name } }] : []),
    ];
    tally.files++;
    const before = await state();
    let outcome: ImportOutcome;
    try {
      outcome = await services.datasets.importFiles(actor, trust, files);
    } catch (error) {
      if (error instanceof ParityError && error.message.trim() !== '') {
        tally.refused++;
        tally.refusals.set('ERROR', (tally.refusals.get('ERROR') ?? 0) + 1);
      } else
        tally.crashes.push(
          `${label}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
        );
      // Even a crash must leave nothing behind.
      if (JSON.stringify(await state()) !== JSON.stringify(before))
        tally.violations.push(`${label}: an exception escaped and data changed`);
      return;
    }
    const after = await state();
    const result = outcome.results[0]!;
    tally.violations.push(...misplacedIssues(result, mutant.name).map((v) => `${label}: ${v}`));
    if (outcome.saved) {
      tally.accepted++;
      const added = outcome.results.reduce((n, r) => n + r.recordCount, 0);
      if (after.versions !== before.versions + files.length || after.records !== before.records + added)
        tally.violations.push(
          `${label}: accepted but stored ${after.versions - before.versions} versions, ${after.records - before.records} records (expected ${added})`,
        );
      tally.violations.push(...(await storedWhole(outcome)).map((v) => `${label}: ${v}`));
    } else {
      tally.refused++;
      for (const k of result.issues.kinds.filter((x) => x.severity === 'error'))
        tally.refusals.set(k.kind, (tally.refusals.get(k.kind) ?? 0) + 1);
      if (!outcome.results.some((r) => !r.ok || r.dataset === null))
        tally.violations.push(`${label}: refused with no file in error`);
      if (JSON.stringify(after) !== JSON.stringify(before))
        tally.violations.push(
          `${label}: refused but changed data: ${JSON.stringify(before)} -> ${JSON.stringify(after)}`,
        );
    }
  }

  it.each(['csv', 'xlsx'] as const)(
    'never crashes, names the place of every error, and saves a %s whole or not at all',
    async (kind) => {
      expect(bases[kind].length).toBeGreaterThan(kind === 'csv' ? 10 : 4);
      const crashes = tally.crashes.length;
      const violations = tally.violations.length;
      for (let i = 0; i < COUNTS[dialect][kind]; i++) await importOne(kind, i);
      expect(tally.crashes.slice(crashes)).toEqual([]);
      expect(tally.violations.slice(violations)).toEqual([]);
    },
    FULL ? 3_600_000 : 120_000,
  );
});

/**
 * Files that crashed the import, found while writing the mutations above (each reduced to one row), and
 * the zip bombs the readers refuse, taken through the whole import.
 */
describe.each(['sqlite', 'postgres'] as const)('files that crashed the import, on %s', (dialect) => {
  let database: TestDatabase;
  let services: Services;
  let trust: Organisation;
  const header = [
    'snapshot_date',
    'staff_number',
    'org_path',
    'staff_group',
    'pay_band',
    'ethnicity',
    'disability',
    'sex',
  ];
  const staff = (unit: string) => [
    header,
    ['2024-03-31', '1', unit, 'Nursing and Midwifery Registered', 'Band 5', 'A', 'No', 'Female'],
  ];
  const csv = (rows: string[][]) => Buffer.from(rows.map((r) => r.join(',')).join('\r\n') + '\r\n');
  const load = async (fileName: string, bytes: Buffer) => {
    const outcome = await services.datasets.importFiles(actor, trust, [
      { input: { buffer: bytes, fileName } },
    ]);
    const errors = outcome.results[0]!.issues.kinds.filter((k) => k.severity === 'error');
    return { ...outcome, errors: errors.flatMap((k) => k.examples.map((e) => e.message)) };
  };
  const units = async () =>
    (await organisationsRepository(database.db).unitsOf(trust.id))
      .map((u) => u.path)
      .filter((p) => p.endsWith(' > Directorate'));

  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    services = createServices({ db: database.db, clock: systemClock, settings });
    await createDemo(services, { withData: false, ...TEST_DEMO });
    trust = (await organisationsRepository(database.db).findByOds(DEMO_TRUST.odsCode))!;
  });
  afterAll(async () => database?.dispose());

  it('loads, twice, a unit name that its 200-character limit would cut inside an emoji', async () => {
    // The cut left half of the emoji, stored as U+FFFD; the next import looked for the half and inserted the
    // unit again ("UNIQUE constraint failed: org_units.organisation_id, org_units.path").
    const file = csv(staff(`${'A'.repeat(199)}😀 > Directorate`));
    for (const round of [1, 2]) expect((await load('staff.csv', file)).errors, `import ${round}`).toEqual([]);
    expect(await units()).toEqual([`${'A'.repeat(199)} > Directorate`]);
  });

  it('loads, twice, a workbook whose text escapes half a character (_xD800_)', async () => {
    const file = await workbookFrom(staff('Care_xD800_group > Directorate'), 'Staff');
    for (const round of [1, 2])
      expect((await load('staff.xlsx', file)).errors, `import ${round}`).toEqual([]);
    expect(await units()).toContain('Care\ufffdgroup > Directorate');
  });

  it('refuses a control character in an organisation path, naming its row and column', async () => {
    // PostgreSQL cannot store U+0000 ("invalid byte sequence for encoding UTF8: 0x00").
    const before = await units();
    const outcome = await load(
      'staff.xlsx',
      await workbookFrom(staff('Care_x0000_group > Directorate'), 'Staff'),
    );
    expect(outcome.saved).toBe(false);
    const issue = outcome.results[0]!.issues.kinds.find((k) => k.kind === 'BAD_VALUE')?.examples[0];
    expect(issue).toMatchObject({ file: 'staff.xlsx', row: 2, column: 'org_path' });
    expect(issue?.message).toMatch(/control character/);
    expect(await units()).toEqual(before);
  });

  it('refuses zip bombs inside a real workbook, saying why, and saves nothing', async () => {
    const parts = readZip(await workbookFrom(staff('Ward > Directorate'), 'Staff'));
    const zeros = Buffer.alloc(4 * 1024 * 1024);
    const bombs = [
      // A part compressed about a thousand times.
      writeZip([...parts, { name: 'xl/media/image1.bin', data: zeros, deflated: deflateRawSync(zeros) }]),
      // A sheet declaring 600 MB, refused before a byte is inflated.
      writeZip(
        parts.map((p) => (p.name === 'xl/worksheets/sheet1.xml' ? { ...p, declaredSize: 600 << 20 } : p)),
      ),
    ];
    const before = await units();
    for (const bomb of bombs) {
      const outcome = await load('staff.xlsx', bomb);
      expect(outcome.saved).toBe(false);
      expect(outcome.errors.join(' ')).toMatch(/was not opened because (it is unsafe|it would expand)/);
    }
    expect(await units()).toEqual(before);
  });

  it('loads a workbook whose sheet has a name longer than Excel allows', async () => {
    // Excel stops at 31 characters; the file may say anything, and the database keeps 200.
    const parts = readZip(await workbookFrom(staff('Ward > Directorate'), 'Staff'));
    const workbook = parts.find((p) => p.name === 'xl/workbook.xml')!;
    workbook.data = Buffer.from(
      workbook.data.toString('utf8').replace('name="Staff"', `name="${'S'.repeat(250)}"`),
    );
    const outcome = await load('staff.xlsx', writeZip(parts));
    expect(outcome.errors).toEqual([]);
    expect(outcome.results[0]!.file.sheet).toBe('S'.repeat(250));
    expect(
      (await services.datasets.versions(trust)).find((v) => v.id === outcome.versions[0]!.id)?.sheet,
    ).toBe('S'.repeat(200));
  });
});
