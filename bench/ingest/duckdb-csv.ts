// Child: DuckDB loads the same CSV into a table with read_csv (type detection, all columns).
import { DuckDBInstance } from '@duckdb/node-api';
import { report } from '../support/measure.js';

const file = process.argv[2]!;
const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
const started = performance.now();
await connection.run(
  `create table workforce as select * from read_csv('${file.replace(/'/g, "''")}', header = true)`,
);
const seconds = (performance.now() - started) / 1000;
const count = await connection.runAndReadAll('select count(*) as n from workforce');
report({ seconds, rows: Number(count.getRowObjects()[0]!.n) });
