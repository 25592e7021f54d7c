import { InvalidArgumentError, type Command } from 'commander';
import {
  describePeriodProblem,
  publishYearly,
  shortTitleOf,
  toPublication,
  type PartLookup,
  windowText,
  type IndicatorResults,
  type PublishedIndicator,
  type PublishedYears,
} from '../../engine/index.js';
import { normaliseOdsCode } from '../../features/organisations/organisation.js';
import { organisationsRepository } from '../../features/organisations/organisations.repository.js';
import { invalidInput, notFound } from '../../shared/errors.js';
import { indicatorsService } from '../../features/indicators/indicators.service.js';
import { systemClock } from '../../shared/clock.js';
import { readConfig, withDatabase, type GlobalOptions } from '../context.js';
import { integerOption, YEAR_HELP } from './options.js';

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

/** What each rolling-window figure covers, by "ID" (one-part indicator) or "ID.part". */
function windowsOf(results: IndicatorResults): Record<string, string> {
  const out: Record<string, string> = {};
  for (const ind of [...results.indicators, ...results.local])
    for (const part of ind.parts)
      if (part.metric.window)
        out[ind.parts.length > 1 ? `${ind.id}.${part.key}` : ind.id] = windowText(part.metric);
  return out;
}

/** Each year's counts and ratio behind every mean of yearly ratios, by "ID" or "ID.part". */
function yearlyOf(
  results: IndicatorResults,
  suppress: boolean,
  lookup: PartLookup | null,
): Record<string, PublishedYears['years']> {
  const out: Record<string, PublishedYears['years']> = {};
  for (const ind of [...results.indicators, ...results.local])
    for (const y of publishYearly(ind, results, { suppress, lookup }))
      out[ind.parts.length > 1 ? `${ind.id}.${y.part}` : ind.id] = y.years;
  return out;
}

function printTable(
  published: PublishedIndicator[],
  results: IndicatorResults,
  suppress: boolean,
  lookup: PartLookup | null,
  out: (l: string) => void,
): void {
  const windows = windowsOf(results);
  const yearly = yearlyOf(results, suppress, lookup);
  const printRows = (t: PublishedIndicator['parts'][number]['tables'][number], indent: string) => {
    out(`${indent}${t.title}`);
    for (const l of textTable(
      ['', ...t.columns],
      t.rows.map((r) => [r.label, ...r.cells.map((c) => c.text)]),
    ))
      out(`${indent}  ${l}`);
  };
  for (const ind of published) {
    // The one short title every output gives the indicator, then the national wording it measures.
    const name = shortTitleOf(ind);
    out(`\n${ind.id}: ${name}`);
    if (name !== ind.title) out(`  ${ind.title}`);
    for (const note of ind.notes.filter((n) => n !== '')) out(`  ${note}`);
    for (const part of ind.parts) {
      if (ind.parts.length > 1) out(`  [${part.label}]`);
      const key = ind.parts.length > 1 ? `${ind.id}.${part.key}` : ind.id;
      if (windows[key]) out(`  Window: ${windows[key]}`);
      for (const h of part.headline)
        out(`  ${h.label}: ${h.text}${h.notes.length ? ` (${h.notes.join('; ')})` : ''}`);
      const years = yearly[key];
      for (const t of part.tables)
        printRows(
          years
            ? {
                ...t,
                title: `${t.title} (the years added together; the figure is the mean of the yearly ratios)`,
              }
            : t,
          '  ',
        );
      if (years) {
        out('  Each year, whose ratios the figure is the mean of:');
        for (const y of years) {
          out(`    ${y.label}: relative likelihood ${y.ratio}`);
          printRows(y.table, '    ');
        }
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
    .option('--year <yyyy>', `${YEAR_HELP}; default the latest loaded`, integerOption('year', 2000, 2100))
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
        await withDatabase(config, async ({ database, out }) => {
          const indicators = indicatorsService({ db: database.db, clock: systemClock });
          const org = await organisationsRepository(database.db).findByOds(normaliseOdsCode(o.org));
          if (!org) throw notFound(`No organisation has ODS code ${normaliseOdsCode(o.org)}`);
          const named = `${org.name} (${org.odsCode})${o.careGroup ? `, ${o.careGroup}` : ''}`;
          // Without --year: the latest year with a snapshot.
          const year = o.year ?? (await indicators.years(org))[0];
          if (year === undefined)
            throw invalidInput(
              `${named} has nothing to compute. No staff-in-post snapshot is loaded yet (see parity import).`,
            );
          const results = await indicators.compute(org, year, o.careGroup ? [o.careGroup] : 'all');
          // A year without its own staff-in-post snapshot is refused: its figures would be empty or made of
          // another year's data.
          if (results.periodProblem && o.careGroup && results.periodProblem.snapshotYears.length === 0) {
            // The organisation has snapshots, but nobody in post in this part of it.
            const loaded = await indicators.years(org);
            if (loaded.includes(year))
              throw invalidInput(
                `${org.name} (${org.odsCode}) has nobody in post in "${o.careGroup}" at 31 March ${year}.`,
                [{ field: '--care-group', message: 'name a care group as the organisation’s units name it' }],
              );
          }
          if (results.periodProblem)
            throw invalidInput(describePeriodProblem(results.periodProblem, named), [
              {
                field: '--year',
                message:
                  results.periodProblem.snapshotYears.length > 0
                    ? `choose ${results.periodProblem.snapshotYears.join(', ')}`
                    : 'load a staff-in-post snapshot at 31 March first (parity import)',
              },
            ]);
          const wanted = o.indicator?.map((i) => i.toUpperCase());
          const filtered = {
            ...results,
            indicators: results.indicators.filter((i) => !wanted || wanted.includes(i.id.toUpperCase())),
            local: results.local.filter((i) => !wanted || wanted.includes(i.id.toUpperCase())),
          };
          const suppress = o.published === true;
          if (o.format === 'json' && !suppress) {
            out(JSON.stringify(filtered, null, 2));
            return;
          }
          // The publication view reads its counts from the organisation's disclosure ledger, the one every
          // page shares, so the command line can be combined with the pages to no more effect than they can.
          const lookup = suppress
            ? await (
                await import('../../features/dashboard/dashboard.service.js')
              )
                .dashboardService({ db: database.db, clock: systemClock, indicators })
                .publicationLookup(org, year, o.careGroup ? [o.careGroup] : 'all')
            : null;
          const published = toPublication(filtered, { suppress, lookup });
          if (o.format === 'json') {
            // The publication view only: display text through the disclosure rule, never the counts.
            out(
              JSON.stringify(
                {
                  view: 'publication',
                  engineVersion: results.engineVersion,
                  organisation: { code: org.odsCode, name: org.name },
                  careGroup: o.careGroup ?? null,
                  year: results.year,
                  period: results.period,
                  settings: results.settings,
                  windows: windowsOf(filtered),
                  indicators: published,
                  yearly: yearlyOf(filtered, true, lookup),
                },
                null,
                2,
              ),
            );
          } else if (o.format === 'csv') printCsv(published, out);
          else {
            out(
              `${org.name} (${org.odsCode}), WRES/WDES ${year}: workforce at ${results.period.snapshotDate}, ${results.period.processPeriod.start} to ${results.period.processPeriod.end}, staff survey ${results.period.surveyYear}${o.careGroup ? `; ${o.careGroup} only` : ''}${o.published ? '; publication view' : ''}`,
            );
            printTable(published, filtered, suppress, lookup, out);
          }
        });
      },
    );
}
