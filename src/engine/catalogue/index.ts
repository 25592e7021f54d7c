export * from './benchmarks.js';
export { SURVEY_MEASURES } from './common.js';
export * from './methodology.js';
export { nationalCatalogue } from './national.js';
export { indicatorReference } from './reference.js';
export * from './sources.js';
export * from './titles.js';
export * from './types.js';
