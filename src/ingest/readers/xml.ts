import type { Readable } from 'node:stream';
import { SaxesParser } from 'saxes';

/**
 * Streaming XML for workbook parts, with saxes (the parser exceljs itself uses). saxes never expands
 * entities declared in a DTD, so an XML
 * "billion laughs" cannot grow in memory. Element names arrive without their namespace prefix
 * (`x:row` is `row`): some producers write prefixed SpreadsheetML.
 */
export interface XmlHandler {
  open(name: string, attributes: Readonly<Record<string, string>>): void;
  close(name: string): void;
  text(text: string): void;
}

/** The XML is not well-formed: a damaged or truncated part. */
export class XmlSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XmlSyntaxError';
  }
}

/** Reading the part's bytes failed: a damaged archive, or an entry larger or smaller than declared. */
export class PartReadError extends Error {
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.name = 'PartReadError';
  }
}

const localName = (name: string): string => {
  const colon = name.indexOf(':');
  return colon === -1 ? name : name.slice(colon + 1);
};

/**
 * Feeds a part's bytes to `handler` chunk by chunk, pausing after each chunk (yielding the number of
 * inflated bytes it held, for progress) so that the caller can hand on whatever the handler finished,
 * such as rows. Bytes are decoded with a streaming decoder: a character cut between two chunks is
 * joined, not garbled.
 */
export async function* parseXml(stream: Readable, handler: XmlHandler): AsyncGenerator<number> {
  const parser = new SaxesParser<{ xmlns: false; position: false }>({ xmlns: false, position: false });
  parser.on('opentag', (tag) => handler.open(localName(tag.name), tag.attributes));
  parser.on('closetag', (tag) => handler.close(localName(tag.name)));
  parser.on('text', (text) => handler.text(text));
  parser.on('cdata', (text) => handler.text(text));
  const write = (text: string, last: boolean): void => {
    try {
      parser.write(text);
      if (last) parser.close();
    } catch (error) {
      // saxes reports malformed XML with plain Errors; the handler's own errors pass through.
      throw error instanceof Error && Object.getPrototypeOf(error) === Error.prototype
        ? new XmlSyntaxError(error.message)
        : error;
    }
  };
  const decoder = new TextDecoder('utf-8');
  const chunks = (stream as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  try {
    for (;;) {
      let step: IteratorResult<Buffer>;
      try {
        step = await chunks.next();
      } catch (error) {
        throw new PartReadError(error);
      }
      if (step.done) break;
      write(decoder.decode(step.value, { stream: true }), false);
      yield step.value.length;
    }
    write(decoder.decode(), true);
    yield 0;
  } finally {
    stream.destroy();
  }
}

/** Reads a whole (small) part through `handler`. */
export async function parseXmlPart(stream: Readable, handler: XmlHandler): Promise<void> {
  const steps = parseXml(stream, handler);
  while (!(await steps.next()).done) {
    // the handler keeps what it needs
  }
}
