/** What every command needs: the configuration, an open and migrated database, and the services. */
import { userInfo } from 'node:os';
import { loadConfig, type Config } from '../config/config.js';
import type { Actor } from '../features/audit/audit.js';
import type { Services } from '../features/services.js';
import { systemClock } from '../shared/clock.js';
import { openDatabase, type DatabaseHandle } from '../storage/database.js';
import { migrateToLatest } from '../storage/migrate.js';

export interface GlobalOptions {
  config?: string;
}

export interface CommandContext {
  config: Config;
  database: DatabaseHandle;
  services: Services;
  actor: Actor;
  out: (line: string) => void;
}

export function cliActor(): Actor {
  let name = 'unknown';
  try {
    name = userInfo().username;
  } catch {
    // no user name on this system
  }
  return { userId: null, label: `cli:${name}` };
}

export function readConfig(
  options: GlobalOptions,
  overrides: Record<string, string | number | boolean | undefined> = {},
): Config {
  return loadConfig({ ...(options.config ? { file: options.config } : {}), overrides });
}

export type DatabaseContext = Omit<CommandContext, 'services'>;

/**
 * Opens the database, brings it to the latest schema, runs `fn`, and always closes the database: for a
 * command that builds only the service it uses (`parity compute`), without loading every other one.
 */
export async function withDatabase<T>(config: Config, fn: (ctx: DatabaseContext) => Promise<T>): Promise<T> {
  const database = await openDatabase(config.databaseUrl);
  try {
    await migrateToLatest(database.db);
    return await fn({ config, database, actor: cliActor(), out: (line) => console.log(line) });
  } finally {
    await database.close();
  }
}

/** As `withDatabase`, with every service. */
export async function withContext<T>(config: Config, fn: (ctx: CommandContext) => Promise<T>): Promise<T> {
  const { createServices } = await import('../features/services.js');
  return withDatabase(config, (ctx) =>
    fn({ ...ctx, services: createServices({ db: ctx.database.db, clock: systemClock, settings: config }) }),
  );
}
