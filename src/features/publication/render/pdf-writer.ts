/**
 * The page and tagging primitives the PDF renderer is built from, over pdfkit. Every piece of content is
 * written inside a marked-content sequence that belongs to a structure element (P, H1, TD…), and
 * everything else a reader does not need read out (rules, cell backgrounds, running headers and footers,
 * repeated table headers) is marked as an Artifact: that is what makes the file a Tagged PDF a screen
 * reader can follow, in reading order. Paging is done here, not by pdfkit's text flow, so blocks that
 * must stay together (a table row, a caption with its first rows) are measured before they are drawn.
 */
import PDFDocument from 'pdfkit';
import type { PublicationDocument } from '../document.js';
import { FONT_FILES } from './layout.js';

export type Struct = PDFKit.PDFStructureElement;
export type Style = 'regular' | 'bold';

/** A4 portrait in points, 2 cm side margins; top and bottom leave room for the running header and footer. */
export const PAGE = { width: 595.28, height: 841.89, side: 56.69, top: 70, bottom: 70 } as const;
export const COLOURS = {
  text: '#212b32',
  grey: '#425563',
  border: '#aeb7bd',
  headerFill: '#e8edee',
  link: '#005eb8',
} as const;
/** Body text size in points; everything else is sized against the house style's 11 pt. */
export const SIZE = {
  body: 11,
  small: 9,
  table: 9,
  note: 8,
  h1: 18,
  h2: 14,
  h3: 12,
  title: 24,
  furniture: 8,
};

/** What the type definitions (written for pdfkit 0.17) leave out of structure element options. */
interface StructOptions {
  title?: string;
  alt?: string;
  actual?: string;
  lang?: string;
  scope?: 'Row' | 'Column' | 'Both';
  /** [left, top, right, bottom] in page points from the top left: where a Figure is drawn. */
  bbox?: [number, number, number, number];
  placement?: 'Block' | 'Inline';
}

export interface TextOptions {
  style?: Style;
  size?: number;
  color?: string;
  x?: number;
  width?: number;
  align?: 'left' | 'right' | 'center';
  /** Space after the text, in points. */
  after?: number;
  underline?: boolean;
  struct?: StructOptions;
}

export class Writer {
  readonly pdf: PDFKit.PDFDocument;
  /** The Document element every section hangs off. */
  readonly root: Struct;
  readonly left = PAGE.side;
  readonly width = PAGE.width - 2 * PAGE.side;

  constructor(doc: PublicationDocument) {
    this.pdf = new PDFDocument({
      size: 'A4',
      layout: 'portrait',
      margins: { top: PAGE.top, bottom: PAGE.bottom, left: PAGE.side, right: PAGE.side },
      pdfVersion: '1.7',
      tagged: true,
      lang: 'en-GB',
      displayTitle: true,
      bufferPages: true,
      // The embedded font from the start: pdfkit's default (Helvetica) is one of the standard 14, never embedded.
      font: FONT_FILES.regular,
      info: {
        Title: doc.title,
        Author: doc.organisation.name,
        Subject: doc.subtitle,
        Creator: 'Parity',
        // The document's own time, so the same document renders to the same bytes.
        CreationDate: new Date(doc.generatedAt),
      },
    });
    this.escapeMetadata();
    this.root = this.pdf.struct('Document');
    this.pdf.addStructure(this.root);
  }

  /**
   * pdfkit copies Title, Author and Subject into the XMP metadata without escaping them, so a title with
   * "&" or "<" would make the metadata unreadable XML. The Info dictionary is written before the XMP
   * (both in end()), so the escaping is applied only on the way into the XMP.
   */
  private escapeMetadata(): void {
    const pdf = this.pdf;
    const endMetadata = pdf.endMetadata.bind(pdf);
    pdf.endMetadata = () => {
      const info = pdf.info;
      for (const key of ['Title', 'Author', 'Subject'] as const) {
        const value = info[key];
        if (value) info[key] = xmlEscape(value);
      }
      endMetadata();
    };
  }

  get y(): number {
    return this.pdf.y;
  }
  set y(value: number) {
    this.pdf.y = value;
  }
  get bottom(): number {
    return PAGE.height - PAGE.bottom;
  }
  /** The height a full page offers content. */
  get pageHeight(): number {
    return PAGE.height - PAGE.top - PAGE.bottom;
  }
  get atTop(): boolean {
    return this.pdf.y <= PAGE.top + 0.5;
  }

  newPage(): void {
    this.pdf.addPage();
    this.pdf.y = PAGE.top;
  }

  /** Starts a new page unless `height` points fit below the current position (or the page is fresh). */
  ensure(height: number): void {
    if (this.pdf.y + height > this.bottom && !this.atTop) this.newPage();
  }

  /**
   * Fonts are named by their file path, the key pdfkit caches them by. (Fonts registered under a name
   * and also opened by path are parsed again on every switch: pdfkit finds the parsed copy by the
   * font's own name and returns it without caching it under the registered name.)
   */
  font(style: Style, size: number, color: string = COLOURS.text): void {
    this.pdf.font(FONT_FILES[style]).fontSize(size).fillColor(color);
  }

  /** The width of the longest word of a text: what a column must give it so that no word breaks. */
  longestWord(text: string, style: Style, size: number): number {
    this.pdf.font(FONT_FILES[style]).fontSize(size);
    return Math.max(0, ...text.split(/\s+/).map((word) => this.pdf.widthOfString(word)));
  }

  height(text: string, width: number, style: Style = 'regular', size = SIZE.body): number {
    if (text === '') return 0;
    this.pdf.font(FONT_FILES[style]).fontSize(size);
    // pdfkit counts the gap after the last line too; a block ends at its last line.
    return this.pdf.heightOfString(text, { width, lineGap: lineGap(size) }) - lineGap(size);
  }

  /** A structure element as the child of `parent`; end it when its content is written. */
  struct(parent: Struct, tag: string, options: StructOptions = {}): Struct {
    const element = this.pdf.struct(tag, options);
    parent.add(element);
    return element;
  }

  /**
   * Draws text at (x, y) as marked content of `element`. Text that runs past the page bottom continues
   * on a new page (pdfkit carries the marking over); callers that must not split measure first.
   */
  draw(element: Struct, tag: string, text: string, x: number, y: number, options: TextOptions = {}): void {
    if (text === '') return;
    const size = options.size ?? SIZE.body;
    this.font(options.style ?? 'regular', size, options.color);
    const content = this.pdf.markStructureContent(tag);
    this.pdf.text(text, x, y, {
      width: options.width ?? this.width,
      align: options.align ?? 'left',
      lineGap: lineGap(size),
      underline: options.underline ?? false,
    });
    this.pdf.endMarkedContent();
    element.add(content);
  }

  /** One block of text as its own structure element (P, H1…), in the flow. */
  text(parent: Struct, tag: string, text: string, options: TextOptions = {}): Struct {
    const element = this.struct(parent, tag, options.struct);
    const x = options.x ?? this.left;
    this.draw(element, tag, text, x, this.pdf.y, options);
    element.end();
    this.pdf.x = this.left;
    this.pdf.y += options.after ?? 0;
    return element;
  }

  /** Text drawn with no marking of its own: inside an artifact. */
  plain(text: string, x: number, y: number, options: TextOptions = {}): void {
    if (text === '') return;
    const size = options.size ?? SIZE.body;
    this.font(options.style ?? 'regular', size, options.color);
    this.pdf.text(text, x, y, {
      width: options.width ?? this.width,
      align: options.align ?? 'left',
      lineGap: lineGap(size),
    });
  }

  /** Drawing a reader does not need read out (backgrounds, rules, running heads), as an Artifact. */
  artifact(type: 'Layout' | 'Pagination', draw: () => void): void {
    this.pdf.markContent('Artifact', { type });
    draw();
    this.pdf.endMarkedContent();
  }

  /** A named destination at the current position, for internal links and the outline. */
  destination(id: string): void {
    this.pdf.addNamedDestination(id, 'XYZ', null, this.pdf.y, null);
  }

  /** A filled and/or stroked rectangle, as layout. */
  box(x: number, y: number, w: number, h: number, fill?: string, stroke?: string): void {
    this.artifact('Layout', () => {
      if (fill) this.pdf.rect(x, y, w, h).fill(fill);
      if (stroke) this.pdf.lineWidth(0.5).rect(x, y, w, h).stroke(stroke);
    });
  }
}

/** Line spacing: a little air between wrapped lines, in proportion to the size. */
export const lineGap = (size: number) => size * 0.2;

export function xmlEscape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
