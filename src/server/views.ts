/**
 * Server-side rendering with Nunjucks and the NHS.UK design system's macros. Autoescaping is on: every
 * value is escaped unless a template marks it safe, which only design-system macros do.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import nunjucks from 'nunjucks';
import { formatCount, formatDate, formatPounds, grouped } from '../engine/index.js';
import { UNIT_LEVEL_LABELS, type UnitLevel } from '../features/organisations/organisation.js';
import { ROLE_LABELS, type Role } from '../features/users/roles.js';

const here = path.dirname(fileURLToPath(import.meta.url));

export const VIEWS_DIR = path.join(here, 'views');
export const FEATURES_DIR = path.resolve(here, '../features');
/** The design system's templates: `nhsuk/components/<name>/macro.njk`. */
export const NHSUK_DIR = path.dirname(
  path.dirname(createRequire(import.meta.url).resolve('nhsuk-frontend/dist/nhsuk/nhsuk-frontend.min.js')),
);

const dateTime = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});
const dateOnly = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});

export function createViewEnvironment(options: { cache: boolean }): nunjucks.Environment {
  const loader = new nunjucks.FileSystemLoader([VIEWS_DIR, FEATURES_DIR, NHSUK_DIR], {
    noCache: !options.cache,
  });
  const env = new nunjucks.Environment(loader, { autoescape: true, throwOnUndefined: false });
  env.addFilter('dateTime', (iso: unknown) =>
    typeof iso === 'string' && iso ? dateTime.format(new Date(iso)) : '',
  );
  // A date as people write it ("11 September 2024"); a timestamp is read in London time first.
  env.addFilter('date', (iso: unknown) => {
    if (typeof iso !== 'string' || !iso) return '';
    return /^\d{4}-\d{2}-\d{2}$/.test(iso) ? formatDate(iso) : dateOnly.format(new Date(iso));
  });
  // Numbers in the one house style: counts with thousands separators ("2,400"), money in pounds and pence
  // ("£10,668.54"), other figures with separators and a fixed number of places. Text (such as "*" for a
  // withheld count) passes through unchanged, so a filter never turns a withheld figure into a number.
  const asText = (x: unknown) =>
    typeof x === 'string' ? x : x === null || x === undefined ? '' : JSON.stringify(x);
  env.addFilter('count', (n: unknown) => (typeof n === 'number' ? formatCount(n) : asText(n)));
  env.addFilter('pounds', (n: unknown) => (typeof n === 'number' ? formatPounds(n) : asText(n)));
  env.addFilter('grouped', (n: unknown, decimals: unknown = 0) =>
    typeof n === 'number' ? grouped(n, typeof decimals === 'number' ? decimals : 0) : asText(n),
  );
  env.addFilter('roleLabel', (role: unknown) => ROLE_LABELS[role as Role] ?? String(role));
  env.addFilter('unitLevel', (level: unknown) => UNIT_LEVEL_LABELS[level as UnitLevel] ?? String(level));
  env.addFilter('json', (value: unknown) => JSON.stringify(value, null, 2));
  return env;
}
