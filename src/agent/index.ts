/**
 * FT-Agent: plans structured hypotheses, implements them as submissions, and reads the dojo's
 * feedback. The loop that wires these steps together comes with issue #5.
 */
export * from './implement/write-submission.js';
export * from './plan/diagnose.js';
export * from './plan/heuristic-planner.js';
export * from './loop/attempts.js';
export * from './loop/planner.js';
export * from './loop/run-agent.js';
export * from './plan/planning-prompt.js';
export * from './plan/llm-planner.js';
