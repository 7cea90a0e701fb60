import type { Diagnostic } from '../../core/index.js';
import type { TrainingConfig, TrainingDevice } from '../../runtime/index.js';

export interface CrossFieldInput {
  config: TrainingConfig;
  sampleCap: number;
  modelContext: number | null;
  device: TrainingDevice;
}

const LORA_KEYS = ['lora_rank', 'lora_alpha', 'lora_dropout', 'lora_target', 'additional_target', 'use_rslora', 'use_dora', 'pissa_init'];

function finite(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function problem(code: string, severity: Diagnostic['severity'], subject: string, message: string, hint: string): Diagnostic {
  return { tier: 'static', code, severity, subject, message, hint, evidence: [] };
}

/** Positive-number keys and the range that makes sense for each (type errors are reported by the key check). */
const RANGES: { key: string; min: number; max: number; integer: boolean; why: string }[] = [
  { key: 'learning_rate', min: Number.MIN_VALUE, max: 1, integer: false, why: 'a rate above 1 diverges at once; LoRA works around 1e-4 to 5e-4' },
  { key: 'num_train_epochs', min: Number.MIN_VALUE, max: 100, integer: false, why: 'more than 100 epochs of a capped dataset only memorises it' },
  { key: 'per_device_train_batch_size', min: 1, max: 4096, integer: true, why: 'at least one example per step' },
  { key: 'gradient_accumulation_steps', min: 1, max: 4096, integer: true, why: 'at least one micro-batch per update' },
  { key: 'cutoff_len', min: 16, max: 1 << 20, integer: true, why: 'shorter than 16 tokens cannot hold a prompt and an answer' },
  { key: 'lora_rank', min: 1, max: 1024, integer: true, why: 'rank 0 trains nothing' },
  { key: 'warmup_ratio', min: 0, max: 1, integer: false, why: 'a fraction of the steps' },
  { key: 'lora_dropout', min: 0, max: 0.99, integer: false, why: 'a probability below 1' },
];

/**
 * Rules that span keys or need facts beyond the parser: ranges, the model's context, LoRA keys
 * without LoRA, precision this device can run, and the task's sample cap.
 */
export function crossFieldDiagnostics(input: CrossFieldInput): Diagnostic[] {
  const { config } = input;
  const found: Diagnostic[] = [];
  for (const range of RANGES) {
    const value = config[range.key];
    if (!finite(value)) continue;
    if (value < range.min || value > range.max || (range.integer && !Number.isInteger(value))) {
      found.push(
        problem(
          'config-out-of-range',
          'error',
          range.key,
          `${range.key} is ${value}: ${range.why}`,
          `set ${range.key} within ${range.min === Number.MIN_VALUE ? '(0' : `[${range.min}`}, ${range.max}]`,
        ),
      );
    }
  }
  const cutoff = config.cutoff_len;
  if (finite(cutoff) && input.modelContext !== null && cutoff > input.modelContext) {
    found.push(
      problem(
        'cutoff-over-context',
        'error',
        'cutoff_len',
        `cutoff_len ${cutoff} is longer than the model's context of ${input.modelContext} tokens`,
        `set cutoff_len to at most ${input.modelContext}`,
      ),
    );
  }
  const method = config.finetuning_type ?? 'lora';
  if (method !== 'lora') {
    const stray = LORA_KEYS.filter((key) => config[key] !== undefined);
    if (stray.length)
      found.push(
        problem(
          'lora-keys-without-lora',
          'error',
          stray[0]!,
          `${stray.join(', ')} only apply to LoRA, but finetuning_type is ${JSON.stringify(method)}`,
          'remove them, or set finetuning_type: lora',
        ),
      );
  }
  if (input.device === 'cpu') {
    if (config.fp16 === true)
      found.push(problem('precision-unsupported', 'error', 'fp16', 'fp16 does not run on CPU', 'remove fp16 (fp32 is the CPU default)'));
    if (config.bf16 === true)
      found.push(
        problem(
          'precision-slow',
          'warning',
          'bf16',
          'bf16 on this CPU was measured slower than fp32 (about 1.5x) for the embedded model',
          'remove bf16 unless you measured it faster',
        ),
      );
    if (config.flash_attn !== undefined && config.flash_attn !== 'auto' && config.flash_attn !== 'disabled' && config.flash_attn !== 'sdpa') {
      found.push(
        problem('attention-unsupported', 'error', 'flash_attn', `flash_attn ${JSON.stringify(config.flash_attn)} needs a GPU`, 'remove flash_attn on CPU'),
      );
    }
  }
  const maxSamples = config.max_samples;
  if (finite(maxSamples) && maxSamples > input.sampleCap) {
    found.push(
      problem(
        'sample-cap',
        'error',
        'max_samples',
        `max_samples ${maxSamples} is above the task's cap of ${input.sampleCap} training samples`,
        `set max_samples to at most ${input.sampleCap}, or leave it out (the data check enforces the cap)`,
      ),
    );
  }
  return found;
}
