// Child: ExcelJS's streaming reader reads every cell of the same workbook (the usual way to read XLSX in Node).
import ExcelJS from 'exceljs';
import { report } from '../support/measure.js';

const file = process.argv[2]!;
const started = performance.now();
let rows = 0;
let cells = 0;
const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
  sharedStrings: 'cache',
  styles: 'cache',
  worksheets: 'emit',
});
for await (const sheet of reader) {
  for await (const row of sheet) {
    rows++;
    row.eachCell(() => cells++);
  }
  break;
}
report({ seconds: (performance.now() - started) / 1000, rows, cells });
