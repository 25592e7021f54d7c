import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { normaliseOdsCode } from '../../features/organisations/organisation.js';
import { organisationsRepository } from '../../features/organisations/organisations.repository.js';
import { resolveSettings, type EngineSettings } from '../../engine/index.js';
import { parseIsoDate } from '../../engine/periods.js';
import { fileDeclaration } from '../../features/dashboard/declaration.js';
import { describeIssue } from '../../ingest/issues.js';
import type { CheckedFile } from '../../features/datasets/datasets.service.js';
import { DATASET_IDS, DATASETS, type DatasetId } from '../../ingest/schemas/index.js';
import { invalidInput, notFound } from '../../shared/errors.js';
import type { Db } from '../../storage/database.js';
import { readConfig, withContext, type GlobalOptions } from '../context.js';
import { InvalidArgumentError } from 'commander';

async function organisationByOds(db: Db, ods: string) {
  const org = await organisationsRepository(db).findByOds(normaliseOdsCode(ods));
  if (!org) throw notFound(`No organisation has ODS code ${normaliseOdsCode(ods)} (see 'parity org list')`);
  return org;
}

function datasetOption(value: string): DatasetId {
  if (!(DATASET_IDS as readonly string[]).includes(value))
    throw new InvalidArgumentError(`dataset must be one of ${DATASET_IDS.join(', ')}.`);
  return value as DatasetId;
}

function dateOption(value: string): string {
  if (!parseIsoDate(value)) throw new InvalidArgumentError('give the date as YYYY-MM-DD, e.g. 2024-03-31.');
  return value;
}

/** A one-line progress bar on stderr, only when a person is watching. */
function progressBar(label: string): ((read: number, total: number) => void) | undefined {
  if (!process.stderr.isTTY) return undefined;
  let last = -1;
  return (read, total) => {
    const pct = total > 0 ? Math.floor((read / total) * 100) : 100;
    if (pct === last) return;
    last = pct;
    const width = 30;
    const filled = Math.round((pct / 100) * width);
    process.stderr.write(
      `\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${pct}%${pct === 100 ? '\n' : ''}`,
    );
  };
}

function printResult(r: CheckedFile, out: (line: string) => void, settings: EngineSettings): void {
  out(`\n${r.file.name}: ${r.dataset ? DATASETS[r.dataset].title : 'dataset not recognised'}`);
  out(
    `  ${r.file.kind?.toUpperCase() ?? 'file'}${r.file.sheet ? `, sheet ${r.file.sheet}` : ''}${r.file.encoding ? `, ${r.file.encoding}` : ''}${r.file.delimiter ? `, delimiter ${JSON.stringify(r.file.delimiter)}` : ''}, ${r.file.sizeBytes} bytes`,
  );
  if (r.header)
    out(
      `  Header on row ${r.header.line}${r.mapping?.preset ? `, recognised as: ${r.mapping.preset.title}` : ''}`,
    );
  if (r.asAtDate) out(`  Snapshot date: ${r.asAtDate}`);
  if (r.period) out(`  Dates from ${r.period.start} to ${r.period.end}`);
  if (r.mapping) {
    out('  Columns:');
    for (const c of r.mapping.columns) out(`    ${c.header.padEnd(32)} -> ${c.label} (${c.via})`);
    for (const u of r.mapping.unused) out(`    ${u.padEnd(32)} -> not used`);
  }
  out(
    `  Rows: ${r.rowCount}; records: ${r.recordCount}; errors: ${r.issues.errors}; warnings: ${r.issues.warnings}`,
  );
  for (const kind of r.issues.kinds) {
    out(
      `  ${kind.severity === 'error' ? 'ERROR' : 'Warning'}: ${kind.title} (${kind.count}). ${kind.action}`,
    );
    for (const e of kind.examples.slice(0, 5)) out(`    - ${describeIssue(e)}`);
    if (kind.count > 5) out(`    ... and ${kind.count - 5} more`);
  }
  // In the Data page's words and precision (one presenter for declaration rates).
  if (r.quality) {
    const events = r.dataset !== null && DATASETS[r.dataset].kind === 'events';
    const d = fileDeclaration(r.quality, settings, events ? 'records' : 'people');
    out(`  ${events ? 'Records' : 'People'}: ${d.people}`);
    out(`  Ethnicity recorded: ${d.ethnicity}`);
    out(`  Disability recorded: ${d.disability}`);
  }
}

export function registerImport(program: Command): void {
  program
    .command('import')
    .description(
      'Load CSV or XLSX extracts for an organisation. Nothing is saved unless every file is free of errors; all files are saved together.',
    )
    .argument('<files...>', 'the files to load')
    .requiredOption('--org <ods>', 'the organisation’s ODS code')
    .option(
      '--dataset <id>',
      `the dataset, when it cannot be recognised from the headers (${DATASET_IDS.join(', ')})`,
      datasetOption,
    )
    .option(
      '--as-at <date>',
      'the date a snapshot describes (YYYY-MM-DD), when the file does not say',
      dateOption,
    )
    .option(
      '--mapping <file>',
      'a JSON file mapping Parity fields to your column headers: {"staff_number": "Emp No", ...}',
    )
    .option('--dry-run', 'check and show the mapping and every problem, but save nothing')
    .action(
      async (
        files: string[],
        o: { org: string; dataset?: DatasetId; asAt?: string; mapping?: string; dryRun?: boolean },
        command: Command,
      ) => {
        const missing = files.filter((f) => !existsSync(f));
        if (missing.length > 0) throw invalidInput(`File not found: ${missing.join(', ')}`);
        let mapping: Record<string, string> | undefined;
        if (o.mapping) {
          try {
            mapping = JSON.parse(readFileSync(o.mapping, 'utf8')) as Record<string, string>;
          } catch (error) {
            throw invalidInput(`Cannot read the mapping file ${o.mapping}: ${(error as Error).message}`);
          }
          if (
            typeof mapping !== 'object' ||
            mapping === null ||
            Object.values(mapping).some((v) => typeof v !== 'string')
          )
            throw invalidInput(
              `The mapping file ${o.mapping} must hold a JSON object of field names to column headers`,
            );
        }
        const config = readConfig(command.optsWithGlobals<GlobalOptions>());
        await withContext(config, async ({ database, services, actor, out }) => {
          const org = await organisationByOds(database.db, o.org);
          const inputs = files.map((f) => ({
            input: { path: f, fileName: path.basename(f) },
            ...(o.dataset ? { dataset: o.dataset } : {}),
            asAtDate: o.asAt ?? null,
            ...(mapping ? { mapping } : {}),
          }));
          const progress = progressBar('Reading');
          const read = progress ? { onProgress: progress } : {};
          const outcome = o.dryRun
            ? { saved: false, results: await services.datasets.check(org, inputs, { read }), versions: [] }
            : await services.datasets.importFiles(actor, org, inputs, {
                read,
                onSaving: (n) => out(`Saving ${n} records...`),
              });
          const settings = resolveSettings(await services.indicators.settingsOf(org)).settings;
          for (const r of outcome.results) printResult(r, out, settings);
          const errors = outcome.results.reduce((n, r) => n + r.issues.errors, 0);
          if (outcome.saved) {
            out(`\nSaved ${outcome.versions.length} file(s) for ${org.name}:`);
            for (const v of outcome.versions) out(`  ${v.id}  ${v.dataset}  ${v.recordCount} records`);
            // The figures the overview and `parity compute` open on, kept for every process (the import is
            // saved whatever happens here: a failure is the engine's, reported as a warning).
            try {
              const year = await services.dashboard.ready(org);
              if (year !== null) out(`Figures for reporting year ${year} computed and kept.`);
            } catch (error) {
              out(
                `The figures could not be computed now (${(error as Error).message}); they will be on first view.`,
              );
            }
          } else if (errors > 0) {
            throw invalidInput(
              `Nothing was saved: ${errors} error(s) in ${outcome.results.filter((r) => !r.ok).length} file(s). Correct them and load again.`,
            );
          } else out('\nDry run: nothing was saved.');
        });
      },
    );

  const data = program.command('data').description('Loaded data: versions and their removal.');
  data
    .command('list')
    .description('List every file loaded for an organisation, newest first, including deleted ones.')
    .requiredOption('--org <ods>', 'the organisation’s ODS code')
    .action(async (o: { org: string }, command: Command) => {
      const config = readConfig(command.optsWithGlobals<GlobalOptions>());
      await withContext(config, async ({ database, services, out }) => {
        const org = await organisationByOds(database.db, o.org);
        const versions = await services.datasets.versions(org);
        if (versions.length === 0) out(`Nothing has been loaded for ${org.name} yet.`);
        for (const v of versions)
          out(
            [
              v.id,
              v.status,
              v.dataset,
              v.asAtDate ?? (v.periodStart ? `${v.periodStart}..${v.periodEnd}` : (v.surveyYear ?? '')),
              `${v.recordCount} records`,
              v.fileName,
              v.createdAt.slice(0, 16),
              v.createdByLabel,
            ].join('\t'),
          );
      });
    });
  data
    .command('delete')
    .description(
      'Delete a loaded file’s records (the listing keeps a note of it, and the audit trail records who and when).',
    )
    .argument('<version>', 'the version id from parity data list')
    .requiredOption('--org <ods>', 'the organisation’s ODS code')
    .action(async (version: string, o: { org: string }, command: Command) => {
      const config = readConfig(command.optsWithGlobals<GlobalOptions>());
      await withContext(config, async ({ database, services, actor, out }) => {
        const org = await organisationByOds(database.db, o.org);
        await services.datasets.deleteVersion(actor, org, version);
        out(`Deleted the records of ${version}.`);
      });
    });
}
