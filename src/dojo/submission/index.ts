export * from './managed-config.js';
export * from './submission.js';
