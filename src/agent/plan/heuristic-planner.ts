import type { DataStrategy, Hypothesis, Problem, TrainingChanges } from '../../core/index.js';
import { HYPOTHESIS_VERSION } from '../../core/index.js';
import type { Diagnosis } from './diagnose.js';

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

/** One earlier experiment as the planner sees it: its plan, what was wrong, and whether it won. */
export interface Attempt {
  experimentId: string;
  hypothesis: Hypothesis;
  diagnosis: Diagnosis;
  accepted: boolean;
  /** Training tokens per second it measured, when it trained. */
  tokensPerSecond?: number | null;
}

/** Share of an experiment's time that training may take: the rest is validation's micro run, loading and evaluation. */
export const TRAINING_SHARE = 0.5;
/** Rows average about this share of cutoff_len in tokens (measured on the mini pools). */
const ROW_FILL = 0.6;
/** Fewer rows than this teach nothing measurable. */
const MINIMUM_ROWS = 16;

/** Seconds of training the next experiment may take, so that the experiments still to fit all fit. */
export function trainingAllowance(context: PlanningContext): number {
  return (context.remainingSeconds / Math.max(1, context.experimentsToFit ?? 3)) * TRAINING_SHARE;
}

/** Seconds a plan's training should take at the context's speed. */
export function estimatedTrainingSeconds(data: DataStrategy, training: TrainingChanges, context: PlanningContext): number {
  return (data.count * (training.num_train_epochs ?? 1) * rowTokens(training.cutoff_len ?? 512, context)) / context.tokensPerSecond;
}

/** Tokens one training row costs: the pool's measured mean when known (rows are cut at cutoff_len). */
function rowTokens(cutoff: number, context: PlanningContext): number {
  return context.poolRowTokens ? Math.min(cutoff, context.poolRowTokens) : cutoff * ROW_FILL;
}

/**
 * A plan cut down to the training allowance before it runs: fewer rows, then one epoch, never
 * under 16 rows (what still does not fit is left to the dojo's runtime validation, which measures
 * the real step time and rejects an over-budget run before it trains).
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

/** The sound starting point: the fixed-recipe settings (src/bench/baseline), sized to the budget. */
export function initialHypothesis(context: PlanningContext): Hypothesis {
  const cutoff = Math.min(512, context.modelContext);
  // Leave room for the experiments still to fit (three at the start).
  const affordableRows = Math.floor((trainingAllowance(context) * context.tokensPerSecond) / rowTokens(cutoff, context));
  const data: DataStrategy = {
    count: Math.max(MINIMUM_ROWS, Math.min(context.sampleCap, affordableRows)),
    seed: context.seed ?? 0,
    response: context.poolHasSolutions ? 'solution-then-target' : 'target',
    maxCharacters: Math.floor(cutoff * context.charactersPerToken * 0.9),
    balance: 'none',
    subtasks: [],
    dedupe: true,
    synthesizeRows: 0,
  };
  const training: TrainingChanges = {
    learning_rate: 2e-4,
    num_train_epochs: 1,
    lora_rank: 8,
    lora_alpha: 16,
    cutoff_len: cutoff,
    per_device_train_batch_size: 4,
    gradient_accumulation_steps: 2,
    lr_scheduler_type: 'cosine',
    warmup_ratio: 0.1,
  };
  return {
    schemaVersion: HYPOTHESIS_VERSION,
    parentExperimentId: null,
    changes: 'both',
    addresses: 'none',
    data,
    training,
    rationale: 'the fixed recipe as a first point: pool rows in the task format, LoRA r8, lr 2e-4, sized to the budget',
    expectedEffect: 'the answer format is learned; a first validation score to improve on',
    proposer: 'heuristic',
  };
}

interface Move {
  /** A key naming the idea, to recognise repeated failures of it. */
  idea: string;
  changes: Hypothesis['changes'];
  apply(data: DataStrategy, training: TrainingChanges, context: PlanningContext): { data: DataStrategy; training: TrainingChanges } | null;
  rationale: string;
  expectedEffect: string;
}

const scale = (value: number | undefined, factor: number, fallback: number) => (value ?? fallback) * factor;

/**
 * More rows: at least half as many again, and up to what this experiment's training allowance
 * holds at the measured speed (a first plan sized at an assumed speed is often far under it).
 * Null at the cap.
 */
function moreRows(data: DataStrategy, training: TrainingChanges, context: PlanningContext): { data: DataStrategy; training: TrainingChanges } | null {
  if (data.count >= context.sampleCap) return null;
  const perRow = estimatedTrainingSeconds({ ...data, count: 1 }, training, context);
  const affordable = Math.floor(trainingAllowance(context) / perRow);
  return { data: { ...data, count: Math.min(context.sampleCap, Math.max(Math.ceil(data.count * 1.5), affordable)) }, training };
}

/** Expert rules: each problem maps to moves, most promising first. */
const MOVES: Record<Problem, Move[]> = {
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
      rationale: 'the format is not learned yet: more examples of it, as many as the budget allows',
      expectedEffect: 'format errors fall',
    },
    {
      idea: 'more-epochs-for-format',
      changes: 'training',
      apply: (d, t) => ((t.num_train_epochs ?? 1) >= 3 ? null : { data: d, training: { ...t, num_train_epochs: (t.num_train_epochs ?? 1) + 1 } }),
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
      rationale: 'memorising few rows: more of them, as many as the budget allows',
      expectedEffect: 'validation improves',
    },
  ],
  'too-little-data': [
    {
      idea: 'more-data',
      changes: 'data',
      apply: moreRows,
      rationale: 'few rows for the cap: as many more as the budget allows (at least half as many again)',
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
      rationale: 'another pass over the rows',
      expectedEffect: 'a better validation score',
    },
  ],
};

/** An idea is given up after this many tries that were not accepted. */
export const MAX_FAILED_TRIES = 2;

/**
 * The next hypothesis without an LLM: start from the parent (the best so far, else the last
 * attempt), take the first move for the last attempt's diagnosed problem that applies and has
 * not failed MAX_FAILED_TRIES times, else fall back to the `none` moves. Null when nothing is
 * left to try: the search has run out of ideas and the run may stop.
 */
export function nextHypothesis(parent: Attempt, last: Attempt, history: readonly Attempt[], context: PlanningContext): Hypothesis | null {
  const failures = new Map<string, number>();
  for (const attempt of history) {
    const idea = ideaOf(attempt.hypothesis);
    if (idea && !attempt.accepted) failures.set(idea, (failures.get(idea) ?? 0) + 1);
  }
  const tried = new Set(history.map((attempt) => JSON.stringify([attempt.hypothesis.data, attempt.hypothesis.training])));
  const candidates = [...MOVES[last.diagnosis.problem], ...(last.diagnosis.problem === 'none' ? [] : MOVES.none)];
  for (const move of candidates) {
    if ((failures.get(move.idea) ?? 0) >= MAX_FAILED_TRIES) continue;
    const base = last.diagnosis.problem === 'failed-run' || last.diagnosis.problem === 'over-budget' ? last.hypothesis : parent.hypothesis;
    const applied = move.apply(base.data, base.training, context);
    if (!applied || tried.has(JSON.stringify([applied.data, applied.training]))) continue;
    const specific = candidates.indexOf(move) < MOVES[last.diagnosis.problem].length;
    return {
      schemaVersion: HYPOTHESIS_VERSION,
      parentExperimentId: base === parent.hypothesis ? parent.experimentId : last.experimentId,
      changes: move.changes,
      addresses: specific ? last.diagnosis.problem : 'none',
      data: applied.data,
      training: applied.training,
      // A generic move after the problem's own are used up says so, rather than "nothing is wrong".
      rationale: `${specific ? '' : last.diagnosis.problem === 'none' ? '' : `the moves for ${last.diagnosis.problem} are used up; `}${move.rationale} [${move.idea}]${last.diagnosis.evidence.length ? ` (evidence: ${last.diagnosis.evidence[0]})` : ''}`,
      expectedEffect: move.expectedEffect,
      proposer: 'heuristic',
    };
  }
  return null;
}

/** The idea a heuristic hypothesis tried, from its rationale's [tag]. */
function ideaOf(hypothesis: Hypothesis): string | null {
  return /\[([a-z-]+)\]/.exec(hypothesis.rationale)?.[1] ?? null;
}
