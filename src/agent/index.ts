/**
 * FT-Agent: plans structured hypotheses, implements them as submissions, runs them through the
 * dojo's session seam like any agent, and decides by rule. `createFtAgent` is the run service
 * behind the bench contract; the loop is wiring over the single-job steps in loop/steps.
 */
export * from './implement/write-submission.js';
export * from './implement/implementer.js';
export * from './implement/llm-coder.js';
export * from './implement/code-blocks.js';
export * from './implement/coding-prompt.js';
export * from './learn/lessons-of-run.js';
export * from './plan/lesson-ranking.js';
export * from './plan/diagnose.js';
export * from './plan/heuristic-planner.js';
export * from './loop/attempts.js';
export * from './loop/planner.js';
export * from './loop/recorder.js';
export * from './loop/run-agent.js';
export * from './loop/run-rounds.js';
export * from './loop/stop-conditions.js';
export * from './loop/steps/decide.js';
export * from './loop/steps/experiment.js';
export * from './plan/planning-prompt.js';
export * from './plan/llm-planner.js';
export * from './service/ft-agent.js';
export * from './react/dojo-tool-client.js';
export * from './react/react-agent.js';
export * from './react/react-loop.js';
export * from './react/react-prompt.js';
export * from './react/react-transcript.js';
export * from './react/session-ledger.js';
