import type { ReferenceComparison, TrainingFeedback } from '../../core/index.js';
import type { TrainingOutcome } from '../../runtime/index.js';
import { detectOverfitting, detectUnderfitting } from './fitting-signals.js';
import { precise, summarizeLoss } from './summarize-loss.js';

/**
 * The training level: the loss curve read by `summarizeLoss`, the fitting heuristics, and the
 * trainer's own throughput figures (LLaMA-Factory's train_* metrics), null where it wrote none.
 */
export function trainingFeedback(outcome: TrainingOutcome, againstBase: ReferenceComparison | null = null): TrainingFeedback {
  const { loss, divergence } = summarizeLoss(outcome.lossCurve);
  const epochs = lastEpoch(outcome);
  const metric = (name: string): number | null => {
    const value = outcome.metrics?.[name];
    return typeof value === 'number' && Number.isFinite(value) ? value : null;
  };
  const trainSeconds = metric('train_runtime');
  const tokens = metric('num_input_tokens_seen');
  return {
    state: outcome.state,
    loss,
    divergence,
    underfitting: detectUnderfitting({ loss, divergence, epochs }),
    overfitting: detectOverfitting({ loss, divergence, epochs, againstBase }),
    epochs,
    throughput: {
      samplesPerSecond: metric('train_samples_per_second'),
      stepsPerSecond: metric('train_steps_per_second'),
      tokensPerSecond: tokens !== null && trainSeconds ? precise(tokens / trainSeconds) : null,
    },
    seconds: Math.max(0, outcome.seconds),
    trainSeconds: trainSeconds === null ? null : Math.max(0, trainSeconds),
  };
}

function lastEpoch(outcome: TrainingOutcome): number | null {
  for (let index = outcome.lossCurve.length - 1; index >= 0; index -= 1) {
    const epoch = outcome.lossCurve[index]!.epoch;
    if (typeof epoch === 'number' && Number.isFinite(epoch)) return epoch;
  }
  const epoch = outcome.metrics?.epoch;
  return typeof epoch === 'number' && Number.isFinite(epoch) ? epoch : null;
}
