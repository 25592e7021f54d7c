/**
 * The `parity` command. Every failure is turned into a message and an exit code here, in one place:
 * 2 for a wrong command line, 3 for wrong input (settings, values, names), 1 for anything else.
 */
import { Command, CommanderError } from 'commander';
import { pathToFileURL } from 'node:url';
import { isParityError } from '../shared/errors.js';
import { registerBackup } from './commands/backup.js';
import { registerCompute } from './commands/compute.js';
import { registerDemo } from './commands/demo.js';
import { registerDataExport } from './commands/export.js';
import { registerGenerate } from './commands/generate.js';
import { registerImport } from './commands/import.js';
import { registerMetric } from './commands/metric.js';
import { registerMigrate } from './commands/migrate.js';
import { registerOrg } from './commands/org.js';
import { registerPlan } from './commands/plan.js';
import { registerPublish } from './commands/publish.js';
import { registerPublishDocuments } from './commands/publish-documents.js';
import { registerServe } from './commands/serve.js';
import { registerSettings } from './commands/settings.js';
import { registerUser } from './commands/user.js';
import { EXIT, EXIT_BY_CODE } from './exit-codes.js';

export function buildProgram(): Command {
  const program = new Command('parity')
    .description('Parity: WRES, WDES, pay gaps and equality action plans for NHS organisations.')
    .option('-c, --config <file>', 'JSON configuration file (environment variables win over it)')
    .showHelpAfterError('(add --help for usage)')
    .exitOverride();
  registerServe(program);
  registerMigrate(program);
  registerBackup(program);
  registerDemo(program);
  registerUser(program);
  registerOrg(program);
  registerGenerate(program);
  registerImport(program);
  registerDataExport(program);
  registerCompute(program);
  registerMetric(program);
  registerSettings(program);
  registerPlan(program);
  registerPublishDocuments(registerPublish(program));
  for (const command of program.commands) {
    command.exitOverride();
    for (const sub of command.commands) sub.exitOverride();
  }
  return program;
}

/** Runs the CLI and returns the exit code (the caller exits). */
export async function run(
  argv: readonly string[],
  err: (line: string) => void = (l) => console.error(l),
): Promise<number> {
  try {
    await buildProgram().parseAsync([...argv], { from: 'user' });
    return EXIT.OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has already printed its message (or the help).
      return error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.help' ||
        error.code === 'commander.version'
        ? EXIT.OK
        : error.exitCode === 0
          ? EXIT.OK
          : EXIT.USAGE;
    }
    if (isParityError(error)) {
      err(`parity: ${error.message}`);
      for (const p of error.problems) err(`  - ${p.field}: ${p.message}`);
      return EXIT_BY_CODE[error.code];
    }
    err(`parity: ${(error as Error).message ?? String(error)}`);
    if (process.env.PARITY_DEBUG) err((error as Error).stack ?? '');
    return EXIT.FAILURE;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const code = await run(process.argv.slice(2));
  // `serve` keeps the process alive through its server; everything else ends here.
  if (code !== EXIT.OK || !process.argv.slice(2).includes('serve')) process.exitCode = code;
}
