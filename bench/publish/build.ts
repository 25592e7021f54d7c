/**
 * One bench:publish contender, in its own process: opens the database, then builds one output of a trust
 * from scratch and writes it, as a person's first download after an import (nothing computed yet in this
 * process: the indicators, the disclosure ledger and the charts are part of the time). The time is taken
 * around the work only, after the modules are loaded and the database is open.
 *
 * Usage: build.ts <database url> <ODS code> <output> <folder>, where output is report-html, report-docx,
 * report-pdf, pack-html, pack-docx, pack-pdf, return-xlsx, or report-all (the report's model built once,
 * then rendered in each format, for the render-only times).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { organisationsRepository } from '../../src/features/organisations/organisations.repository.js';
import type { PublicationDocument } from '../../src/features/publication/document.js';
import {
  fileName,
  FORMATS,
  makePack,
  makeReport,
  render,
  type Format,
} from '../../src/features/publication/publication.js';
import { returnInput } from '../../src/features/publication/return/return.js';
import { buildReturn } from '../../src/features/publication/return/workbook.js';
import { report } from '../support/measure.js';
import { openServices, QUARTER, YEAR } from './database.js';

const [url, odsCode, output, dir] = process.argv.slice(2) as [string, string, string, string];
const { handle, services } = await openServices(url);
try {
  const org = await organisationsRepository(handle.db).findByOds(odsCode);
  if (!org) throw new Error(`no organisation ${odsCode} in ${url}`);
  const seconds = (from: number, to: number) => (to - from) / 1000;
  /** CPU time of the process (every thread: collector, chart drawing on the thread pool) since `from`. */
  const cpuSince = (from: NodeJS.CpuUsage) => {
    const used = process.cpuUsage(from);
    return (used.user + used.system) / 1e6;
  };
  const cpu = process.cpuUsage();
  const write = (name: string, body: Buffer) => {
    const file = path.join(dir, name);
    writeFileSync(file, body);
    return file;
  };

  if (output === 'report-all') {
    const started = performance.now();
    const doc = await makeReport(services, org, YEAR, 'publication');
    const built = performance.now();
    const renders: Record<string, number> = {};
    const bytes: Record<string, number> = {};
    for (const format of FORMATS) {
      const from = performance.now();
      const body = await render(doc, format);
      renders[format] = seconds(from, performance.now());
      bytes[format] = body.length;
    }
    report({
      seconds: seconds(started, performance.now()),
      cpuSeconds: cpuSince(cpu),
      buildSeconds: seconds(started, built),
      renderSeconds: renders,
      bytes,
    });
  } else if (output === 'return-xlsx') {
    // The national return in its download's default view: every count, for NHS England.
    const started = performance.now();
    const input = await returnInput(services, org, YEAR, 'full');
    const built = performance.now();
    const body = await buildReturn(input);
    const rendered = performance.now();
    const cpuSeconds = cpuSince(cpu);
    const file = write(`${org.odsCode}-WRES-WDES-return-${YEAR}.xlsx`, body);
    report({
      seconds: seconds(started, rendered),
      cpuSeconds,
      buildSeconds: seconds(started, built),
      renderSeconds: seconds(built, rendered),
      bytes: body.length,
      file,
    });
  } else {
    const [kind, format] = output.split('-') as ['report' | 'pack', Format];
    if (!['report', 'pack'].includes(kind) || !(FORMATS as readonly string[]).includes(format))
      throw new Error(`unknown output ${output}`);
    const started = performance.now();
    const doc: PublicationDocument =
      kind === 'report'
        ? await makeReport(services, org, YEAR, 'publication')
        : await makePack(services, org, {
            year: YEAR,
            quarter: QUARTER,
            careGroup: null,
            view: 'publication',
          });
    const built = performance.now();
    const body = await render(doc, format);
    const rendered = performance.now();
    const cpuSeconds = cpuSince(cpu);
    const file = write(fileName(doc, format), body);
    report({
      seconds: seconds(started, rendered),
      cpuSeconds,
      buildSeconds: seconds(started, built),
      renderSeconds: seconds(built, rendered),
      bytes: body.length,
      file,
    });
  }
} finally {
  await handle.close();
}
