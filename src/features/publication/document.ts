/**
 * What a publication says, before it is laid out: the annual report, the quarterly pack and the frozen
 * copy a board approved are each one `PublicationDocument`, built by the publication presenter from the
 * same figures the dashboard shows (the disclosure ledger's publication view, or every count for the roles
 * that may see them). The renderers (HTML, DOCX, PDF) lay it out and add nothing: no figure, label or
 * caveat is written anywhere else. A document is plain data (JSON-safe), so the copy a board approves is
 * stored as it is and rendered again, byte for byte the same words, whenever it is downloaded.
 */

/** One cell of a table: its text as shown ("*" when withheld), and what a renderer needs to mark it. */
export interface Cell {
  text: string;
  /** Withheld on publication (small numbers): a renderer reads "*" out as "withheld". */
  withheld?: boolean;
  /** A RAG status: shown as its colour and its words, never colour alone. */
  rag?: RagMark;
  /** The id of a section or block of the same document this cell points to (an action's reference). */
  link?: string;
  /** Figures are right-aligned; text left. */
  numeric?: boolean;
}

export interface RagMark {
  /** "On track", as the organisation labels it. */
  label: string;
  /** "G", "A", "R", "B"; '' for an action's status, whose words say it all. */
  letter: string;
  /** A background colour as #rrggbb, with text that stays readable on it (see `ink`). */
  colour: string;
  ink: string;
}

export interface Column {
  text: string;
  /** Relative width (the renderer scales the columns to the page); equal when left out. */
  width?: number;
  numeric?: boolean;
}

export interface TableBlock {
  kind: 'table';
  /** Unique in the document (letters, digits, dashes). */
  id: string;
  caption: string;
  columns: Column[];
  /** The first cell of each row is its row header. */
  rows: Cell[][];
  notes?: string[];
}

export interface ChartBlock {
  kind: 'chart';
  id: string;
  title: string;
  /** The picture in words, for a reader who cannot see it (the alt text). */
  alt: string;
  /** The picture as SVG (drawn by Vega); renderers that need a raster make one from it. */
  svg: string;
  width: number;
  height: number;
  /** The chart's data, shown beside it. */
  table: TableBlock;
}

export type Block =
  | { kind: 'heading'; level: 2 | 3; text: string; id?: string }
  | { kind: 'paragraph'; text: string; tone?: 'normal' | 'note' | 'lead' }
  | { kind: 'list'; items: string[] }
  | { kind: 'figures'; items: { label: string; value: string; note?: string }[] }
  | TableBlock
  | ChartBlock
  | { kind: 'ragKey'; items: RagMark[] };

export interface Section {
  /** Unique in the document: the anchor cross-references point at. */
  id: string;
  title: string;
  blocks: Block[];
  /** Start the section on a new page in paged formats. */
  newPage?: boolean;
}

export type DocumentKind = 'report' | 'pack';

export interface PublicationDocument {
  kind: DocumentKind;
  /** "Workforce Race and Disability Equality Standards report 2024" */
  title: string;
  /** "Dummy Hospitals NHS Foundation Trust (DHF)" and what the document covers. */
  subtitle: string;
  organisation: { code: string; name: string };
  /** The reporting year (snapshot at 31 March of it). */
  year: number;
  /** 'publication': small numbers withheld and counts rounded; 'full': every count, never published. */
  view: 'publication' | 'full';
  /** Printed on every page when set: what the reader must know before passing the document on. */
  marking: string | null;
  /** Facts about the document printed under the title (approved revision, period, when made). */
  facts: { label: string; value: string }[];
  /** When it was made (ISO date and time). */
  generatedAt: string;
  sections: Section[];
}
