export * from './gateway/index.js';
