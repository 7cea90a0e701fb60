export * from './environment/task-environment.js';
export * from './feedback/index.js';
export * from './submission/index.js';
export * from './validate/index.js';
export * from './experiment/run-experiment.js';
export { baseValidationDir, createExperimentBackend, type ExperimentModel } from './experiment/experiment-backend.js';
export * from './session/index.js';
export { createSandboxCodeRunner, evaluationCodeRunner, type SandboxCodeRunnerOptions } from './scoring/sandbox-code-runner.js';
