/**
 * Child: the same figures as SQL in DuckDB (in memory, every core). The canonical records are loaded from
 * the Parquet cache into tables (timed on its own), then every query runs and its rows are read into
 * JavaScript (timed: the computation). Arguments: the ODS code of the trust timed on its own; optionally a
 * file to write the figures to (for the cross-check).
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { parquetPath } from '../support/canonical.js';
import { report } from '../support/measure.js';
import { TABLE_NAMES, type TableName } from '../support/tables.js';
import { writeFigures, type Figures } from './figures.js';
import {
  collect,
  macros,
  SHARED,
  tableNames,
  value,
  type Row,
  type SqlQuery,
  type Tables,
} from './sql-common.js';
import { LIKELIHOOD_QUERIES } from './sql-likelihood.js';
import { PAY_QUERIES } from './sql-pay.js';
import { WORKFORCE_QUERIES } from './sql-workforce.js';

const [singleTrust, figuresFile] = process.argv.slice(2) as [string, string | undefined];
const QUERIES: SqlQuery[] = [...WORKFORCE_QUERIES, ...LIKELIHOOD_QUERIES, ...PAY_QUERIES];
const REPEATS = 5;

const rowsOf = async (connection: DuckDBConnection, sql: string): Promise<Row[]> =>
  (await connection.runAndReadAll(sql)).getRowObjectsJS();

async function compute(
  connection: DuckDBConnection,
  tables: Tables,
): Promise<{ seconds: number; rows: Row[][] }> {
  const started = performance.now();
  const rows: Row[][] = [];
  for (const make of SHARED) await connection.run(make(tables));
  for (const q of QUERIES) rows.push(await rowsOf(connection, q.sql(tables)));
  return { seconds: (performance.now() - started) / 1000, rows };
}

const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();

const started = performance.now();
for (const table of TABLE_NAMES)
  await connection.run(`create table ${table} as select * from read_parquet('${parquetPath(table)}')`);
const loadSeconds = (performance.now() - started) / 1000;

// What the engine does that the SQL takes as given: one record per person (or id) in each period.
const unique: [TableName, string][] = [
  ['workforce', 'trust, snapshotDate, personId'],
  ['pay', 'trust, snapshotDate, personId'],
  ['recruitment', 'trust, applicationId'],
  ['cases', 'trust, caseId'],
  ['learning', 'trust, recordId'],
  ['board', 'trust, snapshotDate, memberId'],
];
for (const [table, key] of unique) {
  const [dup] = await rowsOf(connection, `select count(*) - count(distinct (${key})) as n from ${table}`);
  const n = value(dup!.n);
  if (n !== 0) throw new Error(`${table} has ${n} records with the same ${key}`);
}
for (const sql of macros()) await connection.run(sql);

const all = tableNames('');
const run = await compute(connection, all);
const figures: Figures = new Map();
if (figuresFile) {
  run.rows.forEach((rows, i) => collect(QUERIES[i]!, rows, figures));
  writeFigures(figuresFile, figures);
}

// One trust: the same queries on copies of its records.
const one = tableNames('one_');
for (const table of TABLE_NAMES)
  await connection.run(`create table ${one[table]} as select * from ${table} where trust = '${singleTrust}'`);
const repeats: number[] = [];
for (let i = 0; i < REPEATS; i++) repeats.push((await compute(connection, one)).seconds);
repeats.sort((a, b) => a - b);

const counts = await rowsOf(
  connection,
  `select ${TABLE_NAMES.map((t) => `(select count(*) from ${t}) as ${t}`).join(', ')}`,
);
const [threads] = await rowsOf(connection, `select current_setting('threads') as n`);
connection.closeSync();
report({
  seconds: run.seconds,
  loadSeconds,
  threads: value(threads!.n),
  queries: QUERIES.length,
  resultRows: run.rows.reduce((n, r) => n + r.length, 0),
  records: Object.values(counts[0]!).reduce<number>((n, v) => n + Number(v), 0),
  singleTrustMedian: repeats[Math.floor(REPEATS / 2)]!,
  figures: figures.size,
});
