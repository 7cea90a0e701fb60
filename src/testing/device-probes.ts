import type { DeviceProbe, GpuFacts, PackageFacts } from '../runtime/index.js';

const GIB = 1024 ** 3;

/** Test support: the config.json fields memory projections read, as the models publish them. */
export const MODEL_CONFIGS = {
  /** Qwen/Qwen2.5-7B-Instruct's config.json (the paper profile's base model). */
  qwen25_7b: {
    hidden_size: 3584,
    intermediate_size: 18944,
    num_attention_heads: 28,
    num_hidden_layers: 28,
    num_key_value_heads: 4,
    vocab_size: 152064,
    tie_word_embeddings: false,
    max_position_embeddings: 32768,
  },
  /** HuggingFaceTB/SmolLM2-135M-Instruct's config.json (the embedded model). */
  smollm2_135m: {
    hidden_size: 576,
    intermediate_size: 1536,
    num_attention_heads: 9,
    num_hidden_layers: 30,
    num_key_value_heads: 3,
    head_dim: 64,
    vocab_size: 49152,
    tie_word_embeddings: true,
    max_position_embeddings: 8192,
  },
} as const;

export interface FakeGpu {
  name?: string;
  totalGiB: number;
  /** Free when probed; the total by default. */
  freeGiB?: number;
  capability?: string;
}

function packageFacts(importable: boolean, version: string): PackageFacts {
  return importable ? { installed: true, version, importable: true, error: null } : { installed: false, version: null, importable: false, error: null };
}

/**
 * Test support: a device probe as python/ftdojo_runtime/device_probe.py reports it, for these GPUs
 * and packages (none of the optional packages unless asked).
 */
export function fakeDeviceProbe(
  gpus: readonly FakeGpu[],
  packages: { flashAttn?: boolean; vllm?: boolean; bitsandbytes?: boolean; deepspeed?: boolean } = {},
  visibleDevices: string | null = null,
): DeviceProbe {
  const facts: GpuFacts[] = gpus.map((gpu, index) => {
    const capability = gpu.capability ?? '9.0';
    return {
      index,
      name: gpu.name ?? 'NVIDIA H100 80GB HBM3',
      totalBytes: Math.round(gpu.totalGiB * GIB),
      freeBytes: Math.round((gpu.freeGiB ?? gpu.totalGiB) * GIB),
      capability,
      bf16: Number(capability.split('.')[0]) >= 8,
      multiprocessors: 132,
    };
  });
  return {
    schemaVersion: 1,
    python: '3.11.7',
    torch: '2.8.0+cu128',
    torchError: null,
    cudaBuild: '12.8',
    cudaAvailable: facts.length > 0,
    cudaError: facts.length ? null : 'RuntimeError: Found no NVIDIA driver on your system.',
    visibleDevices,
    gpus: facts,
    packages: {
      flash_attn: packageFacts(packages.flashAttn ?? false, '2.8.3'),
      vllm: packageFacts(packages.vllm ?? false, '0.11.0'),
      bitsandbytes: packageFacts(packages.bitsandbytes ?? false, '0.48.1'),
      deepspeed: packageFacts(packages.deepspeed ?? false, '0.17.6'),
    },
  };
}

/** An H100 80GB as torch reports it (79.1 GiB). */
export const H100: FakeGpu = { name: 'NVIDIA H100 80GB HBM3', totalGiB: 79.1 };
/** A 16 GB T4: no bf16 (compute 7.5). */
export const T4: FakeGpu = { name: 'Tesla T4', totalGiB: 14.6, capability: '7.5' };
/** A 24 GB L4 (bf16). */
export const L4: FakeGpu = { name: 'NVIDIA L4', totalGiB: 22.0, capability: '8.9' };
