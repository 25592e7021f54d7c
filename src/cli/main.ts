/**
 * The `parity` command. Every failure is turned into a message and an exit code here, in one place:
 * 2 for a wrong command line, 3 for wrong input (settings, values, names), 1 for anything else.
 */
import { Command, CommanderError } from 'commander';
import { pathToFileURL } from 'node:url';
import { isParityError } from '../shared/errors.js';
import { EXIT, EXIT_BY_CODE } from './exit-codes.js';

/**
 * Each command, in the order help lists them, loaded when it is asked for: a command reads only its own
 * modules (and what they import), not every other command's. `publish` carries `publish documents`.
 */
const COMMANDS: Readonly<Record<string, () => Promise<(program: Command) => void>>> = {
  serve: async () => (await import('./commands/serve.js')).registerServe,
  migrate: async () => (await import('./commands/migrate.js')).registerMigrate,
  backup: async () => (await import('./commands/backup.js')).registerBackup,
  demo: async () => (await import('./commands/demo.js')).registerDemo,
  user: async () => (await import('./commands/user.js')).registerUser,
  org: async () => (await import('./commands/org.js')).registerOrg,
  generate: async () => (await import('./commands/generate.js')).registerGenerate,
  import: async () => (await import('./commands/import.js')).registerImport,
  export: async () => (await import('./commands/export.js')).registerDataExport,
  compute: async () => (await import('./commands/compute.js')).registerCompute,
  metric: async () => (await import('./commands/metric.js')).registerMetric,
  settings: async () => (await import('./commands/settings.js')).registerSettings,
  plan: async () => (await import('./commands/plan.js')).registerPlan,
  publish: async () => {
    const [{ registerPublish }, { registerPublishDocuments }] = await Promise.all([
      import('./commands/publish.js'),
      import('./commands/publish-documents.js'),
    ]);
    return (program) => registerPublishDocuments(registerPublish(program));
  },
};

/** The command `argv` names (its first word that is not an option or the value of `--config`), if any. */
function commandNamed(argv: readonly string[]): string | null {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '-c' || arg === '--config') {
      i++;
      continue;
    }
    if (arg.startsWith('-')) continue;
    return Object.hasOwn(COMMANDS, arg) ? arg : null;
  }
  return null;
}

/**
 * The `parity` program: with `argv`, only the command it names when it names one (help, a mistyped or a
 * missing command load them all, so help lists each and a near miss is suggested).
 */
export async function buildProgram(argv?: readonly string[]): Promise<Command> {
  const program = new Command('parity')
    .description('Parity: WRES, WDES, pay gaps and equality action plans for NHS organisations.')
    .option('-c, --config <file>', 'JSON configuration file (environment variables win over it)')
    .showHelpAfterError('(add --help for usage)')
    .exitOverride();
  const named = argv ? commandNamed(argv) : null;
  const registers = await Promise.all(
    (named ? [named] : Object.keys(COMMANDS)).map((name) => COMMANDS[name]!()),
  );
  for (const register of registers) register(program);
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
    await (await buildProgram(argv)).parseAsync([...argv], { from: 'user' });
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
