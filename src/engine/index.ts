/**
 * The public API of the metrics engine. Pure: typed records and settings in, plain JSON results out.
 *
 * - computeIndicators(input): every national indicator and local metric for a reporting year.
 * - toPublication(results): the publication view (display rounding, small-number suppression);
 *   publishYearly(indicator, results, view): each year's counts and ratio behind a mean of yearly ratios.
 * - windowText(metric), describePeriodProblem(problem, organisation): a figure's window and a refused year in words.
 * - nationalCatalogue(settings), methodologyMarkdown(entries, settings): the catalogue and its method text.
 * - flagText, bandText, intervalMethodText, reasonText, fieldText, settingValueText, sourceText, codeText, ...
 *   (labels.ts): the words a person reads for every code; groupLabel(scheme, id): a group's label.
 * - evaluateMetric(definition, context): one metric definition of the algebra.
 * - validateLocalMetric(json), CULTURE_DASHBOARD_EXAMPLES: local metrics as data.
 * - resolveSettings(overrides), ENGINE_SETTINGS: the named settings, with defaults and UNCONFIRMED flags.
 * - lower-level statistics: relativeLikelihood, koopmanInterval, compareValues, hourlyRate, allocateQuartiles,
 *   suppressTable, roundHalfAwayFromZero, ...
 */
export * from './algebra/index.js';
export * from './catalogue/index.js';
export * from './classification/index.js';
export * from './compute.js';
export * from './labels.js';
export * from './local/index.js';
export * from './paygap/index.js';
export * from './periods.js';
export type * from './records.js';
export * from './settings.js';
export * from './stats/index.js';
export * from './suppression/index.js';
export * from './yearly.js';
