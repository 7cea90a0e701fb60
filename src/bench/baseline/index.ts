export * from './base-eval-cache.js';
export * from './baseline-examples.js';
export * from './baseline-recipe.js';
export * from './baseline-scores.js';
export * from './run-baseline.js';
