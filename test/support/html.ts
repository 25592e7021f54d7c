/**
 * Reading pages and documents as a person does: the visible text, each table's header and rows, and the
 * titles an indicator is given ("WRES 8: Discrimination from a manager or colleague").
 */

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** Markup's character references as the characters they stand for. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X'))
      return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)));
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** What a person reads of a piece of markup: no scripts, styles, comments, tags or attribute values. */
export function visibleText(html: string): string {
  return decodeEntities(
    html
      .replace(/<!--[\s\S]*?-->/g, ' ')
      .replace(/<(script|style|template)\b[\s\S]*?<\/\1>/gi, ' ')
      .replace(/<[^>]*>/g, ' '),
  )
    .replace(/\s+/g, ' ')
    .trim();
}

export interface HtmlTable {
  caption: string;
  /** The cells of the header rows (thead), each row's cells with their column spans. */
  header: { text: string; span: number }[][];
  body: { text: string; span: number }[][];
}

/** Cells of one row, each with the columns it spans. */
function cellsOf(row: string): { text: string; span: number }[] {
  return [...row.matchAll(/<t([hd])\b([^>]*)>([\s\S]*?)<\/t\1>/gi)].map((m) => ({
    text: visibleText(m[3]!),
    span: Number(/\bcolspan="(\d+)"/i.exec(m[2]!)?.[1] ?? 1),
  }));
}

/** Every table of a page (tables are not nested in Parity's pages), with its header and body rows. */
export function tablesOf(html: string): HtmlTable[] {
  return [...html.matchAll(/<table\b[^>]*>([\s\S]*?)<\/table>/gi)].map((m) => {
    const inner = m[1]!;
    const caption = visibleText(/<caption\b[^>]*>([\s\S]*?)<\/caption>/i.exec(inner)?.[1] ?? '');
    const head = /<thead\b[^>]*>([\s\S]*?)<\/thead>/i.exec(inner)?.[1] ?? '';
    const rest = inner.replace(/<thead\b[^>]*>[\s\S]*?<\/thead>/i, '');
    const rows = (part: string) =>
      [...part.matchAll(/<tr\b[^>]*>([\s\S]*?)<\/tr>/gi)].map((r) => cellsOf(r[1]!));
    return { caption, header: rows(head), body: rows(rest) };
  });
}

const width = (cells: readonly { span: number }[]) => cells.reduce((n, c) => n + c.span, 0);

/**
 * The tables whose rows do not line up with their header: every header row and every body row must span
 * the same number of columns. Each problem names the table by its caption and the row that differs.
 */
export function tableShapeProblems(html: string): string[] {
  const problems: string[] = [];
  for (const t of tablesOf(html)) {
    const rows = [...t.header, ...t.body];
    if (rows.length === 0) continue;
    const columns = width(rows[0]!);
    for (const row of rows.slice(1))
      if (width(row) !== columns)
        problems.push(
          `"${t.caption || '(no caption)'}": ${columns} columns in the header, ${width(row)} in the row "${row
            .map((c) => c.text)
            .join(' | ')
            .slice(0, 80)}"`,
        );
  }
  return problems;
}

/** An indicator's code as the pages write it: "WRES 8", "WDES 4a (ii)". */
const CODE = /^(WRES|WDES) (\d+[a-z]?(?: \((?:i|ii|iii)\))?)(?::\s*|\s+)(.+)$/;

/**
 * The titles given to indicators in a list of texts (each the whole text of one element, one cell or one
 * paragraph): a text that starts with an indicator's code and goes on with a name ("WRES 8: Discrimination
 * from a manager or colleague"). A text that goes on with the expected title and then more ("WRES 2:
 * Appointment from shortlisting: Relative likelihood") gives that title. What follows the code is not a
 * title when it says what a chart or table shows: text going on in lower case ("WRES 1 by care group,
 * 2024", "WRES 2: relative likelihood (White / BME), year by year"), or naming a year, a percentage, a
 * count, the staff survey or "year by year".
 */
export function indicatorTitles(
  texts: Iterable<string>,
  expected: (code: string) => string | undefined = () => undefined,
): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const raw of texts) {
    // A page's <title> ends with the organisation and the product's name.
    const text = raw
      .replace(/\s+/g, ' ')
      .trim()
      .replace(/ – [^–]+ – Parity$/, '');
    const m = CODE.exec(text);
    if (!m) continue;
    const code = `${m[1]} ${m[2]}`;
    const rest = m[3]!.trim();
    const known = expected(code);
    let title: string | null = null;
    // The title, then what the text says of it: ": Relative likelihood", ", Voting members", " (3)".
    if (
      known !== undefined &&
      (rest === known || (/^[:,]| \(/.test(rest.slice(known.length)) && rest.startsWith(known)))
    )
      title = known;
    else if (/^[A-Z]/.test(rest) && !/\b(19|20)\d\d\b|%|\d of \d|^NHS Staff Survey|year by year/.test(rest))
      title = rest;
    if (title === null) continue;
    const set = out.get(code) ?? new Set<string>();
    set.add(title);
    out.set(code, set);
  }
  return out;
}

/** The text of every element of a page that holds text directly (headings, cells, paragraphs, titles). */
export function elementTexts(html: string): string[] {
  const body = html
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<(script|style|template|svg)\b[\s\S]*?<\/\1>/gi, ' ');
  // Inline markup inside a heading or cell ("<strong>WRES 8</strong>: Discrimination ...") is one text.
  const flat = body.replace(/<\/?(strong|b|em|i|span|abbr|a|small|code)\b[^>]*>/gi, '');
  return [...flat.matchAll(/>([^<>]+)</g)]
    .map((m) => decodeEntities(m[1]!).replace(/\s+/g, ' ').trim())
    .filter((t) => t !== '');
}
