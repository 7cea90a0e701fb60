export * from './classify-training-failure.js';
export * from './measure-training-throughput.js';
export * from './run-status.js';
export * from './run-training.js';
export * from './trainer-log.js';
export * from './training-environment.js';
export * from './training-outcome.js';
