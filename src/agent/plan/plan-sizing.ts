import type { DataStrategy, Hypothesis, TrainingChanges } from '../../core/index.js';

/** What the planner knows of the task, from its card and the environment (never held-out data). */
export interface PlanningContext {
  sampleCap: number;
  /** Pool rows that carry a worked solution (math): training can teach reasoning then the answer. */
  poolHasSolutions: boolean;
  /** The model's context length; cutoff_len never goes beyond it. */
  modelContext: number;
  /** Seconds left for the next experiment (training + evaluation), and the measured training speed. */
  remainingSeconds: number;
  tokensPerSecond: number;
  /** Mean characters per token of the pool with the model's tokenizer (for character limits). */
  charactersPerToken: number;
  /** Experiments the remaining time should still hold, this one included (default 3). */
  experimentsToFit?: number;
  /** The run's seed, for the first plan's data selection (default 0). */
  seed?: number;
  /** Mean tokens of a pool row with the template; rows are assumed ROW_FILL of cutoff_len without it. */
  poolRowTokens?: number;
}

/** Share of an experiment's time that training may take: the rest is validation's micro run, loading and evaluation. */
export const TRAINING_SHARE = 0.5;
/** Rows average about this share of cutoff_len in tokens (measured on the mini pools). */
const ROW_FILL = 0.6;
/** Fewer rows than this teach nothing measurable. */
export const MINIMUM_ROWS = 16;

/** Seconds of training the next experiment may take, so that the experiments still to fit all fit. */
export function trainingAllowance(context: PlanningContext): number {
  return (context.remainingSeconds / Math.max(1, context.experimentsToFit ?? 3)) * TRAINING_SHARE;
}

/** Seconds a plan's training should take at the context's speed. */
export function estimatedTrainingSeconds(data: DataStrategy, training: TrainingChanges, context: PlanningContext): number {
  return (data.count * (training.num_train_epochs ?? 1) * rowTokens(training.cutoff_len ?? 512, context)) / context.tokensPerSecond;
}

/** Tokens one training row costs: the pool's measured mean when known (rows are cut at cutoff_len). */
export function rowTokens(cutoff: number, context: PlanningContext): number {
  return context.poolRowTokens ? Math.min(cutoff, context.poolRowTokens) : cutoff * ROW_FILL;
}

/** Rows of this data and training that the next experiment's allowance holds at the context's speed. */
export function affordableRows(data: DataStrategy, training: TrainingChanges, context: PlanningContext): number {
  return Math.floor(trainingAllowance(context) / estimatedTrainingSeconds({ ...data, count: 1 }, training, context));
}

/**
 * A plan cut down to the training allowance before it runs: fewer rows, then one epoch, never
 * under 16 rows (what still does not fit is left to the dojo's runtime validation, which measures
 * the real step time and rejects an over-budget run before it trains). A cut can undo what a move
 * set out to change (more rows than its parent): the heuristic planner checks each move's premise
 * on the fitted plan, not on the move's own output.
 */
export function fitToBudget(hypothesis: Hypothesis, context: PlanningContext): Hypothesis {
  const allowance = trainingAllowance(context);
  const seconds = estimatedTrainingSeconds(hypothesis.data, hypothesis.training, context);
  if (seconds <= allowance) return hypothesis;
  const epochs = hypothesis.training.num_train_epochs ?? 1;
  const perRow = seconds / hypothesis.data.count;
  let count = Math.floor(allowance / perRow);
  let training = hypothesis.training;
  if (count < MINIMUM_ROWS && epochs > 1) {
    training = { ...training, num_train_epochs: 1 };
    count = Math.floor(allowance / (perRow / epochs));
  }
  const cut = Math.min(hypothesis.data.count, Math.max(MINIMUM_ROWS, count));
  if (cut === hypothesis.data.count && training === hypothesis.training) return hypothesis;
  return {
    ...hypothesis,
    data: { ...hypothesis.data, count: cut },
    training,
    rationale: `${hypothesis.rationale}; sized to the budget: ${cut} rows (about ${Math.round(estimatedTrainingSeconds({ ...hypothesis.data, count: cut }, training, context))} s of training)`,
  };
}
