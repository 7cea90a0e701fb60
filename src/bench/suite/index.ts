export * from './base-agent.js';
export * from './fixed-recipe-agent.js';
export * from './leaderboard.js';
export * from './run-suite.js';
export * from './run-attempt.js';
export * from './attached-agent.js';
export * from './suite-base-model.js';
export * from './ray-suite.js';
