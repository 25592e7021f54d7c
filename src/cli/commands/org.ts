import type { Command } from 'commander';
import { ORGANISATION_KINDS } from '../../features/organisations/organisation.js';
import { organisationsRepository } from '../../features/organisations/organisations.repository.js';
import { readConfig, withContext, type GlobalOptions } from '../context.js';

export function registerOrg(program: Command): void {
  const org = program.command('org').description('Manage organisations (trusts, ICSs).');

  org
    .command('add')
    .description('Register an organisation by its ODS code.')
    .requiredOption('--ods <code>', 'ODS code, e.g. RXX')
    .requiredOption('--name <name>', 'full name, e.g. "Example Hospitals NHS Foundation Trust"')
    .option('--kind <kind>', `one of ${ORGANISATION_KINDS.join(', ')}`, 'trust')
    .option('--parent <ods>', 'the organisation it belongs to, e.g. its ICS')
    .action(async (o: { ods: string; name: string; kind: string; parent?: string }, command: Command) => {
      const config = readConfig(command.optsWithGlobals<GlobalOptions>());
      await withContext(config, async ({ services, actor, out }) => {
        const created = await services.organisations.create(actor, {
          odsCode: o.ods,
          name: o.name,
          kind: o.kind,
          parentOdsCode: o.parent ?? null,
        });
        out(`Created ${created.name} (${created.odsCode}).`);
      });
    });

  org
    .command('list')
    .description('List organisations.')
    .action(async (_o: unknown, command: Command) => {
      const config = readConfig(command.optsWithGlobals<GlobalOptions>());
      await withContext(config, async ({ database, out }) => {
        const all = await organisationsRepository(database.db).list();
        const byId = new Map(all.map((x) => [x.id, x]));
        for (const x of all)
          out(
            `${x.odsCode}\t${x.name}\t${x.kind}\t${x.parentId ? (byId.get(x.parentId)?.odsCode ?? '') : ''}`,
          );
        if (all.length === 0)
          out('No organisations yet: add one with parity org add, or create the demo with parity demo.');
      });
    });
}
