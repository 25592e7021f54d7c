/**
 * A publication as the presenter makes one, for the renderers' tests (and any other test that needs a
 * realistic document): several sections, two long tables that must break across pages, withheld cells,
 * RAG statuses, a cross-reference, a chart drawn by the dashboard's own Vega renderer, and a marking.
 * The figures are made up; their shape is not.
 */
import type { TopLevelSpec } from 'vega-lite';
import { chartRenderer } from '../../dashboard/charts.js';
import type { Cell, PublicationDocument, RagMark, TableBlock } from '../document.js';

export const RAG: Record<'G' | 'A' | 'R' | 'B', RagMark> = {
  G: { letter: 'G', label: 'On track', colour: '#007f3b', ink: '#ffffff' },
  A: { letter: 'A', label: 'Slippage likely', colour: '#ffeb3b', ink: '#212b32' },
  R: { letter: 'R', label: 'Critical', colour: '#d5281b', ink: '#ffffff' },
  B: { letter: 'B', label: 'Complete', colour: '#005eb8', ink: '#ffffff' },
};

/** Text a renderer must print exactly as it is: markup, entities, quotes and a formula-looking start. */
export const TRICKY_TEXT = `=SUM(A1:A3) <b>bold?</b> & "quoted" 'single' AT&T <br/> &amp; 5 < 6 > 4`;

const SITES = ['Northgate', 'Riverside', 'Hillview', 'Eastfield', 'Community services'];
const BANDS = [
  'Band 2',
  'Band 3',
  'Band 4',
  'Band 5',
  'Band 6',
  'Band 7',
  'Band 8a',
  'Band 8b',
  'Band 8c',
  'Band 8d',
  'Band 9',
  'VSM',
  'Medical',
];

/** 65 rows (13 bands at 5 sites): the representation table, long enough to run over two pages. */
export function bandTable(): TableBlock {
  const rows: Cell[][] = [];
  let seed = 7;
  const next = () => (seed = (seed * 48271) % 2147483647);
  for (const site of SITES)
    for (const band of BANDS) {
      const white = 40 + (next() % 400);
      const bme = next() % 200;
      const unknown = next() % 12;
      const withheld = unknown < 5;
      const share = ((bme / (white + bme)) * 100).toFixed(1);
      rows.push([
        { text: `${site} · ${band}` },
        { text: white.toLocaleString('en-GB'), numeric: true },
        { text: bme.toLocaleString('en-GB'), numeric: true },
        withheld ? { text: '*', numeric: true, withheld: true } : { text: String(unknown), numeric: true },
        { text: `${share}%`, numeric: true },
      ]);
    }
  return {
    kind: 'table',
    id: 'table-bands',
    caption: 'Table 1. Staff by pay band, site and ethnic group, 31 March 2024',
    columns: [
      { text: 'Site and band', width: 3 },
      { text: 'White', numeric: true },
      { text: 'BME', numeric: true },
      { text: 'Unknown', numeric: true },
      { text: 'BME share', numeric: true },
    ],
    rows,
    notes: ['* Withheld: fewer than 5 staff.', 'BME: Black and minority ethnic.'],
  };
}

const ACTION_TEXTS = [
  'Reverse mentoring for the executive team, paired with staff network members',
  'Diverse interview panels for every post at band 8a and above, with a trained panel member from the race equality network',
  'Review disciplinary referrals with an independent decision-maker before formal investigation',
  'Publish shortlisting ratios by ethnic group quarterly to the People Committee',
  'Reasonable adjustments passport for all disabled staff, honoured on transfer between teams',
];

/** 62 actions with RAG statuses, each pointing at the section of its indicator. */
export function actionTable(): TableBlock {
  const rags = [RAG.G, RAG.A, RAG.R, RAG.B];
  const rows: Cell[][] = [];
  for (let i = 1; i <= 62; i++) {
    const rag = rags[i % 4]!;
    rows.push([
      { text: `A${i}` },
      { text: `${ACTION_TEXTS[i % ACTION_TEXTS.length]!} (action ${i}).` },
      { text: i % 3 === 0 ? 'WDES 1' : 'WRES 2', link: i % 3 === 0 ? 'summary' : 'indicators' },
      { text: `${rag.letter} ${rag.label}`, rag },
    ]);
  }
  return {
    kind: 'table',
    id: 'table-actions',
    caption: 'Table 3. Actions and progress',
    columns: [
      { text: 'Ref', width: 0.6 },
      { text: 'Action', width: 4 },
      { text: 'Indicator', width: 1.2 },
      { text: 'Progress', width: 1.6 },
    ],
    rows,
  };
}

const LIKELIHOOD = [
  { group: 'White', value: 0.31 },
  { group: 'BME', value: 0.18 },
  { group: 'Unknown', value: 0.22 },
];

/** The chart's SVG, drawn as the dashboard draws its charts. */
async function chartSvg(): Promise<string> {
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: 420,
    height: 160,
    config: { font: 'Frutiger W01, Arial, sans-serif', axis: { labelFontSize: 12, titleFontSize: 12 } },
    data: { values: LIKELIHOOD },
    layer: [
      {
        mark: { type: 'bar', color: '#005eb8' },
        encoding: {
          y: { field: 'group', type: 'nominal', title: 'Ethnic group', sort: null },
          x: { field: 'value', type: 'quantitative', title: 'Likelihood of appointment from shortlisting' },
        },
      },
      {
        mark: { type: 'text', align: 'left', dx: 4, fontSize: 12 },
        encoding: {
          y: { field: 'group', type: 'nominal', sort: null },
          x: { field: 'value', type: 'quantitative' },
          text: { field: 'value', type: 'quantitative', format: '.2f' },
        },
      },
    ],
  };
  return chartRenderer().svg(spec, 'fixture');
}

export async function publicationFixture(
  options: { marking?: string | null } = {},
): Promise<PublicationDocument> {
  const svg = await chartSvg();
  const width = Number(/^<svg[^>]*?\swidth="([\d.]+)"/.exec(svg)?.[1] ?? 600);
  const height = Number(/^<svg[^>]*?\sheight="([\d.]+)"/.exec(svg)?.[1] ?? 300);
  return {
    kind: 'report',
    title: 'Workforce Race and Disability Equality Standards report 2024',
    subtitle: 'Dummy Hospitals NHS Foundation Trust (DHF): WRES and WDES indicators at 31 March 2024',
    organisation: { code: 'DHF', name: 'Dummy Hospitals NHS Foundation Trust' },
    year: 2024,
    view: 'publication',
    marking: options.marking === undefined ? 'OFFICIAL-SENSITIVE: draft for board approval' : options.marking,
    facts: [
      { label: 'Snapshot', value: '31 March 2024' },
      { label: 'Approved revision', value: 'Revision 3, approved by the Board on 25 July 2024' },
      { label: 'Made', value: '1 August 2024, 09:30' },
    ],
    generatedAt: '2024-08-01T09:30:00+01:00',
    sections: [
      {
        id: 'summary',
        title: 'Summary',
        blocks: [
          {
            kind: 'paragraph',
            tone: 'lead',
            text: 'BME staff were less likely than white staff to be appointed from shortlisting this year.',
          },
          {
            kind: 'figures',
            items: [
              { label: 'WRES 2: relative likelihood', value: '1.72', note: 'Up from 1.58 in 2023' },
              { label: 'WDES 1: disabled staff', value: '4.1%', note: 'Of staff with a recorded status' },
              { label: 'Staff in scope', value: '7,412' },
            ],
          },
          { kind: 'ragKey', items: [RAG.G, RAG.A, RAG.R, RAG.B] },
          {
            kind: 'list',
            items: [
              'Representation of BME staff rose at bands 5 to 7.',
              'No change at very senior manager level.',
              TRICKY_TEXT,
            ],
          },
        ],
      },
      { id: 'workforce', title: 'Workforce', newPage: true, blocks: [bandTable()] },
      {
        id: 'indicators',
        title: 'Indicators',
        newPage: true,
        blocks: [
          { kind: 'heading', level: 2, text: 'WRES 2: appointment from shortlisting', id: 'wres-2' },
          {
            kind: 'paragraph',
            text: 'White applicants were 1.72 times as likely as BME applicants to be appointed.\nThe non-adverse range is 0.80 to 1.25.',
          },
          {
            kind: 'chart',
            id: 'chart-wres-2',
            title: 'Likelihood of appointment from shortlisting by ethnic group',
            alt: 'Bar chart: white applicants 0.31, BME applicants 0.18, unknown 0.22.',
            svg,
            width,
            height,
            table: {
              kind: 'table',
              id: 'data-wres-2',
              caption: 'Table 2. Likelihood of appointment from shortlisting',
              columns: [
                { text: 'Ethnic group', width: 2 },
                { text: 'Likelihood', numeric: true },
              ],
              rows: LIKELIHOOD.map((r) => [{ text: r.group }, { text: r.value.toFixed(2), numeric: true }]),
            },
          },
          { kind: 'heading', level: 3, text: 'How the figure is worked out' },
          { kind: 'paragraph', tone: 'note', text: 'Relative likelihood: white likelihood divided by BME.' },
        ],
      },
      { id: 'actions', title: 'Action plan', newPage: true, blocks: [actionTable()] },
      {
        id: 'notes',
        title: 'Notes',
        blocks: [{ kind: 'paragraph', text: TRICKY_TEXT }],
      },
    ],
  };
}
