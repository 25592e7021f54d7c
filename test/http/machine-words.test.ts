/**
 * No machine code reaches a page (issue 13, "Machine words on pages"). For every demo role, a crawl follows
 * the links from the home page (GET pages only, within the demo installation; no downloads, no sign-out) and
 * reads each page's visible text: no upper snake case code (LOW_N, GPG_MEAN, KOOPMAN_SCORE), no camelCase
 * field name (hourlyPay), no bare source reference ("References S1, S13"). The same crawl checks what else
 * every page must get right: each table's rows are as wide as its header (the mentoring table had an
 * 8-column header over 3-cell rows), and each indicator is named by its one title from the catalogue
 * (WRES 8 had two).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nationalCatalogue, resolveSettings, shortTitleOf } from '../../src/engine/index.js';
import { DEMO_PASSWORD } from '../../src/features/demo/demo.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { elementTexts, indicatorTitles, tableShapeProblems } from '../support/html.js';

/** Each national indicator's one title, by its code as pages write it ("WRES 8"). */
const TITLES = new Map(
  nationalCatalogue(resolveSettings({}).settings).map((e) => [`${e.standard} ${e.number}`, shortTitleOf(e)]),
);

/** Pages a crawl reads for one role at most (see Crawl for the order). */
const MAX_PAGES = 80;
/**
 * The demo accounts (src/features/demo/demo.ts), one per kind of reader: the administrator (who sees
 * everything the analyst sees, for the ICB and both trusts, with the audit trail and people pages), a
 * viewer of the trust, the care-group manager, the action lead and the regional viewer.
 */
const ROLES = ['admin', 'viewer', 'caregroup', 'lead', 'regional'];

/** Upper snake case: LOW_N, FAVOURS_PROTECTED_GROUP, GPG_MEAN, APPOINTMENT_DATE. */
const SNAKE = /\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b/g;
/** camelCase identifiers: hourlyPay, valueField. */
const CAMEL = /\b[a-z]+[A-Z][a-zA-Z]*\b/g;
/** Bare source references: "References S1, S13", "[S27]". */
const SOURCE = /\bReferences?:?\s+S\d+|\[S\d+[a-z]?\]/g;
/** Words that look like code but are what a person reads (none needed so far). */
const ALLOWED = new Set<string>([]);

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** What a person reads on a page: no scripts, styles, comments, tags or attribute values. */
function visibleText(html: string): string {
  return html
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<(script|style|template)\b[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
      if (name.startsWith('#x') || name.startsWith('#X'))
        return String.fromCodePoint(parseInt(name.slice(2), 16));
      if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)));
      return ENTITIES[name.toLowerCase()] ?? whole;
    })
    .replace(/\s+/g, ' ')
    .trim();
}

/** The machine words in a text. */
function machineWords(text: string): string[] {
  const found = [...(text.match(SNAKE) ?? []), ...(text.match(CAMEL) ?? []), ...(text.match(SOURCE) ?? [])];
  return [...new Set(found)].filter((w) => !ALLOWED.has(w));
}

/** The links of a page a reader can follow to another page of the installation. */
function links(html: string, from: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(/<a\b([^>]*)>/gi)) {
    const attrs = m[1]!;
    if (/\sdownload\b/i.test(attrs)) continue;
    const href = /\shref="([^"]*)"/i.exec(attrs)?.[1];
    if (!href) continue;
    const decoded = href.replace(/&amp;/g, '&');
    if (/^(#|mailto:|tel:|javascript:)/i.test(decoded)) continue;
    let url: URL;
    try {
      url = new URL(decoded, `http://parity.test${from}`);
    } catch {
      continue;
    }
    if (url.host !== 'parity.test') continue;
    const path = url.pathname;
    if (/^\/(sign-out|sign-in|auth|public|assets|styles)\b/.test(path)) continue;
    if (/\/export\/|\.(csv|xlsx|docx|pdf|json|zip|svg|png|js|css)$/i.test(path)) continue;
    out.push(path + url.search);
  }
  return out;
}

/** A page's address with its organisation as ":org" and record ids (UUIDs) as ":id": one kind of page. */
const kindOf = (path: string): string =>
  path
    .replace(/^\/o\/[^/]+/, '/o/:org')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, ':id');
/** Pages read of one kind (another plan's action, another indicator's page in a list of many). */
const PER_KIND = 4;
/** Filtered variants (?year=, ?view=) read of one page. */
const PER_PATH = 2;

/**
 * The pages to read, in order: one page of every kind first, then more pages of each kind, then the
 * filtered variants of pages already read; each bounded, so every kind of page is read within the limit.
 */
class Crawl {
  private readonly queued = new Set<string>();
  private readonly kinds = new Map<string, number>();
  private readonly paths = new Map<string, number>();
  private readonly tiers: string[][] = [[], [], []];

  constructor(start = '/') {
    this.add(start);
  }

  add(link: string): void {
    if (this.queued.has(link)) return;
    this.queued.add(link);
    const path = link.split('?')[0]!;
    const kind = kindOf(path);
    const ofPath = this.paths.get(path);
    if (ofPath === undefined) {
      const ofKind = this.kinds.get(kind) ?? 0;
      if (ofKind >= PER_KIND) return;
      this.kinds.set(kind, ofKind + 1);
      this.paths.set(path, 1);
      this.tiers[ofKind === 0 ? 0 : 1]!.push(link);
    } else if (ofPath <= PER_PATH) {
      this.paths.set(path, ofPath + 1);
      this.tiers[2]!.push(link);
    }
  }

  /** Pages queued and not read. */
  get left(): number {
    return this.tiers.reduce((n, tier) => n + tier.length, 0);
  }

  next(): string | null {
    for (const tier of this.tiers) if (tier.length > 0) return tier.shift()!;
    return null;
  }
}

interface Finding {
  word: string;
  page: string;
}

describe('machine words on pages', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await buildTestApp({ demoData: true });
  }, 180_000);
  afterAll(async () => t?.close());

  it('finds the words a crawl would flag, and not ordinary ones', () => {
    expect(machineWords(visibleText('<p title="LOW_N">Mean hourlyPay by group: LOW_N</p>'))).toEqual([
      'LOW_N',
      'hourlyPay',
    ]);
    expect(machineWords(visibleText('<dd>References S1, S13</dd><script>var fooBar = 1;</script>'))).toEqual([
      'References S1',
    ]);
    expect(machineWords('WRES 2, Band 8a, 1.32 (0.95 to 1.80), NHS, ICB, Men and Women')).toEqual([]);
  });

  it('finds a table whose rows and header differ, and an indicator named other than by its title', () => {
    const table =
      '<table><caption>Mentoring</caption><thead><tr><th>Group</th><th>White (n)</th><th>White (%)</th><th>Total</th></tr></thead>' +
      '<tbody><tr><th>White</th><td>44</td><td>62.0%</td></tr><tr><td colspan="4">None</td></tr></tbody></table>';
    expect(tableShapeProblems(table)).toEqual([
      '"Mentoring": 4 columns in the header, 3 in the row "White | 44 | 62.0%"',
    ]);
    const html =
      '<h1>WRES 8: Discrimination from colleagues</h1><h3><span>WRES 8</span>: Discrimination from a manager or colleague</h3>' +
      '<h2>WRES 8: BME staff, year by year</h2><caption>WRES 1 by care group, 2024</caption>' +
      '<th>WRES 2: Appointment from shortlisting: Relative likelihood (White / BME)</th>';
    expect(indicatorTitles(elementTexts(html), (c) => TITLES.get(c))).toEqual(
      new Map([
        ['WRES 8', new Set(['Discrimination from colleagues', 'Discrimination from a manager or colleague'])],
        ['WRES 2', new Set(['Appointment from shortlisting'])],
      ]),
    );
  });

  it.each(ROLES)(
    'shows %s no machine code on any page reachable from home',
    async (role) => {
      const agent = t.agent();
      await agent.signIn(role, DEMO_PASSWORD);
      const crawl = new Crawl();
      const findings: Finding[] = [];
      const failures: string[] = [];
      const tables: string[] = [];
      /** Titles other than the catalogue's, each with the first page that gives it. */
      const titles = new Map<string, string>();
      let read = 0;
      for (let page = crawl.next(); page !== null && read < MAX_PAGES; page = crawl.next()) {
        const response = await agent.get(page);
        read++;
        if (response.statusCode >= 500) failures.push(`${page}: ${response.statusCode}`);
        if (!String(response.headers['content-type'] ?? '').startsWith('text/html')) continue;
        if (response.statusCode !== 200) continue;
        for (const word of machineWords(visibleText(response.body))) findings.push({ word, page });
        for (const problem of tableShapeProblems(response.body)) tables.push(`${page}: ${problem}`);
        for (const [code, given] of indicatorTitles(elementTexts(response.body), (c) => TITLES.get(c)))
          for (const title of given)
            if (title !== TITLES.get(code) && !titles.has(`${code}: ${title}`))
              titles.set(`${code}: ${title}`, page);
        for (const link of links(response.body, page)) crawl.add(link);
      }
      expect(failures).toEqual([]);
      expect(read).toBeGreaterThan(5);
      // One line per word, with the first page it was seen on and how many pages show it.
      const byWord = new Map<string, { page: string; pages: number }>();
      for (const f of findings) {
        const e = byWord.get(f.word);
        if (e) e.pages++;
        else byWord.set(f.word, { page: f.page, pages: 1 });
      }
      const report = [...byWord].map(([word, e]) => `${word} (${e.pages} pages, first ${e.page})`);
      expect(report, `${role}: ${read} pages read, ${crawl.left} queued and not read`).toEqual([]);
      expect(tables, `${role}: tables whose rows and header differ`).toEqual([]);
      expect(
        [...titles].map(([title, page]) => `${title} (first ${page})`),
        `${role}: indicators named other than by the catalogue's title`,
      ).toEqual([]);
    },
    300_000,
  );
});
