export * from './disclose.js';
export * from './publication.js';
export * from './attack.js';
export * from './ledger.js';
export * from './cells.js';
export * from './survey.js';
