import type { Command } from 'commander';
import { defaultSettings, ENGINE_SETTINGS } from '../../engine/index.js';
import { normaliseOdsCode } from '../../features/organisations/organisation.js';
import { organisationsRepository } from '../../features/organisations/organisations.repository.js';
import { invalidInput, notFound, type Problem } from '../../shared/errors.js';
import type { Db } from '../../storage/database.js';
import { readConfig, withContext, type GlobalOptions } from '../context.js';

async function organisationByOds(db: Db, ods: string) {
  const org = await organisationsRepository(db).findByOds(normaliseOdsCode(ods));
  if (!org) throw notFound(`No organisation has ODS code ${normaliseOdsCode(ods)} (see 'parity org list')`);
  return org;
}

/** "id=value" pairs; values are JSON (numbers, true/false, ["A","CA"]) or plain text. */
function parseAssignments(pairs: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const problems: Problem[] = [];
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0) {
      problems.push({
        field: pair,
        message: 'write each setting as id=value, e.g. stats.lowCountThreshold=5',
      });
      continue;
    }
    const id = pair.slice(0, at);
    const text = pair.slice(at + 1);
    try {
      out[id] = JSON.parse(text);
    } catch {
      out[id] = text;
    }
  }
  if (problems.length > 0) throw invalidInput('The settings could not be read', problems);
  return out;
}

export function registerSettings(program: Command): void {
  const settings = program
    .command('settings')
    .description('Indicator settings: the rules of the standards that are choices (see docs/indicators.md).');

  settings
    .command('list')
    .description(
      'Every setting with its value for an organisation (or the default), marking unconfirmed rules.',
    )
    .option('--org <ods>', 'the organisation’s ODS code')
    .action(async (o: { org?: string }, command: Command) => {
      const config = readConfig(command.optsWithGlobals<GlobalOptions>());
      await withContext(config, async ({ database, services, out }) => {
        const overrides = o.org
          ? await services.indicators.settingsOf(await organisationByOds(database.db, o.org))
          : {};
        const defaults = defaultSettings() as unknown as Record<string, unknown>;
        for (const [id, d] of Object.entries(ENGINE_SETTINGS)) {
          const changed = id in overrides;
          out(
            `${id}\t${JSON.stringify(changed ? overrides[id] : defaults[id])}${changed ? ` (default ${JSON.stringify(defaults[id])})` : ''}${d.unconfirmed ? '\tUNCONFIRMED' : ''}`,
          );
        }
      });
    });

  settings
    .command('set')
    .description(
      'Change settings for an organisation: id=value ... (values as JSON; the others keep their values).',
    )
    .requiredOption('--org <ods>', 'the organisation’s ODS code')
    .argument('<assignments...>', 'e.g. stats.lowCountThreshold=5 wres.indicator3.windowYears=1')
    .action(async (assignments: string[], o: { org: string }, command: Command) => {
      const changes = parseAssignments(assignments);
      const config = readConfig(command.optsWithGlobals<GlobalOptions>());
      await withContext(config, async ({ database, services, actor, out }) => {
        const org = await organisationByOds(database.db, o.org);
        const next = { ...(await services.indicators.settingsOf(org)), ...changes };
        await services.indicators.saveSettings(actor, org, next);
        out(`Saved ${Object.keys(changes).length} setting(s) for ${org.name}.`);
      });
    });

  settings
    .command('reset')
    .description('Return settings of an organisation to their defaults (all of them when no id is given).')
    .requiredOption('--org <ods>', 'the organisation’s ODS code')
    .argument('[ids...]', 'the settings to reset')
    .action(async (ids: string[], o: { org: string }, command: Command) => {
      const config = readConfig(command.optsWithGlobals<GlobalOptions>());
      await withContext(config, async ({ database, services, actor, out }) => {
        const org = await organisationByOds(database.db, o.org);
        const current = await services.indicators.settingsOf(org);
        const next =
          ids.length === 0
            ? {}
            : Object.fromEntries(Object.entries(current).filter(([id]) => !ids.includes(id)));
        await services.indicators.saveSettings(actor, org, next);
        out(`Reset ${ids.length === 0 ? 'every setting' : ids.join(', ')} for ${org.name}.`);
      });
    });
}
