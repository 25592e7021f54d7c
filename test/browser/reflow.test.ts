/**
 * Reflow and accessibility at two widths, in a real browser (Debian's Chromium through playwright-core), on
 * the demo with its three years of data: every page the EDI lead (analyst) and a viewer reach, and the
 * administrator's people page, at 320 CSS px (WCAG 2.2 1.4.10: a phone, or 1280 px zoomed to 400%) and at
 * 1280 px. At each width the page itself must not scroll sideways (a wide table or chart scrolls inside
 * its own labelled region instead), every chart's text must be at least 12 px as shown, and axe must find
 * no violation at all of WCAG 2.0 to 2.2 A and AA.
 *
 * Each page is loaded once per person and then resized, and the people's journeys run side by side, so
 * the run stays short. Every page is screenshotted at both widths into test-results/screenshots/reflow/.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, DEMO_TRUST } from '../../src/features/demo/demo.js';
import {
  axeScan,
  navigation,
  saveScreenshot,
  startBrowserHarness,
  type BrowserHarness,
  type Journey,
} from './support/browser.js';

const ORG = `/o/${DEMO_TRUST.odsCode}`;
const WIDTHS = [320, 1280] as const;
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];
/** The smallest text a chart may show, in CSS px at the size it is shown. */
const MIN_CHART_TEXT = 12;

/** The pages both the EDI lead and a viewer reach. */
const SHARED_PAGES = [
  '/',
  ORG,
  `${ORG}/dashboard`,
  `${ORG}/dashboard/pipeline`,
  `${ORG}/dashboard/recruitment`,
  `${ORG}/dashboard/employee-relations`,
  `${ORG}/dashboard/pay-gaps`,
  `${ORG}/dashboard/staff-survey`,
  `${ORG}/dashboard/staff-survey/hotspots`,
  `${ORG}/dashboard/data-quality`,
  `${ORG}/dashboard/local-metrics`,
  // Indicator pages, one of each kind: representation by band, a likelihood with its intervals (WDES 3
  // has an open-ended one), a survey percentage and the board.
  `${ORG}/dashboard/indicators/WRES1`,
  `${ORG}/dashboard/indicators/WRES2`,
  `${ORG}/dashboard/indicators/WRES7`,
  `${ORG}/dashboard/indicators/WRES9`,
  `${ORG}/dashboard/indicators/WDES3`,
  `${ORG}/dashboard/compare`,
  `${ORG}/indicators`,
  `${ORG}/plans`,
  '/account',
];

/**
 * The pages each person reaches, beyond the shared ones (a plan and an action are found by their links,
 * and for those who may change one, a milestone's form).
 */
const PEOPLE: {
  username: string;
  pages: string[];
  plan: boolean;
  milestone?: boolean;
  screenshots: boolean;
}[] = [
  {
    username: 'analyst',
    pages: [...SHARED_PAGES, `${ORG}/data`, `${ORG}/indicators/local`, `${ORG}/plans/mine`],
    plan: true,
    milestone: true,
    screenshots: true,
  },
  // The viewer's pages are the analyst's with small numbers withheld: checked, not photographed.
  { username: 'viewer', pages: SHARED_PAGES, plan: true, screenshots: false },
  { username: 'admin', pages: [`${ORG}/people`, `${ORG}/audit`], plan: false, screenshots: true },
];

/** The browser globals used inside page.evaluate (the project compiles without the DOM library). */
interface Box {
  right: number;
  width: number;
}
interface Element {
  tagName: string;
  id: string;
  textContent: string | null;
  className: unknown;
  parentElement: Element | null;
  getBoundingClientRect(): Box;
  getAttribute(name: string): string | null;
  querySelectorAll(selector: string): ArrayLike<Element>;
  closest(selector: string): Element | null;
  viewBox: { baseVal: { width: number } | null };
}
declare const document: {
  documentElement: { scrollWidth: number };
  body: Element;
  querySelectorAll(selector: string): ArrayLike<Element>;
};
declare const window: { innerWidth: number };
declare function getComputedStyle(element: Element): { overflowX: string; fontSize: string };
declare function requestAnimationFrame(callback: () => void): void;

interface Measure {
  scrollWidth: number;
  innerWidth: number;
  /** Elements outside any scrolling region that reach past the right edge of the window. */
  overflowing: string[];
  /** Each chart's smallest text as shown, in px. */
  chartText: { chart: string; smallest: number }[];
  /** Table captions that reach past the right edge of their scrolling region, cut off until scrolled. */
  clippedCaptions: string[];
}

function measure(page: Page): Promise<Measure> {
  return page.evaluate(() => {
    const name = (el: Element) => {
      const classes = typeof el.className === 'string' ? el.className.trim().split(/\s+/).slice(0, 2) : [];
      return `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${classes.map((c) => `.${c}`).join('')}`;
    };
    const scrolls = (el: Element) => {
      for (let a = el.parentElement; a && a !== document.body; a = a.parentElement)
        if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(a).overflowX)) return true;
      return false;
    };
    const overflowing: string[] = [];
    const wide = document.documentElement.scrollWidth > window.innerWidth;
    for (const el of wide ? Array.from(document.querySelectorAll('body *')) : []) {
      const right = el.getBoundingClientRect().right;
      if (right > window.innerWidth + 0.5 && !scrolls(el))
        overflowing.push(`${name(el)} (right edge at ${Math.round(right)} px)`);
    }
    const chartText = Array.from(document.querySelectorAll('svg.parity-chart__svg')).map((svg) => {
      const drawn = svg.viewBox.baseVal?.width || svg.getBoundingClientRect().width;
      const scale = svg.getBoundingClientRect().width / drawn;
      const sizes = Array.from(svg.querySelectorAll('text')).map(
        (t) => parseFloat(getComputedStyle(t).fontSize) * scale,
      );
      return {
        chart: (svg.getAttribute('aria-labelledby') ?? '').split(' ')[0] ?? '',
        smallest: Math.min(...sizes),
      };
    });
    // A caption is as wide as its table: in a region that scrolls, its end would be out of sight.
    const clippedCaptions = Array.from(document.querySelectorAll('.parity-table-scroll caption'))
      .filter((c) => {
        const box = c.getBoundingClientRect();
        const region = c.closest('.parity-table-scroll')?.getBoundingClientRect();
        return box.width > 1 && region !== undefined && box.right > region.right + 0.5;
      })
      .map((c) => `"${(c.textContent ?? '').trim().slice(0, 60)}"`);
    return {
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: window.innerWidth,
      overflowing: overflowing.slice(0, 5),
      chartText,
      clippedCaptions: clippedCaptions.slice(0, 5),
    };
  });
}

/** Every axe violation of WCAG 2.0-2.2 A and AA, whatever its impact, one line per rule with its elements. */
async function axeViolations(page: Page): Promise<string[]> {
  const { violations } = await axeScan(page, AXE_TAGS);
  return violations.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help}; at ${v.nodes
        .slice(0, 5)
        .map((n) => n.target.map(String).join(' '))
        .join(', ')}`,
  );
}

describe('every page at 320 and 1280 px: no sideways scrolling, legible charts, no axe violation', () => {
  let harness: BrowserHarness | undefined;

  beforeAll(async () => {
    harness = await startBrowserHarness({ screenshots: 'reflow', demoData: true });
  });

  afterAll(async () => {
    await harness?.close();
  });

  async function signIn(username: string): Promise<Journey> {
    const j = await harness!.newJourney(username);
    // The first visit to a dashboard page computes its figures, which may take a while on a busy machine.
    j.page.setDefaultNavigationTimeout(90_000);
    expect(await j.goto('/sign-in')).toBe(200);
    await j.page.getByLabel('Username').fill(username);
    await j.page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
    await navigation(j.page, () => j.page.getByRole('button', { name: 'Sign in' }).click());
    return j;
  }

  async function links(j: Journey, pattern: RegExp): Promise<string[]> {
    const hrefs = await j.page
      .locator('main a[href]')
      .evaluateAll((as: unknown[]) =>
        (as as { getAttribute(n: string): string | null }[]).map((a) => a.getAttribute('href') ?? ''),
      );
    return [...new Set(hrefs.filter((h) => pattern.test(h)))];
  }

  /**
   * The first plan of the plans page, and the first action of that plan, by their links; with `milestone`,
   * also the form of the first milestone an action of the plan links to.
   */
  async function planAndAction(j: Journey, milestone = false): Promise<string[]> {
    expect(await j.goto(`${ORG}/plans`)).toBe(200);
    const plans = await links(j, /^\/o\/[^/]+\/plans\/[0-9a-f-]{20,}$/);
    expect(plans.length, 'the plans page links to a plan').toBeGreaterThan(0);
    expect(await j.goto(plans[0]!)).toBe(200);
    const actions = await links(j, /\/plans\/[0-9a-f-]{20,}\/actions\/[0-9a-f-]{20,}$/);
    expect(actions.length, 'the plan links to an action').toBeGreaterThan(0);
    if (!milestone) return [plans[0]!, actions[0]!];
    for (const action of actions) {
      expect(await j.goto(action)).toBe(200);
      const found = await links(j, /\/actions\/[0-9a-f-]{20,}\/milestones\/[0-9a-f-]{20,}$/);
      if (found.length > 0) return [plans[0]!, actions[0]!, found[0]!];
    }
    throw new Error('no action of the plan links to a milestone');
  }

  /** A full-page screenshot, named by person, width and page. */
  async function screenshot(j: Journey, width: number, pathname: string): Promise<void> {
    const slug =
      pathname
        .replace(/\/plans\/[0-9a-f-]{20,}/, '/plan')
        .replace(/\/actions\/[0-9a-f-]{20,}/, '/action')
        .replace(/\/milestones\/[0-9a-f-]{20,}/, '/milestone')
        .replace(/[^a-z0-9]+/gi, '-')
        .replace(/^-|-$/g, '') || 'home';
    const file = path.join(harness!.screenshotDir, `${j.name}-${width}-${slug}.png`);
    await saveScreenshot(j.page, file);
  }

  /** Visits each page, checking it at each width; returns every problem found, page by page. */
  async function visit(j: Journey, pages: readonly string[], screenshots: boolean): Promise<string[]> {
    const problems: string[] = [];
    for (const pathname of pages) {
      await j.page.setViewportSize({ width: WIDTHS[0], height: 900 });
      const status = await j.goto(pathname);
      if (status !== 200) {
        problems.push(`${pathname}: HTTP ${status}`);
        continue;
      }
      for (const width of WIDTHS) {
        await j.page.setViewportSize({ width, height: 900 });
        // The header's menu relays itself out on the resize event: let it, before measuring.
        await j.page.evaluate(
          () => new Promise<void>((done) => requestAnimationFrame(() => requestAnimationFrame(done))),
        );
        const at = `${pathname} at ${width} px`;
        const m = await measure(j.page);
        if (screenshots) await screenshot(j, width, pathname);
        if (m.scrollWidth > m.innerWidth)
          problems.push(`${at}: the page is ${m.scrollWidth} px wide: ${m.overflowing.join(', ')}`);
        if (m.clippedCaptions.length > 0)
          problems.push(`${at}: captions cut off at the right: ${m.clippedCaptions.join(', ')}`);
        for (const c of m.chartText)
          if (c.smallest < MIN_CHART_TEXT - 0.05)
            problems.push(`${at}: chart ${c.chart} shows text at ${c.smallest.toFixed(1)} px`);
        for (const v of await axeViolations(j.page)) problems.push(`${at}: ${v}`);
      }
    }
    return problems;
  }

  it('holds for the EDI lead, a viewer and the administrator', async () => {
    const settled = await Promise.allSettled(
      PEOPLE.map(async (person) => {
        const j = await signIn(person.username);
        try {
          const pages = [...person.pages, ...(person.plan ? await planAndAction(j, person.milestone) : [])];
          const problems = await visit(j, pages, person.screenshots);
          j.expectCleanTraffic();
          return { pages: pages.length, problems: problems.map((p) => `${person.username}: ${p}`) };
        } finally {
          await j.close();
        }
      }),
    );
    const failed = settled.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    if (failed.length > 0) throw failed[0] instanceof Error ? failed[0] : new Error(String(failed[0]));
    const results = settled.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    const problems = results.flatMap((r) => r.problems);
    expect(problems, problems.join('\n')).toEqual([]);
    expect(results.reduce((n, r) => n + r.pages, 0)).toBeGreaterThan(40);
  }, 600_000);
});
