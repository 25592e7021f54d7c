import type { Command } from 'commander';
import { createDemo, DEMO_PASSWORD, DEMO_TRUST, type DemoAccount } from '../../features/demo/demo.js';
import type { DemoTimeline } from '../../features/demo/timeline.js';
import { ROLE_LABELS } from '../../features/users/roles.js';
import { financialYearLabel, formatDate } from '../../engine/index.js';
import { ParityError } from '../../shared/errors.js';
import { readConfig, withContext, type GlobalOptions } from '../context.js';

/** "It stands on 6 December 2026: reporting years 2024 to 2026, plans 2025/26 (published) and 2026/27." */
export function demoTimelineLine(timeline: DemoTimeline): string {
  const [first, , last] = timeline.years;
  return `The demo stands on ${formatDate(timeline.asOf)}: data for the reporting years ${first} to ${last}, the ${financialYearLabel(last! - 1)} plan published and the ${financialYearLabel(last!)} plan under way.`;
}

export function printDemoAccounts(accounts: readonly DemoAccount[], out: (line: string) => void): void {
  out(`Sign in with any of these accounts (password for all: ${DEMO_PASSWORD}):`);
  const width = Math.max(...accounts.map((a) => a.username.length));
  for (const a of accounts) out(`  ${a.username.padEnd(width)}  ${ROLE_LABELS[a.role]}: ${a.purpose}`);
}

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description(`Create the demo trust (${DEMO_TRUST.name}), its care groups and one account per role.`)
    .option('--no-data', 'only the organisations and accounts, without the generated data')
    .option(
      '--as-of <date>',
      'the day the demo trust stands at, YYYY-MM-DD (default today): its latest reporting year is the last complete one, and its plans, updates and meetings go up to that day',
    )
    .action(async (o: { data?: boolean; asOf?: string }, command: Command) => {
      const config = readConfig(command.optsWithGlobals<GlobalOptions>());
      if (config.env === 'production')
        throw new ParityError(
          'INVALID_INPUT',
          'The demo has well-known passwords and cannot be created in production.',
        );
      await withContext(config, async ({ database, services, out }) => {
        out('Creating the demo organisations, accounts and three years of generated data...');
        const result = await createDemo(services, {
          withData: o.data !== false,
          ...(o.asOf !== undefined ? { asOf: o.asOf } : {}),
        });
        out(
          result.created
            ? `Created the demo trust in ${database.label}${result.data ? `, with ${result.data.records} records from ${result.data.files} files loaded through the import path` : ''}.`
            : `The demo trust already exists in ${database.label}; nothing changed.`,
        );
        if (result.timeline) out(demoTimelineLine(result.timeline));
        printDemoAccounts(result.accounts, out);
      });
    });
}
