/**
 * The benchmark harness: the fixed-recipe baseline, the planted-fault suite, and held-out scoring
 * (once per chosen experiment, never shown to an agent), and the suite that runs agents through
 * the core BenchAgent contract into a leaderboard.
 */
export * from './baseline/index.js';
export * from './faults/index.js';
export * from './held-out/score-held-out.js';
export * from './suite/index.js';
export * from './integrity/index.js';
