/**
 * A publication as a Word document, in the house style of the plan export (Arial, grey header rows): A4
 * portrait, the marking at the top and in every page's header, "organisation · title · Page X of Y" in
 * every footer (Word fields, so the numbers stay right when a reader edits). Headings use Word's own
 * Title and Heading 1–3 styles, so the navigation pane and screen readers can move by them; every
 * section, table and chart is a bookmark that the document's cross-references link to. Tables repeat
 * their header row on each page and never split a row; RAG cells are shaded and say their letter and
 * words. Charts are PNGs (see raster.ts) with the document's alt text, followed by their data table.
 */
import {
  AlignmentType,
  Document,
  Footer,
  Header,
  HeadingLevel,
  ImageRun,
  LevelFormat,
  Packer,
  PageNumber,
  Paragraph,
  type Table,
  TextRun,
} from 'docx';
import type { Block, ChartBlock, PublicationDocument } from '../document.js';
import {
  anchored,
  BULLETS,
  CONTENT_WIDTH,
  type Context,
  factsTable,
  figures,
  FONT,
  GREY_TEXT,
  PAGE,
  ragKey,
  runs,
  table,
  TWIPS_PER_PX,
} from './docx-parts.js';
import { anchorIds, fitWithin, footerLead } from './layout.js';
import { svgToPng } from './raster.js';

async function chart(ctx: Context, c: ChartBlock): Promise<(Paragraph | Table)[]> {
  const size = fitWithin(c.width, c.height, CONTENT_WIDTH / TWIPS_PER_PX);
  const png = await svgToPng(c.svg, size.width);
  return [
    new Paragraph({
      keepNext: true,
      spacing: { before: 160, after: 80 },
      children: anchored(ctx, c.id, runs(c.title, { bold: true, size: 20 })),
    }),
    new Paragraph({
      keepNext: true,
      spacing: { after: 120 },
      children: [
        new ImageRun({
          type: 'png',
          data: png,
          transformation: { width: Math.round(size.width), height: Math.round(size.height) },
          altText: { name: c.id, title: c.title, description: c.alt },
        }),
      ],
    }),
    ...table(ctx, c.table),
  ];
}

async function block(ctx: Context, b: Block): Promise<(Paragraph | Table)[]> {
  switch (b.kind) {
    case 'heading':
      return [
        new Paragraph({
          heading: b.level === 2 ? HeadingLevel.HEADING_2 : HeadingLevel.HEADING_3,
          keepNext: true,
          children: anchored(ctx, b.id, runs(b.text)),
        }),
      ];
    case 'paragraph': {
      const tone = b.tone ?? 'normal';
      const options = tone === 'note' ? { size: 18, color: GREY_TEXT } : tone === 'lead' ? { size: 26 } : {};
      return [new Paragraph({ spacing: { after: 120 }, children: runs(b.text, options) })];
    }
    case 'list':
      return b.items.map(
        (item) =>
          new Paragraph({
            numbering: { reference: BULLETS, level: 0 },
            spacing: { after: 60 },
            children: runs(item),
          }),
      );
    case 'figures':
      return [figures(b.items), new Paragraph({ spacing: { after: 120 }, children: [] })];
    case 'table':
      return table(ctx, b);
    case 'chart':
      return chart(ctx, b);
    case 'ragKey':
      return [ragKey(b.items), new Paragraph({ spacing: { after: 120 }, children: [] })];
  }
}

const heading = (size: number) => ({
  run: { font: FONT, size, bold: true, color: '212B32' },
  paragraph: { spacing: { before: 240, after: 120 }, keepNext: true, keepLines: true },
});

export async function renderDocx(doc: PublicationDocument): Promise<Buffer> {
  const ctx: Context = { anchors: anchorIds(doc), bookmarks: 0 };
  const children: (Paragraph | Table)[] = [];
  if (doc.marking)
    children.push(new Paragraph({ spacing: { after: 200 }, children: runs(doc.marking, { bold: true }) }));
  children.push(
    new Paragraph({ heading: HeadingLevel.TITLE, children: runs(doc.title) }),
    new Paragraph({ spacing: { after: 240 }, children: runs(doc.subtitle, { size: 28 }) }),
  );
  if (doc.facts.length > 0) children.push(factsTable(doc.facts));
  for (const section of doc.sections) {
    children.push(
      new Paragraph({
        heading: HeadingLevel.HEADING_1,
        pageBreakBefore: section.newPage ?? false,
        children: anchored(ctx, section.id, runs(section.title)),
      }),
    );
    for (const b of section.blocks) children.push(...(await block(ctx, b)));
  }
  const marking = doc.marking;
  const document = new Document({
    creator: 'Parity',
    title: doc.title,
    subject: doc.subtitle,
    description: `${doc.title}. ${doc.subtitle}`,
    styles: {
      default: {
        document: { run: { font: FONT, size: 22, language: { value: 'en-GB' } } },
        title: {
          run: { font: FONT, size: 48, bold: true, color: '212B32' },
          paragraph: { spacing: { after: 120 } },
        },
        heading1: heading(36),
        heading2: heading(28),
        heading3: heading(24),
        hyperlink: { run: { color: '005EB8', underline: {} } },
      },
      paragraphStyles: [
        { id: 'Header', name: 'header', basedOn: 'Normal', run: { size: 18, bold: true } },
        { id: 'Footer', name: 'footer', basedOn: 'Normal', run: { size: 16, color: GREY_TEXT } },
      ],
    },
    numbering: {
      config: [
        {
          reference: BULLETS,
          levels: [
            {
              level: 0,
              format: LevelFormat.BULLET,
              text: '•',
              alignment: AlignmentType.LEFT,
              style: { paragraph: { indent: { left: 360, hanging: 240 } } },
            },
          ],
        },
      ],
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: PAGE.width, height: PAGE.height },
            margin: {
              top: PAGE.margin,
              bottom: PAGE.margin,
              left: PAGE.margin,
              right: PAGE.margin,
              header: 567,
              footer: 567,
            },
          },
        },
        headers: marking
          ? {
              default: new Header({
                children: [
                  new Paragraph({
                    alignment: AlignmentType.CENTER,
                    style: 'Header',
                    children: runs(marking, { bold: true, size: 18 }),
                  }),
                ],
              }),
            }
          : undefined,
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                // The Footer style carries the size too: LibreOffice sets a page-number field's result in
                // the paragraph's style, not in the run that holds the field.
                style: 'Footer',
                children: [`${footerLead(doc)}Page `, PageNumber.CURRENT, ' of ', PageNumber.TOTAL_PAGES].map(
                  (part) => new TextRun({ size: 16, color: GREY_TEXT, children: [part] }),
                ),
              }),
            ],
          }),
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(document);
}
