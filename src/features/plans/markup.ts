/**
 * Formatted text in a plan (an action, its KPIs, outcome, sustainability, updates) is stored as plain
 * text with two rules: a blank line starts a new paragraph, and a line starting "- " or "* " is a bullet.
 * Nothing else has meaning, so no stored text can carry markup, script or styles: every renderer here
 * escapes what it writes. Word's bullet characters (•, ·, ▪, –) become "- " on the way in.
 */

export type Block = { kind: 'paragraph'; lines: string[] } | { kind: 'list'; items: string[] };

/** The longest text a single field keeps (about 30 pages of a Word table). */
export const MAX_TEXT_CHARS = 20_000;

const BULLET_GLYPHS = /^[ \t]*(?:[-*•·▪◦‣⁃–—o]|\d{1,2}[.)])[ \t]+/u;
// Control characters (other than tab and line ends) and zero-width characters, which Word pastes carry.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200b\ufeff]/gu;

/**
 * Cleans text typed in a form or read from a file: Windows and old Mac line ends, control characters,
 * tabs, trailing spaces, runs of blank lines, and Word's bullet characters, so that equal text is
 * stored equally.
 */
export function normaliseText(input: string): string {
  const lines = input
    .replace(/\r\n?/g, '\n')
    .replace(CONTROL, '')
    .replace(/\t/g, ' ')
    .split('\n')
    .map((line) => {
      const trimmed = line.replace(/\s+$/u, '');
      const bullet = BULLET_GLYPHS.exec(trimmed);
      // "o " and numbered lines are bullets only when they look like list items, not sentences.
      if (bullet && !/^[ \t]*(?:o|\d{1,2}[.)])[ \t]/u.test(trimmed))
        return `- ${trimmed.slice(bullet[0].length).trim()}`;
      return trimmed.trim();
    });
  return lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** The blocks of a text: paragraphs (with their line breaks) and bullet lists. */
export function parseBlocks(text: string): Block[] {
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  let list: string[] = [];
  const flush = () => {
    if (paragraph.length > 0) blocks.push({ kind: 'paragraph', lines: paragraph });
    if (list.length > 0) blocks.push({ kind: 'list', items: list });
    paragraph = [];
    list = [];
  };
  for (const raw of text.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.trim();
    if (line === '') {
      flush();
      continue;
    }
    const bullet = /^[-*]\s+(.*)$/.exec(line);
    if (bullet) {
      if (paragraph.length > 0) {
        blocks.push({ kind: 'paragraph', lines: paragraph });
        paragraph = [];
      }
      list.push(bullet[1]!);
    } else {
      if (list.length > 0) {
        blocks.push({ kind: 'list', items: list });
        list = [];
      }
      paragraph.push(line);
    }
  }
  flush();
  return blocks;
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** HTML for a text: <p> with <br> between lines, <ul> for bullets; every character of the text escaped. */
export function toHtml(text: string, options: { paragraphClass?: string; listClass?: string } = {}): string {
  const p = options.paragraphClass ? ` class="${escapeHtml(options.paragraphClass)}"` : '';
  const ul = options.listClass ? ` class="${escapeHtml(options.listClass)}"` : '';
  return parseBlocks(text)
    .map((b) =>
      b.kind === 'paragraph'
        ? `<p${p}>${b.lines.map(escapeHtml).join('<br>')}</p>`
        : `<ul${ul}>${b.items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>`,
    )
    .join('');
}

/** Plain text for a spreadsheet cell: paragraphs separated by a blank line, bullets as "• ". */
export function toPlain(text: string): string {
  return parseBlocks(text)
    .map((b) => (b.kind === 'paragraph' ? b.lines.join('\n') : b.items.map((i) => `• ${i}`).join('\n')))
    .join('\n\n');
}

/** A one-line title for an action: its first sentence or line, at most `max` characters, cut at a word. */
export function titleOf(text: string, max = 140): string {
  const first = parseBlocks(text)[0];
  const line = first ? (first.kind === 'paragraph' ? first.lines.join(' ') : first.items[0]!) : '';
  const sentence = /^(.+?[.!?])(\s|$)/.exec(line)?.[1] ?? line;
  if (sentence.length <= max) return sentence;
  const cut = sentence.slice(0, max - 1);
  // Cut at the last whole word: the one at the end of `cut` is whole when a space follows it.
  const space = sentence[max - 1] === ' ' ? cut.length : cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[,;:\s]+$/, '')}…`;
}
