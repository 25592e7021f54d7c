/**
 * One figure, one value: WRES 1-4, 9 and WDES 1-3, 10 read from everything that shows them for the same
 * organisation and year, for an analyst (every count) and for a viewer (the publication view):
 *
 * - the pages: the dashboard's overview tile, the indicator's own page, the Indicators page;
 * - the action plan of the year's figures, as HTML, Word and Excel ("Current figure" of each indicator the
 *   plan's actions serve; the CSV carries no indicator figure);
 * - the annual report, as HTML and Word (its "at a glance" table);
 * - `parity compute`: its code path in process, and the command itself in a child process against the
 *   same database (`--format json`, and `--format json --published` for the publication view).
 *
 * Each view gives one value per indicator, whichever of them shows it, and every file names each
 * indicator by its one title from the catalogue (the pages' titles are checked by machine-words.test.ts's
 * crawl). Values are compared as written,
 * without their units ("+8.4 pp" and "8.4" are one value, "1.40" and "1.4" are not); the full-count JSON
 * carries unrounded numbers, which are rounded to the places the tile shows.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  fixed,
  FULL_COUNT_MARKING,
  nationalCatalogue,
  resolveSettings,
  shortTitleOf,
  toPublication,
  type IndicatorResults,
  type PublishedIndicator,
} from '../../src/engine/index.js';
import { organisationsRepository } from '../../src/features/organisations/organisations.repository.js';
import {
  buildDemoApp,
  TEST_PSEUDONYMISATION_KEY,
  TEST_SECRET,
  type Agent,
  type TestApp,
} from '../support/app.js';
import { wordText, workbookRows } from '../support/documents.js';
import { elementTexts, indicatorTitles, tablesOf, visibleText } from '../support/html.js';

const IDS = ['WRES1', 'WRES2', 'WRES3', 'WRES4', 'WRES9', 'WDES1', 'WDES2', 'WDES3', 'WDES10'];
const RL = ['WRES2', 'WRES3', 'WRES4', 'WDES2', 'WDES3'];
const YEAR = 2024;
const root = path.resolve(import.meta.dirname, '../..');
/** Each national indicator's one title, by its code as files write it ("WRES 8"). */
const TITLES = new Map(
  nationalCatalogue(resolveSettings({}).settings).map((e) => [`${e.standard} ${e.number}`, shortTitleOf(e)]),
);

/** "WRES 2" for WRES2, as pages and documents write an indicator's code. */
const codeOf = (id: string) => id.replace(/^(WRES|WDES)/, '$1 ');

const text = (html: string) => visibleText(html);

/** The headline value of an indicator's tile ("1.45", "*"). */
function tileValue(html: string, id: string): string | null {
  const m = new RegExp(`id="tile-${id}"[\\s\\S]*?class="parity-tile__value">([\\s\\S]*?)</p>`).exec(html);
  return m ? (text(m[1]!).split(' ')[0] ?? null) : null;
}

/** The relative likelihood the Indicators page gives an indicator. */
function indicatorsPageValue(html: string, id: string): string | null {
  const start = html.indexOf(`id="ind-${id}"`);
  if (start < 0) return null;
  const section = html.slice(
    start,
    html.indexOf('<h3', start + 10) > 0 ? html.indexOf('<h3', start + 10) : undefined,
  );
  const m = /Relative likelihood: ([^<\s]+)/.exec(section);
  return m ? m[1]! : null;
}

/** The change an indicator's tile shows ("Improved", "Not shown"), with the previous year's figure. */
function tileChange(html: string, id: string): { label: string; previous: string | null } | null {
  const start = html.indexOf(`id="tile-${id}"`);
  if (start < 0) return null;
  const tile = html.slice(
    start,
    html.indexOf('id="tile-', start + 10) > 0 ? html.indexOf('id="tile-', start + 10) : undefined,
  );
  const label = /parity-tile__change">([^<]*)</.exec(tile);
  const previous = new RegExp(`<dt>${YEAR - 1}[^<]*</dt><dd>([\\s\\S]*?)</dd>`).exec(tile);
  return label ? { label: text(label[1]!), previous: previous ? text(previous[1]!) : null } : null;
}

/** The change the Indicators page gives an indicator ("Improved"), and the line that says it. */
function indicatorsPageChange(html: string, id: string): { label: string; line: string } | null {
  const start = html.indexOf(`id="ind-${id}"`);
  if (start < 0) return null;
  const next = html.indexOf('<h3', start + 10);
  const m = /class="nhsuk-list parity-change">\s*<li>([\s\S]*?)<\/li>/.exec(
    html.slice(start, next > 0 ? next : undefined),
  );
  if (!m) return null;
  const line = text(m[1]!);
  return { label: /: (\S[^:]*)$/.exec(line)?.[1] ?? '', line };
}

/**
 * "Current figure: Relative likelihood: 1.40" under each indicator's heading of a plan, by indicator code:
 * the texts in reading order (an HTML page's elements, a Word file's paragraphs).
 */
function planFigures(texts: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  let code: string | null = null;
  for (const t of texts) {
    const heading = /^(WRES|WDES) (\d+[a-z]?(?: \((?:i|ii|iii)\))?): /.exec(t);
    if (heading) code = `${heading[1]} ${heading[2]}`;
    const figure = /^Current figure: .*: (\S+)$/.exec(t);
    // The figure right after the indicator's heading (a local metric's group that follows has its own).
    if (figure && code !== null) {
      out.set(code, figure[1]!);
      code = null;
    }
  }
  return out;
}

/** The report's "at a glance" rows: indicator code -> this year's figure. */
function glanceFigures(rows: readonly (readonly string[])[]): Map<string, string> {
  const header = rows[0] ?? [];
  const j = header.indexOf('This year');
  const out = new Map<string, string>();
  if (j < 0) return out;
  for (const r of rows.slice(1)) {
    const code = /^((?:WRES|WDES) \d+[a-z]?(?: \((?:i|ii|iii)\))?):/.exec(r[0] ?? '')?.[1];
    // A withheld figure reads "*" with its words for screen readers: "* (withheld: small number)".
    if (code) out.set(code, (r[j] ?? '').split(' ')[0]!);
  }
  return out;
}

/** A figure as written, without its units and sign marks: "+8.4 pp" -> "8.4", "26.0%" -> "26.0". */
const bare = (v: string | null): string | null =>
  v === null
    ? null
    : v
        .replace(/\s*pp$/, '')
        .replace(/%$/, '')
        .replace(/^\+/, '');

/** Decimal places of a figure as written ("1.40" -> 2). */
const places = (v: string): number => /\.(\d+)/.exec(v)?.[1]!.length ?? 0;

/**
 * The figure the full-count JSON of `parity compute` holds for an indicator's tile: the likelihood, the
 * protected group's share of the workforce, the board's difference (unrounded).
 */
function rawFigure(results: IndicatorResults, id: string): number | null {
  const r = results.indicators.find((i) => i.id === id)?.parts[0]?.metric.result;
  if (!r) return null;
  switch (r.type) {
    case 'relativeLikelihood':
      return r.relativeLikelihood.value;
    case 'distribution':
      return (
        r.overall.groups.find((g) => g.group === (r.scheme === 'wres' ? 'BME' : 'DISABLED'))?.percent ?? null
      );
    case 'representationDifference':
      return r.difference;
    default:
      return null;
  }
}

/** The same figure in the publication view's JSON: the headline, or the workforce table's overall share. */
function publishedFigure(published: readonly PublishedIndicator[], id: string): string | null {
  const part = published.find((p) => p.id === id)?.parts[0];
  if (!part) return null;
  if (part.headline[0]) return part.headline[0].text;
  const table = part.tables[0];
  const j = table?.columns.indexOf(id === 'WRES1' ? 'BME (%)' : 'Disabled (%)') ?? -1;
  return j < 0 ? null : (table!.rows.at(-1)?.cells[j]?.text ?? null);
}

const run = promisify(execFile);

/** `parity compute` for DHF 2024 as a person runs it: its own process, the test's database. */
async function computeCommand(databaseUrl: string, published: boolean): Promise<unknown> {
  const { stdout } = await run(
    process.execPath,
    [
      '--import',
      'tsx',
      'src/cli/main.ts',
      'compute',
      '--org',
      'DHF',
      '--year',
      String(YEAR),
      '--format',
      'json',
      ...(published ? ['--published'] : []),
    ],
    {
      cwd: root,
      maxBuffer: 64 * 1024 * 1024,
      env: {
        ...process.env,
        PARITY_ENV: 'test',
        DATABASE_URL: databaseUrl,
        PARITY_SESSION_SECRET: TEST_SECRET,
        PARITY_PSEUDONYMISATION_KEY: TEST_PSEUDONYMISATION_KEY,
        PARITY_LOG_LEVEL: 'warn',
      },
    },
  );
  return JSON.parse(stdout) as unknown;
}

describe('one figure, one value across pages, files and outputs', () => {
  let t: TestApp;
  const agents: Record<string, Agent> = {};
  /** The command's output for each view, started as soon as the data are loaded. */
  const commands: Record<'analyst' | 'viewer', Promise<unknown>> = {} as never;

  beforeAll(async () => {
    t = await buildDemoApp(['viewer', 'analyst', 'caregroup'], agents);
    commands.analyst = computeCommand(t.database.url, false);
    commands.viewer = computeCommand(t.database.url, true);
    // Settled here so that a failing command fails the test that reads it, not the run.
    for (const c of Object.values(commands)) c.catch(() => undefined);
  }, 240_000);
  afterAll(async () => {
    await Promise.allSettled(Object.values(commands));
    await t?.close();
  });

  for (const who of ['analyst', 'viewer'] as const)
    it(`gives ${who === 'analyst' ? 'an analyst' : 'a viewer'} one value per indicator everywhere`, async () => {
      const agent = agents[who]!;
      const org = (await organisationsRepository(t.services.db).findByOds('DHF'))!;
      const plan = (await t.services.plans.planForYear(org, YEAR))!;
      expect(plan, 'the demo has a plan for the year').toBeTruthy();
      const get = async (url: string) => {
        const r = await agent.get(url);
        expect(r.statusCode, url).toBe(200);
        return r;
      };
      const overview = (await get(`/o/DHF/dashboard?year=${YEAR}`)).body;
      const indicatorsPage = (await get(`/o/DHF/indicators?year=${YEAR}`)).body;
      // What `parity compute` prints, by the command's own code path in process: the indicators service,
      // then the publication view with the organisation's ledger.
      const results = await t.services.indicators.compute(org, YEAR, 'all');
      const lookup = who === 'viewer' ? await t.services.dashboard.publicationLookup(org, YEAR, 'all') : null;
      const inProcess = toPublication(results, { suppress: who === 'viewer', lookup });
      // The plan and the annual report: the publication view, or every count for those who may ask for it.
      const view = who === 'analyst' ? '?view=full' : '';
      // The plan of the year's figures, in the formats that show indicator figures.
      const planUrl = `/o/DHF/plans/${plan.id}/export`;
      const planHtmlTexts = elementTexts((await get(`${planUrl}/html${view}`)).body);
      const planWordText = await wordText((await get(`${planUrl}/docx${view}`)).rawPayload);
      const planHtml = planFigures(planHtmlTexts);
      const planWord = planFigures(planWordText.paragraphs);
      const planSheet = (await workbookRows((await get(`${planUrl}/xlsx${view}`)).rawPayload)).get(
        'By indicator',
      )!;
      const planExcel = new Map(
        planSheet.slice(1).map((r) => [r[0]!, /: (\S+)$/.exec(r[2] ?? '')?.[1] ?? '']),
      );
      const reportUrl = `/o/DHF/publication/${YEAR}/report`;
      const reportPage = (await get(`${reportUrl}/html${view}`)).body;
      const reportWordText = await wordText((await get(`${reportUrl}/docx${view}`)).rawPayload);
      const glance = tablesOf(reportPage).find((x) => /at a glance/i.test(x.caption))!;
      const reportHtml = glanceFigures([...glance.header, ...glance.body].map((r) => r.map((c) => c.text)));
      const reportWord = glanceFigures(
        reportWordText.tables.find((x) => x[0]?.includes('This year') && x[0]?.includes('Indicator')) ?? [],
      );
      // The command itself: the full JSON for the analyst, the publication view's for the viewer.
      const command = await commands[who];
      const fromCommand = (id: string, tile: string | null): string | null => {
        if (who === 'viewer')
          return publishedFigure((command as { indicators: PublishedIndicator[] }).indicators, id);
        const v = rawFigure(command as IndicatorResults, id);
        return v === null || tile === null ? null : fixed(v, places(bare(tile)!));
      };

      const seen: Record<string, Record<string, string | null>> = {};
      const changes: Record<string, unknown> = {};
      for (const id of IDS) {
        const code = codeOf(id);
        const page = (await get(`/o/DHF/dashboard/indicators/${id}?year=${YEAR}`)).body;
        const tile = tileValue(overview, id);
        const values: Record<string, string | null> = {
          overview: tile,
          'indicator page': tileValue(page, id),
          'report (HTML)': reportHtml.get(code) ?? null,
          'report (Word)': reportWord.get(code) ?? null,
          'parity compute (in process)': publishedFigure(inProcess, id),
          'parity compute (command)': fromCommand(id, tile),
        };
        if (RL.includes(id)) {
          values['Indicators page'] = indicatorsPageValue(indicatorsPage, id);
          // The change beside it reads the same as the tile's, from the same two figures.
          const fromTile = tileChange(overview, id);
          const onPage = indicatorsPageChange(indicatorsPage, id);
          expect(fromTile, `${who} ${id}: the tile's change`).not.toBeNull();
          changes[id] = { tile: fromTile, page: onPage };
          if (fromTile!.label === 'Not shown') expect(onPage, `${who} ${id}`).toBeNull();
          else {
            expect(onPage?.label, `${who} ${id}: ${onPage?.line}`).toBe(fromTile!.label);
            if (fromTile!.label !== 'Not compared') {
              // A rolling window's previous figure names its own window ("0.93 in 2023, two years pooled
              // (2021/22 and 2022/23); 2.79 in 2024").
              expect(onPage!.line, `${who} ${id}`).toContain(`: ${fromTile!.previous} in ${YEAR - 1}`);
              expect(onPage!.line, `${who} ${id}`).toContain(`; ${tile} in ${YEAR}:`);
            }
          }
        }
        // The plan shows a figure for the indicators its actions serve.
        for (const [name, figures] of [
          ['plan (HTML)', planHtml],
          ['plan (Word)', planWord],
          ['plan (Excel)', planExcel],
        ] as const)
          if (figures.get(code)) values[name] = figures.get(code)!;
        seen[id] = values;
        expect(tile, `${who} ${id}: the overview shows it`).not.toBeNull();
        const distinct = new Set(Object.values(values).map(bare));
        expect(distinct.size, `${who} ${id}: ${JSON.stringify(values)}`).toBe(1);
      }
      // The plan shows figures (the demo plan's actions serve WRES 2 to 8 and WDES 2 to 8), each the report's.
      for (const figures of [planHtml, planWord, planExcel]) expect(figures.size).toBeGreaterThan(3);
      const unlike: string[] = [];
      for (const [name, figures] of [
        ['HTML', planHtml],
        ['Word', planWord],
        ['Excel', planExcel],
      ] as const)
        for (const [code, value] of figures)
          if (/^(WRES|WDES) /.test(code) && bare(value) !== bare(reportHtml.get(code) ?? null))
            unlike.push(`${code}: plan (${name}) ${value}, report ${reportHtml.get(code)}`);
      expect(unlike, `${who}: the plan's figures against the report's`).toEqual([]);
      if (who === 'analyst') {
        // The full-count files say so on their first page; what the analyst downloads by default is the plan
        // as it may be published: the published report's figures, whoever makes it.
        expect(planHtmlTexts.join('\n')).toContain(FULL_COUNT_MARKING);
        expect(planWordText.paragraphs.join('\n')).toContain(FULL_COUNT_MARKING);
        const asPublishedTexts = elementTexts((await get(`${planUrl}/html`)).body);
        expect(asPublishedTexts.join('\n')).not.toContain(FULL_COUNT_MARKING);
        const asPublished = planFigures(asPublishedTexts);
        const asPublishedWord = planFigures(
          (await wordText((await get(`${planUrl}/docx`)).rawPayload)).paragraphs,
        );
        const publishedGlance = tablesOf((await get(`${reportUrl}/html`)).body).find((x) =>
          /at a glance/i.test(x.caption),
        )!;
        const publishedReport = glanceFigures(
          [...publishedGlance.header, ...publishedGlance.body].map((r) => r.map((c) => c.text)),
        );
        expect(asPublished.size).toBeGreaterThan(3);
        const differences: string[] = [];
        for (const [code, value] of [...asPublished, ...asPublishedWord])
          if (bare(value) !== bare(publishedReport.get(code) ?? null))
            differences.push(`${code}: plan ${value}, published report ${publishedReport.get(code)}`);
        expect(differences, 'the plan as downloaded against the published report').toEqual([]);
      }
      console.log(who, JSON.stringify(seen));
      console.log(who, 'changes', JSON.stringify(changes));

      // Every file names each indicator by its one title from the catalogue (the pages: machine-words.test.ts).
      const pack = elementTexts((await get(`/o/DHF/publication/${YEAR}/pack/Q4/html${view}`)).body);
      const files: Record<string, string[]> = {
        'plan (HTML)': planHtmlTexts,
        'plan (Word)': planWordText.paragraphs,
        'plan (Excel)': planSheet.slice(1).map((r) => `${r[0]}: ${r[1]}`),
        'report (HTML)': elementTexts(reportPage),
        'report (Word)': [...reportWordText.paragraphs, ...reportWordText.tables.flat(2)],
        'quarterly pack (HTML)': pack,
      };
      const named: string[] = [];
      for (const [file, texts] of Object.entries(files)) {
        const found = indicatorTitles(texts, (c) => TITLES.get(c));
        expect(found.size, `${file} names indicators`).toBeGreaterThan(3);
        for (const [code, titles] of found)
          for (const title of titles)
            if (title !== TITLES.get(code)) named.push(`${file}: ${code}: ${title}`);
      }
      expect(named, `${who}: indicators named other than by the catalogue's title`).toEqual([]);
    }, 300_000);

  it('gives the quarterly pack’s year-on-year table the year’s figures, as the dashboard gives them', async () => {
    // A care-group manager's pack for the last quarter of the 2024/25 plan: its quarterly table sits beside
    // the table of the year against the year before, which must hold the year's figures, not the quarter's.
    const agent = agents.caregroup!;
    const careGroup = encodeURIComponent('Medicine and Emergency Care');
    const pack = await agent.get(`/o/DHF/publication/${YEAR}/pack/Q4/html?careGroup=${careGroup}`);
    expect(pack.statusCode).toBe(200);
    // The pack's figures are the plan year's following March where it is loaded, else the plan year's own.
    const tables = tablesOf(pack.body);
    const table = tables.find((x) => /^Every indicator, \d{4} against \d{4}$/.test(x.caption));
    expect(
      table,
      `the pack compares the year with the year before: ${tables.map((x) => x.caption).join('; ')}`,
    ).toBeTruthy();
    const figuresYear = Number(/\d{4}/.exec(table!.caption)![0]);
    // The year's column against that year's dashboard, and the year before's against its own dashboard.
    const unlike: string[] = [];
    for (const [column, year] of [
      [2, figuresYear],
      [3, figuresYear - 1],
    ] as const) {
      const overview = (await agent.get(`/o/DHF/dashboard?year=${year}`)).body;
      for (const id of RL) {
        const row = table!.body.find((r) => r[0]!.text.startsWith(`${codeOf(id)}:`));
        const inPack = row?.[column]?.text.split(' ')[0] ?? null;
        const tile = tileValue(overview, id);
        if (inPack === null || bare(inPack) !== bare(tile))
          unlike.push(`${id} ${year}: pack ${inPack}, dashboard ${tile}`);
      }
    }
    expect(unlike, 'the pack’s figures against the dashboard’s for the same year').toEqual([]);
  }, 120_000);
});
