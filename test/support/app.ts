/**
 * The real Parity app, built in-process on a temporary database, and a small client that keeps cookies and
 * sends form tokens like a browser would.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Config } from '../../src/config/config.js';
import { oidcLogin, type OidcLogin } from '../../src/features/auth/oidc.js';
import { createDemo, DEMO_PASSWORD } from '../../src/features/demo/demo.js';
import { createServices, type Services } from '../../src/features/services.js';
import { createApp } from '../../src/server/app.js';
import { ledgerPreparer, type LedgerPreparer } from '../../src/server/prepare.js';
import { fixedClock, type Clock } from '../../src/shared/clock.js';
import { openDatabase, type DatabaseHandle } from '../../src/storage/database.js';
import { openTestDatabase, type Dialect, type TestDatabase } from './databases.js';
import { demoTemplate } from './demo-template.js';

import { testConfig } from './settings.js';

export { TEST_PSEUDONYMISATION_KEY, TEST_SECRET } from './settings.js';
export const TEST_NOW = '2026-06-15T09:00:00.000Z';

/**
 * The demo as the tests know it, whatever the clock: standing on 31 December 2024 (reporting years 2022 to
 * 2024, the 2023/24 plan published and 2024/25 approved), without the demo's forums and meetings, so a test
 * adds its own. The figures, plans and pages the tests assert are those of this demo.
 */
export const TEST_DEMO = { asOf: '2024-12-31', meetings: false } as const;
export const TEST_DEMO_YEARS: readonly number[] = [2022, 2023, 2024];

/** Makes the demo's organisations and accounts as the tests know them (TEST_DEMO), without its data. */
export async function createTestDemo(services: Services): Promise<void> {
  await createDemo(services, { withData: false, ...TEST_DEMO });
}

/**
 * The run's prepared demo: a SQLite file holding the demo as the tests know it, its years loaded and every
 * ledger kept (demo-template.ts). Copy it; never open it.
 */
export function preparedDemo(): Promise<string> {
  return demoTemplate({ now: TEST_NOW, demo: TEST_DEMO, years: TEST_DEMO_YEARS });
}

export interface TestApp {
  app: FastifyInstance;
  services: Services;
  config: Config;
  database: TestDatabase;
  clock: ReturnType<typeof fixedClock>;
  agent(): Agent;
  /** Prepares ledgers after changes, when asked for (`prepare`). */
  preparer: LedgerPreparer | null;
  close(): Promise<void>;
}

export async function buildTestApp(
  options: {
    dialect?: Dialect;
    settings?: Record<string, string | number | boolean>;
    oidc?: OidcLogin | null;
    /** Builds single sign-on from the loaded configuration (the oidc* settings), as the server does. */
    sso?: boolean;
    /** Creates the demo organisations and accounts first. */
    demo?: boolean;
    /**
     * Starts on a copy of the demo as the tests know it, with TEST_DEMO_YEARS loaded and every year's
     * disclosure ledger kept (demo-template.ts; SQLite only).
     */
    demoData?: boolean;
    /** Extra routes a test needs (registered before the app is ready). */
    extraRoutes?: (app: FastifyInstance) => void;
    /** Prepares disclosure ledgers after changes, as the server does (src/server/prepare.ts). */
    prepare?: boolean;
  } = {},
): Promise<TestApp> {
  const database = await openTestDatabase(
    options.dialect ?? 'sqlite',
    options.demoData ? { copyOf: await preparedDemo() } : {},
  );
  const config = testConfig(database.url, options.settings);
  const clock = fixedClock(TEST_NOW);
  const services = createServices({ db: database.db, clock, settings: config });
  if (options.demo && !options.demoData) await createTestDemo(services);
  const oidc = options.oidc ?? (options.sso && config.oidc ? oidcLogin(config.oidc, config.publicUrl) : null);
  const preparer = options.prepare
    ? ledgerPreparer({
        config,
        services,
        onError: (error) => {
          throw error;
        },
      })
    : null;
  const app = await createApp({ config, services, oidc, preparer });
  options.extraRoutes?.(app);
  await app.ready();
  return {
    app,
    services,
    config,
    database,
    clock,
    agent: () => new Agent(app),
    preparer,
    async close() {
      await preparer?.idle();
      await app.close();
      await database.dispose();
    },
  };
}

/**
 * The demo installation as the tests know it (TEST_DEMO) with its three years of data loaded and its
 * ledgers kept (`demoData`), and a signed-in agent for each demo account
 * named (fills `agents`, which the caller keeps).
 */
export async function buildDemoApp(
  accounts: readonly string[],
  agents: Record<string, Agent>,
): Promise<TestApp> {
  const t = await buildTestApp({ demoData: true });
  for (const name of accounts) {
    agents[name] = t.agent();
    await agents[name].signIn(name, DEMO_PASSWORD);
  }
  return t;
}

export interface SharedApps {
  /** The database both instances use; `database.db` is the first instance's connection. */
  database: TestDatabase;
  apps: [FastifyInstance, FastifyInstance];
  close(): Promise<void>;
}

/**
 * Two app instances sharing one test database, as two server processes behind a load balancer do: the
 * first on the database's own connection, the second on a connection of its own, each with its services
 * on `clock` and the test configuration (with `settings` over it); the demo's organisations and accounts
 * (TEST_DEMO, without data) made once, through the first.
 */
export async function buildSharedApps(
  dialect: Dialect,
  options: { clock: Clock; settings?: Record<string, string | number | boolean> },
): Promise<SharedApps> {
  const database = await openTestDatabase(dialect);
  let secondary: DatabaseHandle | undefined;
  const apps: FastifyInstance[] = [];
  const close = async () => {
    for (const app of apps) await app.close();
    await secondary?.close();
    await database.dispose();
  };
  try {
    secondary = await openDatabase(database.url);
    for (const handle of [database, secondary]) {
      const config = testConfig(database.url, options.settings);
      const services = createServices({ db: handle.db, clock: options.clock, settings: config });
      if (apps.length === 0) await createTestDemo(services);
      apps.push(await createApp({ config, services }));
    }
  } catch (error) {
    await close();
    throw error;
  }
  return { database, apps: apps as [FastifyInstance, FastifyInstance], close };
}

/** Reads the form token out of a rendered page. */
export function csrfFrom(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!m) throw new Error('no form token on the page');
  return m[1]!;
}

/** A browser-like client for `inject`: keeps cookies, remembers the last form token it saw. */
export class Agent {
  readonly cookies = new Map<string, string>();
  token: string | null = null;
  /** The client address the server sees (`inject` uses 127.0.0.1 unless told). */
  remoteAddress: string | undefined;

  constructor(private readonly app: FastifyInstance) {}

  private remember(response: LightMyRequestResponse): LightMyRequestResponse {
    for (const c of response.cookies) {
      // Cleared cookies come back empty, expired at the epoch (the app's clock may be fixed in the past).
      if (c.value === '' || c.maxAge === 0 || (c.expires && c.expires.getTime() <= 0))
        this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    const type = String(response.headers['content-type'] ?? '');
    if (type.startsWith('text/html')) {
      const m = /name="_csrf" value="([^"]+)"/.exec(response.body);
      if (m) this.token = m[1]!;
    }
    return response;
  }

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    return this.remember(
      await this.app.inject({
        method: 'GET',
        url,
        headers: { cookie: this.cookieHeader(), ...headers },
        remoteAddress: this.remoteAddress,
      }),
    );
  }

  /** Posts a urlencoded form; adds the last seen form token unless `_csrf` is given (or null to omit it). */
  async post(url: string, form: Record<string, string | null> = {}): Promise<LightMyRequestResponse> {
    const fields: Record<string, string> = {};
    for (const [k, v] of Object.entries(form)) if (v !== null) fields[k] = v;
    if (!('_csrf' in form) && this.token) fields._csrf = this.token;
    return this.remember(
      await this.app.inject({
        method: 'POST',
        url,
        headers: { cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams(fields).toString(),
        remoteAddress: this.remoteAddress,
      }),
    );
  }

  /** Posts a multipart form with files, as a browser's file upload does (form token added as with `post`). */
  async upload(
    url: string,
    fields: Record<string, string>,
    files: { field: string; name: string; content: Buffer | string; type?: string }[],
  ): Promise<LightMyRequestResponse> {
    const boundary = `----parity${Math.random().toString(16).slice(2)}`;
    const parts: Buffer[] = [];
    const all = { ...(this.token && !('_csrf' in fields) ? { _csrf: this.token } : {}), ...fields };
    for (const [name, value] of Object.entries(all))
      parts.push(
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
      );
    for (const f of files) {
      parts.push(
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="${f.field}"; filename="${f.name}"\r\nContent-Type: ${f.type ?? 'application/octet-stream'}\r\n\r\n`,
        ),
      );
      parts.push(Buffer.isBuffer(f.content) ? f.content : Buffer.from(f.content));
      parts.push(Buffer.from('\r\n'));
    }
    parts.push(Buffer.from(`--${boundary}--\r\n`));
    return this.remember(
      await this.app.inject({
        method: 'POST',
        url,
        headers: { cookie: this.cookieHeader(), 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload: Buffer.concat(parts),
      }),
    );
  }

  /** Signs in through the real sign-in form. */
  async signIn(username: string, password: string): Promise<LightMyRequestResponse> {
    await this.get('/sign-in');
    const response = await this.post('/sign-in', { username, password, returnTo: '/' });
    if (response.statusCode !== 303) throw new Error(`sign-in as ${username} failed: ${response.statusCode}`);
    await this.get('/');
    return response;
  }
}
