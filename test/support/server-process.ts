/**
 * `parity serve` as a real operating-system process on a free loopback port, and a client that signs in
 * through the real form and keeps cookies and the form token as a browser does. For the proofs that need
 * separate processes: load with the server's own memory measured, and several servers on one database.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { freePort } from './postgres-server.js';

const root = path.resolve(import.meta.dirname, '../..');

/** A process's memory in bytes (Node's `process.memoryUsage()`). */
export interface MemoryUsage {
  rss: number;
  heapTotal: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
}

export interface ServerProcess {
  /** `http://127.0.0.1:<port>` */
  readonly base: string;
  readonly pid: number;
  /** Everything the process has written to stdout and stderr so far. */
  output(): string;
  /** The process's resident memory now, in bytes (VmRSS from /proc). */
  rss(): number;
  /**
   * A full garbage collection in the server, and its memory before and after it (only for a server
   * started with `memoryProbe`).
   */
  collectGarbage(): Promise<{ before: MemoryUsage; after: MemoryUsage }>;
  /** Sends SIGTERM and resolves with the exit code. */
  stop(): Promise<number | null>;
}

/**
 * Starts `parity serve` from the source (as `npm run dev` does, so the test runs the code it sits beside)
 * in production mode unless `env` says otherwise, and resolves once /health answers. `memoryProbe` loads
 * test/support/memory-probe.ts into it, for `collectGarbage`. `built` starts the built program instead,
 * as `npm start` does (bin/parity.js and its bundle, built by `npm install` or `npm run build`).
 */
export async function startServer(
  env: Record<string, string>,
  options: { memoryProbe?: boolean; built?: boolean } = {},
): Promise<ServerProcess> {
  const port = await freePort();
  const probe = options.memoryProbe
    ? ['--expose-gc', '--import', 'tsx', '--import', './test/support/memory-probe.ts']
    : ['--import', 'tsx'];
  const program = options.built ? ['bin/parity.js'] : [...probe, 'src/cli/main.ts'];
  const child = spawn(process.execPath, [...program, 'serve'], {
    cwd: root,
    env: {
      ...process.env,
      PARITY_ENV: 'production',
      PARITY_PUBLIC_URL: 'https://parity.test.invalid',
      PARITY_LOG_LEVEL: 'warn',
      ...env,
      PARITY_HOST: '127.0.0.1',
      PARITY_PORT: String(port),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      exitCode = code;
      resolve(code);
    }),
  );
  const pid = child.pid!;
  const base = `http://127.0.0.1:${port}`;
  const server: ServerProcess = {
    base,
    pid,
    output: () => output,
    rss() {
      const m = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (!m) throw new Error(`no VmRSS for process ${pid}`);
      return Number(m[1]) * 1024;
    },
    async collectGarbage() {
      if (!options.memoryProbe) throw new Error('the server was started without the memory probe');
      const from = output.length;
      child.kill('SIGUSR2');
      const deadline = Date.now() + 60_000;
      for (;;) {
        const line = /^parity-memory (.*)\n/m.exec(output.slice(from))?.[1];
        if (line) return JSON.parse(line) as { before: MemoryUsage; after: MemoryUsage };
        if (exitCode !== undefined || Date.now() > deadline)
          throw new Error(`no memory reading from the server:\n${output.slice(from)}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async stop() {
      if (exitCode === undefined) child.kill('SIGTERM');
      return exited;
    },
  };
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (exitCode !== undefined) throw new Error(`parity serve exited with ${exitCode}:\n${output}`);
    try {
      if ((await fetch(`${base}/health`)).ok) return server;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await server.stop();
      throw new Error(`parity serve did not answer within 90 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const decode = (text: string) =>
  text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, e: string) =>
    e.startsWith('#x') || e.startsWith('#X')
      ? String.fromCodePoint(parseInt(e.slice(2), 16))
      : e.startsWith('#')
        ? String.fromCodePoint(Number(e.slice(1)))
        : (ENTITIES[e.toLowerCase()] ?? whole),
  );
const attribute = (attributes: string, name: string): string | null => {
  const m = new RegExp(`\\s${name}(?:="([^"]*)")?(?=[\\s>/]|$)`).exec(attributes);
  return m ? decode(m[1] ?? '') : null;
};

/**
 * What a browser would submit from the form posting to `action` on a page, as it stands: text and hidden
 * inputs, ticked checkboxes and radios, text areas, and each select's chosen option.
 */
export function formFields(html: string, action: string): [string, string][] {
  const start = html.indexOf(`action="${action}"`);
  if (start < 0) throw new Error(`no form posting to ${action} on the page`);
  const form = html.slice(start, html.indexOf('</form>', start));
  const fields: [string, string][] = [];
  for (const [, attributes = ''] of form.matchAll(/<input\b([^>]*)>/g)) {
    const name = attribute(attributes, 'name');
    const type = attribute(attributes, 'type') ?? 'text';
    if (!name || ['submit', 'button', 'file'].includes(type)) continue;
    if ((type === 'checkbox' || type === 'radio') && attribute(attributes, 'checked') === null) continue;
    fields.push([name, attribute(attributes, 'value') ?? (type === 'checkbox' ? 'on' : '')]);
  }
  for (const [, attributes = '', text = ''] of form.matchAll(/<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/g)) {
    const name = attribute(attributes, 'name');
    if (name) fields.push([name, decode(text.replace(/^\r?\n/, ''))]);
  }
  for (const [, attributes = '', options = ''] of form.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/g)) {
    const name = attribute(attributes, 'name');
    const all = [...options.matchAll(/<option\b([^>]*)>([\s\S]*?)<\/option>/g)];
    const chosen = all.find((o) => attribute(o[1]!, 'selected') !== null) ?? all[0];
    if (name && chosen) fields.push([name, attribute(chosen[1]!, 'value') ?? decode(chosen[2]!.trim())]);
  }
  return fields;
}

export interface Reply {
  status: number;
  location: string | null;
  body: string;
}

interface Jar {
  cookies: Map<string, string>;
  token: string | null;
}

/** A browser-like client over real HTTP: keeps cookies, remembers the last form token a page carried. */
export class WebClient {
  private constructor(
    readonly base: string,
    private readonly jar: Jar,
  ) {}

  static of(base: string): WebClient {
    return new WebClient(base, { cookies: new Map(), token: null });
  }

  /** The same person (cookies and form token) talking to another server process. */
  at(base: string): WebClient {
    return new WebClient(base, this.jar);
  }

  get token(): string | null {
    return this.jar.token;
  }

  cookieHeader(): string {
    return [...this.jar.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private async remember(response: Response): Promise<Reply> {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const i = pair!.indexOf('=');
      const name = pair!.slice(0, i).trim();
      const value = pair!.slice(i + 1).trim();
      const expired = attributes.some((a) => {
        const [k, v = ''] = a.trim().split('=');
        const key = k!.toLowerCase();
        return (key === 'max-age' && Number(v) <= 0) || (key === 'expires' && Date.parse(v) <= Date.now());
      });
      if (value === '' || expired) this.jar.cookies.delete(name);
      else this.jar.cookies.set(name, value);
    }
    const body = await response.text();
    if ((response.headers.get('content-type') ?? '').startsWith('text/html')) {
      const m = /name="_csrf" value="([^"]+)"/.exec(body);
      if (m) this.jar.token = m[1]!;
    }
    return { status: response.status, location: response.headers.get('location'), body };
  }

  async get(url: string): Promise<Reply> {
    return this.remember(
      await fetch(this.base + url, { redirect: 'manual', headers: { cookie: this.cookieHeader() } }),
    );
  }

  /**
   * Posts a urlencoded form (arrays, or a list of pairs, for repeated fields) with the last form token
   * seen, unless the form carries one.
   */
  async post(
    url: string,
    form: Record<string, string | readonly string[]> | readonly [string, string][],
  ): Promise<Reply> {
    const params = new URLSearchParams();
    if (Array.isArray(form)) for (const [k, v] of form as readonly [string, string][]) params.append(k, v);
    else
      for (const [k, v] of Object.entries(form))
        for (const x of typeof v === 'string' ? [v] : v) params.append(k, x);
    if (!params.has('_csrf') && this.jar.token) params.append('_csrf', this.jar.token);
    return this.remember(
      await fetch(this.base + url, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
        body: params.toString(),
      }),
    );
  }

  /** Signs in through the real form, then opens the home page (which carries the session's form token). */
  async signIn(username: string, password: string): Promise<void> {
    await this.get('/sign-in');
    const done = await this.post('/sign-in', { username, password, returnTo: '/' });
    if (done.status !== 303) throw new Error(`sign-in as ${username} answered ${done.status}`);
    const home = await this.get('/');
    if (home.status !== 200) throw new Error(`home page after sign-in as ${username}: ${home.status}`);
  }
}
