/**
 * The canonical records as DuckDB tables: one table per engine dataset, every field of the record type
 * (engine `RECORD_FIELDS`) plus the trust's ODS code, with the column types the records carry.
 */
import { RECORD_FIELDS, type DatasetName } from '../../src/engine/index.js';

export const TABLE_NAMES = ['workforce', 'recruitment', 'cases', 'learning', 'pay', 'board'] as const;
export type TableName = (typeof TABLE_NAMES)[number] & DatasetName;

export type ColumnType = 'VARCHAR' | 'VARCHAR[]' | 'BOOLEAN' | 'DOUBLE' | 'INTEGER';

const TYPES: Readonly<Record<string, ColumnType>> = {
  unitPath: 'VARCHAR[]',
  bankOnly: 'BOOLEAN',
  shortlisted: 'BOOLEAN',
  appointed: 'BOOLEAN',
  internal: 'BOOLEAN',
  international: 'BOOLEAN',
  formal: 'BOOLEAN',
  fullPayRelevant: 'BOOLEAN',
  voting: 'BOOLEAN',
  executive: 'BOOLEAN',
  fte: 'DOUBLE',
  age: 'DOUBLE',
  ordinaryPay: 'DOUBLE',
  periodDays: 'DOUBLE',
  weeklyHours: 'DOUBLE',
  bonusInPeriod: 'DOUBLE',
  bonus12Months: 'DOUBLE',
  assignments: 'INTEGER',
};

/** The columns of a table, in order: trust, then the record's fields. */
export function columnsOf(table: TableName): [string, ColumnType][] {
  return [
    ['trust', 'VARCHAR'],
    ...RECORD_FIELDS[table].map((f): [string, ColumnType] => [f, TYPES[f] ?? 'VARCHAR']),
  ];
}

/** Whether every key of a record is a column of its table (so DuckDB gets the whole record). */
export function unknownKeys(table: TableName, record: object): string[] {
  const known = new Set(RECORD_FIELDS[table]);
  return Object.keys(record).filter((k) => !known.has(k));
}
