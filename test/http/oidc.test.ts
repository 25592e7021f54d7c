/**
 * Single sign-on against a real OpenID provider: oidc-provider runs on loopback with its development
 * login and consent pages, Parity listens for real, and a fetch-based browser walks the authorisation code
 * flow (PKCE, state, nonce) between the two. Nothing on either side is mocked.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { auditRepository } from '../../src/features/audit/audit.js';
import { hashToken } from '../../src/features/auth/sessions.js';
import { DEMO_TRUST } from '../../src/features/demo/demo.js';
import { organisationsRepository } from '../../src/features/organisations/organisations.repository.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { freePort } from '../support/postgres-server.js';

interface OidcProvider {
  callback(): (req: IncomingMessage, res: ServerResponse) => void;
  on(event: 'server_error' | 'grant.error', listener: (ctx: unknown, error: Error) => void): void;
  on(event: 'grant.success', listener: (ctx: { get(header: string): string }) => void): void;
}
type ProviderConstructor = new (issuer: string, configuration: object) => OidcProvider;

/** Loaded inside `quietly`: oidc-provider warns on import that it prefers a newer Node.js. */
async function loadProvider(): Promise<ProviderConstructor> {
  // @ts-expect-error -- oidc-provider ships no type declarations; the little used here is typed above.
  const module = (await import('oidc-provider')) as { default: ProviderConstructor };
  return module.default;
}

/** Runs `action` with oidc-provider's console warnings and notices about its development defaults muted. */
async function quietly<T>(action: () => T | Promise<T>): Promise<T> {
  const filter = (original: (...args: unknown[]) => void) =>
    vi.fn((...args: unknown[]) => {
      if (!String(args[0]).startsWith('oidc-provider')) original(...args);
    });
  const warn = vi.spyOn(console, 'warn').mockImplementation(filter(console.warn.bind(console)));
  const info = vi.spyOn(console, 'info').mockImplementation(filter(console.info.bind(console)));
  try {
    return await action();
  } finally {
    warn.mockRestore();
    info.mockRestore();
  }
}

const CLIENT_ID = 'parity';
const CLIENT_SECRET = 'a-long-client-secret-for-tests';
const SSO_SUBJECT = 'Ab12Cd34-SSO-Subject'; // subjects are case-sensitive

/** The people the provider knows (the account id is the `sub`); it accepts any password. */
const PROVIDER_ACCOUNTS: Record<string, { email: string }> = {
  analyst: { email: 'analyst@demo.parity.example' },
  stranger: { email: 'stranger@elsewhere.example' },
  [SSO_SUBJECT]: { email: 'sso.person@elsewhere.example' },
};

interface RunningProvider {
  issuer: string;
  /** Errors the provider reported while answering (an unexpected one fails the test that caused it). */
  errors: string[];
  /** The Authorization header of each successful token request ('' when the secret came in the body). */
  tokenRequestAuthorization: string[];
  close(): Promise<void>;
}

async function startProvider(port: number, redirectUris: string[]): Promise<RunningProvider> {
  const issuer = `http://127.0.0.1:${port}`;
  const Provider = await quietly(loadProvider);
  const provider = await quietly(
    () =>
      new Provider(issuer, {
        clients: [
          {
            client_id: CLIENT_ID,
            client_secret: CLIENT_SECRET,
            redirect_uris: redirectUris,
            grant_types: ['authorization_code'],
            response_types: ['code'],
            token_endpoint_auth_method: 'client_secret_basic',
          },
        ],
        pkce: { required: () => true },
        findAccount: (_ctx: unknown, id: string) => {
          const account = PROVIDER_ACCOUNTS[id];
          if (!account) return undefined;
          return {
            accountId: id,
            claims: () => ({ sub: id, email: account.email, email_verified: true }),
          };
        },
        claims: { openid: ['sub'], email: ['email', 'email_verified'] },
        cookies: { keys: ['a-cookie-signing-key-for-the-test-provider'] },
        features: { devInteractions: { enabled: true } },
        // Explicit lifetimes (in seconds), so the provider does not print a notice about each default.
        ttl: {
          AccessToken: 600,
          AuthorizationCode: 60,
          Grant: 3600,
          IdToken: 600,
          Interaction: 600,
          Session: 3600,
        },
      }),
  );
  const errors: string[] = [];
  provider.on('server_error', (_ctx, error) => errors.push(`server_error: ${error.message}`));
  provider.on('grant.error', (_ctx, error) => errors.push(`grant.error: ${error.message}`));
  const tokenRequestAuthorization: string[] = [];
  provider.on('grant.success', (ctx) => tokenRequestAuthorization.push(ctx.get('authorization')));
  const server: Server = createServer(provider.callback());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    issuer,
    errors,
    tokenRequestAuthorization,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

interface StoredCookie {
  name: string;
  value: string;
  path: string;
}

interface Answer {
  status: number;
  url: URL;
  /** The redirect target, resolved against the request URL. */
  location: URL | null;
  body: string;
  /** Cookies this answer set (name to value; '' when it cleared one). */
  setCookies: Map<string, string>;
}

/** Just enough of a browser: fetch without following redirects, and one cookie jar per host. */
class Browser {
  private readonly jars = new Map<string, StoredCookie[]>();

  cookie(origin: string, name: string): string | undefined {
    return this.jars.get(new URL(origin).host)?.find((c) => c.name === name)?.value;
  }

  setCookie(origin: string, name: string, value: string): void {
    const host = new URL(origin).host;
    const jar = (this.jars.get(host) ?? []).filter((c) => c.name !== name);
    jar.push({ name, value, path: '/' });
    this.jars.set(host, jar);
  }

  dropCookie(origin: string, name: string): void {
    const host = new URL(origin).host;
    this.jars.set(
      host,
      (this.jars.get(host) ?? []).filter((c) => c.name !== name),
    );
  }

  get(url: string | URL): Promise<Answer> {
    return this.request(new URL(url), { method: 'GET' });
  }

  post(url: string | URL, form: Record<string, string>): Promise<Answer> {
    return this.request(new URL(url), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    });
  }

  private async request(url: URL, init: RequestInit): Promise<Answer> {
    const jar = this.jars.get(url.host) ?? [];
    const cookie = jar
      .filter(
        (c) =>
          url.pathname === c.path || url.pathname.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`),
      )
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
    const response = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), ...(cookie ? { cookie } : {}) },
    });
    const setCookies = new Map<string, string>();
    for (const header of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = header.split(';').map((s) => s.trim());
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      const attribute = (key: string) =>
        attributes.find((a) => a.toLowerCase().startsWith(`${key}=`))?.slice(key.length + 1);
      const path = attribute('path') ?? '/';
      const maxAge = attribute('max-age');
      const expires = attribute('expires');
      // Cleared cookies come back empty or expired at the epoch. (Parity's test clock is fixed, so its
      // session cookie may carry an expiry already past in real time; like the test Agent, keep it.)
      const cleared =
        value === '' ||
        (maxAge !== undefined && Number(maxAge) <= 0) ||
        (expires !== undefined && new Date(expires).getTime() <= 0);
      const kept = jar.filter((c) => !(c.name === name && c.path === path));
      if (!cleared) kept.push({ name, value, path });
      jar.splice(0, jar.length, ...kept);
      setCookies.set(name, cleared ? '' : value);
    }
    this.jars.set(url.host, jar);
    const location = response.headers.get('location');
    return {
      status: response.status,
      url,
      location: location === null ? null : new URL(location, url),
      body: await response.text(),
      setCookies,
    };
  }
}

const decode = (html: string) => html.replaceAll('&amp;', '&').replaceAll('&#x2F;', '/');

interface ProviderJourney {
  /** Parity's redirect to the provider's authorization endpoint. */
  authorizationUrl: URL;
  /** The provider's redirect back to Parity. */
  callbackUrl: URL;
  /** The interaction pages the person went through, in order ("login", "consent"). */
  prompts: string[];
}

/**
 * Starts single sign-on at Parity and goes through the provider's pages as `login`, stopping at the
 * redirect back to Parity's callback (which is not requested).
 */
async function throughProvider(
  browser: Browser,
  appUrl: string,
  returnTo: string,
  login: string,
): Promise<ProviderJourney> {
  const start = await browser.get(`${appUrl}/auth/oidc/start?returnTo=${encodeURIComponent(returnTo)}`);
  expect(start.status).toBe(303);
  const authorizationUrl = start.location!;
  const prompts: string[] = [];
  let next: URL = authorizationUrl;
  for (let step = 0; step < 12; step++) {
    if (next.origin === new URL(appUrl).origin) return { authorizationUrl, callbackUrl: next, prompts };
    const page = await browser.get(next);
    if (page.status >= 300 && page.status < 400 && page.location) {
      next = page.location;
      continue;
    }
    expect(page.status, page.body).toBe(200);
    const action = /<form[^>]*action="([^"]+)"/.exec(page.body)?.[1];
    const prompt = /name="prompt" value="([^"]+)"/.exec(page.body)?.[1];
    if (!action || !prompt) throw new Error(`not an interaction page: ${page.body.slice(0, 500)}`);
    prompts.push(prompt);
    const form: Record<string, string> =
      prompt === 'login' ? { prompt, login, password: 'any password will do' } : { prompt };
    const submitted = await browser.post(new URL(decode(action), page.url), form);
    expect(submitted.status).toBeGreaterThanOrEqual(300);
    expect(submitted.status).toBeLessThan(400);
    next = submitted.location!;
  }
  throw new Error('the provider never sent the browser back to Parity');
}

async function sessionRow(t: TestApp, token: string) {
  return t.database.db
    .selectFrom('sessions')
    .select(['auth_method', 'user_id'])
    .where('id', '=', hashToken(token))
    .executeTakeFirst();
}

describe('single sign-on through a real OpenID provider (matching the email claim)', () => {
  let provider: RunningProvider;
  let t: TestApp;
  let appUrl: string;

  beforeAll(async () => {
    const [providerPort, appPort] = [await freePort(), await freePort()];
    appUrl = `http://127.0.0.1:${appPort}`;
    provider = await startProvider(providerPort, [`${appUrl}/auth/oidc/callback`]);
    t = await buildTestApp({
      demo: true,
      sso: true,
      settings: {
        publicUrl: appUrl,
        oidcIssuer: provider.issuer,
        oidcClientId: CLIENT_ID,
        oidcClientSecret: CLIENT_SECRET,
        oidcAllowHttp: true,
        oidcLabel: 'NHS CIS2 test',
      },
    });
    await t.app.listen({ port: appPort, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await t?.close();
    await provider?.close();
  });

  it('signs a known person in through the provider and lands them on the page they asked for', async () => {
    const browser = new Browser();
    const journey = await throughProvider(browser, appUrl, '/o/DHF', 'analyst');

    const auth = journey.authorizationUrl;
    expect(`${auth.origin}${auth.pathname}`).toBe(`${provider.issuer}/auth`);
    const params = auth.searchParams;
    expect(params.get('client_id')).toBe(CLIENT_ID);
    expect(params.get('response_type')).toBe('code');
    expect(params.get('redirect_uri')).toBe(`${appUrl}/auth/oidc/callback`);
    expect(params.get('scope')).toBe('openid email profile');
    expect(params.get('code_challenge_method')).toBe('S256');
    expect(params.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(params.get('state')).toMatch(/^[\w-]{20,}$/);
    expect(params.get('nonce')).toMatch(/^[\w-]{20,}$/);
    expect(journey.prompts).toEqual(['login', 'consent']);

    // The pending login rides in a signed cookie: it holds the PKCE verifier behind the challenge the
    // provider saw, and the same state and nonce.
    const signed = decodeURIComponent(browser.cookie(appUrl, 'parity_oidc')!);
    const pending = JSON.parse(signed.slice(0, signed.lastIndexOf('.'))) as Record<string, string>;
    expect(pending).toMatchObject({
      state: params.get('state'),
      nonce: params.get('nonce'),
      returnTo: '/o/DHF',
    });
    expect(createHash('sha256').update(pending.verifier!).digest('base64url')).toBe(
      params.get('code_challenge'),
    );

    const callback = journey.callbackUrl;
    expect(`${callback.origin}${callback.pathname}`).toBe(`${appUrl}/auth/oidc/callback`);
    expect(callback.searchParams.get('code')).toBeTruthy();
    expect(callback.searchParams.get('state')).toBe(params.get('state'));

    const landed = await browser.get(callback);
    expect(landed.status, landed.body).toBe(303);
    expect(landed.location?.href).toBe(`${appUrl}/o/DHF`);
    const token = landed.setCookies.get('parity_session');
    expect(token).toMatch(/^[\w-]{43}$/);
    expect(landed.setCookies.get('parity_oidc')).toBe(''); // the pending login is used up
    expect(provider.errors).toEqual([]);

    const page = await browser.get(landed.location!);
    expect(page.status).toBe(200);
    expect(page.body).toContain('Priya Patel (EDI lead)');
    expect(page.body).toContain(DEMO_TRUST.name);

    const { events } = await auditRepository(t.database.db).list({ action: 'auth.sign_in', limit: 5 });
    expect(events[0]).toMatchObject({
      actorLabel: 'analyst',
      summary: `Signed in through ${provider.issuer}`,
    });
    expect(await sessionRow(t, token!)).toMatchObject({ auth_method: 'oidc' });
    // Parity authenticated to the token endpoint with HTTP Basic (the default PARITY_OIDC_CLIENT_AUTH).
    expect(provider.tokenRequestAuthorization.at(-1)).toMatch(/^Basic /);
  });

  it('refuses a person the provider knows but Parity does not', async () => {
    const browser = new Browser();
    const { callbackUrl } = await throughProvider(browser, appUrl, '/o/DHF', 'stranger');
    const refused = await browser.get(callbackUrl);
    expect(refused.status).toBe(403);
    expect(refused.body).toContain(
      'You signed in as stranger@elsewhere.example, but no Parity account is set up for you.',
    );
    expect(refused.setCookies.has('parity_session')).toBe(false);
    expect(browser.cookie(appUrl, 'parity_session')).toBeUndefined();
    const { events } = await auditRepository(t.database.db).list({
      action: 'auth.sign_in_failed',
      limit: 5,
    });
    expect(events[0]).toMatchObject({
      actorUserId: null,
      actorLabel: 'stranger@elsewhere.example',
      summary: 'Single sign-on identity not set up in Parity (email)',
    });
  });

  it('does not sign in from a callback with a wrong state, and rejects it before redeeming the code', async () => {
    const browser = new Browser();
    const { callbackUrl } = await throughProvider(browser, appUrl, '/o/DHF', 'analyst');
    const pending = browser.cookie(appUrl, 'parity_oidc')!;
    const forged = new URL(callbackUrl);
    forged.searchParams.set('state', 'a-state-that-parity-never-issued');
    const answer = await browser.get(forged);
    expect(answer.status).toBe(401);
    expect(answer.body).toContain('<h1>Sign in to Parity</h1>');
    expect(answer.body).toContain('Single sign-on failed: invalid response encountered');
    expect(answer.setCookies.has('parity_session')).toBe(false);
    expect(answer.setCookies.get('parity_oidc')).toBe(''); // this attempt is over
    expect(browser.cookie(appUrl, 'parity_session')).toBeUndefined();

    // The state was checked before the code went to the provider: with the genuine state the code still works.
    browser.setCookie(appUrl, 'parity_oidc', pending);
    const genuine = await browser.get(callbackUrl);
    expect(genuine.status).toBe(303);
    expect(genuine.setCookies.get('parity_session')).toMatch(/^[\w-]{43}$/);
    expect(provider.errors).toEqual([]);
  });

  it('does not sign in from a callback without the signed pending-login cookie', async () => {
    const browser = new Browser();
    const { callbackUrl } = await throughProvider(browser, appUrl, '/o/DHF', 'analyst');
    const genuine = browser.cookie(appUrl, 'parity_oidc')!;

    // No cookie at all: the callback was opened in another browser, or the cookie expired.
    browser.dropCookie(appUrl, 'parity_oidc');
    const missing = await browser.get(callbackUrl);
    // A cookie whose signature does not match: the pending login was rewritten.
    const unsigned = decodeURIComponent(genuine).replace(/\.[^.]+$/, '');
    browser.setCookie(appUrl, 'parity_oidc', encodeURIComponent(`${unsigned}.forged-signature`));
    const tampered = await browser.get(callbackUrl);

    for (const answer of [missing, tampered]) {
      expect(answer.status).toBe(401);
      expect(answer.body).toContain('The sign-in took too long or was started elsewhere. Start again.');
      expect(answer.setCookies.has('parity_session')).toBe(false);
    }
    expect(browser.cookie(appUrl, 'parity_session')).toBeUndefined();
  });

  it('does not accept the same callback twice', async () => {
    const browser = new Browser();
    const { callbackUrl } = await throughProvider(browser, appUrl, '/', 'analyst');
    const pending = browser.cookie(appUrl, 'parity_oidc')!;
    const first = await browser.get(callbackUrl);
    expect(first.status).toBe(303);
    expect(first.setCookies.get('parity_session')).toBeTruthy();
    provider.errors.length = 0;

    // Someone replays the callback with a copy of the pending-login cookie.
    const replayer = new Browser();
    replayer.setCookie(appUrl, 'parity_oidc', pending);
    const replay = await replayer.get(callbackUrl);
    expect(replay.status).toBe(401);
    expect(replay.body).toContain('Single sign-on failed');
    expect(replay.setCookies.has('parity_session')).toBe(false);
    expect(provider.errors.join('\n')).toContain('grant.error');
    provider.errors.length = 0;

    // The person who did sign in opens the used callback again (browser history): they are told, not
    // sent round a loop between the callback and the sign-in page.
    const again = await browser.get(callbackUrl);
    expect(again.status).toBe(401);
    expect(again.body).toContain('The sign-in took too long or was started elsewhere. Start again.');
  });

  it('offers the configured single sign-on on the sign-in page', async () => {
    const browser = new Browser();
    const page = await browser.get(`${appUrl}/sign-in?returnTo=${encodeURIComponent('/o/DHF')}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('Sign in with NHS CIS2 test');
    expect(page.body).toContain('href="/auth/oidc/start?returnTo=%2Fo%2FDHF"');
  });
});

describe('single sign-on matching the sub claim to a Parity account’s SSO subject', () => {
  let provider: RunningProvider;
  let t: TestApp;
  let appUrl: string;

  beforeAll(async () => {
    const [providerPort, appPort] = [await freePort(), await freePort()];
    appUrl = `http://127.0.0.1:${appPort}`;
    provider = await startProvider(providerPort, [`${appUrl}/auth/oidc/callback`]);
    t = await buildTestApp({
      demo: true,
      sso: true,
      settings: {
        publicUrl: appUrl,
        oidcIssuer: provider.issuer,
        oidcClientId: CLIENT_ID,
        oidcClientSecret: CLIENT_SECRET,
        oidcAllowHttp: true,
        oidcClaim: 'sub',
        oidcUserField: 'sso_subject',
        oidcClientAuth: 'client_secret_post',
      },
    });
    const trust = (await organisationsRepository(t.database.db).findByOds(DEMO_TRUST.odsCode))!;
    const user = await t.services.users.createUser(
      { userId: null, label: 'test' },
      {
        username: 'sso.person',
        displayName: 'SSO Person',
        email: null,
        password: null,
        ssoSubject: SSO_SUBJECT,
      },
    );
    await t.services.users.grantRole(
      { userId: null, label: 'test' },
      { userId: user.id, organisationId: trust.id, unitPath: null, role: 'viewer' },
    );
    await t.app.listen({ port: appPort, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await t?.close();
    await provider?.close();
  });

  it('signs in the account whose SSO subject is the provider’s sub', async () => {
    const browser = new Browser();
    const { callbackUrl } = await throughProvider(browser, appUrl, '/o/DHF', SSO_SUBJECT);
    const landed = await browser.get(callbackUrl);
    expect(landed.status, landed.body).toBe(303);
    expect(landed.location?.href).toBe(`${appUrl}/o/DHF`);
    const token = landed.setCookies.get('parity_session')!;
    expect(token).toMatch(/^[\w-]{43}$/);
    const page = await browser.get(landed.location!);
    expect(page.status).toBe(200);
    expect(page.body).toContain('SSO Person');
    expect(await sessionRow(t, token)).toMatchObject({ auth_method: 'oidc' });
    // With PARITY_OIDC_CLIENT_AUTH=client_secret_post the secret travels in the body, not a header.
    expect(provider.tokenRequestAuthorization.at(-1)).toBe('');
    const { events } = await auditRepository(t.database.db).list({ action: 'auth.sign_in', limit: 5 });
    expect(events[0]).toMatchObject({ actorLabel: 'sso.person' });
  });

  it('does not fall back to the email: a person without that SSO subject is refused', async () => {
    // The analyst's email matches a Parity account, but this installation matches on the sub.
    const browser = new Browser();
    const { callbackUrl } = await throughProvider(browser, appUrl, '/o/DHF', 'analyst');
    const refused = await browser.get(callbackUrl);
    expect(refused.status).toBe(403);
    expect(refused.body).toContain('You signed in as analyst, but no Parity account is set up for you.');
    expect(refused.setCookies.has('parity_session')).toBe(false);
    const { events } = await auditRepository(t.database.db).list({
      action: 'auth.sign_in_failed',
      limit: 5,
    });
    expect(events[0]).toMatchObject({
      summary: 'Single sign-on identity not set up in Parity (sso_subject)',
    });
  });
});
