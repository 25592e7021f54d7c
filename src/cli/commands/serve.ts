import type { Command } from 'commander';
import { oidcLogin } from '../../features/auth/oidc.js';
import { createDemo } from '../../features/demo/demo.js';
import { organisationsRepository } from '../../features/organisations/organisations.repository.js';
import { createServices } from '../../features/services.js';
import { ledgerPreparer } from '../../server/prepare.js';
import { systemClock } from '../../shared/clock.js';
import { openDatabase } from '../../storage/database.js';
import { migrateToLatest } from '../../storage/migrate.js';
import { readConfig, type GlobalOptions } from '../context.js';
import { ParityError } from '../../shared/errors.js';
import { demoTimelineLine, printDemoAccounts } from './demo.js';
import { integerOption } from './options.js';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('Start the web server (migrates the database first).')
    .option('-p, --port <port>', 'port to listen on (default: PORT or 3000)', integerOption('port', 1, 65535))
    .option('--host <address>', 'address to listen on (default: HOST or 127.0.0.1)')
    .option('--demo', 'on an empty database, create the demo trust and its accounts first')
    .action(async (options: { port?: number; host?: string; demo?: boolean }, command: Command) => {
      const config = readConfig(command.optsWithGlobals<GlobalOptions>(), {
        port: options.port,
        host: options.host,
      });
      if (options.demo && config.env === 'production')
        throw new ParityError(
          'INVALID_INPUT',
          'The demo has well-known passwords and cannot be created in production: leave out --demo.',
        );
      const database = await openDatabase(config.databaseUrl);
      try {
        const migrated = await migrateToLatest(database.db);
        if (migrated.applied.length > 0)
          console.log(`Database ${database.label}: applied ${migrated.applied.join(', ')}`);
        const services = createServices({ db: database.db, clock: systemClock, settings: config });
        if (options.demo && (await organisationsRepository(database.db).count()) === 0) {
          console.log('Creating the demo trust with three years of generated data (a few seconds)...');
          const demo = await createDemo(services, { withData: true });
          console.log(
            `Created the demo trust: ${demo.data?.records ?? 0} records from ${demo.data?.files ?? 0} files, loaded through the import path.`,
          );
          if (demo.timeline) console.log(demoTimelineLine(demo.timeline));
          printDemoAccounts(demo.accounts, (l) => console.log(l));
        }
        const oidc = config.oidc ? oidcLogin(config.oidc, config.publicUrl) : null;
        const preparer = ledgerPreparer({
          config,
          services,
          onError: (error, odsCode) =>
            console.error(`Could not prepare the published figures of ${odsCode}: ${String(error)}`),
        });
        // The web server and its templates load here, not with every other command.
        const { createApp } = await import('../../server/app.js');
        const app = await createApp({ config, services, oidc, preparer });
        const close = async (signal: string) => {
          console.log(`\n${signal}: stopping Parity...`);
          await app.close();
          await database.close();
          process.exit(0);
        };
        process.once('SIGINT', () => void close('SIGINT'));
        process.once('SIGTERM', () => void close('SIGTERM'));
        await app.listen({ port: config.port, host: config.host });
        const shown = config.host === '0.0.0.0' || config.host === '127.0.0.1' ? 'localhost' : config.host;
        console.log(
          `Parity is running at http://${shown}:${config.port} (database ${database.label}). Press Ctrl+C to stop.`,
        );
        // Ledgers missing or out of date (a new program, data loaded by the CLI) are prepared now, one
        // organisation at a time, rather than on someone's first view.
        if (preparer) for (const org of await services.organisations.list()) preparer.after(org.odsCode);
      } catch (error) {
        await database.close();
        throw error;
      }
    });
}
