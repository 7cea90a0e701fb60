/**
 * The benchmark harness: the fixed-recipe baseline, the planted-fault suite, and held-out scoring
 * (once per chosen experiment, never shown to an agent). Leaderboards over agents come with #5.
 */
export * from './baseline/index.js';
export * from './faults/index.js';
export * from './held-out/score-held-out.js';
