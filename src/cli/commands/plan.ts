import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { normaliseOdsCode } from '../../features/organisations/organisation.js';
import { organisationsRepository } from '../../features/organisations/organisations.repository.js';
import { buildExportModel } from '../../features/plans/export/build.js';
import { planHtml } from '../../features/plans/export/html.js';
import { exportFileName } from '../../features/plans/export/model.js';
import { TARGET_LABELS } from '../../features/plans/import/layout.js';
import { titleOf } from '../../features/plans/markup.js';
import { financialYearLabel, PLAN_STATUS_LABELS } from '../../features/plans/plan.js';
import { describeReference, referenceCatalogue } from '../../features/plans/references.js';
import { invalidInput, notFound } from '../../shared/errors.js';
import type { Db } from '../../storage/database.js';
import { readConfig, withContext, type GlobalOptions } from '../context.js';
import { YEAR_HELP } from './options.js';

async function organisationByOds(db: Db, ods: string) {
  const org = await organisationsRepository(db).findByOds(normaliseOdsCode(ods));
  if (!org) throw notFound(`No organisation has ODS code ${normaliseOdsCode(ods)} (see 'parity org list')`);
  return org;
}

function yearOf(text: string): number {
  const m = /^(\d{4})(?:\/\d{2})?$/.exec(text.trim());
  if (!m)
    throw invalidInput(
      `--year must be the year the financial year starts, like 2024 for 2024/25 (got '${text}')`,
    );
  return Number(m[1]);
}

const FORMATS = ['docx', 'html', 'xlsx', 'csv'] as const;

export function registerPlan(program: Command): void {
  const plan = program.command('plan').description('Action plans: list, export and import.');

  plan
    .command('list')
    .description('List the action plans of an organisation.')
    .requiredOption('--org <ods>', 'the organisation’s ODS code')
    .action(async (o: { org: string }, command: Command) => {
      const config = readConfig(command.optsWithGlobals<GlobalOptions>());
      await withContext(config, async ({ database, services, out }) => {
        const org = await organisationByOds(database.db, o.org);
        const plans = await services.plans.plans(org);
        if (plans.length === 0) out(`${org.name} has no action plan yet.`);
        for (const p of plans) {
          const actions = await services.plans.actions(p);
          out(
            `${financialYearLabel(p.year)}\t${PLAN_STATUS_LABELS[p.status]}\t${actions.length} actions\t${p.title}`,
          );
        }
      });
    });

  plan
    .command('export')
    .description('Write a plan as Word (landscape tables by indicator), HTML, XLSX or CSV.')
    .requiredOption('--org <ods>', 'the organisation’s ODS code')
    .requiredOption('--year <year>', YEAR_HELP)
    .option('--format <format>', `one of ${FORMATS.join(', ')}`, 'docx')
    .option('--out <file>', 'the file to write (default: the plan’s title in the current folder)')
    .option(
      '--unit <path>',
      'one unit’s view of the plan: its actions, its units’ and the trust-wide ones (e.g. "Medicine and Emergency Care")',
    )
    .option(
      '--full-counts',
      'every count exactly, marked not for publication (default: the publication view)',
    )
    .action(
      async (
        o: {
          org: string;
          year: string;
          format: string;
          out?: string;
          unit?: string;
          fullCounts?: boolean;
        },
        command: Command,
      ) => {
        if (!(FORMATS as readonly string[]).includes(o.format))
          throw invalidInput(`--format must be one of ${FORMATS.join(', ')} (got '${o.format}')`);
        const year = yearOf(o.year);
        const config = readConfig(command.optsWithGlobals<GlobalOptions>());
        await withContext(config, async ({ database, services, out }) => {
          const org = await organisationByOds(database.db, o.org);
          const p = await services.plans.planForYear(org, year);
          if (!p)
            throw notFound(
              `${org.name} has no plan for ${financialYearLabel(year)} (see 'parity plan list')`,
            );
          let focus: string | null = null;
          if (o.unit !== undefined) {
            const wanted = o.unit.trim().toLowerCase();
            const units = await services.plans.units(org);
            const unit = units.find(
              (u) => u.path.toLowerCase() === wanted || u.name.toLowerCase() === wanted,
            );
            if (!unit)
              throw invalidInput(
                `--unit: ${org.name} has no unit "${o.unit}". Its care groups: ${units
                  .filter((u) => u.level === 'care_group')
                  .map((u) => u.path)
                  .join(', ')}`,
              );
            focus = unit.id;
          }
          // The Word and spreadsheet writers load here, not with every command.
          const [{ planDocx }, { planCsv, planXlsx }] = await Promise.all([
            import('../../features/plans/export/docx.js'),
            import('../../features/plans/export/sheets.js'),
          ]);
          // The command line acts for the installation: figures as published, unless full counts are asked for.
          const model = await buildExportModel(
            services,
            { organisation: org, orgRoles: new Set(['admin']), unitGrants: [] },
            p,
            focus,
            o.fullCounts ? 'full' : 'publication',
          );
          const content =
            o.format === 'docx'
              ? await planDocx(model)
              : o.format === 'xlsx'
                ? await planXlsx(model)
                : o.format === 'csv'
                  ? planCsv(model)
                  : Buffer.from(planHtml(model), 'utf8');
          const file = o.out ?? path.join(process.cwd(), exportFileName(model, o.format));
          writeFileSync(file, content);
          out(`Wrote ${p.title} (${model.actions.length} actions) to ${file}.`);
        });
      },
    );

  plan
    .command('import')
    .description(
      'Add the actions of an existing plan (Word table, XLSX or CSV) to a plan; shows what it read first.',
    )
    .argument('<file>', 'the .docx, .xlsx or .csv file')
    .requiredOption('--org <ods>', 'the organisation’s ODS code')
    .requiredOption('--year <year>', `${YEAR_HELP}; the plan is created as a draft if there is none`)
    .option('--standard <standard>', 'what a bare "Indicator 3" means: WRES or WDES')
    .option('--dry-run', 'show what would be imported, and save nothing')
    .option('--reason <text>', 'why, when the plan is already approved')
    .action(
      async (
        file: string,
        o: { org: string; year: string; standard?: string; dryRun?: boolean; reason?: string },
        command: Command,
      ) => {
        if (o.standard !== undefined && o.standard !== 'WRES' && o.standard !== 'WDES')
          throw invalidInput(`--standard must be WRES or WDES (got '${o.standard}')`);
        const year = yearOf(o.year);
        let content: Buffer;
        try {
          content = readFileSync(file);
        } catch (error) {
          throw invalidInput(`Cannot read ${file}: ${(error as Error).message}`);
        }
        const config = readConfig(command.optsWithGlobals<GlobalOptions>());
        await withContext(config, async ({ database, services, actor, out }) => {
          const org = await organisationByOds(database.db, o.org);
          const imports = services.planImports;
          const read = await imports.read(
            org,
            { fileName: path.basename(file), content },
            o.standard as 'WRES' | 'WDES' | undefined,
          );
          read.layouts.forEach((l, i) => {
            out(`Table${l.tables.length > 1 ? 's' : ''} ${l.tables.join(', ')}:`);
            l.columns.forEach((c, ci) =>
              out(
                `  ${(c.header || `(column ${ci + 1})`).replace(/\s+/g, ' ').slice(0, 60)} → ${TARGET_LABELS[read.mapping.columns[i]![ci]!]}`,
              ),
            );
          });
          for (const n of read.result.notes) out(`${n.where}: ${n.message}`);
          out(
            `${read.result.rowsRead} rows with an action make ${read.result.drafts.length} actions (${read.result.merged} rows merged into an action already read).`,
          );
          const local = await services.indicators.localMetrics(org);
          const catalogue = referenceCatalogue(
            local.map((m) => ({ id: m.id, title: (m.definition as { title?: string }).title ?? m.id })),
          );
          for (const [i, d] of read.result.drafts.entries()) {
            const codes = d.indicators.map((id) => describeReference(id, catalogue).code);
            out(`  ${i + 1}. [${codes.join(', ') || 'no indicator'}] ${titleOf(d.text, 100)}`);
          }
          if (o.dryRun) {
            out('Dry run: nothing was saved.');
            return;
          }
          const target =
            (await services.plans.planForYear(org, year)) ??
            (await services.plans.createPlan(actor, org, { year: String(year), title: '' }));
          const { added } = await imports.save(actor, org, target, read, {
            applyDetails: true,
            reason: o.reason ?? '',
          });
          out(`Added ${added} actions to ${target.title}.`);
        });
      },
    );
}
