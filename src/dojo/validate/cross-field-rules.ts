import type { Diagnostic } from '../../core/index.js';
import type { AcceleratorSummary, CpuPrecisionDecision, TrainingConfig, TrainingDevice } from '../../runtime/index.js';
import { NO_GPU_HINT } from '../../runtime/index.js';

export interface CrossFieldInput {
  config: TrainingConfig;
  sampleCap: number;
  modelContext: number | null;
  device: TrainingDevice;
  /** What the device probe found, for a GPU run; absent when not probed (the GPU rules are skipped). */
  accelerator?: (AcceleratorSummary & { description: string }) | null | undefined;
  /** For a CPU run, the CPU precision check's decision (absent: not checked, the bf16 rule is skipped). */
  cpuPrecision?: CpuPrecisionDecision | null | undefined;
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
  // LLaMA-Factory's plain packing concatenates rows into one sequence under a causal mask: each
  // row attends to the rows before it (positions restart, attention does not). neat_packing adds
  // the block-diagonal mask that keeps rows apart.
  if (config.packing === true && config.neat_packing !== true)
    found.push(
      problem(
        'packing-crosses-rows',
        'warning',
        'packing',
        'packing without neat_packing lets every packed row attend to the rows packed before it',
        'set neat_packing: true (a block-diagonal mask keeps the rows apart), or remove packing',
      ),
    );
  found.push(...methodDiagnostics(input));
  if (input.device === 'gpu' && input.accelerator) found.push(...gpuDiagnostics(config, input.accelerator));
  if (input.device === 'cpu') {
    if (config.fp16 === true)
      found.push(problem('precision-unsupported', 'error', 'fp16', 'fp16 does not run on CPU', 'remove fp16 (fp32 is the CPU default)'));
    // bf16 chosen against the check: allowed (it runs), but the check found no gain here.
    if (config.bf16 === true && input.cpuPrecision && input.cpuPrecision.precision === 'fp32' && input.cpuPrecision.source !== 'config')
      found.push(
        problem(
          'precision-slow',
          'warning',
          'bf16',
          `bf16 is not the faster precision on this CPU: ${input.cpuPrecision.reason}`,
          'remove bf16 (the environment trains in the precision the CPU precision check chose)',
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

/** QLoRA's conditions: LoRA, 4 or 8 bits (bitsandbytes), a CUDA GPU, and bitsandbytes importable there. */
function methodDiagnostics(input: CrossFieldInput): Diagnostic[] {
  const bits = input.config.quantization_bit;
  if (bits === undefined || bits === null) return [];
  const found: Diagnostic[] = [];
  const type = input.config.finetuning_type ?? 'lora';
  if (type !== 'lora' && type !== 'oft')
    found.push(
      problem(
        'quantization-needs-lora',
        'error',
        'quantization_bit',
        `quantization_bit only works with LoRA, but finetuning_type is ${JSON.stringify(type)}`,
        'remove quantization_bit (full fine-tuning trains 16-bit weights), or set finetuning_type: lora for QLoRA',
      ),
    );
  if (bits !== 4 && bits !== 8)
    found.push(
      problem(
        'quantization-bits',
        'error',
        'quantization_bit',
        `quantization_bit is ${String(bits)}: bitsandbytes quantizes to 4 or 8 bits`,
        'set quantization_bit: 4 (QLoRA)',
      ),
    );
  if (input.device === 'cpu')
    found.push(
      problem(
        'qlora-needs-gpu',
        'error',
        'quantization_bit',
        'QLoRA (quantization_bit) loads the model with bitsandbytes, which trains on a CUDA GPU; this run trains on the CPU',
        'remove quantization_bit to train plain LoRA (the embedded model is small enough for the CPU)',
      ),
    );
  else if (input.accelerator && !input.accelerator.bitsandbytes)
    found.push(
      problem(
        'qlora-unavailable',
        'error',
        'quantization_bit',
        "QLoRA (quantization_bit) needs bitsandbytes, which does not import in the runtime's Python",
        "install bitsandbytes into the runtime's Python (pip install bitsandbytes; `ftdojo doctor` shows what it finds), or remove quantization_bit to train plain LoRA",
      ),
    );
  return found;
}

/** What this run's GPUs can do: there is one, bf16 where asked, flash-attn where asked. */
function gpuDiagnostics(config: TrainingConfig, accelerator: AcceleratorSummary & { description: string }): Diagnostic[] {
  if (!accelerator.gpus.length)
    return [problem('no-gpu', 'error', 'device', `this profile trains on a CUDA GPU, and the runtime sees ${accelerator.description}`, NO_GPU_HINT)];
  const found: Diagnostic[] = [];
  if (config.bf16 === true && !accelerator.bf16) {
    const old = accelerator.gpus.filter((gpu) => !gpu.bf16).map((gpu) => `${gpu.name} (compute ${gpu.capability})`);
    found.push(
      problem(
        'precision-unsupported',
        'error',
        'bf16',
        `bf16 needs compute capability 8.0 (Ampere) or newer, which ${[...new Set(old)].join(', ')} lacks`,
        'set fp16: true instead, or leave both out: the environment picks the precision these GPUs run',
      ),
    );
  }
  if (config.flash_attn === 'fa2' && !accelerator.flashAttention2)
    found.push(
      problem(
        'attention-unsupported',
        'error',
        'flash_attn',
        "flash_attn fa2 needs the flash-attn package, which does not import in the runtime's Python",
        'remove flash_attn (sdpa, the default here, needs nothing), or install flash-attn built for its torch',
      ),
    );
  return found;
}
