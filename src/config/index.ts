export * from './data-config.js';
