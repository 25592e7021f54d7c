/**
 * The methodology appendix, generated from the catalogue and the settings in force, so that the published
 * method and the code cannot drift apart.
 */
import { ENGINE_SETTINGS, type EngineSettings, type SettingId } from '../settings.js';
import type { CatalogueEntry } from './types.js';

const show = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

/** One markdown section per entry: title, formula, orientation, source, method, and the settings used. */
export function methodologyMarkdown(entries: readonly CatalogueEntry[], settings: EngineSettings): string {
  const lines: string[] = [];
  for (const e of entries) {
    lines.push(`### ${e.standard} ${e.number}: ${e.title}`, '');
    lines.push(`- Formula: ${e.formula}`);
    if (e.orientation)
      lines.push(
        `- Orientation (top / bottom): ${e.orientation}; above 1 is a disadvantage to the protected group`,
      );
    lines.push(`- Source: ${e.source}`);
    lines.push(`- Better when: ${e.adverseDirection.toLowerCase().replace(/_/g, ' ')}`);
    lines.push('', e.methodology, '');
    if (e.settings.length > 0) {
      lines.push('Settings used:', '');
      for (const id of e.settings) lines.push(`- ${settingLine(id, settings)}`);
      lines.push('');
    }
  }
  return lines.join('\n');
}

export function settingLine(id: SettingId, settings: EngineSettings): string {
  const def = ENGINE_SETTINGS[id];
  const value = settings[id];
  const isDefault = JSON.stringify(value) === JSON.stringify(def.default);
  return `${def.title} (\`${id}\`): ${show(value)}${isDefault ? ' (default)' : ` (default ${show(def.default)})`}${def.unconfirmed ? ' — UNCONFIRMED' : ''}`;
}
