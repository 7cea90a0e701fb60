export * from './model-store/index.js';
export * from './python-env/index.js';
export * from './inference/index.js';
export * from './llamafactory/index.js';
export * from './train/index.js';
export * from './files/write-atomically.js';
export * from './device/index.js';
export * from './worker/index.js';
