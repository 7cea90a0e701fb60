import { z } from 'zod';

export const HYPOTHESIS_VERSION = 1;

/**
 * The problems feedback analysis names, one of which a hypothesis addresses. Each maps to facts
 * in the feedback document (format-error share, rows over cutoff, loss signals, verdicts).
 */
export const ProblemSchema = z.enum([
  'none',
  'format-errors',
  'truncation',
  'underfitting',
  'overfitting',
  'divergence',
  'data-mix',
  'too-little-data',
  'over-budget',
  'failed-run',
]);
export type Problem = z.infer<typeof ProblemSchema>;

/**
 * How the training rows are made from the task's pool: a structured data strategy that a fixed,
 * reviewed script (python/templates/process_data.py) carries out, so a planner without an LLM
 * can search over it; an LLM implementer may write its own script instead.
 */
export const DataStrategySchema = z.object({
  /** Rows to write, at most the task's sample cap. */
  count: z.number().int().positive(),
  seed: z.number().int().nonnegative().default(0),
  /** What the model learns to write: the target alone, or a worked solution before it when a row has one. */
  response: z.enum(['target', 'solution-then-target']).default('target'),
  /** Rows longer than this many characters (prompt + response) are passed over; null keeps all. */
  maxCharacters: z.number().int().positive().nullable().default(null),
  /** Spread rows evenly over subtasks or answer labels, or sample as they come. */
  balance: z.enum(['none', 'subtask', 'label']).default('none'),
  /** Keep only these subtasks (empty: all). */
  subtasks: z.array(z.string()).default([]),
  dedupe: z.boolean().default(true),
  /** Chain-of-thought written through the LLM gateway for rows without a solution (0: none). */
  synthesizeRows: z.number().int().nonnegative().default(0),
});
export type DataStrategy = z.infer<typeof DataStrategySchema>;

/**
 * The fine-tuning method, as a hypothesis chooses it: `lora` (the default), `qlora` (LoRA on the
 * base model loaded in 4 bits: far less GPU memory; needs bitsandbytes and a CUDA GPU) or `full`
 * (every weight trained: about 16 bytes of GPU memory per parameter, split by ZeRO across GPUs).
 * In the training settings it is two LLaMA-Factory keys: finetuning_type and quantization_bit.
 */
export const FineTuningMethodSchema = z.enum(['lora', 'qlora', 'full']);
export type FineTuningMethodName = z.infer<typeof FineTuningMethodSchema>;

/** The training settings a hypothesis may change; everything else is the environment's or LLaMA-Factory's default. */
export const TrainingChangesSchema = z
  .object({
    /** lora (default) or full; with quantization_bit 4, lora is QLoRA (see FineTuningMethodSchema). */
    finetuning_type: z.enum(['lora', 'full']),
    /** 4 loads the frozen base in 4 bits (QLoRA); only with finetuning_type lora. */
    quantization_bit: z.literal(4),
    learning_rate: z.number().positive().max(1),
    num_train_epochs: z.number().positive().max(100),
    lora_rank: z.number().int().positive().max(1024),
    lora_alpha: z.number().int().positive().max(4096),
    lora_dropout: z.number().min(0).max(0.99),
    cutoff_len: z.number().int().min(16),
    per_device_train_batch_size: z.number().int().positive(),
    gradient_accumulation_steps: z.number().int().positive(),
    lr_scheduler_type: z.enum(['linear', 'cosine', 'constant', 'constant_with_warmup']),
    warmup_ratio: z.number().min(0).max(1),
  })
  .partial()
  .strict();
export type TrainingChanges = z.infer<typeof TrainingChangesSchema>;

/** The method training settings choose (absent keys: lora). */
export function fineTuningMethodOfChanges(training: TrainingChanges): FineTuningMethodName {
  if (training.finetuning_type === 'full') return 'full';
  return training.quantization_bit === 4 ? 'qlora' : 'lora';
}

/**
 * Training settings with the method set: the method's keys, and for full fine-tuning without the
 * LoRA keys (LLaMA-Factory would refuse them).
 */
export function withFineTuningMethod(training: TrainingChanges, method: FineTuningMethodName): TrainingChanges {
  const { finetuning_type: _type, quantization_bit: _bits, ...rest } = training;
  if (method === 'full') {
    const { lora_rank: _rank, lora_alpha: _alpha, lora_dropout: _dropout, ...full } = rest;
    return { ...full, finetuning_type: 'full' };
  }
  return method === 'qlora' ? { ...rest, finetuning_type: 'lora', quantization_bit: 4 } : rest;
}

/** One experiment's plan: a typed change, never free prose (the rationale explains it). */
export const HypothesisSchema = z.object({
  schemaVersion: z.literal(HYPOTHESIS_VERSION),
  /** The experiment it starts from (its data strategy and settings), or null for the first. */
  parentExperimentId: z.string().nullable(),
  changes: z.enum(['data', 'training', 'both']),
  addresses: ProblemSchema,
  data: DataStrategySchema,
  /** The full settings of this experiment (the parent's with the changes applied). */
  training: TrainingChangesSchema,
  /** Why this should help, in a sentence or two. */
  rationale: z.string().min(1),
  /** What the feedback should show if it worked ("format errors below 5%"). */
  expectedEffect: z.string().min(1),
  /** Who proposed it: "heuristic" or a model name. */
  proposer: z.string(),
});
export type Hypothesis = z.infer<typeof HypothesisSchema>;

/** The (data, training) pair with sorted keys: the same experiment however a plan's JSON was ordered. */
export function planKey(hypothesis: Pick<Hypothesis, 'data' | 'training'>): string {
  const sorted = (value: object) =>
    Object.fromEntries(
      Object.entries(value)
        .filter(([, item]) => item !== undefined)
        .sort(([a], [b]) => a.localeCompare(b)),
    );
  return JSON.stringify([sorted(hypothesis.data), sorted(hypothesis.training)]);
}
