export * from './event-log.js';
export * from './replay-run.js';
export * from './run-index.js';
export * from './run-store.js';
export * from './writer-lock.js';
export * from './run-paths.js';
export * from './lesson-store.js';
