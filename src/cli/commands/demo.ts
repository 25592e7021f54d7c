import type { Command } from 'commander';
import { createDemo, DEMO_PASSWORD, DEMO_TRUST, type DemoAccount } from '../../features/demo/demo.js';
import { ROLE_LABELS } from '../../features/users/roles.js';
import { ParityError } from '../../shared/errors.js';
import { readConfig, withContext, type GlobalOptions } from '../context.js';

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
    .action(async (o: { data?: boolean }, command: Command) => {
      const config = readConfig(command.optsWithGlobals<GlobalOptions>());
      if (config.env === 'production')
        throw new ParityError(
          'INVALID_INPUT',
          'The demo has well-known passwords and cannot be created in production.',
        );
      await withContext(config, async ({ database, services, out }) => {
        out('Creating the demo organisations, accounts and three years of generated data...');
        const result = await createDemo(services, { withData: o.data !== false });
        out(
          result.created
            ? `Created the demo trust in ${database.label}${result.data ? `, with ${result.data.records} records from ${result.data.files} files loaded through the import path` : ''}.`
            : `The demo trust already exists in ${database.label}; nothing changed.`,
        );
        printDemoAccounts(result.accounts, out);
      });
    });
}
