/**
 * An organisation's current records as a file for analysts' own tools: Apache Parquet (DuckDB, R arrow,
 * pandas, Power BI) or Apache Arrow IPC, the file format also known as Feather 2. The records are those
 * Parity computes from, as stored: staff numbers are already replaced by their keyed pseudonyms, nothing
 * else is added. Unit paths are lists of texts; other structured values (survey answers) JSON text.
 * Loaded only when a file is made (the Parquet writer is not needed to start Parity).
 */
import { tableToIPC } from 'apache-arrow';
import { parquetWriteBuffer } from 'hyparquet-writer';
import type { BasicType, ColumnSource } from 'hyparquet-writer';
import { columnShapes, exportTable } from './columnar.js';
import type { ExportFormat } from './export-formats.js';

type SchemaElement = NonNullable<Parameters<typeof parquetWriteBuffer>[0]['schema']>[number];

const PARQUET_TYPE: Readonly<Record<'text' | 'number' | 'flag' | 'json', BasicType>> = {
  text: 'STRING',
  number: 'DOUBLE',
  flag: 'BOOLEAN',
  json: 'JSON',
};

function parquet(records: readonly unknown[]): Uint8Array {
  const rows = records as readonly Record<string, unknown>[];
  const shapes = columnShapes(records);
  const schema: SchemaElement[] = [{ name: 'root', num_children: shapes.length }];
  const columnData: ColumnSource[] = [];
  for (const shape of shapes) {
    const values = rows.map((r) => r[shape.name] ?? null);
    if (shape.textList) {
      // The three-level LIST every Parquet reader knows.
      schema.push(
        { name: shape.name, repetition_type: 'OPTIONAL', num_children: 1, converted_type: 'LIST' },
        { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
        { name: 'element', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
      );
      columnData.push({ name: shape.name, data: values });
      continue;
    }
    const type = PARQUET_TYPE[shape.kind];
    schema.push(
      type === 'STRING' || type === 'JSON'
        ? {
            name: shape.name,
            type: 'BYTE_ARRAY',
            converted_type: type === 'STRING' ? 'UTF8' : 'JSON',
            repetition_type: 'OPTIONAL',
          }
        : { name: shape.name, type: type === 'DOUBLE' ? 'DOUBLE' : 'BOOLEAN', repetition_type: 'OPTIONAL' },
    );
    columnData.push({
      name: shape.name,
      data: type === 'JSON' ? values.map((v) => (v === null ? null : JSON.stringify(v))) : values,
    });
  }
  return new Uint8Array(parquetWriteBuffer({ columnData, schema, createdBy: 'Parity' }));
}

/** The records as a file of the format. */
export function recordsFile(records: readonly unknown[], format: ExportFormat): Uint8Array {
  return format === 'parquet' ? parquet(records) : tableToIPC(exportTable(records), 'file');
}
