import { InvalidArgumentError, type Command } from 'commander';
import { toPublication, type PublishedIndicator } from '../../engine/index.js';
import { normaliseOdsCode } from '../../features/organisations/organisation.js';
import { organisationsRepository } from '../../features/organisations/organisations.repository.js';
import { notFound } from '../../shared/errors.js';
import { readConfig, withContext, type GlobalOptions } from '../context.js';
import { integerOption } from './options.js';

type Format = 'table' | 'json' | 'csv';

function formatOption(value: string): Format {
  if (value !== 'table' && value !== 'json' && value !== 'csv')
    throw new InvalidArgumentError('format must be table, json or csv.');
  return value;
}

const csvCell = (v: string): string =>
  /[",\n\r]/.test(v) || /^[=+\-@\t\r]/.test(v)
    ? `"${(/^[=+\-@\t\r]/.test(v) ? `'${v}` : v).replace(/"/g, '""')}"`
    : v;

/** Plain-text tables: columns padded to their widest cell. */
function textTable(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

function printTable(published: PublishedIndicator[], out: (l: string) => void): void {
  for (const ind of published) {
    out(`\n${ind.id}: ${ind.title}`);
    for (const note of ind.notes.filter((n) => n !== '')) out(`  ${note}`);
    for (const part of ind.parts) {
      if (ind.parts.length > 1) out(`  [${part.label}]`);
      for (const h of part.headline)
        out(`  ${h.label}: ${h.text}${h.notes.length ? ` (${h.notes.join('; ')})` : ''}`);
      for (const t of part.tables) {
        out(`  ${t.title}`);
        for (const l of textTable(
          ['', ...t.columns],
          t.rows.map((r) => [r.label, ...r.cells.map((c) => c.text)]),
        ))
          out(`    ${l}`);
      }
    }
  }
}

function printCsv(published: PublishedIndicator[], out: (l: string) => void): void {
  out('indicator,part,table,row,column,value');
  for (const ind of published)
    for (const part of ind.parts) {
      for (const h of part.headline)
        out([ind.id, part.key, 'headline', h.label, '', h.text].map(csvCell).join(','));
      for (const t of part.tables)
        for (const r of t.rows)
          r.cells.forEach((c, i) =>
            out([ind.id, part.key, t.title, r.label, t.columns[i] ?? '', c.text].map(csvCell).join(',')),
          );
    }
}

export function registerCompute(program: Command): void {
  program
    .command('compute')
    .description(
      'Compute WRES, WDES, pay gaps and local metrics for an organisation and year from the loaded data.',
    )
    .requiredOption('--org <ods>', 'the organisation’s ODS code')
    .option(
      '--year <yyyy>',
      'the WRES/WDES year (snapshot at 31 March of it); default the latest loaded',
      integerOption('year', 2000, 2100),
    )
    .option('--format <format>', 'table, json or csv', formatOption, 'table')
    .option('--indicator <id...>', 'only these indicators, e.g. WRES2 WDES3')
    .option('--care-group <path>', 'only this part of the organisation, e.g. "Medicine and Emergency Care"')
    .option('--published', 'the publication view: small numbers suppressed (default: every count)')
    .action(
      async (
        o: {
          org: string;
          year?: number;
          format: Format;
          indicator?: string[];
          careGroup?: string;
          published?: boolean;
        },
        command: Command,
      ) => {
        const config = readConfig(command.optsWithGlobals<GlobalOptions>());
        await withContext(config, async ({ database, services, out }) => {
          const org = await organisationsRepository(database.db).findByOds(normaliseOdsCode(o.org));
          if (!org) throw notFound(`No organisation has ODS code ${normaliseOdsCode(o.org)}`);
          const year = o.year ?? (await services.indicators.years(org))[0];
          if (!year)
            throw notFound(
              `${org.name} has no staff-in-post snapshot at 31 March loaded yet (see parity import)`,
            );
          const results = await services.indicators.compute(org, year, o.careGroup ? [o.careGroup] : 'all');
          const wanted = o.indicator?.map((i) => i.toUpperCase());
          const filtered = {
            ...results,
            indicators: results.indicators.filter((i) => !wanted || wanted.includes(i.id.toUpperCase())),
            local: results.local.filter((i) => !wanted || wanted.includes(i.id.toUpperCase())),
          };
          if (o.format === 'json') {
            out(JSON.stringify(filtered, null, 2));
            return;
          }
          const published = toPublication(filtered, { suppress: o.published === true });
          if (o.format === 'csv') printCsv(published, out);
          else {
            out(
              `${org.name} (${org.odsCode}), WRES/WDES ${year}: workforce at ${results.period.snapshotDate}, ${results.period.processPeriod.start} to ${results.period.processPeriod.end}, staff survey ${results.period.surveyYear}${o.careGroup ? `; ${o.careGroup} only` : ''}${o.published ? '; publication view' : ''}`,
            );
            printTable(published, out);
          }
        });
      },
    );
}
