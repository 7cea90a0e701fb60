import type { ProfileName, TaskSpec } from '../../core/index.js';
import type { TrainingConfig } from '../../runtime/index.js';

export const BASELINE_RECIPE_VERSION = 1;

/**
 * The fixed recipe that stands for the paper's "manual SFT" baseline: what a careful engineer
 * would run once without tuning it to the task. Every number has a reason:
 * - LoRA rank 8, alpha 16 (scale 2), dropout 0.05, on all linear layers: the common LLaMA-Factory
 *   starting point; all layers so that no task-specific choice of modules is made.
 * - learning rate 2e-4, cosine schedule, 10% warmup: LoRA tolerates higher rates than full
 *   fine-tuning, and a CPU budget allows only a few dozen updates.
 * - cutoff_len 512: covers ~95% of FinanceIQ rows with the SmolLM2 tokenizer (mean ~310,
 *   p90 ~460 tokens); longer rows are passed over (selectBaselineExamples) rather than cut.
 * - CPU: per-device batch 4 with gradient accumulation 2 (8 examples per update: more updates
 *   from few examples; a batch of 4 pads less than 8). GPU: 4 x 4 = 16.
 * - CPU precision fp32: bf16 autocast (use_cpu + bf16) was slower in every LLaMA-Factory run on
 *   one AMX dev box (27 vs 37, 45 vs 121, 24 vs 43 tokens/s; measureTrainingThroughput) and 2.08x
 *   faster on an AMD EPYC with AVX512_BF16. Dojo experiments follow the CPU precision check
 *   (runtime/device/cpu-precision-check.ts); the recipe stays fp32 so that its scores do not depend
 *   on the machine (its sizing assumes a speed, so bf16 would only finish sooner, not train more).
 * - No packing: it was faster on CPU (no padding), but LLaMA-Factory's non-neat packing lets an
 *   example attend to the previous ones while restarting its positions, and the first-step loss
 *   rose from 2.4 to 4.0. Neat packing (LLaMA-Factory 0.9.5, transformers 4.57.1, torch 2.8) builds
 *   a block-diagonal 4D mask (data/collator.py prepare_4d_attention_mask) that transformers passes
 *   to SDPA as it is (masking_utils.py: "If the mask is already 4D, simply return as-is"), and
 *   torch's CPU SDPA still picks its flash kernel with such a mask; padded unpacked batches take
 *   that masked path too. It is not the slow path it was thought to be, but it is unmeasured here
 *   and it changes what a batch holds (one sequence of cutoff_len tokens packed from several rows,
 *   not batchSize rows), which the recipe's sizing assumes, so the recipe leaves it off.
 * - epochs sized to the time budget (sizeBaselineTraining), at most 3.
 */
export interface BaselineRecipe {
  schemaVersion: typeof BASELINE_RECIPE_VERSION;
  name: string;
  device: 'cpu' | 'gpu';
  loraRank: number;
  loraAlpha: number;
  loraDropout: number;
  learningRate: number;
  scheduler: 'cosine';
  warmupRatio: number;
  cutoffLen: number;
  batchSize: number;
  gradientAccumulation: number;
  maxEpochs: number;
  /** bf16 autocast: on GPUs; not on CPU (measured slower there, see above). */
  bf16: boolean;
  /** Seconds of training the recipe sizes itself to. */
  trainSeconds: number;
  /** The training speed the sizing assumes (non-padding tokens per second). */
  assumedTokensPerSecond: number;
  seed: number;
}

/**
 * Training speed assumed for sizing on the 2-core dev CPU, fp32, batch 4: measured 121 tokens/s
 * on a quiet machine and 30-45 while other jobs shared it (a full baseline trained at 31); the
 * sizing assumes a machine about half busy.
 */
export const MINI_CPU_TOKENS_PER_SECOND = 60;

export function baselineRecipe(task: TaskSpec, profile: ProfileName): BaselineRecipe {
  const common = {
    schemaVersion: BASELINE_RECIPE_VERSION,
    loraRank: 8,
    loraAlpha: 16,
    loraDropout: 0.05,
    learningRate: 2e-4,
    scheduler: 'cosine',
    warmupRatio: 0.1,
    maxEpochs: 3,
    seed: 42,
  } as const;
  if (profile === 'mini') {
    return {
      ...common,
      name: `manual-sft-v${BASELINE_RECIPE_VERSION}-cpu`,
      device: 'cpu',
      cutoffLen: 512,
      batchSize: 4,
      gradientAccumulation: 2,
      bf16: false,
      // The whole baseline (train + four evaluations of 50 samples, 1-3 minutes each) must fit in
      // ~15 minutes on the dev box. Never more than a quarter of the profile's own budget.
      trainSeconds: Math.min(300, Math.floor(task.profiles.mini.budget.wallClockSeconds / 4)),
      assumedTokensPerSecond: MINI_CPU_TOKENS_PER_SECOND,
    };
  }
  return {
    ...common,
    name: `manual-sft-v${BASELINE_RECIPE_VERSION}-gpu`,
    device: 'gpu',
    cutoffLen: 2048,
    batchSize: 4,
    gradientAccumulation: 4,
    bf16: true,
    trainSeconds: Math.floor(task.profiles.paper.budget.wallClockSeconds * 0.25),
    assumedTokensPerSecond: 5000,
  };
}

export interface BaselineSizing {
  /** Examples to train on (a prefix of the seeded selection). */
  samples: number;
  epochs: number;
  /** Optimizer updates that makes. */
  steps: number;
  /** Estimated training seconds at the assumed speed. */
  estimatedSeconds: number;
}

/**
 * Fits the training to the recipe's time budget: as many distinct examples as the budget allows
 * (up to the cap), then extra epochs while they still fit. More distinct examples beat more
 * passes over fewer, so the sample count is cut before the epochs are raised.
 */
export function sizeBaselineTraining(recipe: BaselineRecipe, lengths: readonly number[], cap: number): BaselineSizing {
  const affordable = recipe.assumedTokensPerSecond * recipe.trainSeconds;
  let samples = 0;
  let tokens = 0;
  for (const length of lengths.slice(0, cap)) {
    if (samples > 0 && tokens + Math.min(length, recipe.cutoffLen) > affordable) break;
    tokens += Math.min(length, recipe.cutoffLen);
    samples += 1;
  }
  const epochs = Math.max(1, Math.min(recipe.maxEpochs, Math.floor(affordable / Math.max(tokens, 1))));
  const steps = Math.max(1, Math.ceil(samples / (recipe.batchSize * recipe.gradientAccumulation))) * epochs;
  return { samples, epochs, steps, estimatedSeconds: Math.round((tokens * epochs) / recipe.assumedTokensPerSecond) };
}

/** The LLaMA-Factory keys of a recipe (the paths, template and model are added by the caller). */
export function recipeSettings(recipe: BaselineRecipe, sizing: BaselineSizing, maxSteps?: number): TrainingConfig {
  return {
    lora_rank: recipe.loraRank,
    lora_alpha: recipe.loraAlpha,
    lora_dropout: recipe.loraDropout,
    lora_target: 'all',
    learning_rate: recipe.learningRate,
    lr_scheduler_type: recipe.scheduler,
    warmup_ratio: recipe.warmupRatio,
    cutoff_len: recipe.cutoffLen,
    per_device_train_batch_size: recipe.batchSize,
    gradient_accumulation_steps: recipe.gradientAccumulation,
    num_train_epochs: sizing.epochs,
    ...(maxSteps === undefined ? {} : { max_steps: maxSteps }),
    bf16: recipe.bf16,
    seed: recipe.seed,
    data_seed: recipe.seed,
    logging_steps: 1,
    // A timed-out run still leaves an adapter to evaluate: checkpoints hold the adapter only.
    save_strategy: 'steps',
    save_steps: Math.max(1, Math.ceil((maxSteps ?? sizing.steps) / 4)),
    save_total_limit: 1,
    save_only_model: true,
  };
}
