/**
 * An organisation's current records exported as Parquet and Arrow, from the Data page and from
 * `parity data export`, each file read back by a reader Parity does not use for writing it: DuckDB reads
 * the Parquet file (`read_parquet`), and its rows are compared with the current records Parity computes
 * from and with the Arrow file's. The export is for the roles that see loaded data across the whole
 * organisation, refuses bad choices with a message and writes nothing then, and is in the audit trail.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { EXIT } from '../../src/cli/exit-codes.js';
import { run } from '../../src/cli/main.js';
import { auditRepository } from '../../src/features/audit/audit.js';
import { currentRecords } from '../../src/features/datasets/current.js';
import { datasetsRepository } from '../../src/features/datasets/datasets.repository.js';
import { DEMO_PASSWORD, DEMO_TRUST } from '../../src/features/demo/demo.js';
import type { Organisation } from '../../src/features/organisations/organisation.js';
import type { RecruitmentRecord, WorkforceRecord } from '../../src/engine/records.js';
import { buildTestApp, type TestApp } from '../support/app.js';

const csv = (...lines: string[]) => Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8');
const STAFF = 1_234;
const WORKFORCE = csv(
  'snapshot_date,staff_number,org_path,staff_group,pay_band,contract,ethnicity,disability,sex,fte',
  ...Array.from(
    { length: STAFF },
    (_, i) =>
      `2024-03-31,${500_000 + i},Medicine and Emergency Care > Ward ${i % 6},Nursing and Midwifery Registered,Band ${5 + (i % 3)},Permanent,${'ABHNZ'[i % 5]},${i % 4 === 0 ? 'Yes' : 'No'},${i % 2 ? 'Female' : 'Male'},${i % 10 === 0 ? '' : '0.8'}`,
  ),
);
const recruitment = (name: string, ...rows: string[]) => ({
  input: {
    buffer: csv('application_id,ethnicity,disability,shortlisted,appointed,application_date', ...rows),
    fileName: name,
  },
  dataset: 'recruitment' as const,
});

type Row = Record<string, unknown>;

async function duckdbRows(sql: string): Promise<Row[]> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    return (await connection.runAndReadAll(sql)).getRowObjectsJS();
  } finally {
    connection.closeSync();
  }
}

const byId = <T extends Row>(rows: readonly T[], key: string): Map<unknown, T> =>
  new Map(rows.map((r) => [r[key], r]));

describe('exporting records', () => {
  let t: TestApp;
  let org: Organisation;
  let dir: string;
  let workforce: WorkforceRecord[];
  const actor = { userId: null, label: 'test' };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'parity-export-'));
    t = await buildTestApp({ demo: true });
    org = (await t.services.organisations.list()).find((o) => o.odsCode === DEMO_TRUST.odsCode)!;
    const saved = await t.services.datasets.importFiles(actor, org, [
      { input: { buffer: WORKFORCE, fileName: 'staff.csv' }, dataset: 'workforce' },
      recruitment('fy2023.csv', 'X1,A,No,Yes,No,2023-04-10', 'X2,N,No,Yes,Yes,2024-03-20'),
    ]);
    expect(saved.saved).toBe(true);
    t.clock.advance(60_000);
    // A re-export of the last quarter replaces X2: the export holds the current records only.
    await t.services.datasets.importFiles(actor, org, [
      recruitment('q4.csv', 'Y1,A,No,Yes,Yes,2024-01-05', 'Y2,N,No,No,No,2024-03-31'),
    ]);
    workforce = await currentRecords<WorkforceRecord>(datasetsRepository(t.database.db), org.id, 'workforce');
    expect(workforce).toHaveLength(STAFF);
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives an analyst the workforce as Parquet that DuckDB reads as Parity stores it', async () => {
    const analyst = t.agent();
    await analyst.signIn('analyst', DEMO_PASSWORD);
    const page = await analyst.get('/o/DHF/data');
    expect(page.body).toContain('Download records');
    const response = await analyst.post('/o/DHF/data/export', { dataset: 'workforce', format: 'parquet' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/vnd.apache.parquet');
    expect(response.headers['content-disposition']).toBe('attachment; filename="DHF-workforce.parquet"');
    expect(response.headers['cache-control']).toBe('no-store');
    const file = path.join(dir, 'workforce.parquet');
    writeFileSync(file, response.rawPayload);

    const [count] = await duckdbRows(`select count(*)::integer as n from read_parquet('${file}')`);
    expect(count!.n).toBe(STAFF);
    const types = await duckdbRows(`describe select * from read_parquet('${file}')`);
    const typeOf = (c: string) => types.find((r) => r.column_name === c)?.column_type;
    expect([typeOf('personId'), typeOf('unitPath'), typeOf('fte'), typeOf('bankOnly')]).toEqual([
      'VARCHAR',
      'VARCHAR[]',
      'DOUBLE',
      'BOOLEAN',
    ]);
    const rows = await duckdbRows(
      `select personId, unitPath, ethnicity, disability, sex, grade, fte, bankOnly, snapshotDate from read_parquet('${file}')`,
    );
    const stored = byId(workforce as unknown as Row[], 'personId');
    expect(rows).toHaveLength(STAFF);
    for (const r of rows) {
      const s = stored.get(r.personId)!;
      expect(r).toEqual({
        personId: s.personId,
        unitPath: s.unitPath,
        ethnicity: s.ethnicity,
        disability: s.disability,
        sex: s.sex,
        grade: s.grade,
        fte: s.fte,
        bankOnly: s.bankOnly,
        snapshotDate: s.snapshotDate,
      });
    }
    // What the figures count, counted by DuckDB from the file.
    const [bme] = await duckdbRows(
      `select count(*)::integer as n from read_parquet('${file}') where ethnicity not in ('A', 'B', 'C', 'Z')`,
    );
    expect(bme!.n).toBe(workforce.filter((w) => !['A', 'B', 'C', 'Z'].includes(String(w.ethnicity))).length);
    // Staff numbers are never in it: only their pseudonyms.
    expect(response.rawPayload.includes(Buffer.from('500123'))).toBe(false);
  });

  it('gives the same records as Arrow, the current ones only', async () => {
    const analyst = t.agent();
    await analyst.signIn('analyst', DEMO_PASSWORD);
    await analyst.get('/o/DHF/data');
    const arrow = await analyst.post('/o/DHF/data/export', { dataset: 'recruitment', format: 'arrow' });
    expect(arrow.statusCode).toBe(200);
    expect(arrow.headers['content-disposition']).toBe('attachment; filename="DHF-recruitment.arrow"');
    const table = tableFromIPC(arrow.rawPayload);
    const fromArrow = (table.toArray() as { toJSON(): Row }[]).map((r) => r.toJSON());
    expect(fromArrow.map((r) => String(r.applicationId)).sort((a, b) => a.localeCompare(b))).toEqual([
      'X1',
      'Y1',
      'Y2',
    ]);

    const parquet = await analyst.post('/o/DHF/data/export', { dataset: 'recruitment', format: 'parquet' });
    const file = path.join(dir, 'recruitment.parquet');
    writeFileSync(file, parquet.rawPayload);
    const fromDuckdb = await duckdbRows(
      `select applicationId, ethnicity, shortlisted, appointed, applicationDate from read_parquet('${file}') order by applicationId`,
    );
    const stored = await currentRecords<RecruitmentRecord>(
      datasetsRepository(t.database.db),
      org.id,
      'recruitment',
    );
    const arrowById = byId(fromArrow, 'applicationId');
    const storedById = byId(stored as unknown as Row[], 'applicationId');
    expect(fromDuckdb.map((r) => r.applicationId)).toEqual(['X1', 'Y1', 'Y2']);
    for (const r of fromDuckdb)
      for (const key of Object.keys(r)) {
        expect(arrowById.get(r.applicationId)![key]).toEqual(r[key]);
        expect(storedById.get(r.applicationId)![key]).toEqual(r[key]);
      }
  });

  it('refuses a wrong choice with a message, and writes nothing to the audit trail then', async () => {
    const analyst = t.agent();
    await analyst.signIn('analyst', DEMO_PASSWORD);
    await analyst.get('/o/DHF/data');
    const audit = auditRepository(t.database.db);
    const before = (await audit.list({ organisationIds: [org.id], action: 'dataset.export', limit: 100 }))
      .events.length;
    const bad = await analyst.post('/o/DHF/data/export', { dataset: 'nonsense', format: 'csv' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Choose a dataset from the list');
    expect(bad.body).toContain('Choose Parquet or Arrow');
    const empty = await analyst.post('/o/DHF/data/export', { dataset: 'cases', format: 'parquet' });
    expect(empty.statusCode).toBe(404);
    expect(empty.body).toContain('No employee-relations cases records are loaded');
    const after = await audit.list({ organisationIds: [org.id], action: 'dataset.export', limit: 100 });
    expect(after.events).toHaveLength(before);
    expect(before).toBeGreaterThan(0);
    expect(after.events[0]).toMatchObject({ actorLabel: 'analyst' });
  });

  it('is refused to a viewer, a care group manager, and without the form token', async () => {
    for (const username of ['viewer', 'caregroup', 'lead']) {
      const agent = t.agent();
      await agent.signIn(username, DEMO_PASSWORD);
      await agent.get('/o/DHF');
      const refused = await agent.post('/o/DHF/data/export', { dataset: 'workforce', format: 'parquet' });
      expect(refused.statusCode).toBe(403);
      expect(refused.rawPayload.subarray(0, 4).toString('latin1')).not.toBe('PAR1');
    }
    const analyst = t.agent();
    await analyst.signIn('analyst', DEMO_PASSWORD);
    const forged = await analyst.post('/o/DHF/data/export', {
      dataset: 'workforce',
      format: 'parquet',
      _csrf: null,
    });
    expect(forged.statusCode).toBe(403);
  });

  describe('parity data export', () => {
    const saved = { ...process.env };
    const out: string[] = [];
    const err: string[] = [];
    const parity = (...args: string[]) => {
      out.length = 0;
      err.length = 0;
      return run(args, (line) => err.push(line));
    };
    beforeAll(() => {
      Object.assign(process.env, {
        PARITY_ENV: 'test',
        DATABASE_URL: t.database.url,
        PARITY_SESSION_SECRET: t.config.sessionSecret,
        PARITY_PSEUDONYMISATION_KEY: t.config.pseudonymisationKey,
      });
      vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
      vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
    });
    afterAll(() => {
      vi.restoreAllMocks();
      process.env = { ...saved };
    });

    it('writes one dataset to a file and every loaded dataset to a folder', async () => {
      const file = path.join(dir, 'cli-workforce.parquet');
      expect(
        await parity(
          'data',
          'export',
          '--org',
          'DHF',
          '--dataset',
          'workforce',
          '--format',
          'parquet',
          '--out',
          file,
        ),
      ).toBe(EXIT.OK);
      expect(out.join('\n')).toContain(`Wrote ${STAFF} workforce snapshot (staff in post) record(s)`);
      const [count] = await duckdbRows(
        `select count(distinct personId)::integer as n, sum(fte) as fte from read_parquet('${file}')`,
      );
      expect(count!.n).toBe(STAFF);
      expect(count!.fte).toBeCloseTo(
        workforce.reduce((sum, w) => sum + (w.fte ?? 0), 0),
        9,
      );

      const folder = path.join(dir, 'all');
      expect(await parity('data', 'export', '--org', 'DHF', '--format', 'arrow', '--out', folder)).toBe(
        EXIT.OK,
      );
      const tables = ['workforce', 'recruitment'].map((d) =>
        tableFromIPC(readFileSync(path.join(folder, `${d}.arrow`))),
      );
      expect(tables.map((x) => x.numRows)).toEqual([STAFF, 3]);
    });

    it('refuses an unknown format, dataset or organisation, writing nothing', async () => {
      const file = path.join(dir, 'never.parquet');
      expect(await parity('data', 'export', '--org', 'DHF', '--format', 'csv', '--out', file)).toBe(
        EXIT.USAGE,
      );
      expect(await parity('data', 'export', '--org', 'DHF', '--dataset', 'x', '--out', file)).toBe(
        EXIT.USAGE,
      );
      expect(await parity('data', 'export', '--org', 'NOPE', '--dataset', 'workforce', '--out', file)).toBe(
        EXIT.BAD_INPUT,
      );
      expect(err.join('\n')).toContain('No organisation has ODS code NOPE');
      expect(() => readFileSync(file)).toThrow();
    });
  });
});
