export * from './known-keys.js';
export * from './training-config.js';
export * from './validate-training-config.js';
export * from './write-training-run.js';
