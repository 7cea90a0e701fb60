import type { DataStrategy, Hypothesis, Problem, TrainingChanges } from '../../core/index.js';
import type { PlanningContext } from './plan-sizing.js';
import { affordableRows } from './plan-sizing.js';

type Plan = Pick<Hypothesis, 'data' | 'training'>;

/** One expert rule: a change to the parent's plan, for one diagnosed problem. */
export interface Move {
  /** A key naming the idea, to recognise repeated failures of it. */
  idea: string;
  changes: Hypothesis['changes'];
  apply(data: DataStrategy, training: TrainingChanges, context: PlanningContext): Plan | null;
  /**
   * What the move sets out to change, checked on the plan as it will run (after the cut to the
   * budget): why the fitted plan no longer does it, or null when it still does. A "more rows"
   * plan cut below its parent's rows would test the opposite of its rationale.
   */
  premise?(parent: Plan, fitted: Plan, context: PlanningContext): string | null;
  rationale: string;
  expectedEffect: string;
}

const scale = (value: number | undefined, factor: number, fallback: number) => (value ?? fallback) * factor;

/**
 * Growth a "more rows" move needs to be worth an experiment: fewer than a quarter more rows would
 * rerun the parent with a handful of rows added, a difference no validation split can tell apart.
 */
export const MINIMUM_ROW_GROWTH = 1.25;

/**
 * More rows: as many as this experiment's training allowance holds at the measured speed, at
 * least a quarter more than the parent, up to the cap (a first plan sized at an assumed speed is
 * often far under what the allowance holds). Null at the cap. The time left shrinks as the run
 * goes and a measured speed is often below the assumed one, so the allowance may hold fewer rows
 * than the parent trained: the cut to the budget then undoes the move, and its premise (below)
 * makes the planner pass it over rather than run "more data" on less (a 22-row parent once had
 * a 16-row "more data" child in a 15-minute run).
 */
function moreRows(data: DataStrategy, training: TrainingChanges, context: PlanningContext): Plan | null {
  if (data.count >= context.sampleCap) return null;
  const count = Math.min(context.sampleCap, Math.max(rowsToGrowTo(data.count, context), affordableRows(data, training, context)));
  return { data: { ...data, count }, training };
}

/** The fewest rows a "more rows" plan may train: a quarter more than the parent, or the cap. */
function rowsToGrowTo(parentRows: number, context: PlanningContext): number {
  return Math.min(context.sampleCap, Math.max(parentRows + 1, Math.ceil(parentRows * MINIMUM_ROW_GROWTH)));
}

/** The premise of every "more rows" move, on the plan as it will run. */
function moreRowsPremise(parent: Plan, fitted: Plan, context: PlanningContext): string | null {
  const needed = rowsToGrowTo(parent.data.count, context);
  return fitted.data.count >= needed
    ? null
    : `only ${fitted.data.count} rows fit the time left, under the ${needed} it needs (a quarter more than the parent's ${parent.data.count})`;
}

/** The premise of every "more epochs" move: more training in all (epochs x rows), not an epoch bought with rows. */
function moreTrainingPremise(parent: Plan, fitted: Plan): string | null {
  const passes = (plan: Plan) => (plan.training.num_train_epochs ?? 1) * plan.data.count;
  return (fitted.training.num_train_epochs ?? 1) > (parent.training.num_train_epochs ?? 1) && passes(fitted) > passes(parent)
    ? null
    : `only ${fitted.training.num_train_epochs ?? 1} epoch(s) over ${fitted.data.count} rows fit the time left, no more training than the parent's ${parent.training.num_train_epochs ?? 1} over ${parent.data.count}`;
}

/** Expert rules: each problem maps to moves, most promising first. */
export const MOVES: Record<Problem, Move[]> = {
  'failed-run': [
    {
      idea: 'safer-settings',
      changes: 'training',
      apply: (d, t) => ({ data: d, training: { ...t, per_device_train_batch_size: 2, gradient_accumulation_steps: 4, learning_rate: 1e-4 } }),
      rationale: 'the last run failed: smaller batches and a gentler rate are the safest settings',
      expectedEffect: 'the run completes',
    },
  ],
  'over-budget': [
    {
      idea: 'fewer-rows',
      changes: 'data',
      apply: (d, t) => (d.count <= 16 ? null : { data: { ...d, count: Math.max(16, Math.floor(d.count / 2)) }, training: t }),
      rationale: 'the run could not finish in the time left: half the rows',
      expectedEffect: 'the run fits the budget',
    },
    {
      idea: 'one-epoch',
      changes: 'training',
      apply: (d, t) => ((t.num_train_epochs ?? 1) <= 1 ? null : { data: d, training: { ...t, num_train_epochs: 1 } }),
      rationale: 'one epoch fits the time left',
      expectedEffect: 'the run fits the budget',
    },
  ],
  divergence: [
    {
      idea: 'lower-lr',
      changes: 'training',
      apply: (d, t) => ({ data: d, training: { ...t, learning_rate: scale(t.learning_rate, 1 / 3, 2e-4), warmup_ratio: Math.max(0.1, t.warmup_ratio ?? 0) } }),
      rationale: 'the loss diverged: a third of the learning rate, with warmup',
      expectedEffect: 'a finite, falling loss',
    },
  ],
  'format-errors': [
    {
      idea: 'answer-only',
      changes: 'data',
      apply: (d, t) => (d.response === 'target' ? null : { data: { ...d, response: 'target' }, training: t }),
      rationale: 'answers are not in the task format: train on the target alone, which is in that format',
      expectedEffect: 'format errors fall below 20%',
    },
    {
      idea: 'more-rows-for-format',
      changes: 'data',
      apply: moreRows,
      premise: moreRowsPremise,
      rationale: 'the format is not learned yet: more examples of it, as many as the budget allows',
      expectedEffect: 'format errors fall',
    },
    {
      idea: 'more-epochs-for-format',
      changes: 'training',
      apply: (d, t) => ((t.num_train_epochs ?? 1) >= 3 ? null : { data: d, training: { ...t, num_train_epochs: (t.num_train_epochs ?? 1) + 1 } }),
      premise: moreTrainingPremise,
      rationale: 'the format is not learned yet: one more epoch over the same rows',
      expectedEffect: 'format errors fall',
    },
  ],
  truncation: [
    {
      idea: 'shorter-rows',
      changes: 'data',
      apply: (d, t, c) => ({ data: { ...d, maxCharacters: Math.floor((t.cutoff_len ?? 512) * c.charactersPerToken * 0.8) }, training: t }),
      rationale: 'rows are cut at cutoff_len, answers first: keep rows that fit',
      expectedEffect: 'no row over the cutoff',
    },
    {
      idea: 'longer-cutoff',
      changes: 'training',
      apply: (d, t, c) =>
        (t.cutoff_len ?? 512) * 2 > c.modelContext ? null : { data: { ...d, maxCharacters: null }, training: { ...t, cutoff_len: (t.cutoff_len ?? 512) * 2 } },
      rationale: 'long rows matter for this task: double cutoff_len',
      expectedEffect: 'no row cut',
    },
  ],
  underfitting: [
    {
      idea: 'more-epochs',
      changes: 'training',
      apply: (d, t) => ((t.num_train_epochs ?? 1) >= 4 ? null : { data: d, training: { ...t, num_train_epochs: (t.num_train_epochs ?? 1) + 1 } }),
      premise: moreTrainingPremise,
      rationale: 'the loss is still falling: train longer',
      expectedEffect: 'a lower final loss and a better validation score',
    },
    {
      idea: 'higher-lr',
      changes: 'training',
      apply: (d, t) => ((t.learning_rate ?? 2e-4) >= 5e-4 ? null : { data: d, training: { ...t, learning_rate: scale(t.learning_rate, 2, 2e-4) } }),
      rationale: 'the loss barely moved: double the learning rate',
      expectedEffect: 'the loss falls faster',
    },
  ],
  overfitting: [
    {
      idea: 'fewer-epochs',
      changes: 'training',
      apply: (d, t) => ((t.num_train_epochs ?? 1) <= 1 ? null : { data: d, training: { ...t, num_train_epochs: (t.num_train_epochs ?? 1) - 1 } }),
      rationale: 'the loss is near zero while validation does not improve: fewer epochs',
      expectedEffect: 'validation improves',
    },
    {
      idea: 'more-data-for-overfit',
      changes: 'data',
      apply: moreRows,
      premise: moreRowsPremise,
      rationale: 'memorising few rows: more of them, as many as the budget allows',
      expectedEffect: 'validation improves',
    },
  ],
  'too-little-data': [
    {
      idea: 'more-data',
      changes: 'data',
      apply: moreRows,
      premise: moreRowsPremise,
      rationale: 'few rows for the cap: as many more as the budget allows (at least a quarter more)',
      expectedEffect: 'a better validation score',
    },
  ],
  'data-mix': [
    {
      idea: 'balance-subtasks',
      changes: 'data',
      apply: (d, t) => (d.balance === 'subtask' ? null : { data: { ...d, balance: 'subtask' }, training: t }),
      rationale: 'some subtasks lag: spread the rows evenly over them',
      expectedEffect: 'the weak subtasks improve',
    },
  ],
  none: [
    {
      idea: 'more-data',
      changes: 'data',
      apply: moreRows,
      premise: moreRowsPremise,
      rationale: 'nothing is wrong: more rows, as many as the budget allows',
      expectedEffect: 'a better validation score',
    },
    {
      idea: 'balance-labels',
      changes: 'data',
      apply: (d, t) => (d.balance !== 'none' ? null : { data: { ...d, balance: 'label' }, training: t }),
      rationale: 'spread the answers evenly so the model does not favour one',
      expectedEffect: 'fewer wrong answers of the majority label',
    },
    {
      idea: 'higher-rank',
      changes: 'training',
      apply: (d, t) =>
        (t.lora_rank ?? 8) >= 32 ? null : { data: d, training: { ...t, lora_rank: (t.lora_rank ?? 8) * 2, lora_alpha: (t.lora_alpha ?? 16) * 2 } },
      rationale: 'more adapter capacity',
      expectedEffect: 'a better validation score',
    },
    {
      idea: 'more-epochs',
      changes: 'training',
      apply: (d, t) => ((t.num_train_epochs ?? 1) >= 3 ? null : { data: d, training: { ...t, num_train_epochs: (t.num_train_epochs ?? 1) + 1 } }),
      premise: moreTrainingPremise,
      rationale: 'another pass over the rows',
      expectedEffect: 'a better validation score',
    },
  ],
};
