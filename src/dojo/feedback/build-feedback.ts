import type { Feedback, TaskSpec } from '../../core/index.js';
import { FEEDBACK_KIND, FEEDBACK_VERSION, FeedbackSchema, FtdojoError, primaryMetric } from '../../core/index.js';
import type { EvaluationReportFile } from '../../eval/index.js';
import type { TrainingOutcome } from '../../runtime/index.js';
import { budgetFeedback, type BudgetFacts } from './budget-feedback.js';
import { comparisonFeedback, type BestSoFar } from './comparison-feedback.js';
import { dataFeedback, type DataFacts } from './data-feedback.js';
import type { DecisionOptions } from './decide-improvement.js';
import { evaluationFeedback, type ValidationEvaluation } from './evaluation-feedback.js';
import { executionFeedback, type ExecutionFacts } from './execution-feedback.js';
import { trainingFeedback } from './training-feedback.js';
import { assertValidationOnly } from './validation-only.js';

/** Everything measured about one experiment; each level is null when its stage was not reached. */
export interface FeedbackFacts {
  experimentId: string;
  task: TaskSpec;
  profile: string;
  /** Default: now. */
  createdAt?: Date | undefined;
  execution: ExecutionFacts;
  data?: DataFacts | null | undefined;
  training?: TrainingOutcome | null | undefined;
  /** The precision the training config ran in (trainingPrecisionOf). */
  trainingPrecision?: 'fp32' | 'bf16' | 'fp16' | undefined;
  /** The candidate's validation evaluation. */
  evaluation?: ValidationEvaluation | null | undefined;
  best?: BestSoFar | null | undefined;
  /** The base model's validation evaluation. */
  base?: EvaluationReportFile | null | undefined;
  budget: BudgetFacts;
  decision?: DecisionOptions | undefined;
}

/**
 * Builds the feedback document by code alone from measured facts: no model writes any of it.
 * Validation results only: a test-split report, or records and samples that are not its items,
 * are refused before anything is read from them. The result is checked against the schema.
 */
export function buildFeedback(facts: FeedbackFacts): Feedback {
  const evaluation = facts.evaluation ?? null;
  if (evaluation) assertValidationOnly('the evaluation', evaluation.report, evaluation.records, evaluation.samples);
  if (facts.best) assertValidationOnly(`the best experiment's evaluation (${facts.best.experimentId})`, facts.best.report);
  if (facts.base) assertValidationOnly("the base model's evaluation", facts.base);
  if (evaluation) assertPrimaryMetric(facts.task, evaluation.report);

  const comparison = evaluation ? comparisonFeedback(evaluation.report, facts.best ?? null, facts.base ?? null, facts.decision) : null;
  const training = facts.training ?? null;
  const document: Feedback = {
    schemaVersion: FEEDBACK_VERSION,
    kind: FEEDBACK_KIND,
    experimentId: facts.experimentId,
    taskId: facts.task.id,
    profile: facts.profile,
    createdAt: (facts.createdAt ?? new Date()).toISOString(),
    execution: executionFeedback(facts.execution, training),
    data: facts.data ? dataFeedback(facts.data) : null,
    training: training
      ? { ...trainingFeedback(training, comparison?.base ?? null), ...(facts.trainingPrecision ? { precision: facts.trainingPrecision } : {}) }
      : null,
    evaluation: evaluation ? evaluationFeedback(evaluation) : null,
    comparison,
    budget: budgetFeedback(facts.budget),
  };
  const checked = FeedbackSchema.safeParse(document);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new FtdojoError('INTERNAL', `the feedback built for ${facts.experimentId} does not fit its schema: ${issue?.path.join('.')}: ${issue?.message}`, {
      hint: 'a measured fact is out of range (e.g. a negative count); check the facts passed to buildFeedback',
    });
  }
  return checked.data;
}

function assertPrimaryMetric(task: TaskSpec, report: EvaluationReportFile): void {
  const primary = primaryMetric(task);
  const reported = report.report.primary;
  if (report.report.task !== task.id || reported.metric !== primary.name || reported.direction !== primary.direction) {
    throw new FtdojoError(
      'INTERNAL',
      `the evaluation is of ${report.report.task} by ${reported.metric} (${reported.direction}), not of ${task.id} by its primary metric ${primary.name} (${primary.direction})`,
      {
        hint: "pass the evaluation of this experiment's task",
      },
    );
  }
}
