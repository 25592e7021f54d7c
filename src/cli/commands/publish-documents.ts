/**
 * `parity publish report` and `parity publish pack`: the annual WRES/WDES report and the quarterly pack as
 * HTML, DOCX or PDF, made exactly as the web makes them (features/publication). The command line acts for
 * the installation: the publication view unless `--full-counts` is given, and then every page says the
 * document is not for publication.
 */
import { writeFileSync } from 'node:fs';
import { InvalidArgumentError, type Command } from 'commander';
import type { QuarterNumber } from '../../engine/index.js';
import { normaliseOdsCode } from '../../features/organisations/organisation.js';
import { organisationsRepository } from '../../features/organisations/organisations.repository.js';
import {
  FORMATS,
  isFormat,
  makePack,
  makeReport,
  render,
  type Format,
} from '../../features/publication/publication.js';
import { notFound } from '../../shared/errors.js';
import { readConfig, withContext, type GlobalOptions } from '../context.js';
import { integerOption, YEAR_HELP } from './options.js';

function formatOption(value: string): Format {
  if (!isFormat(value)) throw new InvalidArgumentError(`format must be ${FORMATS.join(', ')}.`);
  return value;
}

function quarterOption(value: string): QuarterNumber {
  const m = /^Q?([1-4])$/i.exec(value.trim());
  if (!m) throw new InvalidArgumentError('quarter must be Q1, Q2, Q3 or Q4.');
  return Number(m[1]) as QuarterNumber;
}

interface Common {
  org: string;
  year: number;
  format: Format;
  out: string;
  fullCounts?: boolean;
}

export function registerPublishDocuments(publish: Command): void {
  publish
    .command('report')
    .description(
      'Write the annual WRES and WDES report (figures, previous years, narratives, the plan, the method).',
    )
    .requiredOption('--org <ods>', 'the organisation’s ODS code')
    .requiredOption('--year <yyyy>', YEAR_HELP, integerOption('year', 2000, 2100))
    .option('--format <format>', FORMATS.join(', '), formatOption, 'pdf')
    .requiredOption('--out <file>', 'the file to write')
    .option(
      '--full-counts',
      'every count exactly, marked not for publication (default: the publication view)',
    )
    .action(async (o: Common, command: Command) => {
      const config = readConfig(command.optsWithGlobals<GlobalOptions>());
      await withContext(config, async ({ database, services, out }) => {
        const org = await organisationsRepository(database.db).findByOds(normaliseOdsCode(o.org));
        if (!org) throw notFound(`No organisation has ODS code ${normaliseOdsCode(o.org)}`);
        const doc = await makeReport(services, org, o.year, o.fullCounts ? 'full' : 'publication');
        const body = await render(doc, o.format);
        writeFileSync(o.out, body);
        out(
          `Wrote ${doc.title} for ${org.name} (${doc.view === 'full' ? 'full counts, not for publication' : 'publication view'}) to ${o.out}: ${body.length} bytes.`,
        );
      });
    });

  publish
    .command('pack')
    .description(
      'Write the quarterly pack for the People Group or EDI Steering Group, or for one care group.',
    )
    .requiredOption('--org <ods>', 'the organisation’s ODS code')
    .requiredOption('--year <yyyy>', YEAR_HELP, integerOption('year', 2000, 2100))
    .requiredOption(
      '--quarter <Qn>',
      'Q1 (April to June) to Q4 (January to March) of the plan’s financial year',
      quarterOption,
    )
    .option('--care-group <path>', 'only this care group, e.g. "Surgery and Anaesthetics"')
    .option('--format <format>', FORMATS.join(', '), formatOption, 'pdf')
    .requiredOption('--out <file>', 'the file to write')
    .option(
      '--full-counts',
      'every count exactly, marked not for publication (default: the publication view)',
    )
    .action(async (o: Common & { quarter: QuarterNumber; careGroup?: string }, command: Command) => {
      const config = readConfig(command.optsWithGlobals<GlobalOptions>());
      await withContext(config, async ({ database, services, out }) => {
        const org = await organisationsRepository(database.db).findByOds(normaliseOdsCode(o.org));
        if (!org) throw notFound(`No organisation has ODS code ${normaliseOdsCode(o.org)}`);
        const doc = await makePack(services, org, {
          year: o.year,
          quarter: o.quarter,
          careGroup: o.careGroup ?? null,
          view: o.fullCounts ? 'full' : 'publication',
        });
        const body = await render(doc, o.format);
        writeFileSync(o.out, body);
        out(`Wrote ${doc.title} for ${doc.subtitle} to ${o.out}: ${body.length} bytes.`);
      });
    });
}
