import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import {
  EXPORT_EXTENSION,
  EXPORT_FORMATS,
  type ExportFormat,
} from '../../features/datasets/export-formats.js';
import { normaliseOdsCode } from '../../features/organisations/organisation.js';
import { organisationsRepository } from '../../features/organisations/organisations.repository.js';
import { DATASET_IDS, DATASETS, type DatasetId } from '../../ingest/schemas/index.js';
import { isParityError, notFound } from '../../shared/errors.js';
import { readConfig, withContext, type GlobalOptions } from '../context.js';

function formatOption(value: string): ExportFormat {
  if (!(EXPORT_FORMATS as readonly string[]).includes(value))
    throw new InvalidArgumentError(`format must be ${EXPORT_FORMATS.join(' or ')}.`);
  return value as ExportFormat;
}

function datasetOption(value: string): DatasetId {
  if (!(DATASET_IDS as readonly string[]).includes(value))
    throw new InvalidArgumentError(`dataset must be one of ${DATASET_IDS.join(', ')}.`);
  return value as DatasetId;
}

/**
 * `parity data export`: an organisation's current records (those its indicators are computed from) as
 * Parquet or Arrow files for analysts' own tools. One dataset to a file, or every loaded dataset to a folder.
 */
export function registerDataExport(program: Command): void {
  const data = program.commands.find((c) => c.name() === 'data');
  if (!data) throw new Error('the data command is registered first');
  data
    .command('export')
    .description(
      'Write an organisation’s current records as Parquet or Arrow (staff numbers as their pseudonyms, as stored). With --dataset, one file; without, one file per loaded dataset in the folder --out names.',
    )
    .requiredOption('--org <ods>', 'the organisation’s ODS code')
    .requiredOption('--out <path>', 'the file to write (with --dataset) or the folder to write into')
    .option('--dataset <dataset>', `one dataset: ${DATASET_IDS.join(', ')}`, datasetOption)
    .option('--format <format>', 'parquet or arrow', formatOption, 'parquet' as ExportFormat)
    .action(
      async (
        o: { org: string; out: string; dataset?: DatasetId; format: ExportFormat },
        command: Command,
      ) => {
        const config = readConfig(command.optsWithGlobals<GlobalOptions>());
        await withContext(config, async ({ database, services, actor, out }) => {
          const org = await organisationsRepository(database.db).findByOds(normaliseOdsCode(o.org));
          if (!org)
            throw notFound(`No organisation has ODS code ${normaliseOdsCode(o.org)} (see 'parity org list')`);
          if (o.dataset) {
            const { file, records } = await services.datasets.exportRecords(actor, org, o.dataset, o.format);
            writeFileSync(o.out, file);
            out(`Wrote ${records} ${DATASETS[o.dataset].title.toLowerCase()} record(s) to ${o.out}.`);
            return;
          }
          const loaded = new Set((await services.datasets.versions(org, false)).map((v) => v.dataset));
          if (loaded.size === 0) throw notFound(`Nothing has been loaded for ${org.name} yet.`);
          mkdirSync(o.out, { recursive: true });
          for (const dataset of DATASET_IDS.filter((d) => loaded.has(d))) {
            const target = path.join(o.out, `${dataset}.${EXPORT_EXTENSION[o.format]}`);
            try {
              const { file, records } = await services.datasets.exportRecords(actor, org, dataset, o.format);
              writeFileSync(target, file);
              out(`Wrote ${records} ${DATASETS[dataset].title.toLowerCase()} record(s) to ${target}.`);
            } catch (error) {
              // A dataset whose every record a newer load replaced or whose versions are empty: nothing to write.
              if (!isParityError(error, 'NOT_FOUND')) throw error;
            }
          }
        });
      },
    );
}
