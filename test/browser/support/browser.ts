/**
 * The browser harness for journey tests: the real Parity app listening on 127.0.0.1, driven by Debian's
 * Chromium through playwright-core (no browser is ever downloaded). Every journey gets a fresh browser
 * context that records its traffic and console, and every page a journey visits is screenshotted and
 * scanned with axe-core.
 */
import type { AxeResults, RunOptions } from 'axe-core';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { CHROMIUM_PATH } from '../../../scripts/system-deps.mjs';
import { buildTestApp, type TestApp } from '../../support/app.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const STYLESHEET = path.join(ROOT, 'dist/public/parity.css');
export const SCREENSHOT_DIR = path.join(ROOT, 'test-results/screenshots');
/** How much of a long page a journey's screenshot keeps, in CSS pixels from the top. */
export const SCREENSHOT_MAX_HEIGHT = 20_000;

/** Exactly the flags Parity's browser tests run Chromium with: headless, quiet, nothing phoning home. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The NHS blue of the header: proof that parity.css loaded and applied. */
export const NHS_BLUE = 'rgb(0, 94, 184)';

/**
 * The one browser function called inside the page below. The project compiles without the DOM library
 * (it is server code), so this file declares just what it uses, for this module only.
 */
declare function getComputedStyle(element: unknown): { backgroundColor: string; fontFamily: string };

const HOST = '127.0.0.1';
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const BLOCKING_IMPACTS = new Set(['serious', 'critical']);

/** axe-core's own script, read once for every scan of the run. */
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Runs axe-core in the page against the given WCAG tags and answers with its results. axe is put into the
 * page once per document, through Playwright's `evaluate`, which runs over the DevTools protocol and is not
 * subject to the page's Content-Security-Policy, so the strict policy Parity sends (no inline or eval'd
 * script) can stay on. It is axe.run in the page (there are no frames to scan), not @axe-core/playwright's
 * AxeBuilder, which injects axe again for every scan and finishes each in a new page of its own: several
 * times slower. Violations are gathered in full; passes and the rest are listed by rule with one element
 * each, which spares axe most of its time on the longest pages.
 */
export async function axeScan(page: Page, tags: readonly string[]): Promise<AxeResults> {
  if ((await page.evaluate('typeof window.axe')) !== 'object') await page.evaluate(AXE_SOURCE);
  return page.evaluate(
    (options) => {
      const inPage = globalThis as unknown as {
        document: unknown;
        axe: { run(context: unknown, options: RunOptions): Promise<AxeResults> };
      };
      return inPage.axe.run(inPage.document, options);
    },
    { runOnly: { type: 'tag', values: [...tags] }, resultTypes: ['violations'] } satisfies RunOptions,
  );
}

/**
 * Scans the page with axe-core against WCAG 2.1 A and AA and fails on any serious or critical violation,
 * naming each rule, its impact, what it asks for and the elements that break it.
 */
export async function expectAccessible(page: Page, label: string): Promise<void> {
  const results = await axeScan(page, AXE_TAGS);
  // With the stylesheet applied there is text whose contrast axe can measure; without it the check is idle.
  const contrastChecked = [...results.passes, ...results.violations].some((r) => r.id === 'color-contrast');
  expect(contrastChecked, `axe measured colour contrast on "${label}"`).toBe(true);
  const blocking = results.violations.filter((v) => BLOCKING_IMPACTS.has(v.impact ?? ''));
  const report = blocking.map((v) =>
    [
      `${v.id} (${v.impact}): ${v.help}`,
      ...v.nodes.map(
        (n) =>
          `    at ${n.target.map(String).join(' ')}${n.failureSummary ? ` – ${oneLine(n.failureSummary)}` : ''}`,
      ),
    ].join('\n'),
  );
  expect(
    blocking.length,
    `Accessibility violations on "${label}" (${page.url()}):\n${report.join('\n')}`,
  ).toBe(0);
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, '; ');
}

/**
 * Saves a full-page screenshot of the page to the file. A report page runs to 70,000 px: painting and
 * encoding all of it on a busy two-core machine took more than a context's 15 s. The screenshot is
 * evidence to look at, not a measure of speed, so it gets a minute, and keeps the first
 * SCREENSHOT_MAX_HEIGHT pixels (the whole of a long document is read in its PDF, which the publication
 * tests open).
 */
export async function saveScreenshot(page: Page, file: string): Promise<void> {
  const { width, height } = await page.evaluate(() => {
    const root = (
      globalThis as unknown as {
        document: { documentElement: { scrollWidth: number; scrollHeight: number } };
      }
    ).document.documentElement;
    return { width: root.scrollWidth, height: root.scrollHeight };
  });
  await page.screenshot({
    path: file,
    fullPage: true,
    timeout: 60_000,
    ...(height > SCREENSHOT_MAX_HEIGHT ? { clip: { x: 0, y: 0, width, height: SCREENSHOT_MAX_HEIGHT } } : {}),
  });
}

/** Runs an action that makes the page navigate (a click, a form submission) and waits for the new page to load. */
export async function navigation(page: Page, action: () => Promise<unknown>): Promise<void> {
  const committed = page.waitForEvent('framenavigated', { predicate: (frame) => frame === page.mainFrame() });
  await action();
  await committed;
  await page.waitForLoadState('load');
}

/** A response a journey provokes on purpose (the 404 page, a refused sign-in). */
export interface ExpectedError {
  method: string;
  path: string;
  status: number;
}

interface Problems {
  external: string[];
  unexpectedResponses: string[];
  failedRequests: string[];
  consoleErrors: string[];
  pageErrors: string[];
  expectedButNotSeen: string[];
}

/** One visitor: a fresh browser context (its own cookies and storage) with everything it does recorded. */
export class Journey {
  readonly requests: string[] = [];
  private readonly responses: { method: string; url: string; status: number }[] = [];
  private readonly failures: string[] = [];
  private readonly consoleErrors: { text: string; url: string }[] = [];
  private readonly pageErrors: string[] = [];
  private readonly expected: ExpectedError[] = [];

  constructor(
    readonly name: string,
    readonly context: BrowserContext,
    readonly page: Page,
    private readonly harness: BrowserHarness,
  ) {
    context.on('request', (request) => this.requests.push(request.url()));
    context.on('response', (response) =>
      this.responses.push({
        method: response.request().method(),
        url: response.url(),
        status: response.status(),
      }),
    );
    context.on('requestfailed', (request) => {
      const error = request.failure()?.errorText ?? 'unknown error';
      // A request the next navigation cancelled is not a failure of the server.
      if (error !== 'net::ERR_ABORTED') this.failures.push(`${request.method()} ${request.url()}: ${error}`);
    });
    context.on('console', (message) => {
      if (message.type() === 'error')
        this.consoleErrors.push({ text: message.text(), url: message.location().url });
    });
    context.on('weberror', (error) => this.pageErrors.push(String(error.error())));
  }

  /** The address of a Parity path on the test server. */
  url(pathname: string): string {
    return new URL(pathname, this.harness.baseUrl).href;
  }

  /** Opens a Parity path, answering with the HTTP status of the page. */
  async goto(pathname: string): Promise<number | undefined> {
    const response = await this.page.goto(this.url(pathname), { waitUntil: 'load' });
    return response?.status();
  }

  /** Declares a response this journey provokes on purpose; it must then be seen, and is not a failure. */
  expectError(expected: ExpectedError): void {
    this.expected.push(expected);
  }

  /**
   * Checks the page the journey is on: the stylesheet and the design system's script are in effect, a
   * full-page screenshot is saved (before the scan, so there is one to look at when the scan fails), and
   * axe finds no serious or critical violation.
   */
  async check(label: string): Promise<void> {
    const { page } = this;
    const file = await this.harness.screenshot(page, `${this.name}-${label}`);
    const headerBackground = await page
      .locator('header.nhsuk-header')
      .evaluate((header: unknown) => getComputedStyle(header).backgroundColor);
    expect(headerBackground, `the header of "${label}" is NHS blue, so parity.css applied`).toBe(NHS_BLUE);
    const fontFamily = await page
      .locator('body')
      .evaluate((body: unknown) => getComputedStyle(body).fontFamily);
    expect(fontFamily, `"${label}" uses the design system's font stack`).toMatch(/, arial, sans-serif$/);
    const bodyClasses = ((await page.locator('body').getAttribute('class')) ?? '').split(/\s+/);
    expect(bodyClasses, `the scripts ran on "${label}"`).toEqual(
      expect.arrayContaining(['js-enabled', 'nhsuk-frontend-supported']),
    );
    expect(existsSync(file)).toBe(true);
    await expectAccessible(page, label);
  }

  private isExpected(method: string, url: string, status: number): boolean {
    const { pathname } = new URL(url);
    return this.expected.some((e) => e.method === method && e.path === pathname && e.status === status);
  }

  /** Everything that went wrong on the wire or in the console during the journey. */
  problems(): Problems {
    const external = this.requests.filter((url) => {
      const { protocol, hostname } = new URL(url);
      return !['about:', 'data:', 'blob:'].includes(protocol) && hostname !== HOST;
    });
    const errors = this.responses.filter((r) => r.status >= 400);
    const unexpectedResponses = errors
      .filter((r) => !this.isExpected(r.method, r.url, r.status))
      .map((r) => `${r.method} ${r.url} → ${r.status}`);
    // Chromium logs every error status as "Failed to load resource"; the ones provoked on purpose are fine.
    const consoleErrors = this.consoleErrors
      .filter(
        (c) =>
          !(
            /^Failed to load resource: the server responded with a status of \d+/.test(c.text) &&
            errors.some((r) => r.url === c.url && this.isExpected(r.method, r.url, r.status))
          ),
      )
      .map((c) => `${c.text}${c.url ? ` (${c.url})` : ''}`);
    const expectedButNotSeen = this.expected
      .filter((e) =>
        errors.every(
          (r) => !(r.method === e.method && new URL(r.url).pathname === e.path && r.status === e.status),
        ),
      )
      .map((e) => `${e.method} ${e.path} → ${e.status}`);
    return {
      external,
      unexpectedResponses,
      failedRequests: [...this.failures],
      consoleErrors,
      pageErrors: [...this.pageErrors],
      expectedButNotSeen,
    };
  }

  /** Fails unless the journey stayed on 127.0.0.1 with no unexpected error response, failed request or console error. */
  expectCleanTraffic(): void {
    expect(this.requests.length, 'the journey made requests').toBeGreaterThan(0);
    expect(this.problems(), `problems during the "${this.name}" journey`).toEqual({
      external: [],
      unexpectedResponses: [],
      failedRequests: [],
      consoleErrors: [],
      pageErrors: [],
      expectedButNotSeen: [],
    });
  }

  async close(): Promise<void> {
    await this.context.close();
  }
}

/** The running app and browser that a test file shares between its journeys. */
export class BrowserHarness {
  private shots = 0;

  constructor(
    readonly app: TestApp,
    readonly browser: Browser,
    readonly baseUrl: string,
    /** Where this harness saves its screenshots. */
    readonly screenshotDir: string = SCREENSHOT_DIR,
  ) {}

  /** A fresh visitor: new context (no cookies), requests to anywhere but the test server refused. */
  async newJourney(name: string): Promise<Journey> {
    const context = await this.browser.newContext({
      baseURL: this.baseUrl,
      viewport: { width: 1280, height: 900 },
      locale: 'en-GB',
      timezoneId: 'Europe/London',
    });
    try {
      // A page's first view after an import builds the year's disclosure ledger (seconds on the demo, more
      // on a busy two-core machine), and clicks and waits for a page include its navigation: a minute.
      context.setDefaultTimeout(60_000);
      // Anything bound elsewhere (a CDN font, an analytics beacon) is recorded by the journey and refused
      // here, so a bug of that kind fails fast instead of waiting on the network.
      await context.route(
        (url) => url.hostname !== HOST,
        (route) => route.abort('blockedbyclient'),
      );
      const page = await context.newPage();
      return new Journey(name, context, page, this);
    } catch (error) {
      await context.close();
      throw error;
    }
  }

  /** Saves a full-page screenshot as NN-label.png in the harness's folder and returns its path. */
  async screenshot(page: Page, label: string): Promise<string> {
    this.shots += 1;
    const slug = label
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '');
    const file = path.join(this.screenshotDir, `${String(this.shots).padStart(2, '0')}-${slug}.png`);
    await saveScreenshot(page, file);
    return file;
  }

  async close(): Promise<void> {
    try {
      await this.browser.close();
    } finally {
      await this.app.close();
    }
  }
}

/**
 * Starts everything a browser test needs: Chromium present (installed from Debian when missing, in CI),
 * the stylesheet built, the demo app listening on a free port of 127.0.0.1 and Chromium launched. On any
 * failure whatever was started is stopped again.
 */
export async function startBrowserHarness(
  options: {
    /** A folder of its own under test-results/screenshots, so that test files do not erase each other's. */
    screenshots?: string;
    /** Configuration the app needs beyond the test defaults (an SMTP server, a public URL). */
    settings?: Record<string, string | number | boolean>;
    /** The demo with its years loaded and its ledgers kept (buildTestApp's `demoData`). */
    demoData?: boolean;
  } = {},
): Promise<BrowserHarness> {
  // Chromium and the stylesheet are made ready once for all browser test files (global-setup.ts).
  if (!existsSync(STYLESHEET) || !existsSync(CHROMIUM_PATH))
    throw new Error(
      'Run the browser tests through vitest: its global setup installs Chromium and builds the stylesheet',
    );
  const screenshotDir = options.screenshots ? path.join(SCREENSHOT_DIR, options.screenshots) : SCREENSHOT_DIR;
  if (options.screenshots) rmSync(screenshotDir, { recursive: true, force: true });
  else if (existsSync(SCREENSHOT_DIR))
    for (const f of readdirSync(SCREENSHOT_DIR)) if (f.endsWith('.png')) rmSync(path.join(SCREENSHOT_DIR, f));
  mkdirSync(screenshotDir, { recursive: true });

  const app = await buildTestApp({
    demo: true,
    demoData: options.demoData ?? false,
    ...(options.settings ? { settings: options.settings } : {}),
  });
  // The test app's clock is fixed at TEST_NOW, but a browser keeps real time: a session cookie expiring
  // eight hours after a fixed date in the past would be dropped by Chromium at once. Run on today's time.
  app.clock.set(new Date());
  let browser: Browser | null = null;
  try {
    await app.app.listen({ port: 0, host: HOST });
    const { port } = app.app.server.address() as AddressInfo;
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    return new BrowserHarness(app, browser, `http://${HOST}:${port}`, screenshotDir);
  } catch (error) {
    await browser?.close().catch(() => undefined);
    await app.close();
    throw error;
  }
}
