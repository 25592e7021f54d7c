import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { CULTURE_DASHBOARD_EXAMPLES } from '../../engine/index.js';
import { normaliseOdsCode } from '../../features/organisations/organisation.js';
import { organisationsRepository } from '../../features/organisations/organisations.repository.js';
import { invalidInput, notFound } from '../../shared/errors.js';
import type { Db } from '../../storage/database.js';
import { readConfig, withContext, type GlobalOptions } from '../context.js';

async function organisationByOds(db: Db, ods: string) {
  const org = await organisationsRepository(db).findByOds(normaliseOdsCode(ods));
  if (!org) throw notFound(`No organisation has ODS code ${normaliseOdsCode(ods)} (see 'parity org list')`);
  return org;
}

export function registerMetric(program: Command): void {
  const metric = program
    .command('metric')
    .description('Local metrics: definitions in the same terms as the national indicators.');

  metric
    .command('examples')
    .description('List the shipped Culture Dashboard metrics, or print one as JSON to adapt.')
    .argument('[id]', 'print this example as JSON')
    .action((id: string | undefined) => {
      if (!id) {
        for (const e of CULTURE_DASHBOARD_EXAMPLES) console.log(`${e.id}\t${e.title}`);
        return;
      }
      const example = CULTURE_DASHBOARD_EXAMPLES.find((e) => e.id === id);
      if (!example) throw notFound(`No example metric is called ${id} (see parity metric examples)`);
      console.log(JSON.stringify(example, null, 2));
    });

  metric
    .command('add')
    .description('Add or replace a local metric of an organisation, from a JSON file or a shipped example.')
    .requiredOption('--org <ods>', 'the organisation’s ODS code')
    .option('--file <file>', 'a JSON file with the definition')
    .option('--example <id>', 'a shipped example (see parity metric examples)')
    .action(async (o: { org: string; file?: string; example?: string }, command: Command) => {
      if (!o.file === !o.example) throw invalidInput('Give either --file or --example');
      let json: unknown;
      if (o.example) {
        json = CULTURE_DASHBOARD_EXAMPLES.find((e) => e.id === o.example);
        if (!json) throw notFound(`No example metric is called ${o.example} (see parity metric examples)`);
      } else {
        try {
          json = JSON.parse(readFileSync(o.file!, 'utf8'));
        } catch (error) {
          throw invalidInput(`Cannot read ${o.file}: ${(error as Error).message}`);
        }
      }
      const config = readConfig(command.optsWithGlobals<GlobalOptions>());
      await withContext(config, async ({ database, services, actor, out }) => {
        const org = await organisationByOds(database.db, o.org);
        const id = await services.indicators.saveLocalMetric(actor, org, json);
        out(`Saved the local metric ${id} for ${org.name}.`);
      });
    });

  metric
    .command('list')
    .description('List the local metrics of an organisation.')
    .requiredOption('--org <ods>', 'the organisation’s ODS code')
    .action(async (o: { org: string }, command: Command) => {
      const config = readConfig(command.optsWithGlobals<GlobalOptions>());
      await withContext(config, async ({ database, services, out }) => {
        const org = await organisationByOds(database.db, o.org);
        const list = await services.indicators.localMetrics(org);
        if (list.length === 0) out(`${org.name} has no local metrics yet.`);
        for (const m of list)
          out(
            `${m.id}\t${(m.definition as { title?: string }).title ?? ''}\t${m.updatedAt.slice(0, 16)} by ${m.updatedByLabel}`,
          );
      });
    });

  metric
    .command('remove')
    .description('Remove a local metric of an organisation.')
    .argument('<id>', 'the metric id')
    .requiredOption('--org <ods>', 'the organisation’s ODS code')
    .action(async (id: string, o: { org: string }, command: Command) => {
      const config = readConfig(command.optsWithGlobals<GlobalOptions>());
      await withContext(config, async ({ database, services, actor, out }) => {
        const org = await organisationByOds(database.db, o.org);
        await services.indicators.deleteLocalMetric(actor, org, id);
        out(`Removed the local metric ${id}.`);
      });
    });
}
