export * from './ensure-embedded-model.js';
export * from './file-hash-cache.js';
export * from './locate-embedded-gguf.js';
export * from './model-metadata.js';
export * from './resolve-model-path.js';
