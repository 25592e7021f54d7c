/**
 * `parity publish`: what a trust hands over. `return` writes the NHS England WRES and WDES data return as
 * XLSX in the layout of the collection year, and with `--compare` lists every figure of NHS England's
 * pre-populated file that differs from Parity's. Differences are findings, not failures: the command exits
 * 0 and says how many figures differ; a file that cannot be read is bad input (exit 3).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { normaliseOdsCode } from '../../features/organisations/organisation.js';
import { organisationsRepository } from '../../features/organisations/organisations.repository.js';
import type { CellValue } from '../../features/publication/return/compare.js';
import { returnInput } from '../../features/publication/return/return.js';
import { invalidInput, notFound } from '../../shared/errors.js';
import { readConfig, withContext, type GlobalOptions } from '../context.js';
import { integerOption, YEAR_HELP } from './options.js';

/** Plain-text table: columns padded to their widest cell; a long cell keeps its start and its end. */
function textTable(header: string[], rows: string[][]): string[] {
  const clip = (s: string) => (s.length > 80 ? `${s.slice(0, 50)}…${s.slice(-29)}` : s);
  const cells = [header, ...rows].map((r) => r.map(clip));
  const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(cells[0]!), line(widths.map((w) => '-'.repeat(w))), ...cells.slice(1).map(line)];
}

const shown = (v: CellValue): string => (v === null ? '(empty)' : String(v));

function readPrefilled(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    throw invalidInput(`Parity could not read ${file}`, [
      { field: '--compare', message: (error as NodeJS.ErrnoException).code ?? String(error) },
    ]);
  }
}

export function registerPublish(program: Command): Command {
  const publish = program
    .command('publish')
    .description('Make what a trust hands over: the national return, the annual report, the quarterly pack.');

  publish
    .command('return')
    .description(
      'Write the NHS England WRES and WDES data return (XLSX) in the collection’s layout; with --compare, list the figures of NHS England’s pre-populated file that differ from Parity’s.',
    )
    .requiredOption('--org <ods>', 'the organisation’s ODS code')
    .requiredOption('--year <yyyy>', YEAR_HELP, integerOption('year', 2000, 2100))
    .option('--out <file>', 'the .xlsx file to write (default: ODS-WRES-WDES-return-YEAR.xlsx here)')
    .option(
      '--published',
      'the publication view: small numbers withheld (default: every count, for NHS England only)',
    )
    .option('--compare <file>', 'NHS England’s pre-populated return (.xlsx) to compare with')
    .action(
      async (
        o: { org: string; year: number; out?: string; published?: boolean; compare?: string },
        command: Command,
      ) => {
        const prefilled = o.compare === undefined ? null : readPrefilled(o.compare);
        const config = readConfig(command.optsWithGlobals<GlobalOptions>());
        await withContext(config, async ({ database, services, out }) => {
          const ods = normaliseOdsCode(o.org);
          const org = await organisationsRepository(database.db).findByOds(ods);
          if (!org) throw notFound(`No organisation has ODS code ${ods} (see 'parity org list')`);
          // The command line acts for the installation: every count, as an administrator sees them, unless
          // --published asks for the view everyone else sees.
          const view = o.published ? 'publication' : 'full';
          const input = await returnInput(services, org, o.year, view);
          // The spreadsheet library loads here, not with every command.
          const [{ buildReturn }, { compareReturnReport }] = await Promise.all([
            import('../../features/publication/return/workbook.js'),
            import('../../features/publication/return/compare.js'),
          ]);
          if (o.out !== undefined || prefilled === null) {
            const file =
              o.out ??
              path.join(
                process.cwd(),
                `${org.odsCode}-WRES-WDES-return-${o.year}${o.published ? '-publication-view' : ''}.xlsx`,
              );
            writeFileSync(file, await buildReturn(input));
            out(
              `Wrote the ${o.year} WRES and WDES return of ${org.name} (${org.odsCode}), ${o.published ? 'publication view' : 'full counts, for NHS England only'}, to ${file}.`,
            );
          }
          if (prefilled !== null && o.compare !== undefined) {
            const { differences, emptyTables } = await compareReturnReport(
              prefilled,
              input,
              path.basename(o.compare),
            );
            if (differences.length > 0)
              for (const l of textTable(
                ['Sheet', 'Cell', 'Figure', 'Theirs', 'Parity'],
                differences.map((d) => [d.sheet, d.cell, d.figure, shown(d.theirs), shown(d.ours)]),
              ))
                out(l);
            if (emptyTables.length > 0)
              out(
                `Left empty in ${path.basename(o.compare)} (for the trust to fill in): ${emptyTables.join('; ')}.`,
              );
            out(
              differences.length === 0
                ? `No figure differs between ${path.basename(o.compare)} and Parity.`
                : `${differences.length} figure${differences.length === 1 ? '' : 's'} differ${differences.length === 1 ? 's' : ''} between ${path.basename(o.compare)} and Parity.`,
            );
          }
        });
      },
    );
  return publish;
}
