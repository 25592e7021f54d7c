/**
 * The settings and configuration tests build services and apps with: the defaults a test does not care
 * about, in one place, and only what a test is about written in the test.
 */
import { loadConfig, type Config } from '../../src/config/config.js';
import type { ServiceSettings } from '../../src/features/services.js';

export const TEST_SECRET = 'test-secret-that-is-at-least-32-characters-long';
export const TEST_PSEUDONYMISATION_KEY = 'test-pseudonymisation-key-of-32-characters-or-more';

/** What `createServices` needs, with a test's own values over the defaults. */
export function serviceSettings(overrides: Partial<ServiceSettings> = {}): ServiceSettings {
  return {
    sessionHours: 12,
    sessionIdleMinutes: 60,
    loginMaxAttempts: 5,
    loginWindowMinutes: 15,
    pseudonymisationKey: TEST_PSEUDONYMISATION_KEY,
    uploadMaxMegabytes: 10,
    ...overrides,
  };
}

/**
 * The environment the `parity` command runs with in a test's child process: the database at `databaseUrl`,
 * the test environment, a session secret and the test's own pseudonymisation key (the key its data was
 * loaded with).
 */
export function cliEnvironment(databaseUrl: string, pseudonymisationKey: string): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    PARITY_ENV: 'test',
    PARITY_SESSION_SECRET: 's'.repeat(40),
    PARITY_PSEUDONYMISATION_KEY: pseudonymisationKey,
  };
}

/** The configuration a server on `databaseUrl` loads in a test (no environment read), with overrides. */
export function testConfig(
  databaseUrl: string,
  overrides: Record<string, string | number | boolean> = {},
): Config {
  return loadConfig({
    env: {},
    overrides: {
      env: 'test',
      sessionSecret: TEST_SECRET,
      pseudonymisationKey: TEST_PSEUDONYMISATION_KEY,
      databaseUrl,
      ...overrides,
    },
  });
}
