import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import type { RuntimeConfig } from '../../config/index.js';
import type { ModelRef } from '../../core/index.js';
import { describeModel, FtdojoError } from '../../core/index.js';
import { runPython } from '../python-env/index.js';
import { parseEventLine } from './generate-events.js';
import { classifyGenerationFailure } from './generation-error.js';
import type { GenerationRequest } from './inference-backend.js';
import type { LocalDtype } from './local-backend.js';
import { generateSettings } from './local-backend.js';
import type { PromptFormat } from './prompt-format.js';

export interface MeasureEvalThroughputOptions {
  maxNewTokens: number;
  /** Batched passes to time against one-at-a-time; default [8, 16]. */
  batchSizes?: number[] | undefined;
  /** Each dtype loads the model once and times every pass; default ['fp32']. */
  dtypes?: LocalDtype[] | undefined;
  promptFormat?: PromptFormat | undefined;
  /** See LocalBackendOptions.paddingTolerance (default: 0.2 on a CPU, none on a GPU). */
  paddingTolerance?: number | null | undefined;
  seed?: number | undefined;
  signal?: AbortSignal | undefined;
  /** Called with each pass as it finishes. */
  onPass?: ((pass: ThroughputPass) => void) | undefined;
}

export interface ThroughputPass {
  dtype: LocalDtype;
  mode: 'batched' | 'one-at-a-time';
  batchSize: number;
  samples: number;
  seconds: number;
  generatedTokens: number;
  promptTokens: number;
  /** Prompt tokens the prefill computed, left padding included. */
  paddedPromptTokens: number;
  /** Forward passes of generate(): fewer than samples / batch size when lengths differ (padding tolerance). */
  batches: number;
  samplesPerSecond: number;
  tokensPerSecond: number;
}

export interface ThroughputComparison {
  dtype: LocalDtype;
  batchSize: number;
  /** Batched samples/s over one-at-a-time samples/s (same dtype, same prompts). */
  speedup: number;
  /** Batched outputs token-identical to one-at-a-time outputs. */
  identical: number;
  firstTokenIdentical: number;
  samples: number;
  differingIds: string[];
}

export interface ThroughputReport {
  model: string;
  device: string;
  threads: number;
  versions: Record<string, string>;
  maxNewTokens: number;
  samples: number;
  loadSeconds: Record<string, number>;
  passes: ThroughputPass[];
  comparisons: ThroughputComparison[];
}

const PassSchema = z.object({
  dtype: z.enum(['fp32', 'bf16']),
  mode: z.enum(['batched', 'one-at-a-time']),
  batch_size: z.number(),
  samples: z.number(),
  seconds: z.number(),
  generated_tokens: z.number(),
  prompt_tokens: z.number(),
  padded_prompt_tokens: z.number(),
  batches: z.number(),
  samples_per_s: z.number(),
  tokens_per_s: z.number(),
});

const DoneSchema = z.object({
  event: z.literal('done'),
  versions: z.record(z.string(), z.string()),
  device: z.string(),
  threads: z.number(),
  load_s: z.record(z.string(), z.number()),
  max_new_tokens: z.number(),
  passes: z.array(PassSchema),
  agreement: z.array(
    z.object({
      dtype: z.enum(['fp32', 'bf16']),
      batch_size: z.number(),
      samples: z.number(),
      identical: z.number(),
      first_token_identical: z.number(),
      differing_ids: z.array(z.string()),
    }),
  ),
});

function toPass(raw: z.infer<typeof PassSchema>): ThroughputPass {
  return {
    dtype: raw.dtype,
    mode: raw.mode,
    batchSize: raw.batch_size,
    samples: raw.samples,
    seconds: raw.seconds,
    generatedTokens: raw.generated_tokens,
    promptTokens: raw.prompt_tokens,
    paddedPromptTokens: raw.padded_prompt_tokens,
    batches: raw.batches,
    samplesPerSecond: raw.samples_per_s,
    tokensPerSecond: raw.tokens_per_s,
  };
}

/**
 * Times batched against one-at-a-time greedy generation of the same requests in one Python process
 * (python/ftdojo_runtime/measure_throughput.py): per dtype, the model is loaded and warmed up
 * once, then every pass runs on it. Returns each pass's samples/s and generated tokens/s, and per
 * batch size the speed-up over one-at-a-time and how many outputs agree token for token.
 */
export async function measureEvalThroughput(
  config: RuntimeConfig,
  model: ModelRef,
  requests: GenerationRequest[],
  options: MeasureEvalThroughputOptions,
): Promise<ThroughputReport> {
  if (requests.length === 0) throw new FtdojoError('INVALID_INPUT', 'no requests to measure', { hint: 'pass at least one prompt' });
  const base = generateSettings(
    config,
    model,
    { promptFormat: options.promptFormat, paddingTolerance: options.paddingTolerance },
    { maxNewTokens: options.maxNewTokens, seed: options.seed },
  );
  const settings = { ...base, dtypes: options.dtypes ?? ['fp32'], batch_sizes: options.batchSizes ?? [8, 16] };
  const workDir = await mkdtemp(join(tmpdir(), 'ftdojo-throughput-'));
  try {
    const requestsPath = join(workDir, 'requests.jsonl');
    await writeFile(requestsPath, requests.map((request) => JSON.stringify({ id: request.id, messages: request.messages })).join('\n') + '\n');
    let done: z.infer<typeof DoneSchema> | undefined;
    const onStdoutLine = (line: string) => {
      const event = parseEventLine(line);
      if (event?.event === 'pass') {
        const parsed = PassSchema.safeParse(event);
        if (parsed.success) options.onPass?.(toPass(parsed.data));
      } else if (event?.event === 'done') done = DoneSchema.parse(event);
    };
    const result = await runPython(config, ['-m', 'ftdojo_runtime.measure_throughput', '--requests', requestsPath, '--settings', JSON.stringify(settings)], {
      onStdoutLine,
      signal: options.signal,
    });
    if (result.code !== 0) throw classifyGenerationFailure(result, { aborted: options.signal?.aborted ?? false, model: describeModel(model) });
    if (!done) throw new FtdojoError('INTERNAL', 'measure_throughput.py exited without its final "done" line', { hint: 'run it by hand to see its output' });
    return report(done, describeModel(model), requests.length);
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

function report(done: z.infer<typeof DoneSchema>, model: string, samples: number): ThroughputReport {
  const passes = done.passes.map(toPass);
  const comparisons = done.agreement.map((agreement): ThroughputComparison => {
    const single = passes.find((pass) => pass.dtype === agreement.dtype && pass.mode === 'one-at-a-time')!;
    const batched = passes.find((pass) => pass.dtype === agreement.dtype && pass.mode === 'batched' && pass.batchSize === agreement.batch_size)!;
    return {
      dtype: agreement.dtype,
      batchSize: agreement.batch_size,
      speedup: batched.samplesPerSecond / single.samplesPerSecond,
      identical: agreement.identical,
      firstTokenIdentical: agreement.first_token_identical,
      samples: agreement.samples,
      differingIds: agreement.differing_ids,
    };
  });
  return {
    model,
    device: done.device,
    threads: done.threads,
    versions: done.versions,
    maxNewTokens: done.max_new_tokens,
    samples,
    loadSeconds: done.load_s,
    passes,
    comparisons,
  };
}
