export * from './check-training-rows.js';
export * from './project-run.js';
export * from './validate-submission.js';
export * from './parent-projection.js';
