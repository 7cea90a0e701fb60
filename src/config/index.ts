export * from './data-config.js';
export * from './runtime-config.js';
