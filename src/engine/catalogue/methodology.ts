/**
 * The methodology appendix, generated from the catalogue and the settings in force, so that the published
 * method and the code cannot drift apart.
 */
import { adverseDirectionText, settingValueText } from '../labels.js';
import { ENGINE_SETTINGS, type EngineSettings, type SettingId } from '../settings.js';
import { SOURCES } from './sources.js';
import { shortTitleOf } from './titles.js';
import { standardNumberName, type CatalogueEntry } from './types.js';

/** One markdown section per entry: title, formula, orientation, source, method, and the settings used. */
export function methodologyMarkdown(entries: readonly CatalogueEntry[], settings: EngineSettings): string {
  const lines: string[] = [];
  for (const e of entries) {
    const name = shortTitleOf(e);
    lines.push(`### ${standardNumberName(e) ?? `${e.standard} ${e.number}`}: ${name}`, '');
    // The heading names the indicator by its one short title; the national wording is its definition.
    if (name !== e.title) lines.push(`- Definition: ${e.title}`);
    lines.push(`- Formula: ${e.formula}`);
    if (e.orientation)
      lines.push(
        `- Orientation (top / bottom): ${e.orientation}; above 1 is a disadvantage to the protected group`,
      );
    lines.push(`- Source: ${e.source}`);
    lines.push(`- ${adverseDirectionText(e.adverseDirection)}`);
    if (e.references.length > 0)
      lines.push(
        `- Sources: ${e.references.map((r) => `[${SOURCES[r].title}](${SOURCES[r].url})`).join('; ')}`,
      );
    lines.push('', e.methodology, '');
    if (e.settings.length > 0) {
      lines.push('Settings used:', '');
      for (const id of e.settings) lines.push(`- ${settingLine(id, settings)}`);
      lines.push('');
    }
  }
  return lines.join('\n');
}

/**
 * "Confidence interval method for relative likelihoods (`stats.intervalMethod`): Koopman score interval
 * (default) — UNCONFIRMED". The setting's id stays, in code quotes, as the name to change it by.
 */
export function settingLine<K extends SettingId>(id: K, settings: EngineSettings): string {
  const def = ENGINE_SETTINGS[id];
  const value = settings[id];
  const isDefault = JSON.stringify(value) === JSON.stringify(def.default);
  const text = (v: EngineSettings[K]) => settingValueText(id, v);
  return `${def.title} (\`${id}\`): ${text(value)}${isDefault ? ' (default)' : ` (default ${text(def.default)})`}${def.unconfirmed ? ' — UNCONFIRMED' : ''}`;
}
