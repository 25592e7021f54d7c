/**
 * Charts as PNG for the formats that cannot take Vega's SVG as it is (Word, and the PDF, where pdfkit has
 * no SVG support). resvg (a Rust SVG renderer, prebuilt for each platform as an npm optional dependency,
 * so nothing is installed from the system) draws the SVG with the same embedded font the PDF is set in:
 * system fonts are never loaded, so a chart's text is the same on a developer's laptop and on a server
 * with no fonts at all, and never missing. Vega names "Frutiger W01, Arial, sans-serif" or similar; none of
 * those exist here, so every family falls back to the embedded one.
 */
import { renderAsync, type ResvgRenderOptions } from '@resvg/resvg-js';
import { PromiseCache } from '../../../shared/lru.js';
import { FONT_FAMILY, FONT_FILES } from './layout.js';

/** Pixels drawn per unit of the width the picture is shown at: sharp on screen and on paper. */
export const SCALE = 2;
const CACHE_SIZE = 32;

const FONT_OPTIONS: ResvgRenderOptions['font'] = {
  loadSystemFonts: false,
  fontFiles: [FONT_FILES.regular, FONT_FILES.bold],
  defaultFontFamily: FONT_FAMILY,
  sansSerifFamily: FONT_FAMILY,
  serifFamily: FONT_FAMILY,
  monospaceFamily: FONT_FAMILY,
};

/**
 * A small LRU of finished PNGs, keyed by width and SVG text: one download usually renders the same
 * charts into both DOCX and PDF, and a board pack is downloaded by several people the same morning.
 */
const cache = new PromiseCache<Buffer>(CACHE_SIZE);

/**
 * The SVG as a PNG `SCALE` times `width` pixels wide (height in proportion), on white: a transparent
 * background would show the page colour of whatever viewer opens the document.
 */
export function svgToPng(svg: string, width: number): Promise<Buffer> {
  const pixels = Math.max(1, Math.round(width * SCALE));
  return cache.get(`${pixels}\n${svg}`, () => draw(svg, pixels));
}

/** Drawn on libuv's thread pool (renderAsync), so a large chart never stalls the server's requests. */
async function draw(svg: string, pixels: number): Promise<Buffer> {
  const image = await renderAsync(svg, {
    fitTo: { mode: 'width', value: pixels },
    background: 'white',
    font: FONT_OPTIONS,
    logLevel: 'off',
  });
  return image.asPng();
}
