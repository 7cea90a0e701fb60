/**
 * The benchmark harness: fixed-recipe baselines now; running an agent on a task within limits,
 * scoring the held-out split once and leaderboards come with issue #5.
 */
export * from './baseline/index.js';
export * from './faults/index.js';
export * from './held-out/score-held-out.js';
