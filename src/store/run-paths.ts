import { join } from 'node:path';
import { eventLogPath } from './event-log.js';

/**
 * Where everything of a run (or a dojo session's workspace, which has the same layout) lives.
 * The one module that spells these paths: the agent, the dojo session, the bench harness, the
 * report and the dashboard server all ask here.
 */
export interface ExperimentPaths {
  dir: string;
  /** The files the agent handed over (process_data.*, train.yaml, ...). */
  submission: string;
  hypothesis: string;
  submittedConfig: string;
  strategy: string;
  /** The fail-fast tiers' report and their scratch folder. */
  validation: string;
  validateScratch: string;
  /** The full training's folder; the adapter is written to `adapter`. */
  train: string;
  trainedConfig: string;
  adapter: string;
  trainerLog: string;
  /** The validation evaluation. */
  evaluation: string;
  evaluationReport: string;
  feedback: string;
  /** How the submission's code came to be (FT-Agent's implement step). */
  implementation: string;
  /** The held-out test score, written by the harness for the chosen experiment only. */
  test: string;
  testReport: string;
}

export function experimentPaths(runDir: string, experimentId: string): ExperimentPaths {
  const dir = join(runDir, 'experiments', experimentId);
  const submission = join(dir, 'submission');
  const train = join(dir, 'train');
  const adapter = join(train, 'output');
  return {
    dir,
    submission,
    hypothesis: join(submission, 'hypothesis.json'),
    submittedConfig: join(submission, 'train.yaml'),
    strategy: join(submission, 'strategy.json'),
    validation: join(dir, 'validation.json'),
    validateScratch: join(dir, 'validate'),
    train,
    trainedConfig: join(train, 'train.yaml'),
    adapter,
    trainerLog: join(adapter, 'trainer_log.jsonl'),
    evaluation: join(dir, 'eval'),
    evaluationReport: join(dir, 'eval', 'report.json'),
    feedback: join(dir, 'feedback.json'),
    implementation: join(dir, 'implementation.json'),
    test: join(dir, 'test'),
    testReport: join(dir, 'test', 'report.json'),
  };
}

/** The run-level files beside the experiments. */
export function runPaths(runDir: string) {
  return {
    dir: runDir,
    experiments: join(runDir, 'experiments'),
    events: eventLogPath(runDir),
    baseTestReport: join(runDir, 'base-test', 'report.json'),
    baseTest: join(runDir, 'base-test'),
    plannerCalls: join(runDir, 'planner-calls.jsonl'),
    llmGatewayLog: join(runDir, 'llm-gateway.jsonl'),
    /** Ad-hoc `validate` acts of a session: one folder each. */
    validations: join(runDir, 'validations'),
  };
}
