export * from './gateway/index.js';
export * from './chat/index.js';
