/**
 * The return layouts Parity ships. Imported as JSON modules so that TypeScript emits them beside the
 * compiled code (the build copies only templates and browser scripts) and tsx and vitest read them the
 * same way; each is validated when first used (template.ts), not trusted for its shape.
 */
import layout2024 from './2024.json' with { type: 'json' };

export const SHIPPED_TEMPLATES: readonly { source: string; json: unknown }[] = [
  { source: 'templates/2024.json', json: layout2024 },
];
