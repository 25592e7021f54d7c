import { InvalidArgumentError, Option, type Command } from 'commander';
import type { GenerateProgress } from '../../generator/generate.js';
import { GENERATED_DATASETS, type GeneratedDataset } from '../../generator/manifest.js';
import { PATTERNS } from '../../generator/parameters.js';
import { NATIONAL } from '../../generator/trusts.js';
import { integerOption } from './options.js';

const DEFAULT_YEARS = [PATTERNS.anchorYear - 2, PATTERNS.anchorYear - 1, PATTERNS.anchorYear];

/** "2022,2023,2024" or "2022-2024": WRES years from 2015 to 2100. */
export function parseYears(value: string): number[] {
  const years = new Set<number>();
  for (const part of value.split(',').map((p) => p.trim())) {
    const m = /^(\d{4})(?:\s*-\s*(\d{4}))?$/.exec(part);
    const first = Number(m?.[1]);
    const last = Number(m?.[2] ?? m?.[1]);
    if (!m || first < 2015 || last > 2100 || last < first || last - first > 20)
      throw new InvalidArgumentError(
        'years must be a list such as 2022,2023,2024 or a range such as 2022-2024 (2015 to 2100).',
      );
    for (let y = first; y <= last; y++) years.add(y);
  }
  return [...years].sort((a, b) => a - b);
}

export function parseDatasets(value: string): GeneratedDataset[] {
  const names = value
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  const unknown = names.filter((n) => !(GENERATED_DATASETS as readonly string[]).includes(n));
  if (names.length === 0 || unknown.length > 0)
    throw new InvalidArgumentError(
      `unknown dataset(s) ${unknown.join(', ') || '(none given)'}; choose from ${GENERATED_DATASETS.join(', ')}.`,
    );
  return names as GeneratedDataset[];
}

interface GenerateCliOptions {
  out: string;
  seed: number;
  trusts?: number;
  staff?: number;
  national?: boolean;
  years: number[];
  format?: 'xlsx' | 'csv';
  datasets: GeneratedDataset[];
}

export function registerGenerate(program: Command): void {
  program
    .command('generate')
    .description(
      'Write synthetic trusts (staff in post, recruitment, cases, learning, appraisals, movements, pay, board, incidents, interview panels, staff survey, population, benchmarks) in the real file formats, the same for the same seed.',
    )
    .requiredOption('--out <dir>', 'folder to write into (created if missing; files in it are overwritten)')
    .option(
      '--seed <n>',
      'seed: the same seed and options give the same files',
      integerOption('seed', 0, 4_294_967_295),
      1,
    )
    .addOption(
      new Option(
        '--trusts <n>',
        'number of trusts: the demo trust DHF first, then DCM, then generated ones (default 1)',
      )
        .argParser(integerOption('trusts', 1, 500))
        .conflicts('national'),
    )
    .addOption(
      new Option('--staff <n>', 'headcount of each trust at 31 March 2024 (default 500)')
        .argParser(integerOption('staff', 50, 100_000))
        .conflicts('national'),
    )
    .option(
      '--national',
      `${NATIONAL.trusts} trusts of about ${NATIONAL.staff.toLocaleString('en-GB')} staff in all (CSV only)`,
    )
    .option('--years <list>', 'WRES years, e.g. 2022,2023,2024 or 2022-2024', parseYears, DEFAULT_YEARS)
    .addOption(
      new Option(
        '--format <format>',
        'workforce file format (xlsx, or csv; other files are always CSV)',
      ).choices(['xlsx', 'csv']),
    )
    .option(
      '--datasets <list>',
      `datasets to write (default all): ${GENERATED_DATASETS.join(', ')}`,
      parseDatasets,
      [...GENERATED_DATASETS],
    )
    .action(async (o: GenerateCliOptions, command: Command) => {
      if (o.national && o.format === 'xlsx')
        command.error("error: option '--national' writes CSV only; leave out --format xlsx", {
          exitCode: 2,
          code: 'parity.usage',
        });
      const format = o.format ?? (o.national ? 'csv' : 'xlsx');
      const trusts = o.trusts ?? 1;
      const tty = process.stderr.isTTY === true;
      const big = o.national === true || trusts * (o.staff ?? 500) >= 20_000;
      const progress = (p: GenerateProgress) => {
        if (tty && big)
          process.stderr.write(
            `\rgenerating: ${p.done}/${p.total} trusts (${p.odsCode}), ${p.rows.toLocaleString('en-GB')} rows${p.done === p.total ? '\n' : ''}`,
          );
      };
      const { generate } = await import('../../generator/generate.js');
      const summary = await generate({
        out: o.out,
        seed: o.seed,
        trusts,
        staff: o.staff ?? 500,
        national: o.national === true,
        years: o.years,
        format,
        datasets: o.datasets,
        onProgress: progress,
      });
      const m = summary.manifest;
      console.log(
        `Generated ${m.totals.files} files for ${m.organisations.length} trust(s), years ${m.options.years.join(', ')}: ` +
          `${m.totals.rows.toLocaleString('en-GB')} rows in ${summary.seconds.toFixed(1)} s.`,
      );
      console.log(`Manifest: ${summary.manifestPath}`);
    });
}
