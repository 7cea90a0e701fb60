export * from './errors.js';
export * from './model-ref.js';
export * from './sample.js';
export * from './score.js';
export * from './task-file.js';
export * from './task-spec.js';
export * from './did-you-mean.js';
