/**
 * All of Parity's configuration, in one module: every setting is read here from environment variables or a
 * JSON file, validated once (all problems listed together), and frozen. Laptop defaults need nothing set;
 * production requires the database URL, the secrets and the public URL to be given explicitly.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ParityError, type Problem } from '../shared/errors.js';
import { BANK_HOLIDAY_REGIONS, type BankHolidayRegion } from '../shared/bank-holidays.js';

export type Environment = 'development' | 'test' | 'production';
export type DatabaseKind = 'sqlite' | 'postgres' | 'pglite';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
export type OidcUserField = 'email' | 'username' | 'sso_subject';
export type OidcClientAuth = 'client_secret_basic' | 'client_secret_post';

export interface OidcConfig {
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly claim: string;
  readonly userField: OidcUserField;
  readonly scopes: string;
  readonly label: string;
  readonly clientAuth: OidcClientAuth;
  readonly allowHttp: boolean;
}

export interface Config {
  readonly env: Environment;
  readonly host: string;
  readonly port: number;
  readonly publicUrl: string;
  readonly databaseUrl: string;
  readonly databaseKind: DatabaseKind;
  readonly dataDir: string;
  readonly sessionSecret: string;
  readonly pseudonymisationKey: string;
  readonly uploadMaxMegabytes: number;
  /** Rendered pages kept in each server process (0: none). */
  readonly pageCachePages: number;
  readonly sessionHours: number;
  readonly sessionIdleMinutes: number;
  readonly loginMaxAttempts: number;
  readonly loginWindowMinutes: number;
  readonly loginDelaySeconds: number;
  readonly loginDeviceDays: number;
  readonly trustProxy: boolean;
  readonly reloadTemplates: boolean;
  readonly logLevel: LogLevel;
  readonly oidc: OidcConfig | null;
  /** The SMTP server mail goes out through; null: no mail is sent (reminders and packs wait for none). */
  readonly smtpUrl: string | null;
  /** The From of every email: "Parity <parity@example.nhs.uk>"; '' when mail is off. */
  readonly mailFrom: string;
  readonly mailIntervalSeconds: number;
  readonly mailClaimMinutes: number;
  readonly updateLeadWorkingDays: number;
  readonly updateWindowWorkingDays: number;
  readonly reminderWorkingDays: number;
  /** Whose bank holidays are not working days for the quarterly cycle. */
  readonly bankHolidays: BankHolidayRegion;
  /** Further days that are not working days (YYYY-MM-DD), such as a holiday proclaimed for one year. */
  readonly closedDays: readonly string[];
  /** From this many days before a financial year ends, those who create plans are warned if next year's is missing. */
  readonly nextPlanWarningDays: number;
}

type Raw = string | number | boolean | undefined;

interface SettingSpec {
  /** Key in the JSON configuration file. */
  readonly key: string;
  /** Environment variable(s), the first set one wins. */
  readonly env: readonly string[];
  readonly description: string;
  /** Default as shown in the documentation. */
  readonly defaultText: string;
}

/** Every setting, in the order the README documents them. */
export const SETTINGS: readonly SettingSpec[] = [
  {
    key: 'env',
    env: ['PARITY_ENV', 'NODE_ENV'],
    description: '`development`, `test` or `production`.',
    defaultText: 'development',
  },
  {
    key: 'host',
    env: ['PARITY_HOST', 'HOST'],
    description: 'Address the web server listens on.',
    defaultText: '127.0.0.1 (0.0.0.0 in production)',
  },
  {
    key: 'port',
    env: ['PARITY_PORT', 'PORT'],
    description: 'Port the web server listens on.',
    defaultText: '3000',
  },
  {
    key: 'publicUrl',
    env: ['PARITY_PUBLIC_URL'],
    description:
      'The address users reach Parity at (used for sign-in redirects). Required in production, https.',
    defaultText: 'http://localhost:<port>',
  },
  {
    key: 'databaseUrl',
    env: ['DATABASE_URL'],
    description:
      '`sqlite:<file>` (embedded), `postgres://...` (server) or `pglite:<dir>|memory` (in-process PostgreSQL). Required in production.',
    defaultText: 'sqlite:./data/parity.sqlite',
  },
  {
    key: 'dataDir',
    env: ['PARITY_DATA_DIR'],
    description: 'Folder for the embedded database and the development secret.',
    defaultText: './data',
  },
  {
    key: 'sessionSecret',
    env: ['PARITY_SESSION_SECRET'],
    description:
      'Secret (32+ characters) that signs cookies and form tokens. Required in production; in development one is generated and kept in the data folder.',
    defaultText: 'generated',
  },
  {
    key: 'pseudonymisationKey',
    env: ['PARITY_PSEUDONYMISATION_KEY'],
    description:
      'Secret (32+ characters) that turns staff numbers into pseudonyms as data is loaded. Required in production and must never change (records would stop linking); in development one is generated and kept in the data folder. Keep it out of the database backups.',
    defaultText: 'generated',
  },
  {
    key: 'uploadMaxMegabytes',
    env: ['PARITY_UPLOAD_MAX_MB'],
    description: 'Largest file accepted for loading, in megabytes.',
    defaultText: '100',
  },
  {
    key: 'pageCachePages',
    env: ['PARITY_PAGE_CACHE_PAGES'],
    description:
      'Dashboard pages each server process keeps as it rendered them, for the person it rendered them for, until anything in the database changes or the day ends (about 100 KB each). 0 renders every request afresh.',
    defaultText: '400',
  },
  {
    key: 'sessionHours',
    env: ['PARITY_SESSION_HOURS'],
    description: 'A session ends this many hours after sign-in.',
    defaultText: '12',
  },
  {
    key: 'sessionIdleMinutes',
    env: ['PARITY_SESSION_IDLE_MINUTES'],
    description: 'A session ends after this many minutes without a request.',
    defaultText: '60',
  },
  {
    key: 'loginMaxAttempts',
    env: ['PARITY_LOGIN_MAX_ATTEMPTS'],
    description:
      'Failed sign-ins allowed per account (20 times as many per address) before each further attempt must wait.',
    defaultText: '5',
  },
  {
    key: 'loginWindowMinutes',
    env: ['PARITY_LOGIN_WINDOW_MINUTES'],
    description:
      'The longest wait between sign-in attempts; failures are forgotten after this many minutes without one (counted from the end of any wait).',
    defaultText: '15',
  },
  {
    key: 'loginDelaySeconds',
    env: ['PARITY_LOGIN_DELAY_SECONDS'],
    description: 'The first wait once the free failures are used; each further failure doubles it.',
    defaultText: '30',
  },
  {
    key: 'loginDeviceDays',
    env: ['PARITY_LOGIN_DEVICE_DAYS'],
    description:
      'For how many days a browser and an address that signed in to an account are exempt from waits caused by failures elsewhere.',
    defaultText: '90',
  },
  {
    key: 'trustProxy',
    env: ['PARITY_TRUST_PROXY'],
    description: 'Trust `X-Forwarded-*` headers from a load balancer.',
    defaultText: 'false',
  },
  {
    key: 'reloadTemplates',
    env: ['PARITY_RELOAD_TEMPLATES'],
    description:
      'Read the page templates again on every request, so an edited template shows without a restart (`npm run dev` sets it). Slow: never in production.',
    defaultText: 'false',
  },
  {
    key: 'logLevel',
    env: ['PARITY_LOG_LEVEL'],
    description: 'fatal, error, warn, info, debug, trace or silent.',
    defaultText: 'info (silent in test)',
  },
  {
    key: 'oidcIssuer',
    env: ['PARITY_OIDC_ISSUER'],
    description:
      'OpenID Connect issuer URL of the trust identity provider (Entra ID, NHS CIS2). Setting it turns single sign-on on.',
    defaultText: '(off)',
  },
  {
    key: 'oidcClientId',
    env: ['PARITY_OIDC_CLIENT_ID'],
    description: 'Client id registered with the identity provider.',
    defaultText: '',
  },
  {
    key: 'oidcClientSecret',
    env: ['PARITY_OIDC_CLIENT_SECRET'],
    description: 'Client secret registered with the identity provider.',
    defaultText: '',
  },
  {
    key: 'oidcClaim',
    env: ['PARITY_OIDC_CLAIM'],
    description: 'ID-token claim that identifies the person.',
    defaultText: 'email',
  },
  {
    key: 'oidcUserField',
    env: ['PARITY_OIDC_USER_FIELD'],
    description: 'Parity user field the claim is matched against: `email`, `username` or `sso_subject`.',
    defaultText: 'email',
  },
  {
    key: 'oidcScopes',
    env: ['PARITY_OIDC_SCOPES'],
    description: 'Scopes requested.',
    defaultText: 'openid email profile',
  },
  {
    key: 'oidcLabel',
    env: ['PARITY_OIDC_LABEL'],
    description: 'Name of the identity provider on the sign-in button.',
    defaultText: 'your organisation account',
  },
  {
    key: 'oidcClientAuth',
    env: ['PARITY_OIDC_CLIENT_AUTH'],
    description:
      'How Parity proves its identity to the token endpoint: `client_secret_basic` or `client_secret_post`.',
    defaultText: 'client_secret_basic',
  },
  {
    key: 'oidcAllowHttp',
    env: ['PARITY_OIDC_ALLOW_HTTP'],
    description: 'Allow an http:// issuer (local testing only; refused in production).',
    defaultText: 'false',
  },
  {
    key: 'smtpUrl',
    env: ['PARITY_SMTP_URL'],
    description:
      'The SMTP server reminders and packs are sent through: `smtp://user:password@host:587` (STARTTLS when the server offers it) or `smtps://...:465`. Unset: no mail is sent, and the pages say so.',
    defaultText: '(off)',
  },
  {
    key: 'mailFrom',
    env: ['PARITY_MAIL_FROM'],
    description:
      'The sender of every email, like `Parity <parity@example.nhs.uk>`. Required with an SMTP server.',
    defaultText: '',
  },
  {
    key: 'mailIntervalSeconds',
    env: ['PARITY_MAIL_INTERVAL_SECONDS'],
    description:
      'How often each server process looks for mail that is due and sends what waits in the outbox, in seconds.',
    defaultText: '60',
  },
  {
    key: 'mailClaimMinutes',
    env: ['PARITY_MAIL_CLAIM_MINUTES'],
    description:
      'A message a server process has taken to send is left to it for this many minutes; if the process stopped meanwhile, another sends it.',
    defaultText: '10',
  },
  {
    key: 'updateLeadWorkingDays',
    env: ['PARITY_UPDATE_LEAD_WORKING_DAYS'],
    description:
      'A quarter’s update window closes this many working days (Monday to Friday) before the meeting it is for; each window keeps its own date once set.',
    defaultText: '5',
  },
  {
    key: 'updateWindowWorkingDays',
    env: ['PARITY_UPDATE_WINDOW_WORKING_DAYS'],
    description: 'An update window opens this many working days before it closes.',
    defaultText: '10',
  },
  {
    key: 'reminderWorkingDays',
    env: ['PARITY_REMINDER_WORKING_DAYS'],
    description:
      'Action leads whose update is still missing are reminded this many working days before their window closes.',
    defaultText: '3',
  },
  {
    key: 'bankHolidays',
    env: ['PARITY_BANK_HOLIDAYS'],
    description:
      'Whose bank holidays the quarterly cycle does not count as working days: england-and-wales, scotland, northern-ireland, or none (Monday to Friday only).',
    defaultText: 'england-and-wales',
  },
  {
    key: 'closedDays',
    env: ['PARITY_CLOSED_DAYS'],
    description:
      'Further days the quarterly cycle does not count as working days, as dates separated by commas (2027-06-04,2027-12-29): a holiday proclaimed for one year, an organisation’s closure.',
    defaultText: 'none',
  },
  {
    key: 'nextPlanWarningDays',
    env: ['PARITY_NEXT_PLAN_WARNING_DAYS'],
    description:
      'From this many days before a financial year ends (31 March), those who create plans are warned on the plans pages if next year’s plan does not exist yet.',
    defaultText: '90',
  },
];

export interface ConfigSources {
  /** Environment variables (defaults to process.env). */
  env?: Record<string, string | undefined>;
  /** Path of a JSON configuration file; `PARITY_CONFIG_FILE` is used when absent. */
  file?: string;
  /** Values that win over everything (used by the CLI flags and by tests). */
  overrides?: Partial<Record<string, Raw>>;
  /** Working directory that relative paths are resolved against. */
  cwd?: string;
}

/** Reads, validates and freezes the configuration, or throws a CONFIG error listing every problem. */
export function loadConfig(sources: ConfigSources = {}): Config {
  const env = sources.env ?? process.env;
  const cwd = sources.cwd ?? process.cwd();
  const problems: Problem[] = [];
  const fileValues = readConfigFile(sources.file ?? env.PARITY_CONFIG_FILE, cwd, problems);

  const lookup = (key: string): { value: Raw; source: string } => {
    const spec = SETTINGS.find((s) => s.key === key);
    if (!spec) throw new Error(`unknown setting ${key}`);
    if (sources.overrides && sources.overrides[key] !== undefined)
      return { value: sources.overrides[key], source: key };
    for (const name of spec.env) {
      const v = env[name];
      if (v !== undefined && v !== '') return { value: v, source: name };
    }
    if (fileValues[key] !== undefined) return { value: fileValues[key], source: `${key} (config file)` };
    return { value: undefined, source: spec.env[0] ?? key };
  };
  const read = new Reader(lookup, problems);

  const envName = read.enumOf('env', ['development', 'test', 'production'] as const, 'development');
  const production = envName === 'production';
  const port = read.integer('port', 3000, 1, 65535);
  const host = read.text('host', production ? '0.0.0.0' : '127.0.0.1');
  const dataDir = path.resolve(cwd, read.text('dataDir', './data'));

  const dbRaw = lookup('databaseUrl');
  if (production && dbRaw.value === undefined) {
    problems.push({
      field: 'DATABASE_URL',
      message: 'is required in production (a postgres:// URL or sqlite:<file>)',
    });
  }
  const databaseUrl = normaliseDatabaseUrl(
    String(dbRaw.value ?? `sqlite:${path.join(dataDir, 'parity.sqlite')}`),
    cwd,
  );
  const databaseKind = databaseKindOf(databaseUrl);
  if (databaseKind === null) {
    problems.push({
      field: dbRaw.source,
      message: `must start with sqlite:, postgres://, postgresql:// or pglite: (got '${redactUrl(databaseUrl)}')`,
    });
  }

  const publicUrlRaw = lookup('publicUrl');
  let publicUrl = `http://localhost:${port}`;
  if (publicUrlRaw.value !== undefined) {
    publicUrl = String(publicUrlRaw.value).replace(/\/+$/, '');
    if (!isUrl(publicUrl))
      problems.push({ field: publicUrlRaw.source, message: `must be an absolute URL (got '${publicUrl}')` });
    else if (production && !publicUrl.startsWith('https://'))
      problems.push({ field: publicUrlRaw.source, message: 'must use https in production' });
  } else if (production) {
    problems.push({
      field: 'PARITY_PUBLIC_URL',
      message: 'is required in production (the https address users reach Parity at)',
    });
  }

  const readSecret = (key: string, envName: string): string => {
    const raw = lookup(key);
    if (raw.value === undefined) {
      if (production)
        problems.push({
          field: envName,
          message: 'is required in production (32 or more random characters)',
        });
      return '';
    }
    const value = String(raw.value);
    if (value.length < 32)
      problems.push({ field: raw.source, message: `must be at least 32 characters (got ${value.length})` });
    return value;
  };
  let sessionSecret = readSecret('sessionSecret', 'PARITY_SESSION_SECRET');
  let pseudonymisationKey = readSecret('pseudonymisationKey', 'PARITY_PSEUDONYMISATION_KEY');
  const uploadMaxMegabytes = read.integer('uploadMaxMegabytes', 100, 1, 2048);
  const pageCachePages = read.integer('pageCachePages', 400, 0, 100_000);

  const sessionHours = read.integer('sessionHours', 12, 1, 24 * 30);
  const sessionIdleMinutes = read.integer('sessionIdleMinutes', 60, 5, 24 * 60);
  const loginMaxAttempts = read.integer('loginMaxAttempts', 5, 1, 100);
  const loginWindowMinutes = read.integer('loginWindowMinutes', 15, 1, 24 * 60);
  const loginDelaySeconds = read.integer('loginDelaySeconds', 30, 1, 60 * 60);
  // Browsers keep a cookie for at most 400 days.
  const loginDeviceDays = read.integer('loginDeviceDays', 90, 1, 400);
  if (loginDelaySeconds > loginWindowMinutes * 60)
    problems.push({
      field: lookup('loginDelaySeconds').source,
      message: `must be at most the longest wait (loginWindowMinutes: ${loginWindowMinutes} minutes)`,
    });
  const trustProxy = read.boolean('trustProxy', false);
  const reloadTemplates = read.boolean('reloadTemplates', false);
  if (production && reloadTemplates)
    problems.push({ field: lookup('reloadTemplates').source, message: 'must be false in production' });
  const logLevel = read.enumOf(
    'logLevel',
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const,
    envName === 'test' ? 'silent' : 'info',
  );
  const oidc = readOidc(read, lookup, problems, production);
  const mail = readMail(read, lookup, problems);
  const updateLeadWorkingDays = read.integer('updateLeadWorkingDays', 5, 1, 60);
  const updateWindowWorkingDays = read.integer('updateWindowWorkingDays', 10, 1, 60);
  const reminderWorkingDays = read.integer('reminderWorkingDays', 3, 1, 30);
  const nextPlanWarningDays = read.integer('nextPlanWarningDays', 90, 0, 365);
  const bankHolidays = read.enumOf('bankHolidays', BANK_HOLIDAY_REGIONS, 'england-and-wales');
  const closedDays = read.dates('closedDays');
  if (reminderWorkingDays > updateWindowWorkingDays)
    problems.push({
      field: lookup('reminderWorkingDays').source,
      message: `must be at most the length of the window (updateWindowWorkingDays: ${updateWindowWorkingDays})`,
    });

  if (problems.length > 0) {
    throw new ParityError('CONFIG', `The configuration has ${problems.length} problem(s)`, problems);
  }
  if (sessionSecret === '') sessionSecret = developmentSecret(dataDir, 'session-secret');
  if (pseudonymisationKey === '') pseudonymisationKey = developmentSecret(dataDir, 'pseudonymisation-key');

  return Object.freeze({
    env: envName,
    host,
    port,
    publicUrl,
    databaseUrl,
    databaseKind: databaseKind ?? 'sqlite',
    dataDir,
    sessionSecret,
    pseudonymisationKey,
    uploadMaxMegabytes,
    pageCachePages,
    sessionHours,
    sessionIdleMinutes,
    loginMaxAttempts,
    loginWindowMinutes,
    loginDelaySeconds,
    loginDeviceDays,
    trustProxy,
    reloadTemplates,
    logLevel,
    oidc: oidc === null ? null : Object.freeze(oidc),
    ...mail,
    updateLeadWorkingDays,
    updateWindowWorkingDays,
    reminderWorkingDays,
    bankHolidays,
    closedDays,
    nextPlanWarningDays,
  });
}

/** An address as people write a sender: `parity@example.nhs.uk` or `Parity <parity@example.nhs.uk>`. */
const MAIL_FROM = /^(?:[^<>@\r\n]*<[^<>@\s]+@[^<>@\s]+\.[^<>@\s]+>|[^<>@\s]+@[^<>@\s]+\.[^<>@\s]+)$/;

function readMail(
  read: Reader,
  lookup: (key: string) => { value: Raw; source: string },
  problems: Problem[],
): Pick<Config, 'smtpUrl' | 'mailFrom' | 'mailIntervalSeconds' | 'mailClaimMinutes'> {
  const raw = lookup('smtpUrl');
  let smtpUrl: string | null = null;
  if (raw.value !== undefined) {
    smtpUrl = String(raw.value).trim();
    let url: URL | null = null;
    try {
      url = new URL(smtpUrl);
    } catch {
      url = null;
    }
    if (!url || (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') || url.hostname === '')
      problems.push({
        field: raw.source,
        message: `must be an smtp:// or smtps:// address with a host (got '${redactUrl(smtpUrl)}')`,
      });
  }
  const mailFrom = read.text('mailFrom', '').trim();
  if (smtpUrl !== null && mailFrom === '')
    problems.push({
      field: lookup('mailFrom').source,
      message: 'is required when an SMTP server is set (the sender, like Parity <parity@example.nhs.uk>)',
    });
  else if (mailFrom !== '' && !MAIL_FROM.test(mailFrom))
    problems.push({
      field: lookup('mailFrom').source,
      message: `must be an email address, or a name and an address in <>, like Parity <parity@example.nhs.uk> (got '${mailFrom}')`,
    });
  return {
    smtpUrl,
    mailFrom,
    mailIntervalSeconds: read.integer('mailIntervalSeconds', 60, 1, 3600),
    mailClaimMinutes: read.integer('mailClaimMinutes', 10, 2, 24 * 60),
  };
}

function readOidc(
  read: Reader,
  lookup: (key: string) => { value: Raw; source: string },
  problems: Problem[],
  production: boolean,
): OidcConfig | null {
  const issuer = lookup('oidcIssuer').value;
  const clientId = lookup('oidcClientId').value;
  const clientSecret = lookup('oidcClientSecret').value;
  if (issuer === undefined && clientId === undefined && clientSecret === undefined) return null;
  if (issuer === undefined)
    problems.push({ field: 'PARITY_OIDC_ISSUER', message: 'is required when single sign-on is configured' });
  if (clientId === undefined)
    problems.push({
      field: 'PARITY_OIDC_CLIENT_ID',
      message: 'is required when single sign-on is configured',
    });
  if (clientSecret === undefined)
    problems.push({
      field: 'PARITY_OIDC_CLIENT_SECRET',
      message: 'is required when single sign-on is configured',
    });
  const allowHttp = read.boolean('oidcAllowHttp', false);
  if (allowHttp && production)
    problems.push({ field: 'PARITY_OIDC_ALLOW_HTTP', message: 'must not be set in production' });
  const issuerText = String(issuer ?? '');
  if (issuer !== undefined) {
    if (!isUrl(issuerText))
      problems.push({ field: 'PARITY_OIDC_ISSUER', message: `must be a URL (got '${issuerText}')` });
    else if (!issuerText.startsWith('https://') && !allowHttp)
      problems.push({
        field: 'PARITY_OIDC_ISSUER',
        message: 'must use https (set PARITY_OIDC_ALLOW_HTTP=true only for local testing)',
      });
  }
  return {
    issuer: issuerText,
    clientId: String(clientId ?? ''),
    clientSecret: String(clientSecret ?? ''),
    claim: read.text('oidcClaim', 'email'),
    userField: read.enumOf('oidcUserField', ['email', 'username', 'sso_subject'] as const, 'email'),
    scopes: read.text('oidcScopes', 'openid email profile'),
    label: read.text('oidcLabel', 'your organisation account'),
    clientAuth: read.enumOf(
      'oidcClientAuth',
      ['client_secret_basic', 'client_secret_post'] as const,
      'client_secret_basic',
    ),
    allowHttp,
  };
}

/** Typed readers that record a problem (instead of throwing) so every problem is listed at once. */
class Reader {
  constructor(
    private readonly lookup: (key: string) => { value: Raw; source: string },
    private readonly problems: Problem[],
  ) {}

  text(key: string, fallback: string): string {
    const { value } = this.lookup(key);
    return value === undefined ? fallback : String(value);
  }

  integer(key: string, fallback: number, min: number, max: number): number {
    const { value, source } = this.lookup(key);
    if (value === undefined) return fallback;
    const n = typeof value === 'number' ? value : /^\s*-?\d+\s*$/.test(String(value)) ? Number(value) : NaN;
    if (!Number.isInteger(n) || n < min || n > max) {
      this.problems.push({
        field: source,
        message: `must be a whole number from ${min} to ${max} (got '${String(value)}')`,
      });
      return fallback;
    }
    return n;
  }

  boolean(key: string, fallback: boolean): boolean {
    const { value, source } = this.lookup(key);
    if (value === undefined) return fallback;
    if (typeof value === 'boolean') return value;
    const s = String(value).trim().toLowerCase();
    if (['true', '1', 'yes', 'on'].includes(s)) return true;
    if (['false', '0', 'no', 'off'].includes(s)) return false;
    this.problems.push({ field: source, message: `must be true or false (got '${String(value)}')` });
    return fallback;
  }

  /** A list of dates (YYYY-MM-DD) separated by commas; each wrong one named. */
  dates(key: string): string[] {
    const { value, source } = this.lookup(key);
    if (value === undefined || String(value).trim() === '') return [];
    const out: string[] = [];
    for (const part of String(value).split(',')) {
      const day = part.trim();
      if (day === '') continue;
      const parsed = /^\d{4}-\d{2}-\d{2}$/.test(day) ? new Date(`${day}T00:00:00Z`) : null;
      if (!parsed || Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== day)
        this.problems.push({ field: source, message: `must list dates like 2027-06-04 (got '${day}')` });
      else out.push(day);
    }
    return [...new Set(out)].sort();
  }

  enumOf<T extends string>(key: string, allowed: readonly T[], fallback: T): T {
    const { value, source } = this.lookup(key);
    if (value === undefined) return fallback;
    const s = String(value).trim();
    if ((allowed as readonly string[]).includes(s)) return s as T;
    this.problems.push({ field: source, message: `must be one of ${allowed.join(', ')} (got '${s}')` });
    return fallback;
  }
}

function readConfigFile(file: string | undefined, cwd: string, problems: Problem[]): Record<string, Raw> {
  if (file === undefined || file === '') return {};
  const full = path.resolve(cwd, file);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(full, 'utf8'));
  } catch (error) {
    problems.push({
      field: 'PARITY_CONFIG_FILE',
      message: `cannot read ${full}: ${(error as Error).message}`,
    });
    return {};
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    problems.push({ field: 'PARITY_CONFIG_FILE', message: `${full} must hold a JSON object` });
    return {};
  }
  const known = new Set(SETTINGS.map((s) => s.key));
  const out: Record<string, Raw> = {};
  for (const [key, value] of Object.entries(parsed as Record<string, unknown>)) {
    if (!known.has(key)) {
      problems.push({
        field: `${key} (config file)`,
        message: `is not a setting; known settings: ${[...known].join(', ')}`,
      });
    } else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      out[key] = value;
    } else {
      problems.push({ field: `${key} (config file)`, message: 'must be a string, number or boolean' });
    }
  }
  return out;
}

function normaliseDatabaseUrl(url: string, cwd: string): string {
  if (url.startsWith('sqlite:')) {
    const file = url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    return file === ':memory:' ? url : `sqlite:${path.resolve(cwd, file)}`;
  }
  if (url.startsWith('pglite:')) {
    const dir = url.slice('pglite:'.length);
    return dir === 'memory' || dir === '' ? 'pglite:memory' : `pglite:${path.resolve(cwd, dir)}`;
  }
  return url;
}

export function databaseKindOf(url: string): DatabaseKind | null {
  if (url.startsWith('sqlite:')) return 'sqlite';
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) return 'postgres';
  if (url.startsWith('pglite:')) return 'pglite';
  return null;
}

/** A database URL safe to print: the password is replaced. */
export function redactUrl(url: string): string {
  return url.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1****@');
}

function isUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * On a laptop no secret is configured: one is generated on first run and kept (readable only by its owner)
 * in the data folder, so sessions and form tokens survive a restart.
 */
function developmentSecret(dataDir: string, name: string): string {
  const file = path.join(dataDir, name);
  if (existsSync(file)) {
    const existing = readFileSync(file, 'utf8').trim();
    if (existing.length >= 32) return existing;
  }
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
