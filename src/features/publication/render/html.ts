/**
 * A publication as HTML: the body (sections, tables, charts with their data) for the app's own pages (the
 * public page, the preview), and a standalone document for download that prints well on A4 (its styles
 * inline, allowed by a hash in the response's content security policy). Every text is escaped; charts are
 * the SVG Vega drew, labelled by their title and summary; a RAG status is its colour and its words; a
 * withheld count is "*" read out as withheld.
 */
import { createHash } from 'node:crypto';
import type { Block, Cell, ChartBlock, PublicationDocument, TableBlock } from '../document.js';

export function esc(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Line breaks in a text become <br>. */
const lines = (text: string) => esc(text).replace(/\n/g, '<br>');

function cellHtml(c: Cell, tag: 'td' | 'th', scope: string): string {
  const classes = [c.numeric ? 'pub-num' : '', c.rag ? 'pub-rag' : ''].filter(Boolean).join(' ');
  const style = c.rag ? ` style="background:${c.rag.colour};color:${c.rag.ink}"` : '';
  let inner = lines(c.text);
  if (c.withheld) inner = `*<span class="pub-hidden"> (withheld: small number)</span>`;
  else if (c.rag)
    inner = `${c.rag.letter ? `<span aria-hidden="true">${esc(c.rag.letter)} </span>` : ''}${esc(c.rag.label)}`;
  if (c.link) inner = `<a href="#${esc(c.link)}">${inner}</a>`;
  return `<${tag}${scope}${classes ? ` class="${classes}"` : ''}${style}>${inner}</${tag}>`;
}

function tableHtml(t: TableBlock): string {
  const head = t.columns
    .map(
      (c) =>
        `<th scope="col"${c.numeric ? ' class="pub-num"' : ''}>${esc(c.text) || '<span class="pub-hidden">Row</span>'}</th>`,
    )
    .join('');
  const body = t.rows
    .map(
      (r) =>
        `<tr>${r.map((c, i) => (i === 0 ? cellHtml(c, 'th', ' scope="row"') : cellHtml(c, 'td', ''))).join('')}</tr>`,
    )
    .join('\n');
  const notes = (t.notes ?? []).map((n) => `<p class="pub-note">${lines(n)}</p>`).join('');
  return `<div class="pub-table" id="${esc(t.id)}" role="region" aria-labelledby="${esc(t.id)}-caption" tabindex="0"><table><caption id="${esc(t.id)}-caption">${esc(t.caption)}</caption><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table></div>${notes}`;
}

function chartHtml(c: ChartBlock): string {
  // The picture is one image named by its title and described by its summary; the table carries the data.
  const svg = c.svg.replace(
    /^<svg /,
    `<svg role="img" focusable="false" aria-labelledby="${esc(c.id)}-title ${esc(c.id)}-alt" class="pub-svg" `,
  );
  return `<figure class="pub-chart" id="${esc(c.id)}"><figcaption><span id="${esc(c.id)}-title" class="pub-chart-title">${esc(c.title)}</span> <span id="${esc(c.id)}-alt" class="pub-hidden">${esc(c.alt)}</span></figcaption><div class="pub-chart-picture" role="region" tabindex="0" aria-label="${esc(c.title)} (chart, scrolls sideways)">${svg}</div></figure>${tableHtml(c.table)}`;
}

/** Section titles are h2 (the document title is h1); block headings of level 2 and 3 are h3 and h4. */
function blockHtml(b: Block): string {
  switch (b.kind) {
    case 'heading': {
      const h = b.level + 1;
      return `<h${h}${b.id ? ` id="${esc(b.id)}"` : ''}>${esc(b.text)}</h${h}>`;
    }
    case 'paragraph':
      return `<p class="pub-p${b.tone && b.tone !== 'normal' ? ` pub-${b.tone}` : ''}">${lines(b.text)}</p>`;
    case 'list':
      return `<ul>${b.items.map((i) => `<li>${lines(i)}</li>`).join('')}</ul>`;
    case 'figures':
      return `<dl class="pub-facts">${b.items
        .map(
          (i) =>
            `<div><dt>${esc(i.label)}</dt><dd>${i.value === '*' ? '*<span class="pub-hidden"> (withheld: small number)</span>' : lines(i.value)}${i.note ? `<span class="pub-note"> ${esc(i.note)}</span>` : ''}</dd></div>`,
        )
        .join('')}</dl>`;
    case 'table':
      return tableHtml(b);
    case 'chart':
      return chartHtml(b);
    case 'ragKey':
      return `<ul class="pub-ragkey">${b.items
        .map(
          (m) =>
            `<li><span class="pub-swatch" style="background:${m.colour};color:${m.ink}">${esc(m.letter)}</span> ${esc(m.label)}</li>`,
        )
        .join('')}</ul>`;
  }
}

/** The document's content: title, facts, contents and sections (for a page of the app or a file). */
export function renderHtmlBody(doc: PublicationDocument): string {
  const marking = doc.marking ? `<p class="pub-marking"><strong>${esc(doc.marking)}</strong></p>` : '';
  const facts = `<dl class="pub-facts pub-cover">${doc.facts
    .map((f) => `<div><dt>${esc(f.label)}</dt><dd>${lines(f.value)}</dd></div>`)
    .join('')}</dl>`;
  const contents = `<nav class="pub-contents" aria-labelledby="pub-contents-title"><h2 id="pub-contents-title">Contents</h2><ol>${doc.sections
    .map((s) => `<li><a href="#${esc(s.id)}">${esc(s.title)}</a></li>`)
    .join('')}</ol></nav>`;
  const sections = doc.sections
    .map(
      (s) =>
        `<section class="pub-section${s.newPage ? ' pub-newpage' : ''}" id="${esc(s.id)}" aria-labelledby="${esc(s.id)}-title"><h2 id="${esc(s.id)}-title">${esc(s.title)}</h2>\n${s.blocks.map(blockHtml).join('\n')}\n</section>`,
    )
    .join('\n');
  return `<article class="pub">${marking}<h1>${esc(doc.title)}</h1><p class="pub-lead">${esc(doc.subtitle)}</p>${facts}${contents}\n${sections}\n${marking}</article>`;
}

/** Styles of the standalone file and of publication pages in the app (printing on A4, portrait). */
export const PUBLICATION_CSS = `
.pub{font-family:Arial,Helvetica,sans-serif;color:#212b32;line-height:1.45;max-width:60rem;margin:0 auto;padding:0 1rem;overflow-wrap:anywhere}
.pub table{overflow-wrap:normal}
.pub h1{font-size:2rem;margin:1.5rem 0 .5rem}.pub h2{font-size:1.6rem;margin:2rem 0 .75rem;border-bottom:2px solid #005eb8}
.pub h3{font-size:1.3rem;margin:1.75rem 0 .5rem}.pub h4{font-size:1.1rem;margin:1.25rem 0 .4rem}
.pub-lead{font-size:1.2rem}.pub-note{color:#4c6272;font-size:.95rem}.pub-marking{border:3px solid #d5281b;padding:.5rem 1rem}
.pub-facts{display:grid;grid-template-columns:minmax(9rem,1fr) 3fr;gap:.2rem 1rem;margin:0 0 1rem}.pub-facts div{display:contents}
.pub-facts dt{font-weight:bold}.pub-facts dd{margin:0}
.pub-table{overflow-x:auto;margin:0 0 1.25rem;position:relative}.pub table{border-collapse:collapse;width:100%;font-size:.95rem}
.pub caption{text-align:left;font-weight:bold;padding:.25rem 0}.pub th,.pub td{border:1px solid #aeb7bd;padding:.3rem .45rem;vertical-align:top;text-align:left}
.pub thead th{background:#e8edee}.pub .pub-num{text-align:right}.pub-rag{font-weight:bold}
.pub-chart{margin:0 0 .5rem}.pub-chart-picture{overflow-x:auto;position:relative}.pub-chart-title{font-weight:bold}.pub-svg{max-width:none}
.pub-ragkey{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.5rem 1.5rem}.pub-swatch{display:inline-block;min-width:1.6rem;text-align:center;font-weight:bold;padding:0 .3rem}
.pub-hidden{position:absolute!important;width:1px!important;height:1px!important;margin:0!important;padding:0!important;overflow:hidden!important;clip:rect(0 0 0 0)!important;white-space:nowrap!important;border:0!important}
.pub a{color:#005eb8}.pub a:focus{outline:3px solid #ffeb3b;background:#ffeb3b;color:#212b32}
@media (max-width:40rem){.pub-facts{grid-template-columns:1fr}.pub-facts dd{margin-bottom:.4rem}}
@page{size:A4 portrait;margin:18mm 15mm}
@media print{.pub{max-width:none;padding:0}.pub-newpage{break-before:page}.pub tr,.pub-chart,.pub-facts div{break-inside:avoid}
.pub thead{display:table-header-group}.pub h2,.pub h3,.pub h4,.pub caption{break-after:avoid}.pub-table,.pub-chart-picture{overflow:visible}
.pub a{color:#212b32;text-decoration:none}.pub-contents{break-after:page}}
`;

/** The hash that lets the standalone file's inline styles through a content security policy. */
export const PUBLICATION_CSS_HASH = `'sha256-${createHash('sha256').update(PUBLICATION_CSS).digest('base64')}'`;

/** A standalone HTML file of the document. */
export function renderHtml(doc: PublicationDocument): string {
  return `<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(doc.title)}: ${esc(doc.organisation.name)}</title>
<style>${PUBLICATION_CSS}</style>
</head>
<body>
<a class="pub-hidden" href="#main">Skip to the report</a>
<main id="main">
${renderHtmlBody(doc)}
</main>
</body>
</html>
`;
}
