import type { ExecutionError, ExecutionFeedback, ExitState, ExperimentStage } from '../../core/index.js';
import type { TrainingOutcome } from '../../runtime/index.js';
import { excerpt } from './excerpt.js';

/** What the experiment runner knows about how far a run got. */
export interface ExecutionFacts {
  /** The last stage started ('done' once every stage finished). */
  stage: ExperimentStage;
  state: ExitState;
  exitCode?: number | null | undefined;
  /** The classified failure; when absent, a failed training run's own classification is used. */
  error?: ExecutionError | null | undefined;
}

const ROOT_CAUSE_LINES = 20;
const ROOT_CAUSE_CHARACTERS = 400;

/**
 * The execution level. A run that did not succeed always carries an error: the one the runner
 * classified, else the training outcome's (CONFIG, DATA, OOM, ENV, TIMEOUT), else TIMEOUT for a
 * timed-out run and UNKNOWN otherwise. A succeeded run carries none.
 */
export function executionFeedback(facts: ExecutionFacts, training: TrainingOutcome | null = null): ExecutionFeedback {
  if (facts.state === 'succeeded') return { stage: facts.stage, state: facts.state, exitCode: facts.exitCode ?? null, error: null };
  const failedTraining = training && training.state !== 'succeeded' ? training : null;
  const exitCode = facts.exitCode ?? failedTraining?.exitCode ?? null;
  const error: ExecutionError = facts.error ??
    trainingError(failedTraining) ?? { category: facts.state === 'timeout' ? 'TIMEOUT' : 'UNKNOWN', rootCause: [], hint: '' };
  return {
    stage: facts.stage,
    state: facts.state,
    exitCode,
    error: {
      category: error.category,
      rootCause: error.rootCause.slice(-ROOT_CAUSE_LINES).map((line) => excerpt(line, ROOT_CAUSE_CHARACTERS)),
      hint: error.hint,
    },
  };
}

/** A failed training run (the full run, or the micro-batch run of runtime validation) classifies itself. */
function trainingError(training: TrainingOutcome | null): ExecutionError | null {
  if (!training) return null;
  return { category: training.category ?? (training.state === 'timeout' ? 'TIMEOUT' : 'UNKNOWN'), rootCause: training.rootCause, hint: training.hint };
}
