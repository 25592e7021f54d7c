import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isParityError } from '../shared/errors.js';
import { loadConfig, redactUrl, SETTINGS } from './config.js';

const tmp = () => mkdtempSync(path.join(tmpdir(), 'parity-config-'));

function problemsOf(fn: () => unknown): { field: string; message: string }[] {
  try {
    fn();
  } catch (error) {
    if (isParityError(error, 'CONFIG')) return [...error.problems];
    throw error;
  }
  throw new Error('expected a configuration error');
}

describe('configuration', () => {
  it('has laptop defaults: SQLite under ./data, port 3000, a generated secret kept on disk', () => {
    const cwd = tmp();
    const config = loadConfig({ env: {}, cwd });
    expect(config.env).toBe('development');
    expect(config.port).toBe(3000);
    expect(config.host).toBe('127.0.0.1');
    expect(config.databaseKind).toBe('sqlite');
    expect(config.databaseUrl).toBe(`sqlite:${path.join(cwd, 'data', 'parity.sqlite')}`);
    expect(config.publicUrl).toBe('http://localhost:3000');
    expect(config.oidc).toBeNull();
    const secretFile = path.join(cwd, 'data', 'session-secret');
    expect(readFileSync(secretFile, 'utf8').trim()).toBe(config.sessionSecret);
    expect(statSync(secretFile).mode & 0o777).toBe(0o600);
    // The same secrets are used on the next start; the two secrets differ.
    expect(loadConfig({ env: {}, cwd }).sessionSecret).toBe(config.sessionSecret);
    expect(loadConfig({ env: {}, cwd }).pseudonymisationKey).toBe(config.pseudonymisationKey);
    expect(config.pseudonymisationKey).not.toBe(config.sessionSecret);
    expect(statSync(path.join(cwd, 'data', 'pseudonymisation-key')).mode & 0o777).toBe(0o600);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reads environment variables, and they win over the file', () => {
    const cwd = tmp();
    writeFileSync(
      path.join(cwd, 'parity.json'),
      JSON.stringify({ port: 4000, logLevel: 'warn', sessionHours: 8 }),
    );
    const config = loadConfig({
      cwd,
      env: {
        PARITY_CONFIG_FILE: 'parity.json',
        PORT: '5000',
        DATABASE_URL: 'postgres://u:p@db:5432/parity',
        PARITY_SESSION_SECRET: 'x'.repeat(40),
      },
    });
    expect(config.port).toBe(5000);
    expect(config.logLevel).toBe('warn');
    expect(config.sessionHours).toBe(8);
    expect(config.databaseKind).toBe('postgres');
    expect(config.sessionSecret).toBe('x'.repeat(40));
  });

  it('lists every problem at once', () => {
    const problems = problemsOf(() =>
      loadConfig({
        env: {
          PORT: 'eighty',
          PARITY_TRUST_PROXY: 'maybe',
          PARITY_LOG_LEVEL: 'loud',
          DATABASE_URL: 'mysql://x',
          PARITY_SESSION_SECRET: 'short',
        },
        cwd: tmp(),
      }),
    );
    expect(problems.map((p) => p.field).sort()).toEqual([
      'DATABASE_URL',
      'PARITY_LOG_LEVEL',
      'PARITY_SESSION_SECRET',
      'PARITY_TRUST_PROXY',
      'PORT',
    ]);
    expect(problems.find((p) => p.field === 'PORT')?.message).toContain("got 'eighty'");
  });

  it('requires the database URL, the secrets and the public https address in production', () => {
    const problems = problemsOf(() => loadConfig({ env: { NODE_ENV: 'production' }, cwd: tmp() }));
    expect(problems.map((p) => p.field).sort()).toEqual([
      'DATABASE_URL',
      'PARITY_PSEUDONYMISATION_KEY',
      'PARITY_PUBLIC_URL',
      'PARITY_SESSION_SECRET',
    ]);
    const http = problemsOf(() =>
      loadConfig({
        env: {
          NODE_ENV: 'production',
          DATABASE_URL: 'postgres://db/p',
          PARITY_SESSION_SECRET: 's'.repeat(32),
          PARITY_PSEUDONYMISATION_KEY: 'p'.repeat(32),
          PARITY_PUBLIC_URL: 'http://parity.example.nhs.uk',
        },
        cwd: tmp(),
      }),
    );
    expect(http).toEqual([{ field: 'PARITY_PUBLIC_URL', message: 'must use https in production' }]);
    const ok = loadConfig({
      env: {
        NODE_ENV: 'production',
        DATABASE_URL: 'postgres://db/p',
        PARITY_SESSION_SECRET: 's'.repeat(32),
        PARITY_PSEUDONYMISATION_KEY: 'p'.repeat(32),
        PARITY_PUBLIC_URL: 'https://parity.example.nhs.uk/',
      },
      cwd: tmp(),
    });
    expect(ok.host).toBe('0.0.0.0');
    expect(ok.publicUrl).toBe('https://parity.example.nhs.uk');
  });

  it('needs issuer, client id and secret together for single sign-on, over https', () => {
    const partial = problemsOf(() =>
      loadConfig({ env: { PARITY_OIDC_ISSUER: 'https://login.example.com' }, cwd: tmp() }),
    );
    expect(partial.map((p) => p.field).sort()).toEqual([
      'PARITY_OIDC_CLIENT_ID',
      'PARITY_OIDC_CLIENT_SECRET',
    ]);
    const insecure = problemsOf(() =>
      loadConfig({
        env: {
          PARITY_OIDC_ISSUER: 'http://idp.local',
          PARITY_OIDC_CLIENT_ID: 'c',
          PARITY_OIDC_CLIENT_SECRET: 's',
        },
        cwd: tmp(),
      }),
    );
    expect(insecure[0]?.field).toBe('PARITY_OIDC_ISSUER');
    const config = loadConfig({
      env: {
        PARITY_OIDC_ISSUER: 'https://login.example.com/tenant/v2.0',
        PARITY_OIDC_CLIENT_ID: 'c',
        PARITY_OIDC_CLIENT_SECRET: 's',
        PARITY_OIDC_CLAIM: 'preferred_username',
      },
      cwd: tmp(),
    });
    expect(config.oidc).toMatchObject({
      claim: 'preferred_username',
      userField: 'email',
      scopes: 'openid email profile',
    });
  });

  it('rejects unknown keys and bad JSON in the configuration file', () => {
    const cwd = tmp();
    writeFileSync(path.join(cwd, 'bad.json'), JSON.stringify({ prot: 1, port: { n: 1 } }));
    const problems = problemsOf(() => loadConfig({ env: {}, file: 'bad.json', cwd }));
    expect(problems).toHaveLength(2);
    writeFileSync(path.join(cwd, 'broken.json'), '{ nope');
    expect(problemsOf(() => loadConfig({ env: {}, file: 'broken.json', cwd }))[0]?.message).toContain(
      'cannot read',
    );
  });

  it('resolves SQLite and PGlite paths against the working directory', () => {
    const cwd = tmp();
    expect(
      loadConfig({ env: { DATABASE_URL: 'sqlite:db/x.sqlite', PARITY_SESSION_SECRET: 'k'.repeat(32) }, cwd })
        .databaseUrl,
    ).toBe(`sqlite:${path.join(cwd, 'db/x.sqlite')}`);
    expect(
      loadConfig({ env: { DATABASE_URL: 'pglite:memory', PARITY_SESSION_SECRET: 'k'.repeat(32) }, cwd })
        .databaseKind,
    ).toBe('pglite');
  });

  it('hides passwords in database URLs it prints', () => {
    expect(redactUrl('postgres://parity:s3cret@db.example:5432/parity')).toBe(
      'postgres://parity:****@db.example:5432/parity',
    );
    expect(redactUrl('sqlite:/tmp/x')).toBe('sqlite:/tmp/x');
  });

  it('documents every setting it reads in the README', () => {
    const readme = readFileSync(path.resolve(import.meta.dirname, '../../README.md'), 'utf8');
    for (const s of SETTINGS)
      expect(readme, `README should document ${s.env[0]}`).toContain(`\`${s.env[0]}\``);
  });
});

describe('mail and the quarterly cycle', () => {
  it('is off with no SMTP server, and reads one with its sender and the cycle’s working days', () => {
    const off = loadConfig({ env: {}, cwd: tmp() });
    expect([off.smtpUrl, off.mailFrom, off.mailIntervalSeconds, off.mailClaimMinutes]).toEqual([
      null,
      '',
      60,
      10,
    ]);
    expect([off.updateLeadWorkingDays, off.updateWindowWorkingDays, off.reminderWorkingDays]).toEqual([
      5, 10, 3,
    ]);
    const on = loadConfig({
      cwd: tmp(),
      env: {
        PARITY_SMTP_URL: 'smtps://parity:secret@smtp.example.nhs.uk:465',
        PARITY_MAIL_FROM: 'Parity <parity@example.nhs.uk>',
        PARITY_MAIL_INTERVAL_SECONDS: '5',
        PARITY_UPDATE_LEAD_WORKING_DAYS: '7',
      },
    });
    expect([on.smtpUrl, on.mailFrom, on.mailIntervalSeconds, on.updateLeadWorkingDays]).toEqual([
      'smtps://parity:secret@smtp.example.nhs.uk:465',
      'Parity <parity@example.nhs.uk>',
      5,
      7,
    ]);
  });

  it('reads whose bank holidays count and the closed days, naming each wrong date', () => {
    const plain = loadConfig({ env: {}, cwd: tmp() });
    expect([plain.bankHolidays, plain.closedDays]).toEqual(['england-and-wales', []]);
    const set = loadConfig({
      cwd: tmp(),
      env: { PARITY_BANK_HOLIDAYS: 'scotland', PARITY_CLOSED_DAYS: ' 2027-12-29, 2027-06-04,2027-06-04 ' },
    });
    expect([set.bankHolidays, set.closedDays]).toEqual(['scotland', ['2027-06-04', '2027-12-29']]);
    const problems = problemsOf(() =>
      loadConfig({
        cwd: tmp(),
        env: { PARITY_BANK_HOLIDAYS: 'wales', PARITY_CLOSED_DAYS: '2027-02-30,04/06/2027,2027-06-04' },
      }),
    );
    expect(problems).toEqual([
      {
        field: 'PARITY_BANK_HOLIDAYS',
        message: "must be one of england-and-wales, scotland, northern-ireland, none (got 'wales')",
      },
      { field: 'PARITY_CLOSED_DAYS', message: "must list dates like 2027-06-04 (got '2027-02-30')" },
      { field: 'PARITY_CLOSED_DAYS', message: "must list dates like 2027-06-04 (got '04/06/2027')" },
    ]);
  });

  it('names every mail problem at once, and never prints the SMTP password', () => {
    const problems = problemsOf(() =>
      loadConfig({
        cwd: tmp(),
        env: {
          PARITY_SMTP_URL: 'http://parity:s3cret@smtp.example.nhs.uk',
          PARITY_MAIL_INTERVAL_SECONDS: '0',
          PARITY_REMINDER_WORKING_DAYS: '12',
        },
      }),
    );
    expect(problems.map((p) => p.field)).toEqual([
      'PARITY_SMTP_URL',
      'PARITY_MAIL_FROM',
      'PARITY_MAIL_INTERVAL_SECONDS',
      'PARITY_REMINDER_WORKING_DAYS',
    ]);
    expect(JSON.stringify(problems)).not.toContain('s3cret');
    const from = problemsOf(() =>
      loadConfig({ cwd: tmp(), env: { PARITY_SMTP_URL: 'smtp://localhost:25', PARITY_MAIL_FROM: 'Parity' } }),
    );
    expect(from.map((p) => p.field)).toEqual(['PARITY_MAIL_FROM']);
  });
});

describe('the warning that next year’s plan is missing', () => {
  it('warns from 90 days before the year ends unless set, and names a setting out of range', () => {
    expect(loadConfig({ env: {}, cwd: tmp() }).nextPlanWarningDays).toBe(90);
    expect(loadConfig({ env: { PARITY_NEXT_PLAN_WARNING_DAYS: '45' }, cwd: tmp() }).nextPlanWarningDays).toBe(
      45,
    );
    const problems = problemsOf(() =>
      loadConfig({ cwd: tmp(), env: { PARITY_NEXT_PLAN_WARNING_DAYS: '400' } }),
    );
    expect(problems).toEqual([
      { field: 'PARITY_NEXT_PLAN_WARNING_DAYS', message: "must be a whole number from 0 to 365 (got '400')" },
    ]);
  });
});
