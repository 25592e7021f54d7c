export * from './gaps.js';
export * from './hourly.js';
export * from './quartiles.js';
