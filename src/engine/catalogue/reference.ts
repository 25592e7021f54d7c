/**
 * docs/indicators.md: the whole catalogue's method and every named setting, written from the catalogue and
 * the settings registry themselves, so the published method and the code cannot drift apart.
 */
import { defaultSettings, ENGINE_SETTINGS, type SettingId } from '../settings.js';
import { nationalCatalogue } from './national.js';
import { methodologyMarkdown } from './methodology.js';

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const show = (value: unknown): string => {
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
};

export function indicatorReference(): string {
  const settings = defaultSettings();
  const ids = Object.keys(ENGINE_SETTINGS) as SettingId[];
  return [
    '# Indicators and settings',
    '',
    '<!-- Generated from src/engine/catalogue and src/engine/settings.ts by `npm run docs:indicators`; a test fails when it is out of date. -->',
    '',
    'How Parity computes every national indicator, and every rule that is a choice rather than a published',
    'fact. A setting marked UNCONFIRMED is a best reading of the standards that has not been verified against a',
    'primary source; it can be changed for an organisation (`parity settings set`), and the value used is',
    'printed with the figures.',
    '',
    '## Settings',
    '',
    '| Setting | Meaning | Default | UNCONFIRMED | Source |',
    '| --- | --- | --- | --- | --- |',
    ...ids.map((id) => {
      const d = ENGINE_SETTINGS[id];
      return `| \`${id}\` | ${cell(d.title)}: ${cell(d.description)} | \`${cell(show(d.default))}\` | ${d.unconfirmed ? 'yes' : 'no'} | ${cell(d.source)} |`;
    }),
    '',
    '## Method',
    '',
    methodologyMarkdown(nationalCatalogue(settings), settings),
  ].join('\n');
}
