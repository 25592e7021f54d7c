export * from './graph.js';
export * from './publication.js';
export * from './suppress.js';
