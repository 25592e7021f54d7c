/**
 * The same population and the same figure wherever a page shows them (issue 13, "One figure, several
 * values"), on the demo trust DHF in 2024: the Data page counts staff in post as WRES 1 does, and names the
 * snapshot's other people apart; a care group's declaration rate reads the same on the Data page and the
 * Data quality page; percentages have one precision; every table's rows are as wide as its header (the
 * local metrics' mentoring table had an 8-column header over 3-cell rows); the Data quality page's sentence
 * gives the whole organisation's rate its table gives, in the publication view too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { organisationsRepository } from '../../src/features/organisations/organisations.repository.js';
import { buildDemoApp, type Agent, type TestApp } from '../support/app.js';
import { tableShapeProblems, tablesOf, visibleText, type HtmlTable } from '../support/html.js';

const YEAR = 2024;

/** The page's own content, without the header, navigation and footer. */
const mainOf = (html: string): string => /<main\b[\s\S]*<\/main>/i.exec(html)?.[0] ?? html;

/** A summary list's value by its key ("Counted by WRES 1 and WDES 1" -> "2,237 (...)"). */
function summaryValue(html: string, key: string): string | null {
  for (const m of html.matchAll(
    /<dt class="nhsuk-summary-list__key">([\s\S]*?)<\/dt>\s*<dd class="nhsuk-summary-list__value">([\s\S]*?)<\/dd>/g,
  ))
    if (visibleText(m[1]!) === key) return visibleText(m[2]!);
  return null;
}

function tableByCaption(html: string, caption: RegExp): HtmlTable {
  const found = tablesOf(html).find((t) => caption.test(t.caption));
  if (!found) throw new Error(`no table captioned ${String(caption)}`);
  return found;
}

/** Row label -> the cell under the named column (the first cell of a row is its label). */
function column(t: HtmlTable, name: string): Map<string, string> {
  const header = t.header[0]!.map((c) => c.text);
  const j = header.indexOf(name);
  if (j < 0) throw new Error(`no column "${name}" in "${t.caption}": ${header.join(' | ')}`);
  return new Map(t.body.map((r) => [r[0]!.text, r[j]?.text ?? '']));
}

/** Every percentage in a text, as written ("84%", "96.08%", "82.7%"). */
const percentages = (text: string): string[] => text.match(/\d[\d,]*(?:\.\d+)?%/g) ?? [];

describe('the same population and figures on the Data, Data quality and WRES 1 pages', () => {
  let t: TestApp;
  const agents: Record<string, Agent> = {};
  const pages: Record<string, string> = {};

  beforeAll(async () => {
    t = await buildDemoApp(['analyst', 'viewer'], agents);
    const org = (await organisationsRepository(t.services.db).findByOds('DHF'))!;
    const file = (await t.services.datasets.versions(org)).find(
      (v) => v.dataset === 'workforce' && v.asAtDate === `${YEAR}-03-31` && v.status === 'active',
    )!;
    const urls = {
      data: '/o/DHF/data',
      quality: `/o/DHF/dashboard/data-quality?year=${YEAR}`,
      wres1: `/o/DHF/dashboard/indicators/WRES1?year=${YEAR}`,
      local: `/o/DHF/dashboard/local-metrics?year=${YEAR}`,
      file: `/o/DHF/data/versions/${file.id}`,
    };
    for (const [name, url] of Object.entries(urls)) {
      const response = await agents.analyst!.get(url);
      expect(response.statusCode, url).toBe(200);
      pages[name] = mainOf(response.body);
    }
    pages.publishedQuality = mainOf((await agents.viewer!.get(urls.quality)).body);
  }, 240_000);
  afterAll(async () => t?.close());

  it('counts on the Data page the people WRES 1 counts, and says who else the snapshot holds', () => {
    const wres1 = tableByCaption(pages.wres1!, /headcount and percentage of each row/i);
    const overall = wres1.body.find((r) => r[0]!.text === 'Overall workforce')!;
    const counted = overall.at(-1)!.text;
    expect(counted).toMatch(/^\d[\d,]*$/);
    expect(summaryValue(pages.data!, 'Counted by WRES 1 and WDES 1')).toMatch(
      new RegExp(`^${counted} \\(not counted: \\d[\\d,]* bank-only staff`),
    );
    // The snapshot's own count is there too, named as what it is, and is at least the people counted.
    const snapshot = summaryValue(pages.data!, 'People in the staff-in-post snapshot');
    expect(snapshot).toMatch(/^\d[\d,]*$/);
    expect(Number(snapshot!.replace(/,/g, ''))).toBeGreaterThan(Number(counted.replace(/,/g, '')));
    // Each rate says what it is a share of.
    expect(summaryValue(pages.data!, 'Disability recorded')).toMatch(
      new RegExp(`^\\d+\\.\\d% of the ${counted} counted$`),
    );
  });

  it("gives each care group's declaration rates the same on the Data page and the Data quality page", () => {
    const data = tableByCaption(pages.data!, /^Declaration by care group/);
    for (const [label, caption] of [
      ['Ethnicity recorded', /^Ethnicity recorded, % of staff in post/],
      ['Disability recorded', /^Disability recorded, % of staff in post/],
    ] as const) {
      const quality = column(tableByCaption(pages.quality!, caption), String(YEAR));
      const onData = column(data, label);
      expect(onData.size).toBeGreaterThan(3);
      for (const [careGroup, rate] of onData)
        expect(`${label}, ${careGroup}: ${rate}`).toBe(`${label}, ${careGroup}: ${quality.get(careGroup)}`);
      // The whole organisation, in the summary.
      expect(summaryValue(pages.data!, label)?.split(' ')[0]).toBe(quality.get('Whole organisation'));
    }
    // The staff counted in each care group are WRES 1's, by care group.
    const byCareGroup = column(tableByCaption(pages.wres1!, /^WRES 1 by care group/), 'All staff');
    for (const [careGroup, people] of column(data, 'Staff counted'))
      expect(`${careGroup}: ${people}`).toBe(`${careGroup}: ${byCareGroup.get(careGroup)}`);
  });

  it("states the whole organisation's rate in the Data quality page's words as its table gives it", () => {
    // In the publication view too, where the table's rates are worked out from the published counts.
    for (const name of ['quality', 'publishedQuality'])
      for (const word of ['ethnicity', 'disability']) {
        const summary = new RegExp(
          `([\\d.]+%) of staff in post at 31 March ${YEAR} have their ${word} recorded`,
        ).exec(visibleText(pages[name]!))?.[1];
        const caption = new RegExp(`^${word[0]!.toUpperCase()}${word.slice(1)} recorded, % of staff in post`);
        const whole = column(tableByCaption(pages[name]!, caption), String(YEAR)).get('Whole organisation');
        expect(`${name}, ${word}: ${summary}`).toBe(`${name}, ${word}: ${whole}`);
      }
  });

  it('writes every percentage of these pages to one decimal place', () => {
    for (const name of ['data', 'quality', 'file']) {
      const found = percentages(visibleText(pages[name]!));
      expect(found.length, name).toBeGreaterThan(0);
      expect(
        found.filter((p) => !/^\d[\d,]*\.\d%$/.test(p)),
        `${name}: ${found.join(' ')}`,
      ).toEqual([]);
    }
  });

  it('lays out every table of these pages with rows as wide as the header', () => {
    for (const name of Object.keys(pages)) expect(tableShapeProblems(pages[name]!), name).toEqual([]);
    // The mentoring local metric's table among them.
    expect(tablesOf(pages.local!).some((x) => /mentoring/i.test(x.caption))).toBe(true);
  });
});
